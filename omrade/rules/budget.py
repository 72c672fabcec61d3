"""4xx: budget checks (filled in with the allocation)."""

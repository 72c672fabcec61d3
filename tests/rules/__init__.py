"""The rules: data-driven fixtures and rule families."""

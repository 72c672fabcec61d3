"""The allocation's arithmetic."""

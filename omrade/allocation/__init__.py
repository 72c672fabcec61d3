"""The allocation: pure arithmetic on checked inputs, and scenarios."""

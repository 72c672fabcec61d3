"""The Repository and its domain queries."""

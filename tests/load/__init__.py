"""Reading: the strict loader and untrusted files."""

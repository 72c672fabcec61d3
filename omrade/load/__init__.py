"""Reading: strict YAML into plain data with positions, and safe file access."""

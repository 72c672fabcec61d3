"""What users do end to end: a first day, hostile input, pre-commit, CI workflows."""

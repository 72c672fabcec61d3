"""The models, JSON Schema and strictness."""

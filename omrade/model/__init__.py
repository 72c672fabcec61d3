"""The document models, follow-up periods and the JSON Schema export."""

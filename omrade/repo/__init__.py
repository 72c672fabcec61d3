"""The Repository: documents indexed by kind and id, git revisions, domain queries."""

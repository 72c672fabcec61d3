"""`omrade diff`: what a change means for the plans, not which YAML lines moved.

``result`` holds what a change is, as data; ``items`` says what changed inside one
document; ``carry`` lets the head's run keep what the base's found; ``redact`` takes
personal data out; ``compare`` puts the whole together from two git revisions.
"""

from omrade.diff.carry import carry_over
from omrade.diff.compare import compare, diagnostics_of, run
from omrade.diff.items import (
    analysis_items,
    changed_document,
    document_items,
    plan_items,
    show,
    title_of,
    titles_of,
)
from omrade.diff.result import DiffResult, DocChange, FieldChange, Item

__all__ = [
    "DiffResult",
    "DocChange",
    "FieldChange",
    "Item",
    "analysis_items",
    "carry_over",
    "changed_document",
    "compare",
    "diagnostics_of",
    "document_items",
    "plan_items",
    "run",
    "show",
    "title_of",
    "titles_of",
]

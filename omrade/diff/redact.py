"""Personal data out of what a change shows, for a summary anyone can read."""

from __future__ import annotations

from dataclasses import replace

from omrade.diagnostics import Diagnostic
from omrade.diff.result import DiffResult
from omrade.personal import redact


def redact_personal(result: DiffResult) -> None:
    """Personal data in the texts a change shows — identity numbers, emails, phone numbers,
    the names of members with public: false — replaced by '[…]': the summary is posted
    where anyone reads it, also when the change itself is the mistake. File names and
    codes are not texts of the plans and stay as they are."""

    def clean(text: str) -> str:
        return redact(text, result.hidden) if isinstance(text, str) else text

    for doc in result.documents:
        doc.title = clean(doc.title)
        doc.needs_decision = clean(doc.needs_decision)
        for item in doc.items:
            item.subject = clean(item.subject)
            for change in item.changes:
                change.before, change.after = clean(change.before), clean(change.after)

    def scrub(d: Diagnostic) -> Diagnostic:
        return replace(d, message=clean(d.message), hint=clean(d.hint))

    result.introduced = [scrub(d) for d in result.introduced]
    result.fixed = [scrub(d) for d in result.fixed]
    result.reworded = [(scrub(b), scrub(a)) for b, a in result.reworded]

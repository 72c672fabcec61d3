"""Which findings a change introduced, fixed or left in place, compared by identity.

A finding is the same at both revisions when it has the same code at the same place (the
file and the path inside it), whatever its message says now: "followed by 5 programmes
and 5 plans" that becomes "… and 4 plans" is one finding whose details changed, not one
fixed and one new. Lines are not part of the place, so moved lines are not new problems.
A finding placed at no path (a file that cannot be read) is identified by its message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from omrade.diagnostics import Diagnostic

Place = tuple[str, str, str]


def place(d: Diagnostic) -> Place:
    return (d.code, d.file, d.path or f"\0{d.message}")


def compare_findings(
    before: Iterable[Diagnostic], after: Iterable[Diagnostic]
) -> tuple[list[Diagnostic], list[Diagnostic], list[tuple[Diagnostic, Diagnostic]]]:
    """(introduced, fixed, reworded): the findings only at the head, only at the base, and
    the pairs (base, head) of one finding whose message or hint changed."""
    at_b: dict[Place, list[Diagnostic]] = defaultdict(list)
    at_a: dict[Place, list[Diagnostic]] = defaultdict(list)
    for d in sorted(set(before)):
        at_b[place(d)].append(d)
    for d in sorted(set(after)):
        at_a[place(d)].append(d)
    introduced: list[Diagnostic] = []
    fixed: list[Diagnostic] = []
    reworded: list[tuple[Diagnostic, Diagnostic]] = []
    for key in sorted(at_b.keys() | at_a.keys()):
        olds, news = at_b.get(key, []), at_a.get(key, [])
        said = {(d.message, d.hint) for d in olds} & {(d.message, d.hint) for d in news}
        # the same words at the same place: unchanged, wherever the line moved
        olds = [d for d in olds if (d.message, d.hint) not in said]
        news = [d for d in news if (d.message, d.hint) not in said]
        for old, new in zip(olds, news, strict=False):
            reworded.append((old, new))
        fixed += olds[len(news) :]
        introduced += news[len(olds) :]
    return sorted(introduced), sorted(fixed), reworded

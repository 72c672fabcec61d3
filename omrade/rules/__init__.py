"""Rules: one small function per code, each taking a Context and yielding diagnostics.

The code's title, description and default severity live in ``omrade.rules.catalogue``;
this package only knows how to find the problem.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from omrade.diagnostics import RULES, Diagnostic

if TYPE_CHECKING:
    from omrade.repo.repository import Repository


@dataclass
class Context:
    repo: Repository
    as_of: dt.date
    # results several rules share (e.g. the allocations), computed once per run
    cache: dict[Any, Any] = field(default_factory=dict)
    # diagnostics a rule found but did not make, (file, code) → how many: a rule that can
    # find thousands in one file lists the first ones and counts the rest
    omitted: Counter[tuple[str, str]] = field(default_factory=Counter)

    def omit(self, file: str, code: str, count: int = 1) -> None:
        self.omitted[(file, code)] += count


Check = Callable[[Context], Iterable[Diagnostic]]
CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    """Register the function that finds the problems of rule ``code``."""

    def register(fn: Check) -> Check:
        if code not in RULES:
            raise ValueError(f"{code} is not in the catalogue")
        if code in CHECKS:
            raise ValueError(f"{code} has two checks")
        CHECKS[code] = fn
        return fn

    return register


def run_checks(
    repo: Repository, as_of: dt.date, omitted: Counter[tuple[str, str]] | None = None
) -> Iterator[Diagnostic]:
    """Every rule over the repository, in code order (``omitted`` collects the counts of
    diagnostics rules did not list)."""
    from omrade.rules import (  # noqa: F401  (importing registers the checks)
        budget,
        composition,
        content,
        cycle,
        dialogues,
        feedback,
        groups,
        guidelines,
        lifecycle,
        personal,
        placeholders,
        references,
        site,
    )

    ctx = Context(repo, as_of, omitted=Counter() if omitted is None else omitted)
    for code in sorted(CHECKS):
        yield from CHECKS[code](ctx)

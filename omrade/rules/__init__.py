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
    from omrade.run import Run


@dataclass
class Context:
    repo: Repository
    as_of: dt.date
    # the run: what rules share with the allocation, the report and diff (the budget
    # checks, the allocations), each computed once
    run: Run
    # results several rules share (e.g. the allocations), computed once per run
    cache: dict[Any, Any] = field(default_factory=dict)
    # diagnostics a rule found but did not make, (file, code) → how many: a rule that can
    # find thousands in one file lists the first ones and counts the rest
    omitted: Counter[tuple[str, str]] = field(default_factory=Counter)

    def omit(self, file: str, code: str, count: int = 1) -> None:
        self.omitted[(file, code)] += count


Check = Callable[[Context], Iterable[Diagnostic]]
CHECKS: dict[str, Check] = {}
# the rules that check what the allocation is used for (a plan spending more than its
# district's share): they run after every other rule, because errors those find in the
# allocation's inputs decide whether it can be computed
AFTER_ALLOCATION: set[str] = set()


def check(code: str, *, after_allocation: bool = False) -> Callable[[Check], Check]:
    """Register the function that finds the problems of rule ``code``."""

    def register(fn: Check) -> Check:
        if code not in RULES:
            raise ValueError(f"{code} is not in the catalogue")
        if code in CHECKS:
            raise ValueError(f"{code} has two checks")
        CHECKS[code] = fn
        if after_allocation:
            AFTER_ALLOCATION.add(code)
        return fn

    return register


def load_checks() -> None:
    """Import every rule module (importing registers its checks)."""
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


def checks(ctx: Context, *, after_allocation: bool) -> Iterator[Diagnostic]:
    """The rules of one phase (see AFTER_ALLOCATION), in code order."""
    load_checks()
    for code in sorted(CHECKS):
        if (code in AFTER_ALLOCATION) == after_allocation:
            yield from CHECKS[code](ctx)


def run_checks(
    repo: Repository, as_of: dt.date, omitted: Counter[tuple[str, str]] | None = None
) -> Iterator[Diagnostic]:
    """Every rule over the repository (``omitted`` collects the counts of diagnostics rules
    did not list). A new run: use ``omrade.run.Run`` to share it with the allocation."""
    from omrade.run import Run

    run = Run(repo, as_of, omitted=omitted)
    yield from run.checks()

"""Rules: one small function per code, each taking a Context and yielding diagnostics.

Each rule is defined beside what finds it, with all its text (``omrade.diagnostics.define``:
code, default severity, title, description, message and hint templates, an example)::

    OMR203 = define("OMR203", "error", "Unknown main task", "...",
                    message="programme '{programme}' has no main task '{main_task}'", ...)

    @check(OMR203)
    def unknown_main_task(ctx: Context) -> Iterator[Diagnostic]:
        ...
        yield OMR203.on(doc, path, programme=..., main_task=...)

Reading (0xx) and schema (1xx) rules are defined in the loader (``omrade.load.reader``)
and the repository (``omrade.repo.repository``), which find them; importing this package
imports every module that defines a rule, so ``RULES`` holds them all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from omrade.diagnostics import RULES, Diagnostic, Rule

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


def check(rule: Rule | str, *, after_allocation: bool = False) -> Callable[[Check], Check]:
    """Register the function that finds the problems of ``rule`` (or of the rule ``code``)."""
    code = rule if isinstance(rule, str) else rule.code

    def register(fn: Check) -> Check:
        if code not in RULES:
            raise ValueError(f"{code} is not defined")
        if code in CHECKS:
            raise ValueError(f"{code} has two checks")
        CHECKS[code] = fn
        if after_allocation:
            AFTER_ALLOCATION.add(code)
        return fn

    return register


def load_checks() -> None:
    """Import every rule module (importing registers its checks)."""


def phase(*, after_allocation: bool) -> list[str]:
    """The codes of the rules of one phase (see AFTER_ALLOCATION), in code order."""
    load_checks()
    return [code for code in sorted(CHECKS) if (code in AFTER_ALLOCATION) == after_allocation]


def checks(ctx: Context, *, after_allocation: bool) -> Iterator[Diagnostic]:
    """The rules of one phase (see AFTER_ALLOCATION), in code order."""
    for code in phase(after_allocation=after_allocation):
        yield from CHECKS[code](ctx)


def run_checks(
    repo: Repository, as_of: dt.date, omitted: Counter[tuple[str, str]] | None = None
) -> Iterator[Diagnostic]:
    """Every rule over the repository (``omitted`` collects the counts of diagnostics rules
    did not list). A new run: use ``omrade.run.Run`` to share it with the allocation."""
    from omrade.run import Run

    run = Run(repo, as_of, omitted=omitted)
    yield from run.checks()


# Importing the rule modules defines their rules and registers their checks (they import
# Context and check from here, defined above). The loader and the repository define the
# rules of reading and of the schema; output.py the refusals of report, new and init.
import omrade.load.reader  # noqa: E402
import omrade.repo.repository  # noqa: E402, F401
from omrade.rules import (  # noqa: E402, F401
    budget,
    composition,
    content,
    coverage,
    cycle,
    decisions,
    dialogues,
    equity,
    feedback,
    groups,
    guidelines,
    influence,
    lifecycle,
    organisation,
    output,
    personal,
    placeholders,
    references,
    site,
    tracking,
)

__all__ = [
    "AFTER_ALLOCATION",
    "CHECKS",
    "RULES",
    "Check",
    "Context",
    "check",
    "checks",
    "load_checks",
    "phase",
    "run_checks",
]

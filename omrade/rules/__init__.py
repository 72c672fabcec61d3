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


def check(rule: Rule | str) -> Callable[[Check], Check]:
    """Register the function that finds the problems of ``rule`` (or of the rule ``code``)."""
    code = rule if isinstance(rule, str) else rule.code

    def register(fn: Check) -> Check:
        if code not in RULES:
            raise ValueError(f"{code} is not defined")
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
    ctx = Context(repo, as_of, omitted=Counter() if omitted is None else omitted)
    for code in sorted(CHECKS):
        yield from CHECKS[code](ctx)


# Importing the rule modules defines their rules and registers their checks (they import
# Context and check from here, defined above). The loader and the repository define the
# rules of reading and of the schema; output.py the refusals of report, new and init.
import omrade.load.reader  # noqa: E402
import omrade.repo.repository  # noqa: E402
import omrade.rules.budget_codes  # noqa: E402, F401  (before budget, which checks them)
from omrade.rules import (  # noqa: E402, F401
    budget,
    composition,
    content,
    cycle,
    dialogues,
    feedback,
    groups,
    guidelines,
    lifecycle,
    output,
    personal,
    placeholders,
    references,
    site,
)

__all__ = ["CHECKS", "RULES", "Check", "Context", "check", "run_checks"]

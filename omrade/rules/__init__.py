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
and the repository (``omrade.repo.repository``), which find them, and the refusals (8xx)
beside the code that refuses. This package imports none of them: ``omrade.catalogue``,
above the rules, imports every module that defines a rule, and whoever needs the whole
catalogue asks it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from omrade.allocation.compute import Allocation, AllocationError
from omrade.diagnostics import RULES, Diagnostic, Rule
from omrade.repo.repository import Repository


class Shared(Protocol):
    """What the run (``omrade.run.Run``, above the rules) shares with them: the budget
    rules' verdicts, judged once, and each year's allocation, computed once."""

    @property
    def budget_checks(self) -> Any: ...  # omrade.rules.budget.BudgetChecks

    def outcome(self, year: int) -> Allocation | AllocationError: ...


@dataclass
class Context:
    repo: Repository
    as_of: dt.date
    # the run: what rules share with the allocation, the report and diff (the budget
    # checks, the allocations), each computed once
    run: Shared
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
# set by omrade.catalogue once every module that registers a check is imported
CATALOGUE_LOADED = False


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


def phase(*, after_allocation: bool) -> list[str]:
    """The codes of the rules of one phase (see AFTER_ALLOCATION), in code order.

    The checks are registered by the modules that define them, which ``omrade.catalogue``
    imports (above this layer): a run before that would silently check nothing, so it is
    refused."""
    if not CATALOGUE_LOADED:
        raise RuntimeError("import omrade.catalogue before running the rules")
    return [code for code in sorted(CHECKS) if (code in AFTER_ALLOCATION) == after_allocation]


def checks(ctx: Context, *, after_allocation: bool) -> Iterator[Diagnostic]:
    """The rules of one phase (see AFTER_ALLOCATION), in code order."""
    for code in phase(after_allocation=after_allocation):
        yield from CHECKS[code](ctx)


__all__ = [
    "AFTER_ALLOCATION",
    "CHECKS",
    "RULES",
    "Check",
    "Context",
    "Shared",
    "check",
    "checks",
    "phase",
]


def district_name(ctx: Context, ident: str | None) -> str:
    """A district as a message names it: its name in the run's language (its id when the
    district's file cannot be read; nothing for no district)."""
    from omrade.diagnostics import say
    from omrade.model import documents as m

    if ident is None:
        return ""
    doc = ctx.repo.districts.get(ident)
    model = doc.model if doc is not None else None
    if isinstance(model, m.District):
        return say(model.name_en or model.name, model.name)
    return ident


def programme_name(ctx: Context, programme: Any) -> str:
    """A programme as a message names it after 'the programme for': its district's name
    ("Alby"); the message gives its id beside it, which tells one programme of a district
    from the next."""
    return district_name(ctx, programme.district)


def dialogue_named(ctx: Context, ident: str | None) -> str:
    """A citizen dialogue as a message names it: its title in the run's language, quoted,
    its id beside it ("”Dialog på Alby torg” (alby-torget-2025)"); the id alone when the
    dialogue's file cannot be read."""
    from omrade.diagnostics import say
    from omrade.model import documents as m

    if ident is None:
        return ""
    doc = ctx.repo.dialogues.get(ident)
    model = doc.model if doc is not None else None
    if not isinstance(model, m.Dialogue):
        return ident
    title = say(f"“{model.title_en or model.title}”", f"”{model.title}”")
    return f"{title} ({ident})"


def programme_named(ctx: Context, ident: str) -> str:
    """A programme as a message names it after 'the programme for': its district's name
    with its id beside it ("Alby (alby-2024-2028)"); the id alone when the programme's
    file cannot be read."""
    doc = ctx.repo.programmes.get(ident)
    if doc is None or doc.model is None:
        return ident
    return f"{programme_name(ctx, doc.model)} ({ident})"


def group_named(model: Any) -> str:
    """A group as a message names it: its name in the run's language, quoted, its id
    beside it ("”Samordning Norr HU1” (norr-hu1)")."""
    from omrade.diagnostics import say

    return say("“{}” ({})", "”{}” ({})").format(named(model), model.id)


def main_task_named(ctx: Context, programme: str, ident: str) -> str:
    """A main task as a message names it: its id with its title in the run's language
    beside it ("HU1 (Trygghet i offentliga miljöer)"); the id alone when its programme's
    file cannot be read or has no such task."""
    from omrade.model import documents as m

    doc = ctx.repo.programmes.get(programme)
    model = doc.model if doc is not None else None
    if isinstance(model, m.Programme):
        for task in model.main_tasks:
            if task.id == ident:
                return f"{ident} ({titled(task)})"
    return ident


def named(model: Any) -> str:
    """A thing with a name (a group, a body) as a message names it, in the run's language:
    its English name in English where the repository gives one (``name_en``), else its
    name, which is a proper name in both languages."""
    from omrade.diagnostics import say

    return say(model.name_en or model.name, model.name)


def titled(model: Any) -> str:
    """A document with a title (a guideline) as a message names it, in the run's language."""
    from omrade.diagnostics import say

    return say(model.title_en or model.title, model.title)


def value_word(family: str, value: str) -> str:
    """A value of the data model (``pensioners_council``) as a sentence says it in the
    run's language ("pensionärsrådet"); a value with no name is said as it is written."""
    from omrade.diagnostics import say
    from omrade.labels import ENUMS

    pair = ENUMS.get(family, {}).get(value)
    if pair is None:
        return value
    word = say(pair[1], pair[0])
    return word if word[1:2].isupper() else word[:1].lower() + word[1:]


def indicator_name(ctx: Context, ident: str) -> str:
    """An indicator as a message names it: its name in the run's language (its id when the
    catalogue has no such indicator)."""
    from omrade.diagnostics import say

    indicator = ctx.repo.indicators.get(ident)
    if indicator is None:
        return ident
    return say(indicator.name_en or indicator.name, indicator.name)


def sex_word(sex: str) -> str:
    """A value's ``sex:`` as a sentence says it: women, men (kvinnor, män)."""
    from omrade.diagnostics import say

    return say("women", "kvinnor") if sex == "female" else say("men", "män")


def organisation_named(ctx: Context, ident: str) -> str:
    """An organisation as a message names it: its name in the run's language, its id beside
    it ("Kultur- och fritidsförvaltningen (kof)"); the id alone when it has no name."""
    from omrade.diagnostics import say

    org = ctx.repo.organisations.get(ident)
    if org is None:
        return ident
    name = say(org.name_en or org.name, org.name)
    return f"{name} ({ident})" if name and name != ident else ident

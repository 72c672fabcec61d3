"""One run over a repository: its diagnostics and its allocations, each computed once.

The rules, the report, ``status``, ``allocate`` and ``diff`` (once per revision) share a
Run, so the allocation of a year is computed at most once per run, and whether it can be
computed is decided in one place (``Run.blocked``), from the diagnostics: a year's
allocation runs only when the budget rules found nothing in its inputs and no input file
has an error.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from omrade.allocation import compute
from omrade.allocation.compute import Allocation, AllocationError
from omrade.diagnostics import Diagnostic, SeverityOrOff, apply_severities, say
from omrade.repo.allocation import budget_files, input_files
from omrade.repo.repository import ConfigError, Repository
from omrade.rules import CHECKS, Context, phase, tracking
from omrade.rules.budget import BudgetChecks


class Run:
    """A repository checked as of a date; the diagnostics and the allocations are computed
    when first asked for, and then shared."""

    def __init__(
        self,
        repo: Repository,
        as_of: dt.date,
        *,
        omitted: Counter[tuple[str, str]] | None = None,
        whole: bool = True,
        track: bool = False,
    ) -> None:
        """``omitted`` collects the counts of diagnostics rules did not list. ``whole``
        False: a run of the budget rules only (for an allocation on its own, such as a
        scenario's): errors that other rules would find do not block it. ``track``: record
        what each rule reads (``reads``, see ``omrade.rules.tracking``), for ``diff``."""
        self.repo = repo
        self.as_of = as_of
        self.omitted: Counter[tuple[str, str]] = Counter() if omitted is None else omitted
        self.whole = whole
        self.budget_checks = BudgetChecks(repo)
        self.context = Context(repo, as_of, self, omitted=self.omitted)
        self._before: list[Diagnostic] | None = None
        self._after: list[Diagnostic] | None = None
        self._input_errors: list[Diagnostic] | None = None
        self._allocations: dict[int, Allocation | AllocationError] = {}
        # each rule's diagnostics (default severities), by code; ``diff`` fills in, before
        # the rules run, those a head revision keeps from its base
        self.per_rule: dict[str, list[Diagnostic]] = {}
        self.track = track
        self.reads: dict[str, frozenset[str]] = {}
        self._years: list[int] | None = None
        self._inputs: dict[int, frozenset[str]] = {}

    # --- diagnostics --------------------------------------------------------------------------

    def checks_before_allocation(self) -> list[Diagnostic]:
        """What every rule finds that does not need the allocation (default severities)."""
        if self._before is None:
            self._before = self._phase(after_allocation=False)
        return self._before

    def checks(self) -> list[Diagnostic]:
        """What every rule finds (default severities), the loader's findings not included."""
        if self._after is None:
            before = self.checks_before_allocation()
            self._after = before + self._phase(after_allocation=True)
        return self._after

    def _phase(self, *, after_allocation: bool) -> list[Diagnostic]:
        """The rules of one phase in code order, each rule's findings kept apart."""
        out: list[Diagnostic] = []
        for code in phase(after_allocation=after_allocation):
            if code not in self.per_rule:
                self.per_rule[code] = self._rule(code)
            out.extend(self.per_rule[code])
        return out

    def _rule(self, code: str) -> list[Diagnostic]:
        if not self.track:
            return list(CHECKS[code](self.context))
        reads: set[str] = set()
        found = list(CHECKS[code](tracking.tracked(self.context, reads, code)))
        self.reads[code] = frozenset(reads)
        return found

    def diagnostics(self) -> list[Diagnostic]:
        """Everything found, loader and rules, with the configured severities, sorted."""
        return apply_severities([*self.repo.diagnostics, *self.checks()], self._overrides())

    def _overrides(self) -> dict[str, SeverityOrOff]:
        try:
            return self.repo.severity_overrides()
        except ConfigError:  # validate reports it (exit 2); here the defaults hold
            return {}

    # --- the allocation -----------------------------------------------------------------------

    def years(self) -> list[int]:
        """Every budget year, also of budget files that fail their schema."""
        if self._years is None:
            self._years = sorted(budget_files(self.repo))
        return list(self._years)

    def inputs(self, year: int) -> set[str]:
        """The files the allocation of ``year`` reads (and so what can block it)."""
        return set(self.input_files(year))

    def input_files(self, year: int) -> frozenset[str]:
        """``inputs`` as worked out once (not to be changed)."""
        if year not in self._inputs:
            self._inputs[year] = frozenset(input_files(self.repo, year))
        return self._inputs[year]

    def blocked(self, year: int) -> AllocationError | None:
        """Why the allocation of ``year`` cannot be computed, or None when it can.

        The one place that decides: the budget rules' findings in the year's inputs (at any
        configured severity: the arithmetic cannot go on with them), and, in a whole run,
        every error in a file the allocation reads. Checks of what the allocation is used
        for (OMR406) are not inputs: they need it computed.
        """
        verdict = self.budget_checks.verdict(year)
        found = set(verdict.diagnostics)
        if self.whole:
            files = self.inputs(year)
            found.update(d for d in self._errors() if d.file in files)
        if verdict.reason or found or verdict.inputs is None:
            return AllocationError(sorted(found), reason=verdict.reason)
        return None

    def _errors(self) -> list[Diagnostic]:
        if self._input_errors is None:
            found = [*self.repo.diagnostics, *self.checks_before_allocation()]
            self._input_errors = [
                d for d in apply_severities(found, self._overrides()) if d.severity == "error"
            ]
        return self._input_errors

    def outcome(self, year: int) -> Allocation | AllocationError:
        """The allocation of ``year``, or why it cannot be computed (computed once)."""
        if year not in self._allocations:
            self._allocations[year] = self._compute(year)
        return self._allocations[year]

    def _compute(self, year: int) -> Allocation | AllocationError:
        blocked = self.blocked(year)
        if blocked is not None:
            return blocked
        inputs = self.budget_checks.verdict(year).inputs
        assert inputs is not None
        previous = None
        transition = inputs.budget.weighting.transition
        if transition is not None:
            before = self.outcome(transition.previous)
            if isinstance(before, AllocationError):
                # the budget rules passed it, but another error blocks that year
                why = str(before) or say("it cannot be computed", "den kan inte beräknas")
                return AllocationError(
                    reason=say(
                        "the {previous} allocation, which {year} smooths against, cannot be "
                        "computed: {why}",
                        "fördelningen för {previous}, som {year} jämnar ut mot, kan inte "
                        "beräknas: {why}",
                    ).format(previous=transition.previous, year=year, why=why)
                )
            previous = before
        return compute.allocate(inputs, previous)

    def allocation(self, year: int) -> Allocation:
        """The allocation of ``year``; raises AllocationError when it cannot be computed."""
        result = self.outcome(year)
        if isinstance(result, AllocationError):
            raise result
        return result

    def allocations(self) -> dict[int, Allocation]:
        """Every budget year's allocation that can be computed."""
        out = {}
        for year in self.years():
            result = self.outcome(year)
            if isinstance(result, Allocation):
                out[year] = result
        return out


def allocation_of(repo: Repository, year: int) -> Allocation:
    """The allocation of ``year`` on its own (the budget rules only, no other rule);
    raises AllocationError. A whole run (``Run``) also refuses on errors in its inputs."""
    return Run(repo, dt.date.today(), whole=False).allocation(year)


def run_checks(
    repo: Repository, as_of: dt.date, omitted: Counter[tuple[str, str]] | None = None
) -> list[Diagnostic]:
    """Every rule over the repository (``omitted`` collects the counts of diagnostics rules
    did not list), in a run of its own; the loader's findings not included."""
    return Run(repo, as_of, omitted=omitted).checks()

"""Scenarios: try another base, weighting or data year against the adopted budget.

A scenario file is a partial budget (``kind: scenario``). Its keys replace the adopted
budget's; ``weighting`` is replaced key by key, so ``weighting: {data_year: 2023}`` keeps
the adopted indicators. The scenario is computed by the same ``allocate()`` as the adopted
budget, on a copy of the repository's index: no file is written, and the repository on
disk is never touched.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError

from omrade.allocation.compute import Allocation, AllocationError
from omrade.diagnostics import Diagnostic, Location, choices_hint
from omrade.load.reader import DEFAULT_MAX_BYTES, OMR010, PathKey, read_file
from omrade.model import documents as m
from omrade.model import scalars
from omrade.model.errors import schema_diagnostics
from omrade.repo.repository import Doc, Repository


class ScenarioWeighting(m.Model):
    """The weighting keys a scenario may replace; the ones it leaves out stay as adopted."""

    volume: Literal["population", "equal"] | None = None
    indicators: list[m.WeightedIndicator] | None = None
    data_year: scalars.Year | None = None
    transition: m.Transition | None = None
    prioritised: scalars.Factor | None = None


class Scenario(m.Document):
    kind: Literal["scenario"]
    title: scalars.Text | None = None
    note: scalars.Text | None = None
    appropriation: scalars.Kronor | None = None
    unit: Annotated[int, Field(ge=1), BeforeValidator(scalars.whole)] | None = None
    districts: list[scalars.Slug] | None = None
    base_grant: m.BaseGrant | None = None
    weighting: ScenarioWeighting | None = None


class ScenarioError(Exception):
    """The scenario cannot be computed; the diagnostics say where and why."""

    def __init__(self, diagnostics: list[Diagnostic], reason: str = ""):
        super().__init__("; ".join([reason] * bool(reason) + [d.message for d in diagnostics]))
        self.diagnostics = diagnostics
        self.reason = reason


@dataclass
class _OverlaidBudget(Doc):
    """The adopted budget with the scenario laid over it: each diagnostic points at the
    file that gave the value (the scenario's key, or the budget's)."""

    scenario: Doc | None = None
    overridden: frozenset[PathKey] = frozenset()

    def locate(self, code: str, path: PathKey, *, key: bool = False) -> Location:
        if (
            self.scenario is not None
            and code == "OMR404"
            and ("weighting", "data_year") in (self.overridden)
        ):
            # a missing value for the scenario's data year is the data year's doing
            return self.scenario.locate(code, ("weighting", "data_year"))
        own = self.scenario is not None and any(path[: len(p)] == p for p in self.overridden)
        if own and self.scenario is not None:
            return self.scenario.locate(code, path, key=key)
        return Doc.locate(self, code, path, key=key)


def _check_references(repo: Repository, sdoc: Doc, scenario: Scenario) -> None:
    """The districts and indicators a scenario names exist (validate never sees it)."""
    from omrade.rules.references import OMR201, OMR206

    problems = []
    for i, ident in enumerate(scenario.districts or []):
        if ident not in repo.districts:
            suggestion = choices_hint(ident, repo.districts, limit=8)
            problems.append(OMR201.on(sdoc, ("districts", i), ident=ident, suggestion=suggestion))
    weighting = scenario.weighting
    for i, w in enumerate(weighting.indicators or [] if weighting else []):
        if w.indicator not in repo.indicators:
            suggestion = choices_hint(w.indicator, repo.indicators, limit=8)
            path = ("weighting", "indicators", i, "indicator")
            problems.append(OMR206.on(sdoc, path, ident=w.indicator, suggestion=suggestion))
    if problems:
        raise ScenarioError(problems)


@dataclass(frozen=True)
class Comparison:
    """The adopted allocation and the scenario's, for the same year."""

    scenario_file: str
    title: str
    changes: tuple[tuple[str, str, str], ...]  # (key, adopted, scenario)
    adopted: Allocation
    scenario: Allocation


def _shown(value: Any) -> str:
    """A budget value in a line: 'per_district: 150000', 'employment-rate 0.6; …'."""
    if isinstance(value, m.WeightedIndicator):
        return f"{value.indicator} {value.weight}"
    if isinstance(value, m.Model):
        dumped = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        return ", ".join(f"{k}: {v}" for k, v in dumped.items())
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value) or "none"
    return "–" if value is None else str(value)


def read_scenario(
    path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Doc, Scenario]:
    """Read and check a scenario file (strictly, like every plan file)."""
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    loaded = read_file(path, shown, max_bytes)
    if loaded.diagnostics:
        raise ScenarioError(loaded.diagnostics)
    doc = Doc("scenario", shown, loaded)
    if not isinstance(loaded.data, dict):
        raise ScenarioError([OMR010.on(doc, (), variant="scenario")])
    try:
        scenario = Scenario.model_validate(loaded.data)
    except ValidationError as exc:
        raise ScenarioError(schema_diagnostics(exc, Scenario, doc)) from None
    doc.model = scenario
    return doc, scenario


def compare(repo: Repository, year: int, sdoc: Doc, scenario: Scenario) -> Comparison:
    """The adopted allocation of ``year`` beside the scenario's; raises ScenarioError."""
    bdoc = repo.budgets[year]
    budget: m.Budget = bdoc.model
    _check_references(repo, sdoc, scenario)
    top: dict[str, Any] = {
        k: getattr(scenario, k)
        for k in ("appropriation", "unit", "districts", "base_grant")
        if k in scenario.model_fields_set
    }
    weighting_keys = scenario.weighting.model_fields_set if scenario.weighting else set()
    weighting = budget.weighting
    if scenario.weighting is not None:
        weighting = weighting.model_copy(
            update={k: getattr(scenario.weighting, k) for k in weighting_keys}
        )
    merged = budget.model_copy(update={**top, "weighting": weighting})
    overridden = frozenset({(k,) for k in top} | {("weighting", k) for k in weighting_keys})
    overlay = _OverlaidBudget(
        "budget", bdoc.file, bdoc.loaded, merged, scenario=sdoc, overridden=overridden
    )
    what_if = dataclasses.replace(repo, budgets={**repo.budgets, year: overlay})
    from omrade.run import allocation_of  # the budget rules and the arithmetic

    try:
        adopted = allocation_of(repo, year)
        tried = allocation_of(what_if, year)
    except AllocationError as exc:
        raise ScenarioError(exc.diagnostics, exc.reason) from None

    def shown(key: str, value: Any) -> str:
        return "every district" if key == "districts" and not value else _shown(value)

    changes = [(k, shown(k, getattr(budget, k)), shown(k, v)) for k, v in top.items()]
    changes += [
        (f"weighting.{k}", _shown(getattr(budget.weighting, k)), _shown(getattr(weighting, k)))
        for k in sorted(weighting_keys)
    ]
    return Comparison(
        scenario_file=sdoc.file,
        title=scenario.title or sdoc.file,
        changes=tuple(changes),
        adopted=adopted,
        scenario=tried,
    )

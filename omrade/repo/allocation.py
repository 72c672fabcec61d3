"""The allocation's inputs gathered from a repository: which files it reads, which of
them cannot be used, and the values it is computed from (``prepare``). The arithmetic on
them is ``omrade.allocation.compute``, which depends on nothing but its inputs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from omrade.allocation.compute import AllocationError, Inputs, fraction
from omrade.model import documents as m
from omrade.model.doc import Doc
from omrade.repo.repository import Repository


def default_data_year(repo: Repository, budget: m.Budget, districts: Sequence[str]) -> int | None:
    """The latest year before the budget year with a value of any weighted indicator."""
    q = repo.queries
    years = [
        found
        for d in districts
        for w in budget.weighting.indicators
        if (found := q.latest_value_year(d, w.indicator, budget.year)) is not None
    ]
    return max(years) if years else None


def find_value(
    repo: Repository, district: str, indicator: str, year: int
) -> tuple[Fraction, str] | None:
    """A district's value of an indicator for a year, from its newest analysis that has it."""
    found = repo.queries.value(district, indicator, year)
    return (fraction(found[0]), found[1]) if found is not None else None


def _unusable(doc: Doc) -> bool:
    return doc.model is None


def _district_folder(doc: Doc) -> str | None:
    """The district a file under data/districts/ belongs to, from its path."""
    parts = doc.file.split("/")
    if len(parts) < 3 or parts[:2] != ["data", "districts"]:
        return None
    return parts[2].removesuffix(".yaml").removesuffix(".yml")


def budget_files(repo: Repository) -> dict[int, str]:
    """Year → the budget file for it, including files that fail their schema."""
    found = {year: doc.file for year, doc in repo.budgets.items()}
    for doc in repo.docs:
        match = re.fullmatch(r"data/budget/(\d{4})\.ya?ml", doc.file)
        if match and _unusable(doc):
            found.setdefault(int(match.group(1)), doc.file)
    return found


def unusable_inputs(repo: Repository, budget: m.Budget) -> list[str]:
    """The allocation's input files that cannot be read or fail their schema.

    Computing without them would give a district's money to the others, or take an older
    indicator value, so the allocation is refused instead: never an invented number.
    """
    listed = set(budget.districts) if budget.districts else None
    weighted = bool(budget.weighting.indicators)
    out = []
    for doc in repo.docs:
        if not _unusable(doc):
            continue
        if doc.kind == "indicators" or doc.file == "data/indicators.yaml":
            if weighted:
                out.append(doc.file)
            continue
        ident = _district_folder(doc)
        if ident is None and doc.kind not in ("district", "analysis"):
            continue
        # analyses (data/districts/<id>/…) are read only when the budget weighs need
        analysis = doc.kind == "analysis" or doc.file.count("/") > 2
        if analysis and not weighted:
            continue
        if listed is None or ident is None or ident in listed:
            out.append(doc.file)
    return sorted(out)


def input_files(repo: Repository, year: int) -> set[str]:
    """Every file the allocation of ``year`` reads: only errors in these can block it.

    Checks of what the allocation is used for (a plan spending more than its district's
    share, OMR406) are not inputs: they need the allocation to be computed.
    """
    files: set[str] = set()
    budgets = budget_files(repo)
    seen: set[int] = set()
    while year in budgets and year not in seen:  # the budget and its transition chain
        seen.add(year)
        files.add(budgets[year])
        bdoc = repo.budgets.get(year)
        if bdoc is None or bdoc.model is None:
            break
        budget: m.Budget = bdoc.model
        listed = set(budget.districts) if budget.districts else None
        weighted = bool(budget.weighting.indicators)
        for ident, ddoc in repo.districts.items():
            if listed is None or ident in listed:
                files.add(ddoc.file)
        if weighted:
            files.add(repo.indicators_doc.file if repo.indicators_doc else "data/indicators.yaml")
            for (ident, _y), adoc in repo.analyses.items():
                if listed is None or ident in listed:
                    files.add(adoc.file)
        files.update(f for f in unusable_inputs(repo, budget))
        if budget.weighting.transition is None:
            break
        year = budget.weighting.transition.previous
    return files


def prepare(repo: Repository, year: int) -> Inputs:
    """Gather the inputs of ``year``'s allocation; raises AllocationError (with a reason, no
    diagnostics) when they cannot even be read: no budget, an input file that fails its
    schema, no district. Everything else is for the budget rules to judge."""
    bdoc = repo.budgets.get(year)
    if bdoc is None or bdoc.model is None:
        broken = budget_files(repo).get(year)
        raise AllocationError(
            reason=f"{broken} has errors" if broken else f"there is no budget for {year}"
        )
    budget: m.Budget = bdoc.model
    unusable = unusable_inputs(repo, budget)
    if unusable:
        raise AllocationError(
            reason=f"{', '.join(unusable)} {'has' if len(unusable) == 1 else 'have'} errors "
            "(see omrade validate)"
        )
    if budget.weighting.indicators and repo.indicators_doc is None:
        raise AllocationError(
            reason="the budget weighs indicators, but there is no data/indicators.yaml"
        )
    listed: list[tuple[int | None, str]] = []
    districts: dict[str, m.District] = {}
    docs: dict[str, Doc] = {}
    idents = list(budget.districts) if budget.districts else sorted(repo.districts)
    for i, ident in enumerate(idents):
        ddoc = repo.districts.get(ident)
        if ddoc is None or ddoc.model is None:
            if budget.districts is not None and not repo.exists("district", ident):
                continue  # OMR201 reports it
            raise AllocationError(reason=f"district '{ident}' cannot be read")
        listed.append((i if budget.districts else None, ident))
        districts[ident] = ddoc.model
        docs[ident] = ddoc
    if not districts:
        raise AllocationError(
            reason=f"the {year} budget has no district to allocate to "
            "(add one with omrade new district)"
        )
    weights = tuple((w.indicator, fraction(w.weight)) for w in budget.weighting.indicators)
    data_year = budget.weighting.data_year
    if weights and data_year is None:
        data_year = default_data_year(repo, budget, list(districts))
    values: dict[str, dict[str, tuple[Fraction, str]]] = {}
    if data_year is not None:
        q = repo.queries
        for ident, _w in weights:
            found = q.values_of(ident, data_year)
            values[ident] = {
                d: (fraction(found[d][0]), found[d][1]) for d in districts if d in found
            }
    return Inputs(
        year=year,
        budget_doc=bdoc,
        budget=budget,
        listed=tuple(listed),
        districts=districts,
        district_docs=docs,
        weights=weights,
        catalogue=repo.indicators,
        data_year=data_year,
        values=values,
    )

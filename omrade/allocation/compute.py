"""The yearly grant: a base grant per district plus a compensatory, needs-based part.

Botkyrka's guideline: "each of the five districts gets a base grant (grundanslag); the
remainder is split by a compensatory weighting". The algorithm is in
docs/allocate.md. All arithmetic is exact (``fractions.Fraction``); money is whole
kronor and every district amount is a whole multiple of the budget's ``unit``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from omrade.diagnostics import Diagnostic
from omrade.model import documents as m
from omrade.repo.repository import Doc, Repository


@dataclass(frozen=True)
class IndicatorWorking:
    """One weighted indicator for one district: the value, the mean and the need ratio."""

    indicator: str
    weight: Fraction
    value: Fraction
    mean: Fraction
    ratio: Fraction
    year: int
    source: str  # the analysis file the value came from


@dataclass(frozen=True)
class DistrictAllocation:
    district: str
    name: str
    volume: int
    volume_source: str
    indicators: tuple[IndicatorWorking, ...]
    need_index: Fraction
    computed_share: Fraction  # before any transition
    previous_share: Fraction | None
    share: Fraction  # the share used
    quota: Fraction  # exact compensatory amount in kronor: R · share
    base: int
    compensatory: int
    total: int
    prioritised: bool = False
    priority_factor: Fraction = Fraction(1)  # multiplies volume × need (weighting.prioritised)


@dataclass(frozen=True)
class Allocation:
    year: int
    budget_file: str
    appropriation: int
    unit: int
    base_total: int
    remainder: int
    volume: str
    data_year: int | None
    weights: tuple[tuple[str, Fraction], ...]
    transition: tuple[int, Fraction] | None
    districts: tuple[DistrictAllocation, ...]
    priority_factor: Fraction | None = None  # weighting.prioritised, when set
    priority_base: int | None = None  # base_grant.prioritised, when set

    @property
    def total(self) -> int:
        return sum(d.total for d in self.districts)

    def by_district(self) -> dict[str, DistrictAllocation]:
        """District id → its row (indexed once)."""
        return self._by_district

    @cached_property
    def _by_district(self) -> dict[str, DistrictAllocation]:
        return {d.district: d for d in self.districts}


@dataclass
class AllocationError(Exception):
    """The allocation cannot be computed; the diagnostics (and the reason) say why."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    # why, when no diagnostic of the allocation's own says it (an input file fails its
    # schema, there are no districts, …); those problems are reported by other rules
    reason: str = ""

    def __str__(self) -> str:
        parts = [self.reason] if self.reason else []
        parts += [f"{d.file}:{d.line}: {d.code} {d.message}" for d in self.diagnostics]
        return "; ".join(parts) or "the allocation cannot be computed"


def largest_remainder(total_units: int, shares: Sequence[tuple[str, Fraction]]) -> dict[str, int]:
    """Split ``total_units`` whole units by exact shares (summing to 1), Hamilton's method.

    Each gets the floor of its quota; the leftover units go one each to the largest
    fractional parts; ties go to the larger quota, then to the id that sorts first.
    """
    quotas = {key: total_units * share for key, share in shares}
    units = {key: math.floor(q) for key, q in quotas.items()}
    leftover = total_units - sum(units.values())
    order = sorted(quotas, key=lambda k: (-(quotas[k] - units[k]), -quotas[k], k))
    for key in order[:leftover]:
        units[key] += 1
    return units


def _frac(value: Decimal | int) -> Fraction:
    return Fraction(value)


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
    return (_frac(found[0]), found[1]) if found is not None else None


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


@dataclass(frozen=True)
class Inputs:
    """What the allocation of one budget year reads, gathered but not judged.

    ``prepare`` builds it; the budget rules (``omrade.rules.budget``) check it; ``allocate``
    does the arithmetic on it once the rules found nothing.
    """

    year: int
    budget_doc: Doc
    budget: m.Budget
    # (index in the budget's districts list, id) of each listed district that can be read;
    # the index is None when the budget lists none (every district takes part)
    listed: tuple[tuple[int | None, str], ...]
    districts: dict[str, m.District]
    district_docs: dict[str, Doc]
    weights: tuple[tuple[str, Fraction], ...]
    catalogue: dict[str, m.Indicator]
    data_year: int | None
    # indicator → district → (value, analysis file), for the weighted indicators at data_year
    values: dict[str, dict[str, tuple[Fraction, str]]]

    @property
    def unknown_indicators(self) -> list[str]:
        return [ident for ident, _w in self.weights if ident not in self.catalogue]

    def volume(self) -> dict[str, int]:
        """Each district's volume: its population, or 1 when the budget weighs equally."""
        return self._volume

    @cached_property
    def _volume(self) -> dict[str, int]:
        population = self.budget.weighting.volume == "population"
        return {
            d: (dist.population.value if population else 1) for d, dist in self.districts.items()
        }

    def base(self) -> dict[str, int]:
        """Each district's base grant (whole units)."""
        grant = self.budget.base_grant
        if grant.per_district is not None:
            g, gp = grant.per_district, grant.prioritised
            return {
                d: (gp if gp is not None and dist.prioritised else g)
                for d, dist in self.districts.items()
            }
        unit = self.budget.unit
        share = _frac(grant.share or 0)
        base_units = _round_half_up(share * self.budget.appropriation / unit)
        equal = [(d, Fraction(1, len(self.districts))) for d in self.districts]
        return {d: u * unit for d, u in largest_remainder(base_units, equal).items()}

    def mean(self, indicator: str) -> Fraction | None:
        """The volume-weighted mean of an indicator; None when a value is missing or every
        volume is zero."""
        if indicator not in self._means:
            self._means[indicator] = self._mean(indicator)
        return self._means[indicator]

    @cached_property
    def _means(self) -> dict[str, Fraction | None]:
        return {}

    def _mean(self, indicator: str) -> Fraction | None:
        values = self.values.get(indicator, {})
        if len(values) != len(self.districts):
            return None
        volume = self.volume()
        total_volume = sum(volume.values())
        if total_volume == 0:
            return None
        return Fraction(sum(volume[d] * values[d][0] for d in self.districts), total_volume)

    def ratios(self, indicator: str) -> dict[str, Fraction | str]:
        """District → its need ratio for an indicator, or why none can be formed (asked
        only when the indicator is known and every value is there)."""
        if indicator not in self._ratios:
            mean = self.mean(indicator)
            assert mean is not None
            ind = self.catalogue[indicator]
            self._ratios[indicator] = {
                d: need_ratio(ind, x, mean) for d, (x, _source) in self.values[indicator].items()
            }
        return self._ratios[indicator]

    @cached_property
    def _ratios(self) -> dict[str, dict[str, Fraction | str]]:
        return {}

    @cached_property
    def need(self) -> dict[str, Fraction]:
        """Each district's need index: the weighted sum of its ratios (1 without weights)."""
        if not self.weights:
            return {d: Fraction(1) for d in self.districts}
        out = {d: Fraction(0) for d in self.districts}
        for ident, w in self.weights:
            for d, ratio in self.ratios(ident).items():
                assert not isinstance(ratio, str), ratio
                out[d] += w * ratio
        return out

    @cached_property
    def priority(self) -> dict[str, Fraction]:
        factor = self.budget.weighting.prioritised
        return {
            d: (_frac(factor) if factor is not None and dist.prioritised else Fraction(1))
            for d, dist in self.districts.items()
        }

    @cached_property
    def weighted(self) -> dict[str, Fraction]:
        """Volume × need index × priority factor: what the compensatory part is shared by."""
        volume = self.volume()
        return {d: volume[d] * self.need[d] * self.priority[d] for d in self.districts}


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
    weights = tuple((w.indicator, _frac(w.weight)) for w in budget.weighting.indicators)
    data_year = budget.weighting.data_year
    if weights and data_year is None:
        data_year = default_data_year(repo, budget, list(districts))
    values: dict[str, dict[str, tuple[Fraction, str]]] = {}
    if data_year is not None:
        q = repo.queries
        for ident, _w in weights:
            found = q.values_of(ident, data_year)
            values[ident] = {d: (_frac(found[d][0]), found[d][1]) for d in districts if d in found}
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


def allocate(inputs: Inputs, previous: Allocation | None = None) -> Allocation:
    """The allocation of a budget year with its working: arithmetic only, on inputs the
    budget rules found nothing wrong with (``previous`` is the allocation of the year a
    transition smooths against). Reached through ``omrade.run``, which decides from the
    diagnostics whether the inputs are clean."""
    budget = inputs.budget
    unit = budget.unit
    appropriation = budget.appropriation
    districts = inputs.districts
    base = inputs.base()
    base_total = sum(base.values())
    remainder = appropriation - base_total
    volume = inputs.volume()
    population = budget.weighting.volume == "population"
    volume_source = {
        d: (f"{inputs.district_docs[d].file} ({dist.population.year})" if population else "equal")
        for d, dist in districts.items()
    }
    weights = list(inputs.weights)
    data_year = inputs.data_year
    workings: dict[str, list[IndicatorWorking]] = {d: [] for d in districts}
    for ident, w in weights:
        mean = inputs.mean(ident)
        assert data_year is not None and mean is not None, "the budget rules let it through"
        ratios = inputs.ratios(ident)
        for d in districts:
            x, source = inputs.values[ident][d]
            ratio = ratios[d]
            assert not isinstance(ratio, str), ratio
            workings[d].append(IndicatorWorking(ident, w, x, mean, ratio, data_year, source))

    # 4.–5. need index and shares
    need = inputs.need
    factor = budget.weighting.prioritised
    priority = inputs.priority
    weighted = inputs.weighted
    denominator = sum(weighted.values())
    assert denominator != 0, "the budget rules let it through"
    computed = {d: weighted[d] / denominator for d in districts}
    shares = dict(computed)
    previous_shares: dict[str, Fraction] | None = None
    transition = budget.weighting.transition
    if transition is not None:
        assert previous is not None, "a transition needs the previous year's allocation"
        before = previous.by_district()
        total = sum(before[d].share for d in districts)
        previous_shares = {d: before[d].share / total for d in districts}
        alpha = _frac(transition.alpha)
        shares = {d: alpha * computed[d] + (1 - alpha) * previous_shares[d] for d in districts}

    # 6. largest remainder over whole units
    units = largest_remainder(remainder // unit, sorted(shares.items()))
    rows = []
    for d, dist in districts.items():
        comp = units[d] * unit
        rows.append(
            DistrictAllocation(
                district=d,
                name=dist.name,
                volume=volume[d],
                volume_source=volume_source[d],
                indicators=tuple(workings[d]),
                need_index=need[d],
                computed_share=computed[d],
                previous_share=previous_shares[d] if previous_shares else None,
                share=shares[d],
                quota=(remainder // unit) * unit * shares[d],
                base=base[d],
                compensatory=comp,
                total=base[d] + comp,
                prioritised=dist.prioritised,
                priority_factor=priority[d],
            )
        )
    return Allocation(
        year=inputs.year,
        budget_file=inputs.budget_doc.file,
        appropriation=appropriation,
        unit=unit,
        base_total=base_total,
        remainder=remainder,
        volume=budget.weighting.volume,
        data_year=data_year if weights else None,
        weights=tuple(weights),
        transition=(transition.previous, _frac(transition.alpha)) if transition else None,
        districts=tuple(rows),
        priority_factor=_frac(factor) if factor is not None else None,
        priority_base=budget.base_grant.prioritised,
    )


def _round_half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


def need_ratio(ind: m.Indicator, x: Fraction, mean: Fraction) -> Fraction | str:
    """The need ratio r = how much more need than the (volume-weighted) mean."""
    if ind.need == "higher_is_need":
        if x < 0:
            return "a negative value cannot express need"
        if mean == 0:
            return "the mean is zero, so no ratio can be formed"
        return x / mean
    if ind.unit == "percent":
        if not 0 <= x <= 100:
            return "a percentage must lie between 0 and 100"
        if mean == 100:
            return "every district is at 100 %, so no ratio can be formed"
        return (100 - x) / (100 - mean)
    if x <= 0:
        return "zero or negative, but the ratio divides by it"
    return mean / x

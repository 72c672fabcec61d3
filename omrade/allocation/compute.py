"""The yearly grant: a base grant per district plus a compensatory, needs-based part.

Botkyrka's guideline: "each of the five districts gets a base grant (grundanslag); the
remainder is split by a compensatory weighting". The algorithm is in
docs/allocate.md. All arithmetic is exact (``fractions.Fraction``); money is whole
kronor and every district amount is a whole multiple of the budget's ``unit``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from omrade.diagnostics import Diagnostic
from omrade.model import documents as m
from omrade.model.doc import Doc


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


def fraction(value: Decimal | int) -> Fraction:
    """A plan file's number (Decimal or int) as an exact fraction."""
    return Fraction(value)


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
        share = fraction(grant.share or 0)
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
            d: (fraction(factor) if factor is not None and dist.prioritised else Fraction(1))
            for d, dist in self.districts.items()
        }

    @cached_property
    def weighted(self) -> dict[str, Fraction]:
        """Volume × need index × priority factor: what the compensatory part is shared by."""
        volume = self.volume()
        return {d: volume[d] * self.need[d] * self.priority[d] for d in self.districts}


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
        alpha = fraction(transition.alpha)
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
        transition=(transition.previous, fraction(transition.alpha)) if transition else None,
        districts=tuple(rows),
        priority_factor=fraction(factor) if factor is not None else None,
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

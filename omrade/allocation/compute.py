"""The yearly grant: a base grant per district plus a compensatory, needs-based part.

Botkyrka's guideline: "each of the five districts gets a base grant (grundanslag); the
remainder is split by a compensatory weighting". The algorithm is in the README
("The allocation"). All arithmetic is exact (``fractions.Fraction``); money is whole
kronor and every district amount is a whole multiple of the budget's ``unit``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from omrade.diagnostics import Diagnostic
from omrade.load.reader import PathKey
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


class _Problems:
    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, doc: Doc, code: str, path: PathKey, message: str, hint: str = "") -> None:
        self.items.append(doc.diag(code, path, message, hint))


def default_data_year(repo: Repository, budget: m.Budget, districts: Sequence[str]) -> int | None:
    """The latest year before the budget year with a value of any weighted indicator."""
    wanted = {w.indicator for w in budget.weighting.indicators}
    years = [
        v.year
        for (district, _y), doc in repo.analyses.items()
        if district in districts and doc.model is not None
        for v in doc.model.values
        if v.indicator in wanted and v.year < budget.year and v.sex is None
    ]
    return max(years) if years else None


def find_value(
    repo: Repository, district: str, indicator: str, year: int
) -> tuple[Fraction, str] | None:
    """A district's value of an indicator for a year, from its newest analysis that has it."""
    docs = sorted(
        (doc for (d, _y), doc in repo.analyses.items() if d == district and doc.model),
        key=lambda doc: doc.model.year,
        reverse=True,
    )
    for doc in docs:
        for v in doc.model.values:
            if v.indicator == indicator and v.year == year and v.sex is None:
                return _frac(v.value), doc.file
    return None


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


def allocate(repo: Repository, year: int, _seen: frozenset[int] = frozenset()) -> Allocation:
    """The allocation of the budget for ``year`` with its working; raises AllocationError."""
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
    problems = _Problems()
    reasons: list[str] = []
    unit = budget.unit
    appropriation = budget.appropriation

    district_ids = list(budget.districts) if budget.districts else sorted(repo.districts)
    districts: dict[str, m.District] = {}
    for i, ident in enumerate(district_ids):
        ddoc = repo.districts.get(ident)
        if ddoc is None or ddoc.model is None:
            if budget.districts is not None and not repo.exists("district", ident):
                continue  # OMR201 reports it
            raise AllocationError(reason=f"district '{ident}' cannot be read")
        if ident in districts:
            problems.add(bdoc, "OMR209", ("districts", i), f"district '{ident}' is listed twice")
        districts[ident] = ddoc.model
    if not districts:
        raise AllocationError(
            problems.items,
            reason=f"the {year} budget has no district to allocate to "
            "(add one with omrade new district)",
        )

    # 2. base grant
    if appropriation % unit:
        problems.add(
            bdoc,
            "OMR402",
            ("appropriation",),
            f"the appropriation {appropriation} is not a multiple of the unit {unit}",
            f"round it to a multiple of {unit}",
        )
    n = len(districts)
    if budget.base_grant.per_district is not None:
        g = budget.base_grant.per_district
        if g % unit:
            problems.add(
                bdoc,
                "OMR402",
                ("base_grant", "per_district"),
                f"the base grant {g} is not a multiple of the unit {unit}",
                f"round it to a multiple of {unit}",
            )
        gp = budget.base_grant.prioritised
        if gp is not None and gp % unit:
            problems.add(
                bdoc,
                "OMR402",
                ("base_grant", "prioritised"),
                f"the prioritised districts' base grant {gp} is not a multiple of the unit {unit}",
                f"round it to a multiple of {unit}",
            )
        base = {
            d: (gp if gp is not None and dist.prioritised else g) for d, dist in districts.items()
        }
    else:
        share = _frac(budget.base_grant.share or 0)
        base_units = _round_half_up(share * appropriation / unit)
        equal = [(d, Fraction(1, n)) for d in districts]
        base = {d: u * unit for d, u in largest_remainder(base_units, equal).items()}
    base_total = sum(base.values())
    remainder = appropriation - base_total
    if remainder < 0:
        path: PathKey = ("base_grant",)
        problems.add(
            bdoc,
            "OMR403",
            path,
            f"the base grants ({base_total:,} kr for {n} districts) exceed the "
            f"appropriation ({appropriation:,} kr)".replace(",", " "),
            "lower the base grant or raise the appropriation",
        )

    # 3. need ratios
    weights = [(w.indicator, _frac(w.weight)) for w in budget.weighting.indicators]
    for i, (ident, w) in enumerate(weights):
        if w <= 0:
            problems.add(
                bdoc,
                "OMR401",
                ("weighting", "indicators", i, "weight"),
                f"the weight of {ident} is {float(w):g}; weights must be positive",
            )
    if weights and sum(w for _i, w in weights) != 1:
        total_w = sum(w for _i, w in weights)
        problems.add(
            bdoc,
            "OMR401",
            ("weighting", "indicators"),
            f"the weights sum to {float(total_w):g}, not exactly 1",
            "adjust the weights so that they sum to 1",
        )
    volume = {
        d: (dist.population.value if budget.weighting.volume == "population" else 1)
        for d, dist in districts.items()
    }
    volume_source = {
        d: (
            f"{repo.districts[d].file} ({dist.population.year})"
            if budget.weighting.volume == "population"
            else "equal"
        )
        for d, dist in districts.items()
    }
    problems.items.extend(population_problems(repo, bdoc, budget, districts))
    data_year = budget.weighting.data_year
    if weights and data_year is None:
        data_year = default_data_year(repo, budget, list(districts))
    catalogue = repo.indicators
    workings: dict[str, list[IndicatorWorking]] = {d: [] for d in districts}
    for i, (ident, w) in enumerate(weights):
        path = ("weighting", "indicators", i, "indicator")
        ind = catalogue.get(ident)
        if ind is None:  # OMR206 reports it; without its weight every need index is wrong
            reasons.append(f"the budget weights an unknown indicator '{ident}'")
            continue
        if ind.need == "none":
            problems.add(
                bdoc,
                "OMR408",
                path,
                f"indicator {ident} has need: none and cannot weigh need",
                "choose another indicator, or set its 'need' in data/indicators.yaml",
            )
            continue
        if data_year is None:
            problems.add(
                bdoc,
                "OMR404",
                path,
                f"no district has a value for {ident} before {budget.year}",
                "add values to the districts' analyses, or set weighting.data_year",
            )
            continue
        values: dict[str, tuple[Fraction, str]] = {}
        for d in districts:
            found = find_value(repo, d, ident, data_year)
            if found is None:
                problems.add(
                    bdoc,
                    "OMR404",
                    path,
                    f"{districts[d].name} has no value for {ident} in {data_year}",
                    f"add {{indicator: {ident}, year: {data_year}, value: ...}} to "
                    f"the values of data/districts/{d}/analysis-<year>.yaml",
                )
            else:
                values[d] = found
        if len(values) != len(districts):
            continue
        total_volume = sum(volume.values())
        if total_volume == 0:
            continue  # every population is 0: OMR410 names each district
        mean = Fraction(sum(volume[d] * values[d][0] for d in districts), total_volume)
        for d in districts:
            x, source = values[d]
            ratio = _ratio(ind, x, mean)
            if isinstance(ratio, str):
                problems.add(
                    bdoc,
                    "OMR405",
                    path,
                    f"{districts[d].name}'s {ident} in {data_year} is {float(x):g}: {ratio}",
                    f"check the value in {source}",
                )
                continue
            workings[d].append(IndicatorWorking(ident, w, x, mean, ratio, data_year, source))
    if problems.items or reasons:
        raise AllocationError(problems.items, reason="; ".join(reasons))

    # 4.–5. need index and shares
    need = {
        d: (
            sum((iw.weight * iw.ratio for iw in workings[d]), Fraction(0))
            if weights
            else Fraction(1)
        )
        for d in districts
    }
    factor = budget.weighting.prioritised
    priority = {
        d: (_frac(factor) if factor is not None and dist.prioritised else Fraction(1))
        for d, dist in districts.items()
    }
    weighted = {d: volume[d] * need[d] * priority[d] for d in districts}
    denominator = sum(weighted.values())
    if denominator == 0:
        problems.add(
            bdoc,
            "OMR405",
            ("weighting",),
            "every district's volume × need index is zero; nothing to share by",
        )
        raise AllocationError(problems.items)
    computed = {d: weighted[d] / denominator for d in districts}
    shares = dict(computed)
    previous: dict[str, Fraction] | None = None
    transition = budget.weighting.transition
    if transition is not None:
        previous = _previous_shares(repo, bdoc, budget, transition, list(districts), _seen | {year})
        alpha = _frac(transition.alpha)
        shares = {d: alpha * computed[d] + (1 - alpha) * previous[d] for d in districts}

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
                previous_share=previous[d] if previous else None,
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
        year=year,
        budget_file=bdoc.file,
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


def population_problems(
    repo: Repository, bdoc: Doc, budget: m.Budget, districts: dict[str, m.District]
) -> list[Diagnostic]:
    """OMR410 for every district the budget weighs by a population of 0, at that value."""
    if budget.weighting.volume != "population":
        return []
    out = []
    for ident, district in districts.items():
        if district.population.value <= 0:
            out.append(
                repo.districts[ident].diag(
                    "OMR410",
                    ("population", "value"),
                    f"{district.name} has population {district.population.value}, but the "
                    f"{budget.year} budget ({bdoc.file}) weights by population: the district "
                    "would get no compensatory share",
                    "enter the population (SCB's figure for the district's areas), or set "
                    "weighting.volume: equal in the budget",
                )
            )
    return out


def _round_half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


def _ratio(ind: m.Indicator, x: Fraction, mean: Fraction) -> Fraction | str:
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


def _previous_shares(
    repo: Repository,
    bdoc: Doc,
    budget: m.Budget,
    transition: m.Transition,
    districts: list[str],
    seen: frozenset[int],
) -> dict[str, Fraction]:
    path: PathKey = ("weighting", "transition", "previous")
    prev_year = transition.previous
    problem = None
    if prev_year >= budget.year or prev_year in seen:
        problem = f"the transition's previous year {prev_year} must come before {budget.year}"
    elif prev_year not in repo.budgets:
        problem = f"there is no budget for {prev_year} to smooth against"
    if problem:
        raise AllocationError(
            [
                bdoc.diag(
                    "OMR407",
                    path,
                    problem,
                    f"add data/budget/{prev_year}.yaml or remove the transition",
                )
            ]
        )
    try:
        before = allocate(repo, prev_year, seen).by_district()
    except AllocationError as exc:
        raise AllocationError(
            [
                bdoc.diag(
                    "OMR407",
                    path,
                    f"the {prev_year} allocation cannot be computed",
                    "fix the problems reported for that budget first",
                ),
                *exc.diagnostics,
            ],
            reason=exc.reason,
        ) from None
    missing = [d for d in districts if d not in before]
    if missing:
        raise AllocationError(
            [
                bdoc.diag(
                    "OMR407",
                    path,
                    f"{', '.join(missing)} had no share in {prev_year}",
                    "a transition needs the same districts in both years",
                )
            ]
        )
    total = sum(before[d].share for d in districts)
    return {d: before[d].share / total for d in districts}

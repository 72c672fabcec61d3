"""4xx: the budget. Each rule finds its own problems in the allocation's inputs; the
allocation (``omrade.allocation.compute.allocate``) is computed only when they are clean
(``omrade.run`` decides that, from the diagnostics)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from omrade.allocation.compute import AllocationError, Inputs
from omrade.diagnostics import Diagnostic, Example, define, say
from omrade.model import documents as m
from omrade.repo.allocation import prepare
from omrade.repo.repository import OMR209, Doc, Repository
from omrade.rules import Context, check, district_name

# --- each rule's check of one budget year's inputs ------------------------------------------


def listed_twice(inputs: Inputs) -> list[Diagnostic]:
    """OMR209: the budget names a district twice."""
    seen: set[str] = set()
    out = []
    for i, ident in inputs.listed:
        if ident in seen and i is not None:
            out.append(
                OMR209.on(inputs.budget_doc, ("districts", i), variant="listed", ident=ident)
            )
        seen.add(ident)
    return out


def weights_invalid(inputs: Inputs) -> list[Diagnostic]:
    """OMR401: a weight that is not positive, or weights that do not sum to exactly 1."""
    bdoc, out = inputs.budget_doc, []
    for i, (ident, w) in enumerate(inputs.weights):
        if w <= 0:
            out.append(
                OMR401.on(
                    bdoc,
                    ("weighting", "indicators", i, "weight"),
                    variant="not_positive",
                    ident=ident,
                    weight=float(w),
                )
            )
    total_w = sum(w for _i, w in inputs.weights)
    if inputs.weights and total_w != 1:
        out.append(OMR401.on(bdoc, ("weighting", "indicators"), total=float(total_w)))
    return out


def amounts_not_multiple_of_unit(inputs: Inputs) -> list[Diagnostic]:
    """OMR402: the appropriation or a base grant is not a whole number of units."""
    budget, bdoc, unit = inputs.budget, inputs.budget_doc, inputs.budget.unit
    amounts: list[tuple[tuple[str, ...], int | None, str]] = [
        (("appropriation",), budget.appropriation, say("the appropriation", "anslaget")),
    ]
    if budget.base_grant.per_district is not None:
        amounts += [
            (
                ("base_grant", "per_district"),
                budget.base_grant.per_district,
                say("the base grant", "grundanslaget"),
            ),
            (
                ("base_grant", "prioritised"),
                budget.base_grant.prioritised,
                say(
                    "the prioritised districts' base grant",
                    "de prioriterade stadsdelarnas grundanslag",
                ),
            ),
        ]
    return [
        OMR402.on(bdoc, path, what=what, amount=amount, unit=unit)
        for path, amount, what in amounts
        if amount is not None and amount % unit
    ]


def base_above_appropriation(inputs: Inputs) -> list[Diagnostic]:
    """OMR403: the base grants add up to more than the appropriation."""
    base_total = sum(inputs.base().values())
    appropriation = inputs.budget.appropriation
    if appropriation - base_total >= 0:
        return []
    return [
        OMR403.on(
            inputs.budget_doc,
            ("base_grant",),
            base_total=f"{base_total:,}".replace(",", " "),
            count=len(inputs.districts),
            appropriation=f"{appropriation:,}".replace(",", " "),
        )
    ]


def _named(model: m.Indicator | m.District) -> str:
    """An indicator or a district as a message names it, in the run's language."""
    return say(model.name_en or model.name, model.name)


def _weighed(inputs: Inputs) -> Iterator[tuple[int, str, m.Indicator]]:
    """(position, id, indicator) of each weighted indicator that is known and weighs need."""
    for i, (ident, _w) in enumerate(inputs.weights):
        ind = inputs.catalogue.get(ident)
        if ind is not None and ind.need != "none":  # OMR206 and OMR408 report the others
            yield i, ident, ind


def indicator_value_missing(inputs: Inputs) -> list[Diagnostic]:
    """OMR404: no value of a weighted indicator for the data year (or for any year)."""
    bdoc, budget, data_year, out = inputs.budget_doc, inputs.budget, inputs.data_year, []
    for i, ident, ind in _weighed(inputs):
        path = ("weighting", "indicators", i, "indicator")
        named = _named(ind)
        if data_year is None:
            out.append(
                OMR404.on(
                    bdoc, path, variant="no_values", ident=ident, indicator=named, year=budget.year
                )
            )
            continue
        values = inputs.values.get(ident, {})
        for d, district in inputs.districts.items():
            if d not in values:
                out.append(
                    OMR404.on(
                        bdoc,
                        path,
                        name=_named(district),
                        ident=ident,
                        indicator=named,
                        data_year=data_year,
                        d=d,
                    )
                )
    return out


def value_unusable_for_ratio(inputs: Inputs) -> list[Diagnostic]:
    """OMR405: a value no need ratio can be formed from (once every value is there)."""
    out = []
    for i, ident, ind in _weighed(inputs):
        if inputs.mean(ident) is None:
            continue  # OMR404 or OMR410 says why
        for d, ratio in inputs.ratios(ident).items():
            if isinstance(ratio, str):
                x, source = inputs.values[ident][d]
                out.append(
                    OMR405.on(
                        inputs.budget_doc,
                        ("weighting", "indicators", i, "indicator"),
                        name=_named(inputs.districts[d]),
                        ident=ident,
                        indicator=_named(ind),
                        data_year=inputs.data_year,
                        value=float(x),
                        ratio=say(ratio, RATIOS_SV.get(ratio, ratio)),
                        source=source,
                    )
                )
    return out


def indicator_without_need(inputs: Inputs) -> list[Diagnostic]:
    """OMR408: a weighted indicator with need: none."""
    out = []
    for i, (ident, _w) in enumerate(inputs.weights):
        ind = inputs.catalogue.get(ident)
        if ind is not None and ind.need == "none":
            out.append(
                OMR408.on(
                    inputs.budget_doc,
                    ("weighting", "indicators", i, "indicator"),
                    ident=ident,
                    indicator=_named(ind),
                )
            )
    return out


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
                OMR410.on(
                    repo.districts[ident],
                    ("population", "value"),
                    name=district.name,
                    value=district.population.value,
                    year=budget.year,
                    file=bdoc.file,
                )
            )
    return out


# the checks of one year's inputs that come before the need index can be formed
INPUT_CHECKS: tuple[Callable[[Inputs], list[Diagnostic]], ...] = (
    listed_twice,
    amounts_not_multiple_of_unit,
    base_above_appropriation,
    weights_invalid,
    indicator_without_need,
    indicator_value_missing,
    value_unusable_for_ratio,
)


def nothing_to_share_by(inputs: Inputs) -> list[Diagnostic]:
    """OMR405: every district's volume × need index × priority is zero (asked only of
    inputs the other checks passed)."""
    total = sum(inputs.weighted.values())
    if total != 0:
        return []
    return [OMR405.on(inputs.budget_doc, ("weighting",), variant="nothing")]


# --- one year's verdict: what the rules found in its inputs ----------------------------------


@dataclass
class Verdict:
    """The budget rules' findings in one year's inputs (whatever their configured severity:
    the arithmetic cannot go on with any of them), or why the inputs cannot be read."""

    inputs: Inputs | None
    reason: str = ""
    found: dict[str, list[Diagnostic]] = field(default_factory=dict)  # check name → found

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for found in self.found.values() for d in found]

    @property
    def clean(self) -> bool:
        return self.inputs is not None and not self.reason and not self.diagnostics


class BudgetChecks:
    """The budget rules over one repository, year by year, each year checked once."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._verdicts: dict[int, Verdict] = {}

    def verdict(self, year: int) -> Verdict:
        if year not in self._verdicts:
            self._verdicts[year] = self._judge(year)
        return self._verdicts[year]

    def _judge(self, year: int) -> Verdict:
        try:
            inputs = prepare(self.repo, year)
        except AllocationError as exc:
            return Verdict(None, reason=exc.reason)
        verdict = Verdict(inputs)
        for fn in INPUT_CHECKS:
            verdict.found[fn.__name__] = fn(inputs)
        verdict.found["population_problems"] = population_problems(
            self.repo, inputs.budget_doc, inputs.budget, inputs.districts
        )
        unknown = inputs.unknown_indicators
        # without an unknown indicator's weight every need index is wrong (OMR206 reports it)
        verdict.reason = "; ".join(
            say(
                "the budget weights an unknown indicator '{i}'",
                "budgeten viktar med en okänd indikator '{i}'",
            ).format(i=i)
            for i in unknown
        )
        if verdict.reason or verdict.diagnostics:
            return verdict
        verdict.found["nothing_to_share_by"] = nothing_to_share_by(inputs)
        if not verdict.diagnostics:
            verdict.found["transition_problems"] = self.transition_problems(inputs)
        return verdict

    def transition_problems(self, inputs: Inputs) -> list[Diagnostic]:
        """OMR407: the year a transition smooths against has no usable allocation."""
        budget, bdoc = inputs.budget, inputs.budget_doc
        transition = budget.weighting.transition
        if transition is None:
            return []
        path = ("weighting", "transition", "previous")
        prev_year = transition.previous
        if prev_year >= budget.year:
            return [
                OMR407.on(bdoc, path, variant="not_before", prev_year=prev_year, year=budget.year)
            ]
        if prev_year not in self.repo.budgets:
            return [OMR407.on(bdoc, path, prev_year=prev_year)]
        before = self.verdict(prev_year)
        if not before.clean or before.inputs is None:
            return [OMR407.on(bdoc, path, variant="not_computed", prev_year=prev_year)]
        missing = [d for d in inputs.districts if d not in before.inputs.districts]
        if missing:
            return [
                OMR407.on(
                    bdoc, path, variant="districts", items=", ".join(missing), prev_year=prev_year
                )
            ]
        return []


def budget_checks(ctx: Context) -> BudgetChecks:
    """The run's one BudgetChecks."""
    checks: BudgetChecks = ctx.run.budget_checks
    return checks


def _reported(ctx: Context) -> Iterator[Verdict]:
    """The verdict of every budget whose findings validate reports: not while the indicator
    catalogue, a district or an analysis fails its schema (the allocation is refused for
    that already, and its findings would be guesses)."""
    repo = ctx.repo
    usable = repo.indicators_doc is not None and repo.indicators_doc.model is not None
    if not usable or repo.is_broken("district") or repo.is_broken("analysis"):
        return
    for year, doc in sorted(repo.budgets.items()):
        if doc.model is not None:
            yield budget_checks(ctx).verdict(year)


def _found(ctx: Context, *checks: Callable[..., list[Diagnostic]]) -> Iterator[Diagnostic]:
    """What these checks found in each reported budget year (each year is checked once)."""
    for verdict in _reported(ctx):
        for fn in checks:
            yield from verdict.found.get(fn.__name__, [])


OMR401 = define(
    "OMR401",
    "error",
    "Weights invalid",
    "Indicator weights must be positive and sum to exactly 1.",
    message="the weights sum to {total:g}, not exactly 1",
    hint="adjust the weights so that they sum to 1",
    variants={
        "not_positive": (
            "the weight of {ident} is {weight:g}; weights must be positive",
            "",
        ),
    },
    example=Example(
        "data/budget/2025.yaml",
        "    - {indicator: child-poverty, weight: 0.4}\n",
        replaces="    - {indicator: child-poverty, weight: 0.5}\n",
    ),
    sv=dict(
        title="Ogiltiga vikter",
        description="Indikatorernas vikter måste vara positiva och summera till exakt 1.",
        message="vikterna summerar till {total:g}, inte exakt 1",
        hint="justera vikterna så att de summerar till 1",
        variants={
            "not_positive": (
                "vikten för {ident} är {weight:g}; vikter måste vara positiva",
                "",
            ),
        },
    ),
)


@check(OMR401)
def weights_invalid_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, weights_invalid)


OMR402 = define(
    "OMR402",
    "error",
    "Amount not a multiple of the unit",
    (
        "The appropriation, a per-district base grant and the remainder must be "
        "whole multiples of the budget's unit."
    ),
    message="{what} {amount} is not a multiple of the unit {unit}",
    hint="round it to a multiple of {unit}",
    example=Example(
        "data/budget/2025.yaml",
        "appropriation: 500500\n",
        replaces="appropriation: 500000\n",
        situation="The budget's unit is 1000.",
    ),
    sv=dict(
        situation="Budgetens enhet är 1000.",
        title="Beloppet är inte en multipel av enheten",
        description=(
            "Anslaget, grundanslaget per stadsdel och resten måste vara hela "
            "multipler av budgetens enhet."
        ),
        message="{what} {amount} är inte en multipel av enheten {unit}",
        hint="avrunda till en multipel av {unit}",
    ),
)


@check(OMR402)
def amount_not_multiple_of_unit_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, amounts_not_multiple_of_unit)


OMR403 = define(
    "OMR403",
    "error",
    "Base above the appropriation",
    "The base grants together exceed the appropriation.",
    message=(
        "the base grants ({base_total} kr for {count} districts) exceed the "
        "appropriation ({appropriation} kr)"
    ),
    hint="lower the base grant or raise the appropriation",
    example=Example(
        "data/budget/2025.yaml",
        "base_grant: {per_district: 300000}\n",
        replaces="base_grant: {per_district: 100000}\n",
        situation="The appropriation is 500 000 and there are two districts.",
    ),
    sv=dict(
        situation="Anslaget är 500 000 kr och det finns två stadsdelar.",
        title="Grundanslagen överstiger anslaget",
        description="Grundanslagen överstiger tillsammans det årliga anslaget.",
        message=(
            "grundanslagen ({base_total} kr för {count} stadsdelar) överstiger "
            "anslaget ({appropriation} kr)"
        ),
        hint="sänk grundanslaget eller höj anslaget",
    ),
)


@check(OMR403)
def base_above_appropriation_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, base_above_appropriation)


OMR404 = define(
    "OMR404",
    "error",
    "Indicator value missing",
    (
        "A weighted indicator has no value for a district in the data year; the "
        "error names district, indicator and year. No silent zeros."
    ),
    message="{name} has no value for {indicator} in {data_year}",
    hint=(
        "add {{indicator: {ident}, year: {data_year}, value: ...}} to the values "
        "of data/districts/{d}/analysis-<year>.yaml"
    ),
    variants={
        "no_values": (
            "no district has a value for {indicator} ({ident}) before {year}",
            "add values to the districts' analyses, or set weighting.data_year",
        ),
    },
    example=Example(
        "data/districts/syd/analysis-2025.yaml",
        ("  - {indicator: employment-rate, year: 2023, value: 80, municipality: 70}\n"),
        replaces=("  - {indicator: employment-rate, year: 2024, value: 80, municipality: 70}\n"),
        situation="The budget weighs employment-rate with the 2024 values.",
    ),
    sv=dict(
        situation="Budgeten väger in förvärvsfrekvensen (employment-rate) med värdena för 2024.",
        title="Indikatorvärde saknas",
        description=(
            "En viktad indikator saknar värde för en stadsdel under dataåret; "
            "felet anger stadsdel, indikator och år. Inga tysta nollor."
        ),
        message="{name} saknar värde för {indicator} år {data_year}",
        hint=(
            "lägg till {{indicator: {ident}, year: {data_year}, value: ...}} bland "
            "värdena i data/districts/{d}/analysis-<år>.yaml"
        ),
        variants={
            "no_values": (
                "ingen stadsdel har något värde för {indicator} ({ident}) före {year}",
                "lägg till värden i stadsdelsanalyserna, eller ange weighting.data_year",
            ),
        },
    ),
)


@check(OMR404)
def indicator_value_missing_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, indicator_value_missing)


OMR405 = define(
    "OMR405",
    "error",
    "Value unusable for a ratio",
    (
        "A zero or negative value (or 100 % for a percent indicator where lower "
        "is need) where the need ratio divides by it."
    ),
    message="{name}'s {indicator} ({ident}) in {data_year} is {value:g}: {ratio}",
    hint="check the value in {source}",
    variants={
        "nothing": (
            "every district's volume × need index is zero; nothing to share by",
            "",
        ),
    },
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        ("  - {indicator: employment-rate, year: 2024, value: 120, municipality: 70}\n"),
        replaces=("  - {indicator: employment-rate, year: 2024, value: 60, municipality: 70}\n"),
        situation=(
            "Employment rate is a percent where lower is need: the need ratio divides by "
            "what is left to 100 %."
        ),
    ),
    sv=dict(
        situation=(
            "Förvärvsfrekvensen är en procentsats där ett lågt värde betyder behov: behovskvoten "
            "delar med det som återstår upp till 100 %."
        ),
        title="Värdet går inte att bilda en kvot av",
        description=(
            "Ett värde som är noll eller negativt (eller 100 % för en "
            "procentindikator där lägre betyder behov) där behovskvoten delar "
            "med det."
        ),
        message="{indicator} ({ident}) för {name} år {data_year} är {value:g}: {ratio}",
        hint="kontrollera värdet i {source}",
        variants={
            "nothing": (
                ("varje stadsdels volym × behovsindex är noll; det finns inget att fördela efter"),
                "",
            ),
        },
    ),
)


@check(OMR405)
def value_unusable_for_ratio_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, value_unusable_for_ratio, nothing_to_share_by)


OMR407 = define(
    "OMR407",
    "error",
    "Transition year missing",
    "The budget smooths against a previous year that has no budget file.",
    message="there is no budget for {prev_year} to smooth against",
    hint="add data/budget/{prev_year}.yaml or remove the transition",
    variants={
        "not_before": (
            "the transition's previous year {prev_year} must come before {year}",
            "add data/budget/{prev_year}.yaml or remove the transition",
        ),
        "not_computed": (
            "the {prev_year} allocation cannot be computed",
            "fix the problems reported for that budget first",
        ),
        "districts": (
            "{items} had no share in {prev_year}",
            "a transition needs the same districts in both years",
        ),
    },
    example=Example(
        "data/budget/2025.yaml",
        "weighting:\n  transition: {previous: 2024, alpha: 0.5}\n",
        replaces="weighting:\n",
        situation="There is no data/budget/2024.yaml.",
    ),
    sv=dict(
        situation="Repot har ingen data/budget/2024.yaml.",
        title="Övergångsåret saknas",
        description="Budgeten jämnar ut mot ett tidigare år som saknar budgetfil.",
        message="det finns ingen budget för {prev_year} att jämna ut mot",
        hint="lägg till data/budget/{prev_year}.yaml eller ta bort övergången",
        variants={
            "not_before": (
                "övergångens tidigare år {prev_year} måste komma före {year}",
                "lägg till data/budget/{prev_year}.yaml eller ta bort övergången",
            ),
            "not_computed": (
                "fördelningen för {prev_year} kan inte beräknas",
                "rätta först felen som rapporteras för den budgeten",
            ),
            "districts": (
                "{items} hade ingen andel {prev_year}",
                "en övergång kräver samma stadsdelar båda åren",
            ),
        },
    ),
)


@check(OMR407)
def transition_year_missing_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, BudgetChecks.transition_problems)


OMR408 = define(
    "OMR408",
    "error",
    "Indicator without need direction",
    "A weighted indicator whose 'need' is 'none' cannot weigh need.",
    message="the indicator {indicator} ({ident}) has need: none and cannot weigh need",
    hint="choose another indicator, or set its 'need' in data/indicators.yaml",
    example=Example(
        "data/indicators.yaml",
        "    need: none\n    dimension: economic\n",
        replaces="    need: lower_is_need\n    dimension: economic\n",
        situation="The budget weighs employment-rate.",
    ),
    sv=dict(
        situation="Budgeten väger in förvärvsfrekvensen (employment-rate).",
        title="Indikator utan behovsriktning",
        description="En viktad indikator vars 'need' är 'none' kan inte väga behov.",
        message="indikatorn {indicator} ({ident}) har need: none och kan inte väga behov",
        hint="välj en annan indikator, eller ange dess 'need' i data/indicators.yaml",
    ),
)


@check(OMR408)
def indicator_without_need_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, indicator_without_need)


def area_grant_spending(ctx: Context) -> dict[tuple[str, int], list[tuple[int, Doc]]]:
    """(district, year) → [(area_grant amount of a plan, plan document)]."""
    return ctx.repo.queries.area_grant_spending


OMR406 = define(
    "OMR406",
    "error",
    "Plan spends more than the allocation",
    ("A district's plans spend more area_grant in a year than its allocated total."),
    message="the {year} plan spends {spent} of area_grant, but {district} is allocated {allocated}",
    hint=(
        "cut {over} or fund it from another source (this plan: {this_plan}; see omrade "
        "allocate {year})"
    ),
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    funding: [{source: area_grant, amount: 900000}]\n",
        replaces="    funding: [{source: area_grant, amount: 100000}]\n",
        situation="The 2025 budget allocates norr far less than 900 000 kr.",
    ),
    sv=dict(
        situation="Budgeten för 2025 fördelar betydligt mindre än 900 000 kr till Norr.",
        title="Handlingsplanen använder mer än fördelningen",
        description=(
            "En stadsdels handlingsplaner använder mer områdesanslag "
            "(area_grant) under ett år än stadsdelens sammanlagda fördelning."
        ),
        message=(
            "handlingsplanen för {year} använder {spent} av områdesanslaget, men "
            "{district} har fått {allocated}"
        ),
        hint=(
            "minska med {over} eller finansiera med en annan källa (den här "
            "handlingsplanen: {this_plan}; se omrade allocate {year})"
        ),
    ),
)


@check(OMR406, after_allocation=True)
def plan_spends_more_than_allocated(ctx: Context) -> Iterator[Diagnostic]:
    for (district, year), plans in sorted(area_grant_spending(ctx).items()):
        if year not in ctx.repo.budgets:
            continue  # OMR409
        allocation = ctx.run.outcome(year)
        if isinstance(allocation, AllocationError):
            continue
        row = allocation.by_district().get(district)
        if row is None:
            continue
        total = row.total
        spent = sum(amount for amount, _doc in plans)
        if spent > total:
            for amount, doc in plans:
                yield OMR406.on(
                    doc,
                    ("actions",),
                    year=year,
                    spent=_kr(spent),
                    district=district_name(ctx, district),
                    allocated=_kr(total),
                    over=_kr(spent - total),
                    this_plan=_kr(amount),
                )


OMR409 = define(
    "OMR409",
    "warning",
    "Area grant without budget",
    "A plan spends area_grant in a year that has no budget file.",
    message="the plan spends area_grant in {year}, which has no budget",
    hint="add data/budget/{year}.yaml, or fund {district}'s actions otherwise",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2026.yaml",
        (
            "kind: plan\n"
            "programme: norr-2024-2027\n"
            "year: 2026\n"
            "status: draft\n"
            "actions:\n"
            "  - {id: A1, title: Sommarjobb, main_task: HU1, type: promoting, "
            "responsible: utbf,\n"
            "     funding: [{source: area_grant, amount: 100000}]}\n"
        ),
        situation="There is no data/budget/2026.yaml.",
    ),
    sv=dict(
        situation="Repot har ingen data/budget/2026.yaml.",
        title="Områdesanslag utan budget",
        description=(
            "En handlingsplan använder områdesanslag (area_grant) ett år som saknar budgetfil."
        ),
        message="handlingsplanen använder områdesanslag {year}, ett år som saknar budget",
        hint=(
            "lägg till data/budget/{year}.yaml, eller finansiera insatserna i "
            "{district} på annat sätt"
        ),
    ),
)


@check(OMR409)
def area_grant_without_budget(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("budget"):
        return
    for (district, year), plans in sorted(area_grant_spending(ctx).items()):
        if year not in repo.budgets:
            for _amount, doc in plans:
                yield OMR409.on(doc, ("actions",), year=year, district=district_name(ctx, district))


# why no need ratio can be formed (omrade.allocation.compute.need_ratio), in Swedish
RATIOS_SV = {
    "a negative value cannot express need": "ett negativt värde kan inte uttrycka behov",
    "the mean is zero, so no ratio can be formed": (
        "medelvärdet är noll, så ingen kvot kan bildas"
    ),
    "a percentage must lie between 0 and 100": "en procentsats måste ligga mellan 0 och 100",
    "every district is at 100 %, so no ratio can be formed": (
        "alla stadsdelar ligger på 100 %, så ingen kvot kan bildas"
    ),
    "zero or negative, but the ratio divides by it": (
        "noll eller negativt, men kvoten delar med värdet"
    ),
}


OMR410 = define(
    "OMR410",
    "error",
    "No population to weigh by",
    (
        "A budget weights by population (volume: population, the default), and "
        "one of its districts has population 0: it would silently get no "
        "compensatory share."
    ),
    message=(
        "{name} has population {value}, but the {year} budget ({file}) weights "
        "by population: the district would get no compensatory share"
    ),
    hint=(
        "enter the population (SCB's figure for the district's areas), or set "
        "weighting.volume: equal in the budget"
    ),
    example=Example(
        "data/districts/syd.yaml",
        "population: {value: 0, year: 2024, source: test}\n",
        replaces="population: {value: 30000, year: 2024, source: test}\n",
    ),
    sv=dict(
        title="Ingen befolkning att vikta efter",
        description=(
            "En budget viktar efter befolkning (volume: population, standard) "
            "och en av dess stadsdelar har befolkningen 0: den skulle tyst bli "
            "utan kompensatorisk andel."
        ),
        message=(
            "{name} har befolkningen {value}, men budgeten för {year} ({file}) "
            "viktar efter befolkning: stadsdelen skulle inte få någon kompensatorisk "
            "andel"
        ),
        hint=(
            "ange befolkningen (SCB:s siffra för stadsdelens områden), eller sätt "
            "weighting.volume: equal i budgeten"
        ),
    ),
)


@check(OMR410)
def no_population_to_weigh_by(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for _year, doc in sorted(repo.budgets.items()):
        budget = doc.model
        if budget is None:
            continue
        idents = budget.districts if budget.districts is not None else sorted(repo.districts)
        districts = {
            d: repo.districts[d].model
            for d in idents
            if d in repo.districts and repo.districts[d].model is not None
        }
        yield from population_problems(repo, doc, budget, districts)


def _kr(amount: int) -> str:
    return f"{amount:,} kr".replace(",", " ")


OMR411 = define(
    "OMR411",
    "warning",
    "Prioritised weighting without prioritised districts",
    (
        "The budget gives prioritised districts a factor or a base of their own, "
        "but none of its districts is prioritised: the setting has no effect."
    ),
    message=(
        "the budget gives prioritised districts {what}, but none of its districts is prioritised"
    ),
    hint=(
        "mark the prioritised districts with 'prioritised: true' in "
        "data/districts/<id>.yaml, or remove the setting"
    ),
    example=Example(
        "data/budget/2025.yaml",
        "base_grant: {per_district: 100000, prioritised: 150000}\n",
        replaces="base_grant: {per_district: 100000}\n",
        situation="No district is prioritised.",
    ),
    sv=dict(
        situation="Ingen stadsdel är prioriterad.",
        title="Prioriterad viktning utan prioriterade stadsdelar",
        description=(
            "Budgeten ger prioriterade stadsdelar en egen faktor eller ett eget "
            "grundanslag, men ingen av dess stadsdelar är prioriterad: "
            "inställningen har ingen verkan."
        ),
        message=(
            "budgeten ger prioriterade stadsdelar {what}, men ingen av dess "
            "stadsdelar är prioriterad"
        ),
        hint=(
            "markera de prioriterade stadsdelarna med 'prioritised: true' i "
            "data/districts/<id>.yaml, eller ta bort inställningen"
        ),
    ),
)


@check(OMR411)
def prioritised_setting_without_effect(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, budget in repo.valid(repo.budgets):
        ids = budget.districts or list(repo.districts)
        if any(
            (d := repo.districts.get(i)) is not None and d.model is not None and d.model.prioritised
            for i in ids
        ) or any(repo.is_broken("district", i) for i in ids):
            continue
        settings: list[tuple[tuple[str, ...], str]] = []
        if budget.base_grant.prioritised is not None:
            settings.append((("base_grant", "prioritised"), say("a base grant", "ett grundanslag")))
        if budget.weighting.prioritised is not None:
            settings.append(
                (("weighting", "prioritised"), say("a weighting factor", "en viktningsfaktor"))
            )
        for path, what in settings:
            yield OMR411.on(doc, path, what=what)

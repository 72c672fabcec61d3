"""4xx: the budget. Each rule finds its own problems in the allocation's inputs; the
allocation (``omrade.allocation.compute.allocate``) is computed only when they are clean
(``omrade.run`` decides that, from the diagnostics)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from omrade.allocation.compute import AllocationError, Inputs, prepare
from omrade.diagnostics import Diagnostic
from omrade.model import documents as m
from omrade.repo.repository import Doc, Repository
from omrade.rules import Context, check

# --- each rule's check of one budget year's inputs ------------------------------------------


def listed_twice(inputs: Inputs) -> list[Diagnostic]:
    """OMR209: the budget names a district twice."""
    seen: set[str] = set()
    out = []
    for i, ident in inputs.listed:
        if ident in seen and i is not None:
            out.append(
                inputs.budget_doc.diag(
                    "OMR209", ("districts", i), f"district '{ident}' is listed twice"
                )
            )
        seen.add(ident)
    return out


def weights_invalid(inputs: Inputs) -> list[Diagnostic]:
    """OMR401: a weight that is not positive, or weights that do not sum to exactly 1."""
    bdoc, out = inputs.budget_doc, []
    for i, (ident, w) in enumerate(inputs.weights):
        if w <= 0:
            out.append(
                bdoc.diag(
                    "OMR401",
                    ("weighting", "indicators", i, "weight"),
                    f"the weight of {ident} is {float(w):g}; weights must be positive",
                )
            )
    total_w = sum(w for _i, w in inputs.weights)
    if inputs.weights and total_w != 1:
        out.append(
            bdoc.diag(
                "OMR401",
                ("weighting", "indicators"),
                f"the weights sum to {float(total_w):g}, not exactly 1",
                "adjust the weights so that they sum to 1",
            )
        )
    return out


def amounts_not_multiple_of_unit(inputs: Inputs) -> list[Diagnostic]:
    """OMR402: the appropriation or a base grant is not a whole number of units."""
    budget, bdoc, unit = inputs.budget, inputs.budget_doc, inputs.budget.unit
    amounts: list[tuple[tuple[str, ...], int | None, str]] = [
        (("appropriation",), budget.appropriation, "the appropriation"),
    ]
    if budget.base_grant.per_district is not None:
        amounts += [
            (("base_grant", "per_district"), budget.base_grant.per_district, "the base grant"),
            (
                ("base_grant", "prioritised"),
                budget.base_grant.prioritised,
                "the prioritised districts' base grant",
            ),
        ]
    return [
        bdoc.diag(
            "OMR402",
            path,
            f"{what} {amount} is not a multiple of the unit {unit}",
            f"round it to a multiple of {unit}",
        )
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
        inputs.budget_doc.diag(
            "OMR403",
            ("base_grant",),
            f"the base grants ({base_total:,} kr for {len(inputs.districts)} districts) exceed "
            f"the appropriation ({appropriation:,} kr)".replace(",", " "),
            "lower the base grant or raise the appropriation",
        )
    ]


def _weighed(inputs: Inputs) -> Iterator[tuple[int, str, m.Indicator]]:
    """(position, id, indicator) of each weighted indicator that is known and weighs need."""
    for i, (ident, _w) in enumerate(inputs.weights):
        ind = inputs.catalogue.get(ident)
        if ind is not None and ind.need != "none":  # OMR206 and OMR408 report the others
            yield i, ident, ind


def indicator_value_missing(inputs: Inputs) -> list[Diagnostic]:
    """OMR404: no value of a weighted indicator for the data year (or for any year)."""
    bdoc, budget, data_year, out = inputs.budget_doc, inputs.budget, inputs.data_year, []
    for i, ident, _ind in _weighed(inputs):
        path = ("weighting", "indicators", i, "indicator")
        if data_year is None:
            out.append(
                bdoc.diag(
                    "OMR404",
                    path,
                    f"no district has a value for {ident} before {budget.year}",
                    "add values to the districts' analyses, or set weighting.data_year",
                )
            )
            continue
        values = inputs.values.get(ident, {})
        for d, district in inputs.districts.items():
            if d not in values:
                out.append(
                    bdoc.diag(
                        "OMR404",
                        path,
                        f"{district.name} has no value for {ident} in {data_year}",
                        f"add {{indicator: {ident}, year: {data_year}, value: ...}} to "
                        f"the values of data/districts/{d}/analysis-<year>.yaml",
                    )
                )
    return out


def value_unusable_for_ratio(inputs: Inputs) -> list[Diagnostic]:
    """OMR405: a value no need ratio can be formed from (once every value is there)."""
    out = []
    for i, ident, _ind in _weighed(inputs):
        if inputs.mean(ident) is None:
            continue  # OMR404 or OMR410 says why
        for d, ratio in inputs.ratios(ident).items():
            if isinstance(ratio, str):
                x, source = inputs.values[ident][d]
                out.append(
                    inputs.budget_doc.diag(
                        "OMR405",
                        ("weighting", "indicators", i, "indicator"),
                        f"{inputs.districts[d].name}'s {ident} in {inputs.data_year} is "
                        f"{float(x):g}: {ratio}",
                        f"check the value in {source}",
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
                inputs.budget_doc.diag(
                    "OMR408",
                    ("weighting", "indicators", i, "indicator"),
                    f"indicator {ident} has need: none and cannot weigh need",
                    "choose another indicator, or set its 'need' in data/indicators.yaml",
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
    return [
        inputs.budget_doc.diag(
            "OMR405",
            ("weighting",),
            "every district's volume × need index is zero; nothing to share by",
        )
    ]


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
            f"the budget weights an unknown indicator '{i}'" for i in unknown
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
        problem = None
        if prev_year >= budget.year:
            problem = f"the transition's previous year {prev_year} must come before {budget.year}"
        elif prev_year not in self.repo.budgets:
            problem = f"there is no budget for {prev_year} to smooth against"
        if problem:
            hint = f"add data/budget/{prev_year}.yaml or remove the transition"
            return [bdoc.diag("OMR407", path, problem, hint)]
        before = self.verdict(prev_year)
        if not before.clean or before.inputs is None:
            return [
                bdoc.diag(
                    "OMR407",
                    path,
                    f"the {prev_year} allocation cannot be computed",
                    "fix the problems reported for that budget first",
                )
            ]
        missing = [d for d in inputs.districts if d not in before.inputs.districts]
        if missing:
            return [
                bdoc.diag(
                    "OMR407",
                    path,
                    f"{', '.join(missing)} had no share in {prev_year}",
                    "a transition needs the same districts in both years",
                )
            ]
        return []


def budget_checks(ctx: Context) -> BudgetChecks:
    """The run's one BudgetChecks."""
    return ctx.run.budget_checks


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


@check("OMR401")
def weights_invalid_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, weights_invalid)


@check("OMR402")
def amount_not_multiple_of_unit_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, amounts_not_multiple_of_unit)


@check("OMR403")
def base_above_appropriation_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, base_above_appropriation)


@check("OMR404")
def indicator_value_missing_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, indicator_value_missing)


@check("OMR405")
def value_unusable_for_ratio_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, value_unusable_for_ratio, nothing_to_share_by)


@check("OMR407")
def transition_year_missing_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, BudgetChecks.transition_problems)


@check("OMR408")
def indicator_without_need_rule(ctx: Context) -> Iterator[Diagnostic]:
    return _found(ctx, indicator_without_need)


def area_grant_spending(ctx: Context) -> dict[tuple[str, int], list[tuple[int, Doc]]]:
    """(district, year) → [(area_grant amount of a plan, plan document)]."""
    return ctx.repo.queries.area_grant_spending


@check("OMR406", after_allocation=True)
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
                yield doc.diag(
                    "OMR406",
                    ("actions",),
                    f"the {year} plan spends {_kr(spent)} of area_grant, but {district} is "
                    f"allocated {_kr(total)}",
                    f"cut {_kr(spent - total)} or fund it from another source "
                    f"(this plan: {_kr(amount)}; see omrade allocate {year})",
                )


@check("OMR409")
def area_grant_without_budget(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("budget"):
        return
    for (district, year), plans in sorted(area_grant_spending(ctx).items()):
        if year not in repo.budgets:
            for _amount, doc in plans:
                yield doc.diag(
                    "OMR409",
                    ("actions",),
                    f"the plan spends area_grant in {year}, which has no budget",
                    f"add data/budget/{year}.yaml, or fund {district}'s actions otherwise",
                )


@check("OMR410")
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


@check("OMR411")
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
            settings.append((("base_grant", "prioritised"), "a base grant"))
        if budget.weighting.prioritised is not None:
            settings.append((("weighting", "prioritised"), "a weighting factor"))
        for path, what in settings:
            yield doc.diag(
                "OMR411",
                path,
                f"the budget gives prioritised districts {what}, but none of its districts "
                "is prioritised",
                "mark the prioritised districts with 'prioritised: true' in "
                "data/districts/<id>.yaml, or remove the setting",
            )

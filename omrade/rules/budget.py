"""4xx: the budget. The allocation finds most problems; each code's check reports its own."""

from __future__ import annotations

from collections.abc import Iterator

from omrade.allocation.compute import Allocation, AllocationError, allocate, population_problems
from omrade.diagnostics import Diagnostic
from omrade.repo.repository import Doc
from omrade.rules import Context, check


def allocations(ctx: Context) -> tuple[dict[int, Allocation], list[Diagnostic]]:
    """Every budget's allocation, or the problems that prevent it (computed once a run)."""
    if "allocations" not in ctx.cache:
        done: dict[int, Allocation] = {}
        problems: list[Diagnostic] = []
        repo = ctx.repo
        usable = repo.indicators_doc is not None and repo.indicators_doc.model is not None
        if usable and not repo.is_broken("district") and not repo.is_broken("analysis"):
            for year, doc in sorted(repo.budgets.items()):
                if doc.model is None:
                    continue
                try:
                    done[year] = allocate(repo, year)
                except AllocationError as exc:
                    problems.extend(d for d in exc.diagnostics if d.file == doc.file)
        ctx.cache["allocations"] = (done, problems)
    result: tuple[dict[int, Allocation], list[Diagnostic]] = ctx.cache["allocations"]
    return result


def _problems(ctx: Context, code: str) -> Iterator[Diagnostic]:
    _done, problems = allocations(ctx)
    return (d for d in problems if d.code == code)


@check("OMR401")
def weights_invalid(ctx: Context) -> Iterator[Diagnostic]:
    return _problems(ctx, "OMR401")


@check("OMR402")
def amount_not_multiple_of_unit(ctx: Context) -> Iterator[Diagnostic]:
    return _problems(ctx, "OMR402")


@check("OMR403")
def base_above_appropriation(ctx: Context) -> Iterator[Diagnostic]:
    return _problems(ctx, "OMR403")


@check("OMR404")
def indicator_value_missing(ctx: Context) -> Iterator[Diagnostic]:
    return _problems(ctx, "OMR404")


@check("OMR405")
def value_unusable_for_ratio(ctx: Context) -> Iterator[Diagnostic]:
    return _problems(ctx, "OMR405")


@check("OMR407")
def transition_year_missing(ctx: Context) -> Iterator[Diagnostic]:
    return _problems(ctx, "OMR407")


@check("OMR408")
def indicator_without_need(ctx: Context) -> Iterator[Diagnostic]:
    return _problems(ctx, "OMR408")


def area_grant_spending(ctx: Context) -> dict[tuple[str, int], list[tuple[int, Doc]]]:
    """(district, year) → [(area_grant amount of a plan, plan document)]."""
    return ctx.repo.queries.area_grant_spending


@check("OMR406")
def plan_spends_more_than_allocated(ctx: Context) -> Iterator[Diagnostic]:
    done, _problems_found = allocations(ctx)
    for (district, year), plans in sorted(area_grant_spending(ctx).items()):
        allocation = done.get(year)
        if allocation is None or district not in allocation.by_district():
            continue
        total = allocation.by_district()[district].total
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

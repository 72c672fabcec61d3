"""2xx content rules: plans cover their programme; analyses cover every dimension."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic
from omrade.rules import Context, check


@check("OMR220")
def main_task_without_action(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans):
        pdoc = repo.programmes.get(plan.programme)
        if pdoc is None or pdoc.model is None:
            continue
        covered = {a.main_task for a in plan.actions}
        for task in pdoc.model.main_tasks:
            if task.id not in covered:
                yield doc.diag(
                    "OMR220",
                    ("actions",),
                    f"main task {task.id} ({task.title}) has no action in the {plan.year} plan",
                    f"add an action with main_task: {task.id}, or explain in the "
                    "plan why the task rests this year",
                )


@check("OMR221")
def interventions_dominate(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans):
        types = Counter(a.type for a in plan.actions)
        total = sum(types.values())
        if total and types["intervention"] * 2 > total:
            yield doc.diag(
                "OMR221",
                ("actions",),
                f"{types['intervention']} of {total} actions are interventions",
                "promoting and preventive work should dominate the plan",
            )


@check("OMR230")
def dimension_not_assessed(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    mun = repo.municipality
    if mun is None:
        return
    for doc, analysis in repo.valid(repo.analyses):
        for dimension in mun.dimensions:
            if dimension not in analysis.dimensions:
                yield doc.diag(
                    "OMR230",
                    ("dimensions",),
                    f"the {dimension} dimension is not assessed",
                    f"add 'dimensions: {dimension}: {{assessment: ...}}'",
                )


@check("OMR231")
def duplicate_indicator_value(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, analysis in repo.valid(repo.analyses):
        seen: dict[tuple[str, int, str | None], int] = {}
        for i, v in enumerate(analysis.values):
            key = (v.indicator, v.year, v.sex)
            if key in seen:
                yield doc.diag(
                    "OMR231",
                    ("values", i),
                    f"a second value for {v.indicator} in {v.year}"
                    + (f" ({v.sex})" if v.sex else ""),
                    f"the first is values[{seen[key]}]; keep one",
                )
            else:
                seen[key] = i

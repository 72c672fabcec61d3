"""2xx content rules: plans cover their programme; analyses cover every dimension."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.rules import Context, check, indicator_name, sex_word, titled, value_word

OMR220 = define(
    "OMR220",
    "warning",
    "Main task without action",
    "A main task of the programme has no action in the year's plan.",
    message="main task {id} ({title}) has no action in the {year} plan",
    hint=(
        "add an action with main_task: {id}, or explain in the plan why the task rests this year"
    ),
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    main_task: HU1\n",
        replaces="    main_task: HU2\n",
        situation="Both actions of the plan serve HU2; the programme's HU1 has none.",
    ),
    sv=dict(
        situation="Handlingsplanens båda insatser hör till HU2; programmets HU1 har ingen.",
        title="Huvuduppgift utan insats",
        description=(
            "En huvuduppgift i utvecklingsprogrammet har ingen insats i årets handlingsplan."
        ),
        message="huvuduppgiften {id} ({title}) har ingen insats i handlingsplanen för {year}",
        hint=(
            "lägg till en insats med main_task: {id}, eller förklara i handlingsplanen "
            "varför uppgiften vilar i år"
        ),
    ),
)


@check(OMR220)
def main_task_without_action(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        pdoc = repo.programmes.get(plan.programme)
        if pdoc is None or pdoc.model is None:
            continue
        covered = {a.main_task for a in plan.actions}
        for task in pdoc.model.main_tasks:
            if task.id not in covered:
                yield OMR220.on(doc, ("actions",), id=task.id, title=titled(task), year=plan.year)


OMR221 = define(
    "OMR221",
    "warning",
    "Interventions dominate",
    (
        "Promoting and preventive actions are not a majority of a plan's actions: half "
        "or more are interventions. Eskilstuna's plan for safety and inclusion: 'bör en "
        "majoritet av aktiviteterna bestå av främjande och förebyggande arbete och en "
        "mindre del vara åtgärder' — so 2 interventions of 4 are already too many."
    ),
    message="{interventions} of {total} actions are interventions",
    hint="promoting and preventive work should dominate the plan",
    example=Example(
        "data/programmes/syd-2024-2027/plan-2025.yaml",
        (
            "kind: plan\n"
            "programme: syd-2024-2027\n"
            "year: 2025\n"
            "status: draft\n"
            "actions:\n"
            "  - {id: A1, title: Ordningsvakter, main_task: HU2, type: "
            "intervention, responsible: kof}\n"
        ),
    ),
    sv=dict(
        title="Åtgärdande insatser dominerar",
        description=(
            "Mer än hälften av handlingsplanens insatser är åtgärdande; "
            "främjande och förebyggande arbete bör dominera (Eskilstunas plan "
            "för trygghet och inkludering)."
        ),
        message="{interventions} av {total} insatser är åtgärdande",
        hint="främjande och förebyggande arbete bör dominera handlingsplanen",
    ),
)


@check(OMR221)
def interventions_dominate(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        types = Counter(a.type for a in plan.actions)
        total = sum(types.values())
        # a majority is more than half: promoting and preventive must exceed the interventions
        if total and types["intervention"] * 2 >= total:
            yield OMR221.on(doc, ("actions",), interventions=types["intervention"], total=total)


OMR230 = define(
    "OMR230",
    "warning",
    "Dimension not assessed",
    ("An analysis lacks an assessment for one of the municipality's sustainability dimensions."),
    message="the {name} dimension is not assessed",
    hint="add 'dimensions: {dimension}: {{assessment: ...}}'",
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        "  social: {assessment: Bra.}\n",
        replaces="  social: {assessment: Bra.}\n  economic: {assessment: Bättre.}\n",
        situation="The municipality's dimensions are social and economic.",
    ),
    sv=dict(
        situation="Kommunens dimensioner är social och ekonomisk.",
        title="Dimension inte bedömd",
        description=(
            "En stadsdelsanalys saknar bedömning av en av kommunens hållbarhetsdimensioner."
        ),
        message="dimensionen {name} är inte bedömd",
        hint="lägg till 'dimensions: {dimension}: {{assessment: ...}}'",
    ),
)


@check(OMR230)
def dimension_not_assessed(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    mun = repo.municipality
    if mun is None:
        return
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        for dimension in mun.dimensions:
            if dimension not in analysis.dimensions:
                yield OMR230.on(
                    doc,
                    ("dimensions",),
                    dimension=dimension,
                    name=value_word("dimension", dimension),
                )


OMR231 = define(
    "OMR231",
    "warning",
    "Duplicate indicator value",
    "An analysis gives two values for the same indicator and year.",
    message="a second value for {name} in {year}{source}",
    hint="the first is values[{first}]; keep one",
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        (
            "  - {indicator: child-poverty, year: 2024, value: 25, municipality: "
            "15}\n"
            "  - {indicator: child-poverty, year: 2024, value: 26, municipality: "
            "15}\n"
        ),
        replaces=("  - {indicator: child-poverty, year: 2024, value: 25, municipality: 15}\n"),
    ),
    sv=dict(
        title="Dubblerat indikatorvärde",
        description="En stadsdelsanalys anger två värden för samma indikator och år.",
        message="ett andra värde för {name} år {year}{source}",
        hint="det första är values[{first}]; behåll ett av dem",
    ),
)


@check(OMR231)
def duplicate_indicator_value(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        seen: dict[tuple[str, int, str | None], int] = {}
        for i, v in enumerate(analysis.values):
            key = (v.indicator, v.year, v.sex)
            if key in seen:
                yield OMR231.on(
                    doc,
                    ("values", i),
                    indicator=v.indicator,
                    name=indicator_name(ctx, v.indicator),
                    year=v.year,
                    source=f" ({sex_word(v.sex)})" if v.sex else "",
                    first=seen[key],
                )
            else:
                seen[key] = i


OMR234 = define(
    "OMR234",
    "warning",
    "Comparison value not marked",
    (
        "An invented (illustrative) indicator value gives a municipality-wide comparison "
        "value that names no source ('municipality_source') and is not marked invented "
        "('municipality_illustrative: true'). A reader takes an unmarked figure for a real "
        "one; the value's own mark covers the district's value only."
    ),
    message="{name} {year}: the comparison value {value} has no source and no mark",
    hint=(
        "add 'municipality_illustrative: true' if it is invented, or "
        "'municipality_source: ...' naming where it comes from"
    ),
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        "{indicator: employment-rate, year: 2024, value: 60, municipality: 70, illustrative: true}",
        replaces="{indicator: employment-rate, year: 2024, value: 60, municipality: 70}",
    ),
    sv=dict(
        title="Jämförelsevärde inte märkt",
        description=(
            "Ett påhittat (illustrativt) indikatorvärde har ett jämförelsevärde för hela "
            "kommunen som varken anger källa ('municipality_source') eller är märkt som "
            "påhittat ('municipality_illustrative: true'). En läsare tar en omärkt siffra "
            "för en verklig; värdets egen märkning gäller bara stadsdelens värde."
        ),
        message="{name} {year}: jämförelsevärdet {value} har varken källa eller märkning",
        hint=(
            "lägg till 'municipality_illustrative: true' om det är påhittat, eller "
            "'municipality_source: ...' med var det kommer ifrån"
        ),
    ),
)


@check(OMR234)
def comparison_value_unmarked(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        for i, v in enumerate(analysis.values):
            if (
                v.illustrative
                and v.municipality is not None
                and not v.municipality_illustrative
                and v.municipality_source is None
            ):
                yield OMR234.on(
                    doc,
                    ("values", i, "municipality"),
                    indicator=v.indicator,
                    name=indicator_name(ctx, v.indicator),
                    year=v.year,
                    value=v.municipality,
                )

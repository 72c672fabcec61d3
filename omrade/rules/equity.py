"""Equity followed through: indicators followed by sex have values by sex, and a dialogue
reaches the groups it set out to reach.

Eskilstuna's plan for safety and inclusion: "Medarbetare som möter flickor och pojkar,
kvinnor och män varje dag ska ges förutsättningar [...]". Sandviken's strategy for citizen
dialogue: "Som viktiga målgrupper för medborgardialog ska alltid Kommunala handikapprådet
och Kommunala pensionärsrådet beaktas. Dessutom ska barn och ungdomar alltid ha möjlighet
att framföra sin åsikt".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.rules import (
    Context,
    check,
    dialogue_named,
    district_name,
    indicator_name,
    sex_word,
    value_word,
)

OMR233 = define(
    "OMR233",
    "warning",
    "Value by sex missing",
    (
        "An indicator is to be followed by sex (by_sex: true in indicators.yaml), and an "
        "analysis gives its total for a year without a value for women (sex: female) and "
        "one for men (sex: male). Eskilstuna: the work meets 'flickor och pojkar, kvinnor "
        "och män'; a gap that is not measured cannot be closed."
    ),
    message="{district}: {name} has no value for {missing} in {year}",
    hint=(
        "add '{{indicator: {indicator}, year: {year}, sex: {sex}, value: ...}}' "
        "('omrade import scb' fetches values by sex when the source has them)"
    ),
    example=Example(
        "data/indicators.yaml",
        "    need: lower_is_need\n    by_sex: true\n",
        replaces="    need: lower_is_need\n",
        situation="The analyses give employment-rate 2024 as a total only.",
    ),
    sv=dict(
        situation=(
            "Stadsdelsanalyserna anger förvärvsfrekvensen (employment-rate) 2024 bara som ett "
            "totalvärde."
        ),
        title="Värde per kön saknas",
        description=(
            "En indikator ska följas per kön (by_sex: true i indicators.yaml), och en "
            "stadsdelsanalys anger dess totalvärde för ett år utan ett värde för kvinnor "
            "(sex: female) och ett för män (sex: male). Eskilstuna: arbetet möter ”flickor "
            "och pojkar, kvinnor och män”; en skillnad som inte mäts kan inte minskas."
        ),
        message="{district}: {name} saknar värde för {missing} år {year}",
        hint=(
            "lägg till '{{indicator: {indicator}, year: {year}, sex: {sex}, value: ...}}' "
            "('omrade import scb' hämtar värden per kön när källan har dem)"
        ),
    ),
)


@check(OMR233)
def value_by_sex_missing(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    followed = {i.id for i in repo.indicators.values() if i.by_sex}
    if not followed:
        return
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        sexes: dict[tuple[str, int], set[str]] = defaultdict(set)
        totals: dict[tuple[str, int], int] = {}
        for i, v in enumerate(analysis.values):
            if v.indicator not in followed:
                continue
            if v.sex is None:
                totals.setdefault((v.indicator, v.year), i)
            else:
                sexes[(v.indicator, v.year)].add(v.sex)
        for (indicator, year), i in totals.items():
            for sex in ("female", "male"):
                if sex not in sexes[(indicator, year)]:
                    yield OMR233.on(
                        doc,
                        ("values", i, "indicator"),
                        district=district_name(ctx, analysis.district),
                        indicator=indicator,
                        name=indicator_name(ctx, indicator),
                        year=year,
                        missing=sex_word(sex),
                        sex=sex,
                    )


OMR613 = define(
    "OMR613",
    "warning",
    "Target group not reached",
    (
        "A dialogue records whom it reached ('reaches: groups:') and a target group it set "
        "out to reach is not among them. Sandviken: the disability council, the pensioners' "
        "council and children and young people are always to be considered; the plan for "
        "a dialogue says 'hur särskilt utvalda målgrupper ska nås'."
    ),
    message="{district}: dialogue {id} did not reach {name}, one of its target groups",
    hint=(
        "record how {name} was reached (add {group} to 'reaches: groups:'), or say in the "
        "evaluation why not and how the next dialogue will reach it"
    ),
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "reaches: {groups: [residents, children_youth, disability_council]}\nevaluation:",
        replaces="evaluation:",
        situation="The dialogue's target groups include the pensioners' council.",
    ),
    sv=dict(
        situation="Dialogens målgrupper omfattar pensionärsrådet.",
        title="Målgrupp inte nådd",
        description=(
            "En dialog anger vilka den nådde ('reaches: groups:') och en målgrupp den "
            "skulle nå finns inte bland dem. Sandviken: handikapprådet, pensionärsrådet och "
            "barn och unga ska alltid beaktas; planen för en dialog anger ”hur särskilt "
            "utvalda målgrupper ska nås”."
        ),
        message="{district}: dialogen {id} nådde inte {name}, en av dess målgrupper",
        hint=(
            "ange hur {name} nåddes (lägg till {group} i 'reaches: groups:'), eller skriv i "
            "utvärderingen varför inte och hur nästa dialog ska nå gruppen"
        ),
    ),
)


@check(OMR613)
def target_group_not_reached(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, dialogue in repo.valid(repo.dialogues, m.Dialogue):
        reached = dialogue.reaches.groups if dialogue.reaches else []
        if not reached:
            continue  # whom it reached is not recorded
        name = district_name(ctx, dialogue.districts[0])
        for i, group in enumerate(dialogue.target_groups):
            if group not in reached:
                yield OMR613.on(
                    doc,
                    ("target_groups", i),
                    district=name,
                    id=dialogue_named(ctx, dialogue.id),
                    group=group,
                    name=value_word("target_group", group),
                )

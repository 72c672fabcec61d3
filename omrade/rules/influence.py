"""6xx, the time order of influence: a dialogue can only have shaped what came after it.

Sandviken's strategy for citizen dialogue (KS2016/55): "Det är därför viktigt att resultatet
från dialogen kan påverka kommande beslut", and its steps run from the politicians'
commission ("Steg 2 - Beslutspunkt: Uppdrag") to the decision ("Steg 9 - Beslut och
åtgärdsplan"). Botkyrka's guideline (KS/2017:96): "I dialog med medborgarna definieras
huvuduppgifter och långsiktiga handlingsvägar" and "Analysen bygger på dialog med olika
aktörer". So an action answers a theme only if it was decided or started after the
dialogue began collecting what residents said (or it says it was already under way), and
an analysis or a programme cites only dialogues held before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.rules import Context, check, dialogue_named, district_name, value_word

_ANSWER_HINT = (
    "if the action was already under way, say so ('under_way: true') and answer the theme "
    "with what is under way; else link the theme to an action decided or started after "
    "{collected}"
)
_ANSWER_HINT_SV = (
    "om insatsen redan pågick, ange det ('under_way: true') och svara på temat med det som "
    "görs; annars koppla temat till en insats som beslutades eller startade efter {collected}"
)

OMR609 = define(
    "OMR609",
    "warning",
    "Theme answered before its dialogue",
    (
        "An action answers a dialogue theme ('answers:'), but it started, and its plan was "
        "adopted, before the dialogue began collecting what residents said (the conduct "
        "step, else the launch): it cannot be what came of the dialogue. Mark an action "
        "that was already under way with 'under_way: true'. Sandviken: the result of a "
        "dialogue must be able to 'påverka kommande beslut'."
    ),
    message=(
        "{district}: action {id} answers {themes} of dialogue {dialogue}, but it started on "
        "{start} and its plan was adopted on {decided}, before the dialogue began on "
        "{collected}"
    ),
    hint=_ANSWER_HINT,
    variants={
        "started": (
            "{district}: action {id} answers {themes} of dialogue {dialogue}, but it started "
            "on {start}, before the dialogue began on {collected}",
            _ANSWER_HINT,
        ),
        "decided": (
            "{district}: action {id} answers {themes} of dialogue {dialogue}, but its plan "
            "was adopted on {decided}, before the dialogue began on {collected}",
            _ANSWER_HINT,
        ),
    },
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    start: 2025-01-15\n    dialogue: norr-torg\n    answers: [T1]\n",
        replaces="    start: 2025-01-15\n",
        situation=(
            "Dialogue norr-torg (conducted from 2025-03-01) records theme T1; action A2 "
            "started on 2025-01-15 and its plan was adopted on 2025-01-20."
        ),
    ),
    sv=dict(
        situation=(
            "Dialogen norr-torg (genomförd från 2025-03-01) har temat T1; insatsen A2 startade "
            "2025-01-15 och dess handlingsplan fastställdes 2025-01-20."
        ),
        title="Tema besvarat före sin dialog",
        description=(
            "En insats svarar på ett tema från en dialog ('answers:'), men den startade, och "
            "dess handlingsplan fastställdes, innan dialogen började samla in vad invånarna "
            "sa (steget genomförande, annars igångsättning): den kan inte vara det som kom "
            "ut av dialogen. Markera en insats som redan pågick med 'under_way: true'. "
            "Sandviken: resultatet från dialogen ska kunna ”påverka kommande beslut”."
        ),
        message=(
            "{district}: insatsen {id} svarar på {themes} i dialogen {dialogue}, men den "
            "startade {start} och handlingsplanen fastställdes {decided}, innan dialogen "
            "började {collected}"
        ),
        hint=_ANSWER_HINT_SV,
        variants={
            "started": (
                "{district}: insatsen {id} svarar på {themes} i dialogen {dialogue}, men den "
                "startade {start}, innan dialogen började {collected}",
                _ANSWER_HINT_SV,
            ),
            "decided": (
                "{district}: insatsen {id} svarar på {themes} i dialogen {dialogue}, men "
                "handlingsplanen fastställdes {decided}, innan dialogen började {collected}",
                _ANSWER_HINT_SV,
            ),
        },
    ),
)


@check(OMR609)
def theme_answered_before_dialogue(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        decided = plan.decision.date if plan.decision else None
        for i, action in enumerate(plan.actions):
            if not action.answers or action.dialogue is None or action.under_way:
                continue
            ddoc = repo.dialogues.get(action.dialogue)
            if ddoc is None or ddoc.model is None:
                continue
            collected = repo.queries.collected(ddoc.model)
            if collected is None:
                continue
            early_start = action.start is not None and action.start < collected
            early_decision = decided is not None and decided < collected
            if (action.start is not None and not early_start) or (
                decided is not None and not early_decision
            ):
                continue  # started, or decided, after the dialogue began
            if not (early_start or early_decision):
                continue  # neither date is known
            variant = (
                "" if early_start and early_decision else ("started" if early_start else "decided")
            )
            yield OMR609.on(
                doc,
                ("actions", i, "answers"),
                variant=variant,
                district=district_name(ctx, repo.queries.district_of_plan(plan)),
                id=action.id,
                themes=", ".join(action.answers),
                dialogue=dialogue_named(ctx, action.dialogue),
                start=action.start,
                decided=decided,
                collected=collected,
            )


OMR610 = define(
    "OMR610",
    "warning",
    "Analysis cites a later dialogue",
    (
        "An analysis names a dialogue it draws on ('dialogues:') that had not begun when the "
        "analysis was updated. Botkyrka's guideline: 'Analysen bygger på dialog med olika "
        "aktörer' — a dialogue held before it."
    ),
    message=(
        "{district}: the analysis {year} (updated {updated}) cites dialogue {dialogue}, which "
        "began on {collected}"
    ),
    hint=(
        "cite the dialogue in the next analysis, or correct 'updated:' if the analysis was "
        "updated after the dialogue"
    ),
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        "updated: 2025-02-01\ndialogues: [norr-torg]\n",
        replaces="updated: 2025-03-01\n",
        situation="Dialogue norr-torg was conducted from 2025-03-01.",
    ),
    sv=dict(
        situation="Dialogen norr-torg genomfördes från 2025-03-01.",
        title="Analysen hänvisar till en senare dialog",
        description=(
            "En stadsdelsanalys anger en dialog den bygger på ('dialogues:') som inte hade "
            "börjat när analysen uppdaterades. Botkyrkas riktlinjer: ”Analysen bygger på "
            "dialog med olika aktörer” — en dialog som hållits före den."
        ),
        message=(
            "{district}: analysen {year} (uppdaterad {updated}) hänvisar till dialogen "
            "{dialogue}, som började {collected}"
        ),
        hint=(
            "hänvisa till dialogen i nästa analys, eller rätta 'updated:' om analysen "
            "uppdaterades efter dialogen"
        ),
    ),
)


@check(OMR610)
def analysis_cites_later_dialogue(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        for j, ident in enumerate(analysis.dialogues):
            collected = _began(ctx, ident)
            if collected is not None and collected > analysis.updated:
                yield OMR610.on(
                    doc,
                    ("dialogues", j),
                    district=district_name(ctx, analysis.district),
                    year=analysis.year,
                    updated=analysis.updated,
                    dialogue=dialogue_named(ctx, ident),
                    collected=collected,
                )


def _began(ctx: Context, ident: str) -> dt.date | None:
    ddoc = ctx.repo.dialogues.get(ident)
    if ddoc is None or ddoc.model is None:
        return None
    return ctx.repo.queries.collected(ddoc.model)


OMR611 = define(
    "OMR611",
    "warning",
    "Programme cites a later dialogue",
    (
        "A programme names a dialogue that defined its main tasks ('dialogues:'), but the "
        "dialogue began after the programme was adopted (or, without a decision, after it "
        "came into force). Botkyrka's guideline: 'I dialog med medborgarna definieras "
        "huvuduppgifter och långsiktiga handlingsvägar i respektive stadsdel'."
    ),
    message=(
        "{district}: programme {id} ({when}) cites dialogue {dialogue}, which began on {collected}"
    ),
    hint="name the dialogues held before the programme was adopted",
    example=Example(
        "data/programmes/norr-2024-2027.yaml",
        "dialogues: [norr-torg]\nmain_tasks:\n",
        replaces="main_tasks:\n",
        situation=(
            "The programme was adopted on 2023-12-01; dialogue norr-torg was conducted from "
            "2025-03-01."
        ),
    ),
    sv=dict(
        situation=(
            "Utvecklingsprogrammet fastställdes 2023-12-01; dialogen norr-torg genomfördes från "
            "2025-03-01."
        ),
        title="Programmet hänvisar till en senare dialog",
        description=(
            "Ett utvecklingsprogram anger en dialog som definierade dess huvuduppgifter "
            "('dialogues:'), men dialogen började efter att programmet fastställdes (eller, "
            "utan beslut, efter att det började gälla). Botkyrkas riktlinjer: ”I dialog med "
            "medborgarna definieras huvuduppgifter och långsiktiga handlingsvägar i "
            "respektive stadsdel”."
        ),
        message=(
            "{district}: programmet {id} ({when}) hänvisar till dialogen {dialogue}, som "
            "började {collected}"
        ),
        hint="ange de dialoger som hölls innan programmet fastställdes",
    ),
)


@check(OMR611)
def programme_cites_later_dialogue(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        when = prog.decision.date if prog.decision else prog.valid_from
        for j, ident in enumerate(prog.dialogues):
            collected = _began(ctx, ident)
            if collected is not None and collected > when:
                yield OMR611.on(
                    doc,
                    ("dialogues", j),
                    district=district_name(ctx, prog.district),
                    id=prog.id,
                    when=when,
                    dialogue=dialogue_named(ctx, ident),
                    collected=collected,
                )


OMR612 = define(
    "OMR612",
    "warning",
    "Dialogue without political commission",
    (
        "A citizen dialogue above the level of information records no commission from the "
        "politicians, or began before it. Sandviken: citizen dialogues 'initieras på "
        "uppdrag efter politiska beslut'; step 2 is the decision point where 'De "
        "förtroendevalda tar beslut som på ett tydligt sätt beskriver syfte'."
    ),
    message="{district}: dialogue {id} records no political commission (level: {level})",
    hint="add 'commission: {{body: ..., date: ..., reference: ...}}' (Sandviken's step 2)",
    variants={
        "late": (
            "{district}: dialogue {id} began on {collected}, before its commission on "
            "{commissioned}",
            "the commission comes first (step 2): correct the dates",
        )
    },
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "",
        replaces="commission: {body: ks, date: 2025-01-20}\n",
    ),
    sv=dict(
        title="Dialog utan politiskt uppdrag",
        description=(
            "En medborgardialog på en nivå över information anger inget uppdrag från de "
            "förtroendevalda, eller började före det. Sandviken: medborgardialoger "
            "”initieras på uppdrag efter politiska beslut”; steg 2 är beslutspunkten där "
            "”De förtroendevalda tar beslut som på ett tydligt sätt beskriver syfte”."
        ),
        message="{district}: dialogen {id} anger inget politiskt uppdrag (nivå: {level})",
        hint=(
            "lägg till 'commission: {{body: ..., date: ..., reference: ...}}' (Sandvikens steg 2)"
        ),
        variants={
            "late": (
                "{district}: dialogen {id} började {collected}, före uppdraget {commissioned}",
                "uppdraget kommer först (steg 2): rätta datumen",
            )
        },
    ),
)


@check(OMR612)
def dialogue_without_commission(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, dialogue in repo.valid(repo.dialogues, m.Dialogue):
        if dialogue.level == "information":
            continue  # OMR602: information alone is not a dialogue
        district = district_name(ctx, dialogue.districts[0])
        if dialogue.commission is None:
            yield OMR612.on(
                doc,
                ("level",),
                district=district,
                id=dialogue_named(ctx, dialogue.id),
                level=value_word("level", dialogue.level),
            )
            continue
        collected = repo.queries.collected(dialogue)
        if collected is not None and collected < dialogue.commission.date:
            yield OMR612.on(
                doc,
                ("commission", "date"),
                variant="late",
                district=district,
                id=dialogue_named(ctx, dialogue.id),
                collected=collected,
                commissioned=dialogue.commission.date,
            )

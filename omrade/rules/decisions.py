"""3xx, who decides: each decision taken by the body the guideline gives the authority.

Botkyrka's guideline (KS/2017:96) says who adopts what: "Programmen fastställs av
kommunfullmäktige", and of itself "För revidering av dokumentet ansvarar:
Kommunfullmäktige. För uppföljning av dokumentet ansvarar: Kommunledningsförvaltningen".
A guideline records this per kind (``authority:``); every decision of that kind is checked
against it, so a programme "adopted" by a committee is found before anyone relies on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omrade.diagnostics import Diagnostic, Example, define, say
from omrade.model import documents as m
from omrade.repo.repository import Doc
from omrade.rules import Context, check, district_name, programme_named, titled

_GUIDELINE = (
    "kind: guideline\n"
    "id: riktlinjer\n"
    "title: Riktlinjer för områdesutveckling\n"
    "status: adopted\n"
    "decision: {body: kf, date: 2023-06-01, reference: KS/2023:5}\n"
    "valid_from: 2023-07-01\n"
    "until_further_notice: true\n"
    "owner: kf\n"
    "authority:\n"
    "  programme: {adopted_by: [ks]}\n"
)

_HINT = (
    "record the decision of {allowed} (the body that has the authority), or correct "
    "'authority' in {guideline_file} if the authority has changed"
)
_HINT_SV = (
    "ange beslutet av {allowed} (det organ som har befogenheten), eller rätta 'authority' "
    "i {guideline_file} om befogenheten har ändrats"
)

OMR320 = define(
    "OMR320",
    "error",
    "Decision by a body without the authority",
    (
        "A programme, plan, analysis or budget records a decision by a body that its "
        "guideline does not give the authority to adopt (or, for a programme that replaces "
        "another, to revise) that kind of document: the guideline's 'authority' says who "
        "adopts, revises and follows up each kind. Botkyrka's guideline: 'Programmen "
        "fastställs av kommunfullmäktige'."
    ),
    message=(
        "the programme for {programme} was adopted by {body}, but guideline {guideline} "
        "gives {allowed} the authority over it"
    ),
    hint=_HINT,
    variants={
        "plan": (
            "the action plan for {year} of the programme for {programme} was adopted by "
            "{body}, but guideline {guideline} gives {allowed} the authority over it",
            _HINT,
        ),
        "analysis": (
            "the district analysis of {district} for {year} was adopted by {body}, but "
            "guideline {guideline} gives {allowed} the authority over it",
            _HINT,
        ),
        "budget": (
            "the budget for {year} was adopted by {body}, but guideline {guideline} gives "
            "{allowed} the authority over it",
            _HINT,
        ),
    },
    example=Example(
        "data/guidelines/riktlinjer.yaml",
        _GUIDELINE,
        situation="The programmes of Norr and Syd were adopted by kf (kommunfullmäktige).",
    ),
    sv=dict(
        situation="Programmen för Norr och Syd är fastställda av kf (kommunfullmäktige).",
        title="Beslut av ett organ utan befogenhet",
        description=(
            "Ett utvecklingsprogram, en handlingsplan, en stadsdelsanalys eller en budget "
            "anger ett beslut av ett organ som riktlinjen inte ger befogenhet att fastställa "
            "(eller, för ett program som ersätter ett annat, revidera) den sortens dokument: "
            "riktlinjens 'authority' anger vem som fastställer, reviderar och följer upp "
            "varje sort. Botkyrkas riktlinjer: ”Programmen fastställs av "
            "kommunfullmäktige”."
        ),
        message=(
            "utvecklingsprogrammet för {programme} är fastställt av {body}, men enligt "
            "riktlinjen {guideline} är det {allowed} som har befogenheten"
        ),
        hint=_HINT_SV,
        variants={
            "plan": (
                "handlingsplanen för {year} i utvecklingsprogrammet för {programme} är "
                "fastställd av {body}, men enligt riktlinjen {guideline} är det {allowed} "
                "som har befogenheten",
                _HINT_SV,
            ),
            "analysis": (
                "stadsdelsanalysen för {district} {year} är fastställd av {body}, men enligt "
                "riktlinjen {guideline} är det {allowed} som har befogenheten",
                _HINT_SV,
            ),
            "budget": (
                "budgeten för {year} är fastställd av {body}, men enligt riktlinjen "
                "{guideline} är det {allowed} som har befogenheten",
                _HINT_SV,
            ),
        },
    ),
)


def _decided(ctx: Context) -> Iterator[tuple[Doc, str, dict[str, Any], m.Lifecycle, bool]]:
    """(document, kind, what the message names it by, model, a revision?) of every
    schema-valid document of a kind a guideline can give authority over."""
    repo = ctx.repo
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        named: dict[str, Any] = {"programme": programme_named(ctx, prog.id)}
        yield doc, "programme", named, prog, prog.replaces is not None
    for doc, plan in repo.valid(repo.plans, m.Plan):
        named = {"programme": programme_named(ctx, plan.programme), "year": plan.year}
        yield doc, "plan", named, plan, False
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        named = {"district": district_name(ctx, analysis.district), "year": analysis.year}
        yield doc, "analysis", named, analysis, False
    for doc, budget in repo.valid(repo.budgets, m.Budget):
        yield doc, "budget", {"year": budget.year}, budget, False


@check(OMR320)
def decision_without_authority(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    bodies = repo.bodies
    for doc, kind, named, model, revision in _decided(ctx):
        decision = model.decision
        if decision is None:
            continue
        guideline = repo.queries.governing_guideline(model)
        if guideline is None or guideline.authority is None:
            continue
        authority: m.Authority | None = getattr(guideline.authority, kind)
        if authority is None:
            continue
        allowed = (
            (authority.revised_by or authority.adopted_by) if revision else authority.adopted_by
        )
        if decision.body in allowed:
            continue
        gdoc = repo.guidelines.get(guideline.id)
        yield OMR320.on(
            doc,
            ("decision", "body"),
            variant="" if kind == "programme" else kind,
            **named,
            body=_body_name(bodies, decision.body),
            guideline=_guideline_named(guideline),
            guideline_file=gdoc.file if gdoc else f"data/guidelines/{guideline.id}.yaml",
            allowed=", ".join(_body_name(bodies, b) for b in allowed),
        )


def _body_name(bodies: dict[str, m.Body], ident: str) -> str:
    """A body by its name in the run's language, its id beside it."""
    body = bodies.get(ident)
    return f"{say(body.name_en or body.name, body.name)} ({ident})" if body else ident


def _guideline_named(guideline: m.Guideline) -> str:
    """A guideline by its title in the run's language, quoted, its id beside it."""
    return f"{say('“{}”', '”{}”').format(titled(guideline))} ({guideline.id})"

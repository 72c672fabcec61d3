"""3xx, who decides: each decision taken by the body the guideline gives the authority.

Botkyrka's guideline (KS/2017:96) says who adopts what: "Programmen fastställs av
kommunfullmäktige", and of itself "För revidering av dokumentet ansvarar:
Kommunfullmäktige. För uppföljning av dokumentet ansvarar: Kommunledningsförvaltningen".
A guideline records this per kind (``authority:``); every decision of that kind is checked
against it, so a programme "adopted" by a committee is found before anyone relies on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.repo.repository import Doc
from omrade.rules import Context, check

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
        "{district}: the programme {id} was adopted by {body}, but {guideline} gives "
        "{allowed} the authority over it"
    ),
    hint=_HINT,
    variants={
        "plan": (
            "{district}: the action plan {id} was adopted by {body}, but {guideline} gives "
            "{allowed} the authority over it",
            _HINT,
        ),
        "analysis": (
            "{district}: the district analysis {id} was adopted by {body}, but {guideline} "
            "gives {allowed} the authority over it",
            _HINT,
        ),
        "budget": (
            "the budget {id} was adopted by {body}, but {guideline} gives {allowed} the "
            "authority over it",
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
            "{district}: utvecklingsprogrammet {id} är fastställt av {body}, men enligt "
            "{guideline} är det {allowed} som har befogenheten"
        ),
        hint=_HINT_SV,
        variants={
            "plan": (
                "{district}: handlingsplanen {id} är fastställd av {body}, men enligt "
                "{guideline} är det {allowed} som har befogenheten",
                _HINT_SV,
            ),
            "analysis": (
                "{district}: stadsdelsanalysen {id} är fastställd av {body}, men enligt "
                "{guideline} är det {allowed} som har befogenheten",
                _HINT_SV,
            ),
            "budget": (
                "budgeten {id} är fastställd av {body}, men enligt {guideline} är det "
                "{allowed} som har befogenheten",
                _HINT_SV,
            ),
        },
    ),
)


def _decided(ctx: Context) -> Iterator[tuple[Doc, str, str, str | None, m.Lifecycle, bool]]:
    """(document, kind, its id in words, its district, model, a revision?) of every
    schema-valid document of a kind a guideline can give authority over."""
    repo = ctx.repo
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        yield doc, "programme", prog.id, prog.district, prog, prog.replaces is not None
    for doc, plan in repo.valid(repo.plans, m.Plan):
        district = repo.queries.district_of_plan(plan)
        yield doc, "plan", f"{plan.programme} {plan.year}", district, plan, False
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        yield doc, "analysis", str(analysis.year), analysis.district, analysis, False
    for doc, budget in repo.valid(repo.budgets, m.Budget):
        yield doc, "budget", str(budget.year), None, budget, False


@check(OMR320)
def decision_without_authority(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    bodies = repo.bodies
    for doc, kind, ident, district, model, revision in _decided(ctx):
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
            district=_district_name(ctx, district),
            id=ident,
            body=_body_name(bodies, decision.body),
            guideline=guideline.id,
            guideline_file=gdoc.file if gdoc else f"data/guidelines/{guideline.id}.yaml",
            allowed=", ".join(_body_name(bodies, b) for b in allowed),
        )


def _body_name(bodies: dict[str, m.Body], ident: str) -> str:
    body = bodies.get(ident)
    return f"{body.name} ({ident})" if body else ident


def _district_name(ctx: Context, ident: str | None) -> str:
    if ident is None:
        return ""
    doc = ctx.repo.districts.get(ident)
    return doc.model.name if doc is not None and doc.model is not None else ident

"""2xx: every id a file names must exist; ids are unique."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from omrade.diagnostics import (
    Diagnostic,
    Example,
    Rule,
    choices_hint,
    define,
    reference_hint,
    say,
)
from omrade.load.reader import PathKey
from omrade.model import documents as m
from omrade.repo.repository import OMR209, Doc
from omrade.rules import Context, check, programme_named


def _missing(
    doc: Doc,
    rule: Rule,
    path: PathKey,
    what: str,
    ident: str,
    known: Mapping[str, str | None],
    where: str,
) -> Diagnostic:
    """An unknown reference; the hint matches ids and names (case and accents aside), or
    says where to add it when nothing is close."""
    suggestion = reference_hint(ident, known, limit=8)
    what = say(what, NOUNS_SV.get(what, what))
    if suggestion:
        return rule.on(doc, path, what=what, ident=ident, suggestion=suggestion)
    where = say(where, where.replace("' or '", "' eller '").replace(" in data/", " i data/"))
    return rule.on(doc, path, variant="new", what=what, ident=ident, where=where)


# what a reference or an entry names, in Swedish (OMR205's body, OMR209's entries)
NOUNS_SV = {
    "body": "organ",
    "body or organisation": "organ eller organisation",
    "organisation": "organisationen",
    "dimension": "dimensionen",
    "indicator": "indikatorn",
    "main task": "huvuduppgiften",
    "action": "insatsen",
    "theme": "temat",
}
ENTRIES_SV = {**NOUNS_SV, "body": "organet"}


def _unknown(what: str) -> dict[str, Any]:
    """The templates of a rule about an unknown reference: a close id or name suggested,
    or (variant 'new') where to add it."""
    message = f"unknown {what} '{{ident}}'"
    return {
        "message": message,
        "hint": "{suggestion}",
        "variants": {"new": (message, "add it to {where}")},
    }


OMR201 = define(
    "OMR201",
    "error",
    "Unknown district",
    "A file names a district that has no data/districts/<id>.yaml.",
    **_unknown("district"),
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        "district: nord\n",
        replaces="district: norr\n",
    ),
    sv=dict(
        title="Okänd stadsdel",
        description="En fil nämner en stadsdel som saknar data/districts/<id>.yaml.",
        message="okänd stadsdel '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänd stadsdel '{ident}'",
                "lägg till den i {where}",
            ),
        },
    ),
)


@check(OMR201)
def unknown_district(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    known = repo.names("district")

    def refs() -> Iterator[tuple[Doc, PathKey, str]]:
        for index in (repo.analyses, repo.programmes, repo.groups):
            for doc, model in repo.valid(index):
                if model.district is not None:  # a group of the whole municipality has none
                    yield doc, ("district",), model.district
        for doc, g in repo.valid(repo.groups, m.Group):
            for i, period in enumerate(g.focus_periods):
                yield doc, ("focus_periods", i, "district"), period.district
        for doc, d in repo.valid(repo.dialogues, m.Dialogue):
            for i, district in enumerate(d.districts):
                yield doc, ("districts", i), district
        for doc, b in repo.valid(repo.budgets, m.Budget):
            for i, district in enumerate(b.districts or []):
                yield doc, ("districts", i), district

    for doc, path, ident in refs():
        if not repo.exists("district", ident):
            yield _missing(
                doc, OMR201, path, "district", ident, known, f"data/districts/{ident}.yaml"
            )


OMR202 = define(
    "OMR202",
    "error",
    "Unknown programme",
    "A file names a programme that has no data/programmes/<id>.yaml.",
    **_unknown("programme"),
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "programme: norr-2024-2028\n",
        replaces="programme: norr-2024-2027\n",
    ),
    sv=dict(
        title="Okänt utvecklingsprogram",
        description=("En fil nämner ett utvecklingsprogram som saknar data/programmes/<id>.yaml."),
        message="okänt utvecklingsprogram '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänt utvecklingsprogram '{ident}'",
                "lägg till det i {where}",
            ),
        },
    ),
)


@check(OMR202)
def unknown_programme(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    known = repo.names("programme")
    for doc, plan in repo.valid(repo.plans, m.Plan):
        if not repo.exists("programme", plan.programme):
            yield _missing(
                doc,
                OMR202,
                ("programme",),
                "programme",
                plan.programme,
                known,
                "data/programmes/",
            )
    for doc, group in repo.valid(repo.groups, m.Group):
        if group.main_task and not repo.exists("programme", group.main_task.programme):
            yield _missing(
                doc,
                OMR202,
                ("main_task", "programme"),
                "programme",
                group.main_task.programme,
                known,
                "data/programmes/",
            )
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        if prog.replaces and not repo.exists("programme", prog.replaces):
            yield _missing(
                doc,
                OMR202,
                ("replaces",),
                "programme",
                prog.replaces,
                known,
                "data/programmes/ (keep the replaced programme, status: replaced)",
            )


def main_task_ids(ctx: Context, programme: str) -> list[str] | None:
    """The programme's main task ids, or None when the programme cannot be read."""
    doc = ctx.repo.programmes.get(programme)
    if doc is None or doc.model is None:
        return None
    return [t.id for t in doc.model.main_tasks]


OMR203 = define(
    "OMR203",
    "error",
    "Unknown main task",
    "A main task id that the named programme does not have.",
    message="the programme for {programme} has no main task '{main_task}'",
    hint="{choices}",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    main_task: HU9\n",
        replaces="    main_task: HU1\n",
        situation="The programme norr-2024-2027 has the main tasks HU1 and HU2.",
    ),
    sv=dict(
        situation="Utvecklingsprogrammet norr-2024-2027 har huvuduppgifterna HU1 och HU2.",
        title="Okänd huvuduppgift",
        description=("Ett id för en huvuduppgift som det angivna utvecklingsprogrammet inte har."),
        message="utvecklingsprogrammet för {programme} har ingen huvuduppgift '{main_task}'",
        hint="{choices}",
    ),
)


@check(OMR203)
def unknown_main_task(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        tasks = main_task_ids(ctx, plan.programme)
        if tasks is None:
            continue
        for i, action in enumerate(plan.actions):
            if action.main_task not in tasks:
                yield OMR203.on(
                    doc,
                    ("actions", i, "main_task"),
                    programme=programme_named(ctx, plan.programme),
                    main_task=action.main_task,
                    choices=choices_hint(action.main_task, tasks),
                )
    for doc, group in repo.valid(repo.groups, m.Group):
        if group.main_task is None:
            continue
        tasks = main_task_ids(ctx, group.main_task.programme)
        if tasks is not None and group.main_task.id not in tasks:
            yield OMR203.on(
                doc,
                ("main_task", "id"),
                programme=programme_named(ctx, group.main_task.programme),
                main_task=group.main_task.id,
                choices=choices_hint(group.main_task.id, tasks),
            )


OMR204 = define(
    "OMR204",
    "error",
    "Unknown organisation",
    ("An organisation id not listed under 'organisations' in municipality.yaml."),
    **_unknown("organisation"),
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    responsible: utbildning\n",
        replaces="    responsible: utbf\n",
    ),
    sv=dict(
        title="Okänd organisation",
        description=(
            "Ett organisations-id som inte finns under 'organisations' i municipality.yaml."
        ),
        message="okänd organisation '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänd organisation '{ident}'",
                "lägg till den i {where}",
            ),
        },
    ),
)


@check(OMR204)
def unknown_organisation(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.municipality is None:
        return
    known = repo.names("organisation")
    where = "'organisations' in data/municipality.yaml"

    def refs() -> Iterator[tuple[Doc, PathKey, str]]:
        for doc, plan in repo.valid(repo.plans, m.Plan):
            for i, action in enumerate(plan.actions):
                yield doc, ("actions", i, "responsible"), action.responsible
                for j, partner in enumerate(action.partners):
                    yield doc, ("actions", i, "partners", j), partner
        for doc, group in repo.valid(repo.groups, m.Group):
            for i, member in enumerate(group.members):
                yield doc, ("members", i, "organisation"), member.organisation

    for doc, path, ident in refs():
        if ident not in known:
            yield _missing(doc, OMR204, path, "organisation", ident, known, where)
    # a recommendation (medskick) goes to a board or an administration: either list
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        for i, rec in enumerate(analysis.recommendations):
            if rec.to not in known and rec.to not in repo.bodies:
                yield _missing(
                    doc,
                    OMR204,
                    ("recommendations", i, "to"),
                    "organisation",
                    rec.to,
                    {**known, **repo.names("body")},
                    where,
                )


OMR205 = define(
    "OMR205",
    "error",
    "Unknown body",
    (
        "A decision, commission or an action's board goal ('serves') names a "
        "body not listed under 'bodies' in municipality.yaml; a guideline's "
        "owner, follow-up and scope name a body or an organisation."
    ),
    **_unknown("{what}"),
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        ("decision: {body: kommunstyrelsen, date: 2025-01-20, reference: KS/2025:2}\n"),
        replaces="decision: {body: ks, date: 2025-01-20, reference: KS/2025:2}\n",
        situation="municipality.yaml lists the bodies kf and ks.",
    ),
    sv=dict(
        situation="municipality.yaml anger organen kf och ks.",
        title="Okänt organ",
        description=(
            "Ett beslut, ett uppdrag eller en insats nämndmål ('serves') nämner "
            "ett organ som inte finns under 'bodies' i municipality.yaml; en "
            "riktlinjes ägare, uppföljning och omfattning nämner ett organ eller "
            "en organisation."
        ),
        message="okänt {what} '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänt {what} '{ident}'",
                "lägg till det i {where}",
            ),
        },
    ),
)


@check(OMR205)
def unknown_body(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.municipality is None:
        return
    known = repo.names("body")
    for index in (repo.analyses, repo.programmes, repo.plans, repo.budgets, repo.guidelines):
        for doc, model in repo.valid(index):
            if model.decision and model.decision.body not in known:
                yield _missing(
                    doc,
                    OMR205,
                    ("decision", "body"),
                    "body",
                    model.decision.body,
                    known,
                    "'bodies' in data/municipality.yaml",
                )
    for doc, dialogue in repo.valid(repo.dialogues, m.Dialogue):
        if dialogue.commission and dialogue.commission.body not in known:
            yield _missing(
                doc,
                OMR205,
                ("commission", "body"),
                "body",
                dialogue.commission.body,
                known,
                "'bodies' in data/municipality.yaml",
            )
    # a board goal belongs to a board (nämndmål, mål och budget)
    for doc, plan in repo.valid(repo.plans, m.Plan):
        for i, action in enumerate(plan.actions):
            for j, goal in enumerate(action.serves):
                if goal.body not in known:
                    yield _missing(
                        doc,
                        OMR205,
                        ("actions", i, "serves", j, "body"),
                        "body",
                        goal.body,
                        known,
                        "'bodies' in data/municipality.yaml",
                    )
    # a guideline's owner, follow-up and scope: a body or an organisation
    either = {**known, **repo.names("organisation")}
    for doc, guideline in repo.valid(repo.guidelines, m.Guideline):
        named: list[tuple[PathKey, str]] = [(("owner",), guideline.owner)]
        if guideline.follow_up_by:
            named.append((("follow_up_by",), guideline.follow_up_by))
        named += [(("applies_to", i), ident) for i, ident in enumerate(guideline.applies_to)]
        if guideline.revised_by:
            named.append((("revised_by",), guideline.revised_by))
        for kind, authority in guideline.authority or m.Authorities():
            if authority is None:
                continue
            for key in ("adopted_by", "revised_by"):
                named += [
                    (("authority", kind, key, i), ident)
                    for i, ident in enumerate(getattr(authority, key))
                ]
            if authority.follow_up_by:
                named.append((("authority", kind, "follow_up_by"), authority.follow_up_by))
        for path, ident in named:
            if ident not in known and ident not in repo.organisations:
                yield _missing(
                    doc,
                    OMR205,
                    path,
                    "body or organisation",
                    ident,
                    either,
                    "'bodies' or 'organisations' in data/municipality.yaml",
                )


OMR206 = define(
    "OMR206",
    "error",
    "Unknown indicator",
    "An indicator id that is not in data/indicators.yaml.",
    **_unknown("indicator"),
    example=Example(
        "data/programmes/norr-2024-2027.yaml",
        "indicator: employment}",
        replaces="indicator: employment-rate}",
    ),
    sv=dict(
        title="Okänd indikator",
        description="Ett indikator-id som inte finns i data/indicators.yaml.",
        message="okänd indikator '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänd indikator '{ident}'",
                "lägg till den i {where}",
            ),
        },
    ),
)


@check(OMR206)
def unknown_indicator(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.indicators_doc is None or repo.indicators_doc.model is None:
        return
    known = repo.names("indicator")
    where = "data/indicators.yaml"

    def refs() -> Iterator[tuple[Doc, PathKey, str]]:
        for doc, analysis in repo.valid(repo.analyses, m.Analysis):
            for i, value in enumerate(analysis.values):
                yield doc, ("values", i, "indicator"), value.indicator
        for doc, prog in repo.valid(repo.programmes, m.Programme):
            for i, task in enumerate(prog.main_tasks):
                for j, goal in enumerate(task.goals):
                    if goal.indicator:
                        yield doc, ("main_tasks", i, "goals", j, "indicator"), goal.indicator
        for doc, budget in repo.valid(repo.budgets, m.Budget):
            for i, w in enumerate(budget.weighting.indicators):
                yield doc, ("weighting", "indicators", i, "indicator"), w.indicator

    for doc, path, ident in refs():
        if ident not in known:
            yield _missing(doc, OMR206, path, "indicator", ident, known, where)


OMR207 = define(
    "OMR207",
    "error",
    "Unknown group",
    "An action names a group that has no data/groups/<id>.yaml.",
    **_unknown("group"),
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    responsible: utbf\n    group: norr-hu9\n",
        replaces="    responsible: utbf\n",
    ),
    sv=dict(
        title="Okänd grupp",
        description="En insats nämner en grupp som saknar data/groups/<id>.yaml.",
        message="okänd grupp '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänd grupp '{ident}'",
                "lägg till den i {where}",
            ),
        },
    ),
)


@check(OMR207)
def unknown_group(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        for i, action in enumerate(plan.actions):
            if action.group and not repo.exists("group", action.group):
                yield _missing(
                    doc,
                    OMR207,
                    ("actions", i, "group"),
                    "group",
                    action.group,
                    repo.names("group"),
                    f"data/groups/{action.group}.yaml",
                )


OMR208 = define(
    "OMR208",
    "error",
    "Unknown dialogue",
    ("An analysis, programme or action names a dialogue that has no data/dialogues/<id>.yaml."),
    **_unknown("dialogue"),
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    responsible: kof\n    dialogue: norr-park\n",
        replaces="    responsible: kof\n",
    ),
    sv=dict(
        title="Okänd dialog",
        description=(
            "En stadsdelsanalys eller en insats nämner en dialog som saknar "
            "data/dialogues/<id>.yaml."
        ),
        message="okänd dialog '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänd dialog '{ident}'",
                "lägg till den i {where}",
            ),
        },
    ),
)


@check(OMR208)
def unknown_dialogue(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    known = repo.names("dialogue")
    citing: list[tuple[Doc, list[str]]] = [
        (doc, a.dialogues) for doc, a in repo.valid(repo.analyses, m.Analysis)
    ]
    citing += [(doc, p.dialogues) for doc, p in repo.valid(repo.programmes, m.Programme)]
    for doc, cited in citing:
        for i, ident in enumerate(cited):
            if not repo.exists("dialogue", ident):
                yield _missing(
                    doc,
                    OMR208,
                    ("dialogues", i),
                    "dialogue",
                    ident,
                    known,
                    f"data/dialogues/{ident}.yaml",
                )
    for doc, plan in repo.valid(repo.plans, m.Plan):
        for i, action in enumerate(plan.actions):
            if action.dialogue and not repo.exists("dialogue", action.dialogue):
                yield _missing(
                    doc,
                    OMR208,
                    ("actions", i, "dialogue"),
                    "dialogue",
                    action.dialogue,
                    known,
                    f"data/dialogues/{action.dialogue}.yaml",
                )


def _duplicates(
    doc: Doc, items: list[Any], path: PathKey, what: str, attr: str = "id"
) -> Iterator[Diagnostic]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        ident = getattr(item, attr) if attr else item
        if ident in first:
            yield OMR209.on(
                doc,
                (*path, i, attr) if attr else (*path, i),
                variant="entry",
                what=say(what, ENTRIES_SV.get(what, what)),
                ident=ident,
                number=first[ident] + 1,
            )
        else:
            first[ident] = i


@check(OMR209)
def duplicate_local_ids(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if (mdoc := repo.municipality_doc) and (mun := repo.municipality):
        yield from _duplicates(mdoc, mun.organisations, ("organisations",), "organisation")
        yield from _duplicates(mdoc, mun.bodies, ("bodies",), "body")
        yield from _duplicates(mdoc, mun.dimensions, ("dimensions",), "dimension", attr="")
    if (idoc := repo.indicators_doc) and idoc.model:
        yield from _duplicates(idoc, idoc.model.indicators, ("indicators",), "indicator")
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        yield from _duplicates(doc, prog.main_tasks, ("main_tasks",), "main task")
        seen: dict[str, str] = {}
        for i, task in enumerate(prog.main_tasks):
            for j, goal in enumerate(task.goals):
                if goal.id in seen:
                    yield OMR209.on(
                        doc,
                        ("main_tasks", i, "goals", j, "id"),
                        variant="goal",
                        id=goal.id,
                        main_task=seen[goal.id],
                    )
                seen.setdefault(goal.id, task.id)
    for doc, plan in repo.valid(repo.plans, m.Plan):
        yield from _duplicates(doc, plan.actions, ("actions",), "action")
    for doc, dialogue in repo.valid(repo.dialogues, m.Dialogue):
        yield from _duplicates(doc, dialogue.themes, ("themes",), "theme")


OMR210 = define(
    "OMR210",
    "error",
    "Unknown dimension",
    "A dimension that is not in the municipality's 'dimensions' list.",
    **_unknown("dimension"),
    example=Example(
        "data/indicators.yaml",
        "    dimension: economy\n",
        replaces="    dimension: economic\n",
    ),
    sv=dict(
        title="Okänd dimension",
        description="En dimension som inte finns i kommunens lista 'dimensions'.",
        message="okänd dimension '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänd dimension '{ident}'",
                "lägg till den i {where}",
            ),
        },
    ),
)


@check(OMR210)
def unknown_dimension(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    mun = repo.municipality
    if mun is None:
        return
    known: dict[str, str | None] = dict.fromkeys(mun.dimensions)
    where = "'dimensions' in data/municipality.yaml"
    if (idoc := repo.indicators_doc) and idoc.model:
        for i, ind in enumerate(idoc.model.indicators):
            if ind.dimension not in known:
                yield _missing(
                    idoc,
                    OMR210,
                    ("indicators", i, "dimension"),
                    "dimension",
                    ind.dimension,
                    known,
                    where,
                )
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        for i, task in enumerate(prog.main_tasks):
            if task.dimension not in known:
                yield _missing(
                    doc,
                    OMR210,
                    ("main_tasks", i, "dimension"),
                    "dimension",
                    task.dimension,
                    known,
                    where,
                )
    for doc, analysis in repo.valid(repo.analyses, m.Analysis):
        for name in analysis.dimensions:
            if name not in known:
                yield OMR210.on(
                    doc,
                    ("dimensions", name),
                    key=True,
                    ident=name,
                    suggestion=choices_hint(name, known),
                )

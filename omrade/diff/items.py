"""What changed inside one document, item by item, per kind of document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from omrade.diff.result import DocChange, FieldChange, Item
from omrade.i18n import N_, Translator
from omrade.model import documents as m
from omrade.model.decided import needs_new_decision
from omrade.repo.names import Names

# --- formatting values --------------------------------------------------------------------


def show(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, m.BoardGoal):
        return f"{value.body}: {value.text}" + (f" ({value.ref})" if value.ref else "")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", " ")
    return str(value)


def funding(action: m.Action) -> str:
    return "; ".join(f"{f.source} {show(f.amount)}" for f in action.funding) or "–"


# fields whose values are ids or enum values, and how they are named for a person
SHAPES = {
    "responsible": "org",
    "partners": "orgs",
    "type": "type",
    "district": "district",
    "districts": "districts",
    "indicator": "indicator",
    "dimension": "dimension",
    "level": "level",
    "target_groups": "target_groups",
    "role": "role",
    "status": "doc_status",
    "serves": "board goals",
}


def compare_fields(before: Any, after: Any, names: list[str]) -> list[FieldChange]:
    out = []
    for name in names:
        b, a = getattr(before, name, None), getattr(after, name, None)
        if b != a:
            out.append(FieldChange(name, show(b), show(a), SHAPES.get(name, "")))
    return out


def title_of(kind: str, file: str, model: Any) -> str:
    """A document's title (Swedish, with ids): its file when it has no valid model."""
    if model is None:
        return file
    if kind == "plan":
        return f"Handlingsplan {model.year} – {model.programme}"
    if kind == "analysis":
        return f"Stadsdelsanalys {model.year} – {model.district}"
    if kind == "budget":
        return f"Budget {model.year}"
    for attr in ("title", "name"):
        if getattr(model, attr, None):
            return str(getattr(model, attr))
    return file


# --- per kind ------------------------------------------------------------------------------


ACTION_FIELDS = [
    "title",
    "main_task",
    "type",
    "responsible",
    "partners",
    "group",
    "start",
    "end",
    "dialogue",
    "answers",
    "serves",
]


def english(ident: str, model: Any, attr: str) -> str:
    """``ident`` and the ``_en`` twin of ``attr``, when the data has one."""
    twin = getattr(model, f"{attr}_en", None)
    return f"{ident} {twin}" if twin else ""


def plan_items(before: m.Plan, after: m.Plan) -> list[Item]:
    items = []
    old = {a.id: a for a in before.actions}
    new = {a.id: a for a in after.actions}
    for ident, a in new.items():
        if ident not in old:
            items.append(
                Item(
                    "action added",
                    f"{a.id} {a.title}",
                    [
                        FieldChange("responsible", "–", a.responsible, "org"),
                        FieldChange("type", "–", a.type, "type"),
                        FieldChange("funding", "–", funding(a), "funding"),
                    ],
                    subject_en=english(a.id, a, "title"),
                )
            )
    for ident, a in old.items():
        if ident not in new:
            items.append(
                Item(
                    "action removed",
                    f"{a.id} {a.title}",
                    [FieldChange("funding", funding(a), "–", "funding")],
                    subject_en=english(a.id, a, "title"),
                )
            )
    for ident in old.keys() & new.keys():
        b, a = old[ident], new[ident]
        changes = compare_fields(b, a, ACTION_FIELDS)
        if funding(b) != funding(a):
            changes.append(FieldChange("funding", funding(b), funding(a), "funding"))
        before_fu = {f.period: f for f in b.follow_up}
        for f in a.follow_up:
            prev = before_fu.get(f.period)
            now = f"{f.status}, {f.rating}, {f.trend}"
            was = f"{prev.status}, {prev.rating}, {prev.trend}" if prev else "–"
            if now != was:
                changes.append(FieldChange(f"follow-up {f.period}", was, now, "follow-up"))
        if changes:
            items.append(
                Item(
                    "action changed",
                    f"{a.id} {a.title}",
                    changes,
                    subject_en=english(a.id, a, "title"),
                )
            )
    return sorted(items, key=lambda i: (i.category, i.subject))


def programme_items(before: m.Programme, after: m.Programme) -> list[Item]:
    items = []
    top = compare_fields(
        before, after, ["title", "valid_from", "valid_to", "status", "replaces", "vision"]
    )
    if top:
        items.append(Item("programme changed", after.id, top))
    old = {t.id: t for t in before.main_tasks}
    new = {t.id: t for t in after.main_tasks}
    for ident in new.keys() - old.keys():
        items.append(Item("main task added", f"{ident} {new[ident].title}"))
    for ident in old.keys() - new.keys():
        items.append(Item("main task removed", f"{ident} {old[ident].title}"))
    for ident in old.keys() & new.keys():
        changes = compare_fields(old[ident], new[ident], ["title", "dimension"])
        if changes:
            items.append(Item("main task changed", ident, changes))
        goals_b = {g.id: g for g in old[ident].goals}
        goals_a = {g.id: g for g in new[ident].goals}
        for gid in goals_a.keys() - goals_b.keys():
            items.append(Item("goal added", f"{gid} {goals_a[gid].text}"))
        for gid in goals_b.keys() - goals_a.keys():
            items.append(Item("goal removed", f"{gid} {goals_b[gid].text}"))
        for gid in goals_a.keys() & goals_b.keys():
            gb, ga = goals_b[gid], goals_a[gid]
            changes = compare_fields(gb, ga, ["text", "indicator"])
            for name in ("baseline", "target"):
                mb, ma = getattr(gb, name), getattr(ga, name)
                if mb != ma:
                    changes.append(
                        FieldChange(
                            name,
                            f"{show(mb.value)} ({mb.year})" if mb else "–",
                            f"{show(ma.value)} ({ma.year})" if ma else "–",
                        )
                    )
            if changes:
                items.append(
                    Item(
                        "goal changed",
                        f"{gid} {ga.text}",
                        changes,
                        subject_en=english(gid, ga, "text"),
                    )
                )
    return sorted(items, key=lambda i: (i.category, i.subject))


def group_items(before: m.Group, after: m.Group, public: bool) -> list[Item]:
    def who(member: m.Member) -> str:
        hidden = public or not member.public
        return (
            f"a member from {member.organisation}"
            if hidden
            else f"{member.name} ({member.organisation})"
        )

    def shape(member: m.Member) -> str:
        return "hidden member" if public or not member.public else "member"

    def key(member: m.Member) -> tuple[str, str]:
        return (member.name, member.organisation)

    old = {key(x): x for x in before.members}
    new = {key(x): x for x in after.members}
    items = [
        Item(
            "member joined",
            who(new[k]),
            [FieldChange("role", "–", new[k].role, "role")],
            shape(new[k]),
        )
        for k in new.keys() - old.keys()
    ]
    items += [
        Item("member left", who(old[k]), shape=shape(old[k])) for k in old.keys() - new.keys()
    ]
    for k in old.keys() & new.keys():
        changes = compare_fields(old[k], new[k], ["role", "mandate", "until"])
        if changes:
            items.append(Item("member changed", who(new[k]), changes, shape(new[k])))
    top = compare_fields(before, after, ["name", "type", "district"])
    for fc in top:
        if fc.field == "type":
            fc.shape = "group_type"
    if top:
        items.append(Item("group changed", after.id, top))
    return sorted(items, key=lambda i: (i.category, i.subject))


def dialogue_items(before: m.Dialogue, after: m.Dialogue) -> list[Item]:
    items = []
    for step in m.STEP_ORDER:
        b, a = getattr(before.steps, step), getattr(after.steps, step)
        if b == a:
            continue
        fmt: Callable[[Any], str] = (
            (lambda v: f"{v.from_} – {v.to}" if v else "–") if step == "conduct" else show
        )
        category = "step reached" if b is None else "step changed"
        items.append(Item(category, step, [FieldChange("date", fmt(b), fmt(a))], "step"))
    if before.feedback_to_residents != after.feedback_to_residents and after.feedback_to_residents:
        items.append(
            Item(
                "step reached",
                N_("feedback to residents"),
                shape="message",
                changes=[
                    FieldChange(
                        "date",
                        "–"
                        if before.feedback_to_residents is None
                        else show(before.feedback_to_residents.date),
                        show(after.feedback_to_residents.date),
                    )
                ],
            )
        )
    top = compare_fields(before, after, ["title", "level", "target_groups", "districts"])
    if top:
        items.append(Item("dialogue changed", after.id, top))
    return items


def analysis_items(before: m.Analysis, after: m.Analysis) -> list[Item]:
    old = {(v.indicator, v.year, v.sex or ""): v for v in before.values}
    new = {(v.indicator, v.year, v.sex or ""): v for v in after.values}
    items = []
    for k in sorted(new.keys() | old.keys()):
        b, a = old.get(k), new.get(k)
        if b is None or a is None or b.value != a.value or b.municipality != a.municipality:
            items.append(
                Item(
                    "value changed",
                    f"{k[0]} {k[1]}" + (f" ({k[2]})" if k[2] else ""),
                    shape="indicator value",
                    changes=[
                        FieldChange(
                            "value", show(b.value) if b else "–", show(a.value) if a else "–"
                        ),
                        *(
                            [
                                FieldChange(
                                    "municipality",
                                    show(b.municipality) if b else "–",
                                    show(a.municipality) if a else "–",
                                )
                            ]
                            if (b.municipality if b else None) != (a.municipality if a else None)
                            else []
                        ),
                    ],
                )
            )
    top = compare_fields(before, after, ["status", "updated"])
    if before.summary != after.summary:
        top.append(FieldChange("summary", N_("(text)"), N_("(new text)"), "message"))
    if top:
        items.append(
            Item("analysis changed", f"{after.district} {after.year}", top, "district year")
        )
    return items


def number(value: Any) -> str:
    """A number as data, for the renderers to write in the reader's language ('–': none)."""
    return "–" if value is None else str(value)


# a budget's fields: (path, name shown, shape); the weights follow, one item per indicator
BUDGET_FIELDS = [
    (("appropriation",), "appropriation", "kronor"),
    (("unit",), "unit", "kronor"),
    (("districts",), "districts", "districts"),
    (("base_grant", "per_district"), "base grant per district", "kronor"),
    (("base_grant", "share"), "base grant share", "share"),
    (("base_grant", "prioritised"), "base grant per prioritised district", "kronor"),
    (("weighting", "volume"), "volume", "volume"),
    (("weighting", "data_year"), "statistics year", ""),
    (("weighting", "transition", "previous"), "transition from", ""),
    (("weighting", "transition", "alpha"), "transition share", "share"),
    (("weighting", "prioritised"), "prioritised factor", "number"),
    (("note",), "note", ""),
    (("status",), "status", "doc_status"),
]


def _at(model: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        model = getattr(model, name, None)
    return model


def budget_items(before: m.Budget, after: m.Budget) -> list[Item]:
    """A budget's changes in words: its amounts and shares by name, and each indicator's
    weight (added, removed or changed) under the indicator it weighs."""
    changes = []
    for path, name, shape in BUDGET_FIELDS:
        b, a = _at(before, path), _at(after, path)
        if b != a:
            if shape in ("kronor", "share", "number"):
                changes.append(FieldChange(name, number(b), number(a), shape))
            else:
                changes.append(FieldChange(name, show(b), show(a), shape))
    if before.decision != after.decision:
        changes.append(FieldChange("decision", show_decision(before), show_decision(after)))
    items = [Item("budget changed", f"{after.year}", changes, "budget")] if changes else []
    old = {w.indicator: w.weight for w in before.weighting.indicators}
    new = {w.indicator: w.weight for w in after.weighting.indicators}
    for ident in sorted(old.keys() | new.keys()):
        b, a = old.get(ident), new.get(ident)
        if b == a:
            continue
        category = (
            "weight added" if b is None else "weight removed" if a is None else ("weight changed")
        )
        items.append(
            Item(
                category,
                ident,
                [FieldChange("weight", number(b), number(a), "number")],
                "indicator",
            )
        )
    return items


def show_decision(model: Any) -> str:
    d = getattr(model, "decision", None)
    if d is None:
        return "–"
    return f"{d.body} {show(d.date)} {d.reference}" + (f" {d.paragraph}" if d.paragraph else "")


def generic_items(before: Any, after: Any, kind: str) -> list[Item]:
    flat_b, flat_a = (
        _flatten(before.model_dump(mode="json", by_alias=True)),
        _flatten(after.model_dump(mode="json", by_alias=True)),
    )
    changes = [
        FieldChange(k, show(flat_b.get(k)), show(flat_a.get(k)))
        for k in sorted(flat_b.keys() | flat_a.keys())
        if flat_b.get(k) != flat_a.get(k) and not k.endswith((".email", ".phone"))
    ]
    return [Item(f"{kind} changed", kind, changes)] if changes else []


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list) and value and isinstance(value[0], dict):
        out = {}
        for i, v in enumerate(value):
            ident = v.get("id", i) if isinstance(v, dict) else i
            out.update(_flatten(v, f"{prefix}[{ident}]"))
        return out
    return {prefix: value}


def document_items(kind: str, before: Any, after: Any, public: bool) -> list[Item]:
    if kind == "plan":
        return plan_items(before, after)
    if kind == "programme":
        return programme_items(before, after)
    if kind == "group":
        return group_items(before, after, public)
    if kind == "dialogue":
        return dialogue_items(before, after)
    if kind == "analysis":
        return analysis_items(before, after)
    if kind == "budget":
        return budget_items(before, after)
    return generic_items(before, after, kind)


def decision_parts(before: Any, after: Any) -> dict[str, str]:
    """The unchanged decision of an adopted document that changed (``decision_guard``)."""
    if not decision_guard(before, after):
        return {}
    da = after.decision
    return {"body": da.body, "date": show(da.date), "reference": da.reference}


def titles_of(kind: str, file: str, model: Any, names: Names) -> dict[str, str]:
    """The document's title in each language, with names instead of ids."""
    out: dict[str, str] = {}
    for lang in ("sv", "en"):
        t = Translator(lang)
        if model is None:
            out[lang] = file
        elif kind == "plan":
            out[lang] = t._(
                "Action plan {year} – {programme}",
                year=model.year,
                programme=names.programme(model.programme, lang),
            )
        elif kind == "analysis":
            out[lang] = t._(
                "District analysis {year} – {district}",
                year=model.year,
                district=names.district(model.district, lang),
            )
        elif kind == "budget":
            out[lang] = t._("Budget {year}", year=model.year)
        else:
            out[lang] = next(
                (
                    str(getattr(model, f"{attr}_en", None) or getattr(model, attr))
                    if lang == "en"
                    else str(getattr(model, attr))
                    for attr in ("title", "name")
                    if getattr(model, attr, None)
                ),
                file,
            )
    return out


def decision_guard(before: Any, after: Any) -> str:
    """Non-empty when an adopted document changed what was decided but its decision did
    not (``omrade.model.decided``: a follow-up or a measured value is no such change)."""
    if not needs_new_decision(before, after):
        return ""
    da = after.decision
    return (
        f"adopted by {da.body} on {da.date} ({da.reference}) but changed without a new "
        "decision: record the new decision, or set status: draft until it is made"
    )


def changed_document(
    file: str, status: str, kind: str, before: Any, after: Any, names: Names, public: bool = False
) -> DocChange:
    """One document valid at both revisions: what changed in it, and whether that needs a
    new decision. ``omrade diff`` and the imports' previews both describe a change so."""
    change = DocChange(file, kind, title_of(kind, file, after), status)
    change.titles = titles_of(kind, file, after, names)
    change.items = document_items(kind, before, after, public)
    change.needs_decision = decision_guard(before, after)
    change.decision = decision_parts(before, after)
    return change

"""`omrade diff`: what a change means for the plans, not which YAML lines moved."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from omrade import markdown as md
from omrade import models as m
from omrade import plain
from omrade.allocate import AllocationError, allocate, budget_files
from omrade.diagnostics import Diagnostic, apply_severities
from omrade.gitrev import GitView, changed_paths, open_git, repository_at, resolve
from omrade.repository import ConfigError, Doc, Repository
from omrade.rules import run_checks

ALLOCATION_KINDS = {"budget", "district", "analysis", "indicators", "municipality"}


@dataclass
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class Item:
    category: str  # action added, action removed, action changed, goal changed, …
    subject: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class DocChange:
    file: str
    kind: str
    title: str
    status: str  # added, removed, modified
    items: list[Item] = field(default_factory=list)
    needs_decision: str = ""  # set when an adopted document changed without a new decision


@dataclass
class DiffResult:
    base: str
    head: str
    documents: list[DocChange] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)
    allocation: list[dict[str, Any]] = field(default_factory=list)
    introduced: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)
    # what could not be compared, per year and revision, with the reason: shown instead
    # of rows, so that no money appears to move that nobody moved
    unavailable: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c: dict[str, int] = defaultdict(int)
        for doc in self.documents:
            for item in doc.items:
                c[item.category] += 1
        return dict(c)


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


def compare_fields(before: Any, after: Any, names: list[str]) -> list[FieldChange]:
    out = []
    for name in names:
        b, a = getattr(before, name, None), getattr(after, name, None)
        if b != a:
            out.append(FieldChange(name, show(b), show(a)))
    return out


def title_of(doc: Doc) -> str:
    model = doc.model
    if model is None:
        return doc.file
    kind = doc.kind
    if kind == "plan":
        return f"Handlingsplan {model.year} – {model.programme}"
    if kind == "analysis":
        return f"Stadsdelsanalys {model.year} – {model.district}"
    if kind == "budget":
        return f"Budget {model.year}"
    for attr in ("title", "name"):
        if getattr(model, attr, None):
            return str(getattr(model, attr))
    return doc.file


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
                        FieldChange("responsible", "–", a.responsible),
                        FieldChange("type", "–", a.type),
                        FieldChange("funding", "–", funding(a)),
                    ],
                )
            )
    for ident, a in old.items():
        if ident not in new:
            items.append(
                Item(
                    "action removed", f"{a.id} {a.title}", [FieldChange("funding", funding(a), "–")]
                )
            )
    for ident in old.keys() & new.keys():
        b, a = old[ident], new[ident]
        changes = compare_fields(b, a, ACTION_FIELDS)
        if funding(b) != funding(a):
            changes.append(FieldChange("funding", funding(b), funding(a)))
        before_fu = {f.period: f for f in b.follow_up}
        for f in a.follow_up:
            prev = before_fu.get(f.period)
            now = f"{f.status}, {f.rating}, {f.trend}"
            was = f"{prev.status}, {prev.rating}, {prev.trend}" if prev else "–"
            if now != was:
                changes.append(FieldChange(f"follow-up {f.period}", was, now))
        if changes:
            items.append(Item("action changed", f"{a.id} {a.title}", changes))
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
                items.append(Item("goal changed", f"{gid} {ga.text}", changes))
    return sorted(items, key=lambda i: (i.category, i.subject))


def group_items(before: m.Group, after: m.Group, public: bool) -> list[Item]:
    def who(member: m.Member) -> str:
        hidden = public or not member.public
        return (
            f"a member from {member.organisation}"
            if hidden
            else f"{member.name} ({member.organisation})"
        )

    def key(member: m.Member) -> tuple[str, str]:
        return (member.name, member.organisation)

    old = {key(x): x for x in before.members}
    new = {key(x): x for x in after.members}
    items = [
        Item("member joined", who(new[k]), [FieldChange("role", "–", new[k].role)])
        for k in new.keys() - old.keys()
    ]
    items += [Item("member left", who(old[k])) for k in old.keys() - new.keys()]
    for k in old.keys() & new.keys():
        changes = compare_fields(old[k], new[k], ["role", "mandate", "until"])
        if changes:
            items.append(Item("member changed", who(new[k]), changes))
    top = compare_fields(before, after, ["name", "type", "district"])
    if top:
        items.append(Item("group changed", after.id, top))
    return sorted(items, key=lambda i: (i.category, i.subject))


def dialogue_items(before: m.Dialogue, after: m.Dialogue) -> list[Item]:
    items = []
    for step in m.STEP_ORDER:
        b, a = getattr(before.steps, step), getattr(after.steps, step)
        if b == a:
            continue
        fmt = (lambda v: f"{v.from_} – {v.to}" if v else "–") if step == "conduct" else show
        category = "step reached" if b is None else "step changed"
        items.append(Item(category, step, [FieldChange("date", fmt(b), fmt(a))]))
    if before.feedback_to_residents != after.feedback_to_residents and after.feedback_to_residents:
        items.append(
            Item(
                "step reached",
                "feedback to residents",
                [
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
                    [
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
        top.append(FieldChange("summary", "(text)", "(new text)"))
    if top:
        items.append(Item("analysis changed", f"{after.district} {after.year}", top))
    return items


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
    return generic_items(before, after, kind)


def decision_guard(before: Any, after: Any) -> str:
    """Non-empty when an adopted document changed but its decision did not."""
    if getattr(before, "status", None) != "adopted" or getattr(after, "status", None) != "adopted":
        return ""
    if before == after:
        return ""
    db, da = before.decision, after.decision
    if db is not None and da is not None and (db.date, db.reference) == (da.date, da.reference):
        return (
            f"adopted by {da.body} on {da.date} ({da.reference}) but changed without a new "
            "decision: record the new decision, or set status: draft until it is made"
        )
    return ""


# --- the whole change -----------------------------------------------------------------------


def money_by_district(repo: Repository) -> dict[tuple[str, int, str], int]:
    out: dict[tuple[str, int, str], int] = defaultdict(int)
    for _doc, plan in repo.valid(repo.plans):
        prog = repo.programmes.get(plan.programme)
        if prog is None or prog.model is None:
            continue
        for a in plan.actions:
            for f in a.funding:
                out[(prog.model.district, plan.year, f.source)] += f.amount
    return out


def money_unavailable(repo: Repository) -> dict[int | None, str]:
    """Plan years whose money cannot be counted: a plan, or its programme, has errors.

    The key None means every year (a plan whose year cannot be read).
    """
    out: dict[int | None, str] = {}
    for doc in repo.docs:
        if doc.model is not None:
            continue
        parts = doc.file.split("/")
        raw = doc.loaded.data if isinstance(doc.loaded.data, dict) else {}
        if doc.kind == "plan" or (parts[:2] == ["data", "programmes"] and len(parts) > 3):
            found = re.search(r"plan-(\d{4})\.ya?ml$", doc.file)
            year = raw.get("year") if isinstance(raw.get("year"), int) else None
            years: set[int | None] = {int(found.group(1)) if found else year}
        elif doc.kind == "programme" or (parts[:2] == ["data", "programmes"] and len(parts) == 3):
            ident = raw.get("id") if isinstance(raw.get("id"), str) else Path(doc.file).stem
            years = {y for (p, y) in repo.plans if p == ident}
        else:
            continue
        for y in years:
            out.setdefault(y, f"{doc.file} has errors")
    return out


def allocations(repo: Repository) -> tuple[dict[int, dict[str, int]], dict[int, str]]:
    """Every budget year's allocation by district, and the years that cannot be computed."""
    done, failed = {}, {}
    for year in sorted(budget_files(repo)):
        try:
            done[year] = {d.district: d.total for d in allocate(repo, year).districts}
        except AllocationError as exc:
            failed[year] = str(exc)
    return done, failed


def diagnostics_of(repo: Repository, as_of: dt.date) -> list[Diagnostic]:
    found = [*repo.diagnostics, *run_checks(repo, as_of)]
    try:
        overrides = repo.severity_overrides()
    except ConfigError:
        overrides = {}
    return apply_severities(found, overrides)


def compare(
    view: GitView,
    base_rev: str,
    head_rev: str | None,
    as_of: dt.date,
    public: bool = False,
) -> DiffResult:
    """The semantic difference between two revisions (head None: the working tree)."""
    base = resolve(view, base_rev)
    head = resolve(view, head_rev) if head_rev else None
    changed = changed_paths(view, base, head)
    result = DiffResult(base=base_rev, head=head_rev or "working tree")
    if not changed:
        return result
    before_repo = repository_at(view, base)
    after_repo = repository_at(view, head)
    before_docs = {d.file: d for d in before_repo.docs}
    after_docs = {d.file: d for d in after_repo.docs}
    revision = {"base": result.base, "head": result.head}
    kinds: set[str] = set()
    for rel, status in sorted(changed.items()):
        b, a = before_docs.get(rel), after_docs.get(rel)
        doc = a or b
        if doc is None:
            continue
        kinds.update(d.kind for d in (a, b) if d is not None)
        if rel.startswith(("data/districts/", "data/budget/")) or rel == "data/indicators.yaml":
            kinds.add("budget")  # unreadable, but an input of the allocation
        change = DocChange(
            rel, doc.kind, title_of(doc), {"A": "added", "D": "removed"}.get(status, "modified")
        )
        if b is not None and a is not None and b.model is not None and a.model is not None:
            change.items = document_items(doc.kind, b.model, a.model, public)
            change.needs_decision = decision_guard(b.model, a.model)
        elif status == "A" and a is not None and a.model is not None and doc.kind == "plan":
            change.items = plan_items(a.model.model_copy(update={"actions": []}), a.model)
        elif status == "M" and (a is None or a.model is None):
            change.items = [Item("unreadable", "the file has errors at the new revision")]
        result.documents.append(change)

    money_b, money_a = money_by_district(before_repo), money_by_district(after_repo)
    gaps = {"base": money_unavailable(before_repo), "head": money_unavailable(after_repo)}
    for side, years in gaps.items():
        for year, reason in sorted(years.items(), key=lambda kv: kv[0] or 0):
            result.unavailable.append(
                {
                    "what": "money",
                    "year": year,
                    "side": side,
                    "revision": revision[side],
                    "reason": reason,
                }
            )
    uncounted = gaps["base"].keys() | gaps["head"].keys()
    for key in sorted(money_b.keys() | money_a.keys()):
        if None in uncounted or key[1] in uncounted:
            continue
        if money_b.get(key, 0) != money_a.get(key, 0):
            district, year, source = key
            result.money.append(
                {
                    "district": district,
                    "year": year,
                    "source": source,
                    "before": money_b.get(key, 0),
                    "after": money_a.get(key, 0),
                }
            )

    if kinds & ALLOCATION_KINDS:
        (alloc_b, failed_b), (alloc_a, failed_a) = allocations(before_repo), allocations(after_repo)
        failed = {"base": failed_b, "head": failed_a}
        for year in sorted(alloc_b.keys() | alloc_a.keys() | failed_b.keys() | failed_a.keys()):
            reasons = [(side, f[year]) for side, f in failed.items() if year in f]
            for side, reason in reasons:
                result.unavailable.append(
                    {
                        "what": "allocation",
                        "year": year,
                        "side": side,
                        "revision": revision[side],
                        "reason": reason,
                    }
                )
            if reasons:
                continue  # no rows: one side's amounts would be invented
            rows_b, rows_a = alloc_b.get(year, {}), alloc_a.get(year, {})
            for district in sorted(rows_b.keys() | rows_a.keys()):
                if rows_b.get(district) != rows_a.get(district):
                    result.allocation.append(
                        {
                            "year": year,
                            "district": district,
                            "before": rows_b.get(district),
                            "after": rows_a.get(district),
                        }
                    )

    def identity(d: Diagnostic) -> tuple[str, str, str]:
        return (d.code, d.file, d.message)  # not the line: moved lines are not new problems

    diags_b = {identity(d): d for d in diagnostics_of(before_repo, as_of)}
    diags_a = {identity(d): d for d in diagnostics_of(after_repo, as_of)}
    result.introduced = [diags_a[k] for k in sorted(diags_a.keys() - diags_b.keys())]
    result.fixed = [diags_b[k] for k in sorted(diags_b.keys() - diags_a.keys())]
    return result


def run(root: Any, base: str, head: str | None, as_of: dt.date, public: bool) -> DiffResult:
    return compare(open_git(root), base, head, as_of, public)


# --- renderers ------------------------------------------------------------------------------


def _gap_line(gap: dict[str, Any]) -> str:
    """One year that could not be compared, and why."""
    year = gap["year"] if gap["year"] is not None else "every year"
    what = "the allocation" if gap["what"] == "allocation" else "the plans' money"
    return (
        f"{year}: {what} cannot be computed at {gap['side']} ({gap['revision']}): "
        f"{gap['reason']}; no amounts are shown for {year}"
    )


def headline(result: DiffResult) -> str:
    parts = [f"{len(result.documents)} document{'s' if len(result.documents) != 1 else ''} changed"]
    for category, n in sorted(result.counts().items()):
        parts.append(f"{n} {category}")
    if result.money:
        parts.append(f"money moved in {len({r['district'] for r in result.money})} district(s)")
    for what in ("money", "allocation"):
        years = sorted(
            {str(u["year"] or "every year") for u in result.unavailable if u["what"] == what}
        )
        if years:
            parts.append(f"{what} not compared for {', '.join(years)}")
    if result.introduced:
        parts.append(f"{len(result.introduced)} new problem(s)")
    if result.fixed:
        parts.append(f"{len(result.fixed)} fixed")
    return " · ".join(parts)


CELL_LIMIT = 500  # characters of one value in the comment; the JSON output has them all


def _cell(value: object) -> str:
    return md.text(value, limit=CELL_LIMIT)


def as_markdown(result: DiffResult, budget: int = md.COMMENT_BUDGET) -> str:
    """The pull-request comment: every value through the Markdown writer, and the whole
    under GitHub's limit, with a line saying what was left out when it would not fit."""
    top = [
        f"### omrade: what changes in the plans ({md.code(result.base)} → {md.code(result.head)})",
        "",
    ]
    if not result.documents:
        return "\n".join([*top, "No plan files changed.", ""])
    top += [f"**{md.text(headline(result))}**", ""]
    sections: list[md.Section] = []
    callouts = md.Section(head=[])
    for guarded in result.documents:
        if guarded.needs_decision:
            callouts.add(
                "decision",
                f"> **Needs a decision:** {md.code(guarded.file)} is "
                f"{_cell(guarded.needs_decision)}.",
            )
    errors = [x for x in result.introduced if x.severity == "error"]
    if errors:
        callouts.add("callout", f"> **{len(errors)} new error(s)** — see the diagnostics below.")
    sections.append(callouts)
    for doc in result.documents:
        head = [f"#### {_cell(doc.title)} ({doc.status})", md.code(doc.file), ""]
        if not doc.items:
            section = md.Section(head=[])
            section.add("document", *head[:2])
            sections.append(section)
            continue
        section = md.Section(head=head + DIFF_TABLE_HEAD)
        for item in doc.items:
            subject = [_cell(item.category), _cell(item.subject)]
            rows = [
                md.row([*subject, _cell(fc.field), _cell(fc.before), _cell(fc.after)])
                for fc in item.changes
            ] or [md.row([*subject, "", "", ""])]
            for line in rows:
                section.add(("document", "row") if not section.entries else "row", line)
        sections.append(section)
    for what, heading in (("money", "Money"), ("allocation", "Allocation")):
        gaps = md.Section(head=[f"#### {heading} not compared", ""])
        for u in result.unavailable:
            if u["what"] == what:
                gaps.add("note", f"- {_cell(_gap_line(u))}")
        sections.append(gaps)
    if result.money:
        money = md.Section(
            head=[
                "#### Money moved",
                "",
                *md.table(
                    ["district", "year", "source", "before", "after", "change"], "lllrrr", []
                ),
            ]
        )
        for r in result.money:
            delta = r["after"] - r["before"]
            money.add(
                "money row",
                md.row(
                    [
                        _cell(r["district"]),
                        str(r["year"]),
                        _cell(r["source"]),
                        show(r["before"]),
                        show(r["after"]),
                        f"{'+' if delta > 0 else ''}{show(delta)}",
                    ]
                ),
            )
        sections.append(money)
    if result.allocation:
        alloc = md.Section(
            head=[
                "#### Allocation",
                "",
                *md.table(["year", "district", "before", "after"], "llrr", []),
            ]
        )
        for r in result.allocation:
            alloc.add(
                "allocation row",
                md.row([str(r["year"]), _cell(r["district"]), show(r["before"]), show(r["after"])]),
            )
        sections.append(alloc)
    if result.introduced or result.fixed:
        diags = md.Section(
            head=[
                f"<details><summary>Diagnostics: {len(result.introduced)} introduced, "
                f"{len(result.fixed)} fixed</summary>",
                "",
            ],
            tail=["", "</details>", ""],
        )
        for d in result.introduced:
            diags.add(
                "diagnostic",
                f"- introduced {d.severity} {d.code} {md.code(f'{d.file}:{d.line}')} "
                f"{_cell(d.message)}",
            )
        for d in result.fixed:
            diags.add("diagnostic", f"- fixed {d.code} {md.code(d.file)} {_cell(d.message)}")
        sections.append(diags)
    return md.bounded(top, sections, budget, _left_out)


DIFF_TABLE_HEAD = [
    "| change | what | field | before | after |",
    "|---|---|---|---|---|",
]

_KIND_NAMES = {
    "document": "documents",
    "row": "table rows",
    "decision": "decisions needed",
    "callout": "notes",
    "note": "notes",
    "money row": "money rows",
    "allocation row": "allocation rows",
    "diagnostic": "diagnostics",
}


def _left_out(counts: dict[str, tuple[int, int]]) -> str:
    parts = [
        f"{show(skipped)} of {show(total)} {_KIND_NAMES.get(kind, kind)}"
        for kind, (skipped, total) in counts.items()
        if skipped
    ]
    return (
        f"> **Shortened:** GitHub allows {show(md.COMMENT_LIMIT)} characters in a comment, so "
        f"{', '.join(parts)} are not shown here. `omrade diff --format json` lists everything."
    )


def as_text(result: DiffResult) -> str:
    """For a terminal or a CI log: every value through ``plain.line`` (one line, control
    characters shown, no workflow command can be formed)."""
    t = plain.line
    lines = [f"omrade diff {t(result.base)} → {t(result.head)}"]
    if not result.documents:
        return lines[0] + "\nNo plan files changed.\n"
    lines.append(t(headline(result)))
    for doc in result.documents:
        lines.append("")
        lines.append(f"{t(doc.file)}  [{doc.status}]  {t(doc.title)}")
        if doc.needs_decision:
            lines.append(f"  ! {t(doc.needs_decision)}")
        for item in doc.items:
            lines.append(f"  {t(item.category)}: {t(item.subject)}")
            lines += [f"      {t(fc.field)}: {t(fc.before)} → {t(fc.after)}" for fc in item.changes]
    for r in result.money:
        lines.append(
            f"money {t(r['district'])} {r['year']} {t(r['source'])}: "
            f"{show(r['before'])} → {show(r['after'])}"
        )
    for r in result.allocation:
        lines.append(
            f"allocation {r['year']} {t(r['district'])}: {show(r['before'])} → {show(r['after'])}"
        )
    for u in result.unavailable:
        lines.append(f"{u['what']} not compared: {_gap_line(u)}")
    for d in result.introduced:
        lines.append(f"introduced {d.code} {t(d.file)}:{d.line} {t(d.message)}")
    for d in result.fixed:
        lines.append(f"fixed {d.code} {t(d.file)} {t(d.message)}")
    return "\n".join(lines) + "\n"


def as_json(result: DiffResult) -> str:
    doc = {
        "format_version": 1,
        "base": result.base,
        "head": result.head,
        "documents": [asdict(d) for d in result.documents],
        "money": result.money,
        "allocation": result.allocation,
        "unavailable": result.unavailable,
        "introduced": [d.to_dict() for d in result.introduced],
        "fixed": [d.to_dict() for d in result.fixed],
    }
    return plain.dumps(doc)

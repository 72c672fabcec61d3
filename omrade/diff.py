"""`omrade diff`: what a change means for the plans, not which YAML lines moved."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrade.allocation.compute import Allocation
from omrade.diagnostics import Diagnostic
from omrade.i18n import N_, Translator
from omrade.model import documents as m
from omrade.repo.git import (
    GitView,
    both_revisions,
    changed_paths,
    open_git,
    repository_at,
    resolve,
)
from omrade.repo.names import Names
from omrade.repo.repository import Doc, Repository
from omrade.rules import CHECKS, phase, tracking
from omrade.rules.personal import hidden_names
from omrade.run import Run


@dataclass
class FieldChange:
    field: str
    before: str
    after: str
    # how the values are named when shown to a person (an organisation, an enum, …); the
    # JSON keeps the ids
    shape: str = ""


@dataclass
class Item:
    category: str  # action added, action removed, action changed, goal changed, …
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    shape: str = ""  # how the subject is named when shown (see FieldChange.shape)
    subject_en: str = ""  # the subject in English, where the data has an _en twin


@dataclass
class DocChange:
    file: str
    kind: str
    title: str
    status: str  # added, removed, modified
    items: list[Item] = field(default_factory=list)
    needs_decision: str = ""  # set when an adopted document changed without a new decision
    # for people, not in the JSON: the title per language, and the decision's parts
    titles: dict[str, str] = field(default_factory=dict)
    decision: dict[str, str] = field(default_factory=dict)


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
    # names of what the ids refer to (both revisions; the new one wins), for people
    names: Names = field(default_factory=Names)
    # name keys of members with public: false at either revision (never output)
    hidden: list[str] = field(default_factory=list)

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


def decision_parts(before: Any, after: Any) -> dict[str, str]:
    """The unchanged decision of an adopted document that changed (``decision_guard``)."""
    if not decision_guard(before, after):
        return {}
    da = after.decision
    return {"body": da.body, "date": show(da.date), "reference": da.reference}


def titles_of(doc: Doc, names: Names) -> dict[str, str]:
    """The document's title in each language, with names instead of ids."""
    model, out = doc.model, {}
    for lang in ("sv", "en"):
        t = Translator(lang)
        if model is None:
            out[lang] = doc.file
        elif doc.kind == "plan":
            out[lang] = t._(
                "Action plan {year} – {programme}",
                year=model.year,
                programme=names.programme(model.programme, lang),
            )
        elif doc.kind == "analysis":
            out[lang] = t._(
                "District analysis {year} – {district}",
                year=model.year,
                district=names.district(model.district, lang),
            )
        elif doc.kind == "budget":
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
                doc.file,
            )
    return out


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
    return repo.queries.money_by_district


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


def allocations(run: Run) -> tuple[dict[int, dict[str, int]], dict[int, str]]:
    """Every budget year's allocation by district, and the years that cannot be computed
    (exactly those ``omrade allocate`` refuses), from the revision's run."""
    done, failed = {}, {}
    for year in run.years():
        result = run.outcome(year)
        if isinstance(result, Allocation):
            done[year] = {d.district: d.total for d in result.districts}
        else:
            failed[year] = str(result)
    return done, failed


def diagnostics_of(repo: Repository | Run, as_of: dt.date) -> list[Diagnostic]:
    """Every diagnostic of a revision with its configured severities (a run's, or a new
    run's over a repository)."""
    run = repo if isinstance(repo, Run) else Run(repo, as_of)
    return run.diagnostics()


# --- what the head keeps from the base ----------------------------------------------------------

# the kinds of documents an allocation is computed from (omrade.repo.allocation.prepare)
ALLOCATION_KINDS = {"budget", "district", "analysis", "indicators", "municipality"}


def changed_documents(before: Repository, after: Repository) -> tuple[set[str], set[str]]:
    """The files whose document is not the same object at both revisions (changed, added,
    removed, or read again), and the kinds whose documents or indexes differ: such a
    document's kind at either revision, an index whose keys, order or documents differ,
    and a kind whose documents failing the schema differ."""
    files: set[str] = set()
    kinds: set[str] = set()
    for file in before.made.keys() | after.made.keys():
        b, a = before.made.get(file), after.made.get(file)
        if b is not a:
            files.add(file)
            kinds.update(made.doc.kind for made in (b, a) if made is not None)
    for name, kind in tracking.KIND_OF_INDEX.items():
        ib, ia = getattr(before, name), getattr(after, name)
        if len(ib) != len(ia) or any(
            kb != ka or db is not da
            for (kb, db), (ka, da) in zip(ib.items(), ia.items(), strict=True)
        ):
            kinds.add(kind)
    if before.municipality_doc is not after.municipality_doc:
        kinds.add("municipality")
    if before.indicators_doc is not after.indicators_doc:
        kinds.add("indicators")
    for kind in before.broken.keys() | after.broken.keys():
        if before.broken.get(kind) != after.broken.get(kind):
            kinds.add(kind)
    return files, kinds


def keeps(
    reads: frozenset[str] | None, kinds: set[str], *, inputs_kept: bool, allocation_kept: bool
) -> bool:
    """Whether a rule that read ``reads`` at the base finds the same at the head (apart
    from the changed documents, for a rule that reads each document alone: DOCS)."""
    if reads is None or tracking.EVERYTHING in reads or "municipality" in kinds:
        return False
    if tracking.INPUTS in reads and not inputs_kept:
        return False
    if tracking.ALLOCATION in reads and not allocation_kept:
        return False
    return not reads & kinds


def carry(
    before: Run,
    after: Run,
    code: str,
    files: set[str],
    kinds: set[str],
    *,
    inputs_kept: bool,
    allocation_kept: bool = False,
    docs: list[Doc] | None = None,
) -> None:
    """The head's findings of rule ``code`` from the base's, where it read nothing that
    changed; a rule that reads each document alone runs again on the changed ones."""
    reads = before.reads.get(code)
    if not keeps(reads, kinds, inputs_kept=inputs_kept, allocation_kept=allocation_kept):
        return
    assert reads is not None
    if tracking.DOCS not in reads:
        after.per_rule[code] = before.per_rule[code]
        return
    kept = [d for d in before.per_rule[code] if d.file not in files]
    if docs is None:
        docs = [doc for doc in after.repo.docs if doc.file in files]
    after.per_rule[code] = kept + list(CHECKS[code](tracking.on_documents(after.context, docs)))


def carry_over(before: Run, after: Run) -> bool:
    """Give the head's run what it shares with the base's (tracked) run: the findings of
    every rule that read nothing that changed, the budget rules' verdicts and the
    allocation of every year when their inputs (and the errors in them) are the same.
    The head computes only the rest. True when it kept the allocation of every year."""
    files, kinds = changed_documents(before.repo, after.repo)
    config = "municipality" in kinds  # its rules: decide which findings are errors
    unknown = any(
        made.doc.kind not in m.KINDS
        for repo in (before.repo, after.repo)
        for file in files
        if (made := repo.made.get(file)) is not None
    )
    # what the budget rules and the allocation read: budgets, districts, analyses, the
    # indicator catalogue, the municipality, and files by their path (a broken one)
    inputs_kept = not (config or unknown or kinds & ALLOCATION_KINDS)
    inputs_kept = inputs_kept and before.years() == after.years()
    if inputs_kept:
        after.budget_checks = before.budget_checks  # the same documents, the same verdicts
    before.checks()  # the base's rules, tracked
    docs = [doc for doc in after.repo.docs if doc.file in files]  # the head's changed ones
    for code in phase(after_allocation=False):
        carry(before, after, code, files, kinds, inputs_kept=inputs_kept, docs=docs)
    after.checks_before_allocation()
    kept = inputs_kept
    for year in after.years() if kept else []:
        inputs = after.inputs(year)
        errors_b = sorted(d for d in before._errors() if d.file in inputs)
        errors_a = sorted(d for d in after._errors() if d.file in inputs)
        if inputs & files or inputs != before.inputs(year) or errors_a != errors_b:
            kept = False
            break
    if kept:
        for year in after.years():
            after._allocations[year] = before.outcome(year)
    for code in phase(after_allocation=True):
        carry(
            before,
            after,
            code,
            files,
            kinds,
            inputs_kept=inputs_kept,
            allocation_kept=kept,
            docs=docs,
        )
    return kept


def touches_allocation(run: Run, changed: set[str]) -> bool:
    """Whether a changed file is one the allocation of some year reads, or the
    municipality file (its ``rules:`` decide which findings are errors that block it)."""
    mun = run.repo.municipality_doc
    if (mun is not None and mun.file in changed) or "data/municipality.yaml" in changed:
        return True
    return any(changed & run.inputs(year) for year in run.years())


def compare(
    view: GitView,
    base_rev: str,
    head_rev: str | None,
    as_of: dt.date,
    public: bool = False,
    *,
    incremental: bool = True,
) -> DiffResult:
    """The semantic difference between two revisions (head None: the working tree).

    ``incremental`` (the default) builds the head from the base's unchanged documents and
    re-checks only what the change can affect (see ``omrade.rules.tracking``); False
    builds and checks both revisions whole, the reference the tests compare it with."""
    base = resolve(view, base_rev)
    head = resolve(view, head_rev) if head_rev else None
    changed = changed_paths(view, base, head)
    result = DiffResult(base=base_rev, head=head_rev or "working tree")
    if not changed:
        return result
    if incremental:
        before_repo, after_repo = both_revisions(view, base, head, changed)
    else:
        before_repo, after_repo = repository_at(view, base), repository_at(view, head)
    before_run, after_run = Run(before_repo, as_of, track=incremental), Run(after_repo, as_of)
    allocation_kept = incremental and carry_over(before_run, after_run)
    result.names = Names.of(before_repo, after_repo)
    result.hidden = sorted(set(hidden_names(before_repo)) | set(hidden_names(after_repo)))
    before_docs = {d.file: d for d in before_repo.docs}
    after_docs = {d.file: d for d in after_repo.docs}
    revision = {"base": result.base, "head": result.head}
    for rel, status in sorted(changed.items()):
        b, a = before_docs.get(rel), after_docs.get(rel)
        doc = a or b
        if doc is None:  # not read at either revision (a name that is not UTF-8)
            status_word = {"A": "added", "D": "removed"}.get(status, "modified")
            unread = Item("unreadable", "the file cannot be read (see the diagnostics)")
            result.documents.append(DocChange(rel, "unknown", "", status_word, [unread]))
            continue
        change = DocChange(
            rel, doc.kind, title_of(doc), {"A": "added", "D": "removed"}.get(status, "modified")
        )
        change.titles = titles_of(doc, result.names)
        if b is not None and a is not None and b.model is not None and a.model is not None:
            change.items = document_items(doc.kind, b.model, a.model, public)
            change.needs_decision = decision_guard(b.model, a.model)
            change.decision = decision_parts(b.model, a.model)
        elif status == "A" and a is not None and a.model is not None and doc.kind == "plan":
            change.items = plan_items(a.model.model_copy(update={"actions": []}), a.model)
        elif status == "M" and (a is None or a.model is None):
            change.items = [
                Item("unreadable", N_("the file has errors at the new revision"), shape="message")
            ]
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

    # the head kept the base's allocation of every year (carry_over): nothing can move
    if not allocation_kept and (
        touches_allocation(before_run, set(changed)) or touches_allocation(after_run, set(changed))
    ):
        (alloc_b, failed_b), (alloc_a, failed_a) = allocations(before_run), allocations(after_run)
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

    diags_b = {identity(d): d for d in diagnostics_of(before_run, as_of)}
    diags_a = {identity(d): d for d in diagnostics_of(after_run, as_of)}
    result.introduced = [diags_a[k] for k in sorted(diags_a.keys() - diags_b.keys())]
    result.fixed = [diags_b[k] for k in sorted(diags_b.keys() - diags_a.keys())]
    if public:
        redact_personal(result)
    return result


def redact_personal(result: DiffResult) -> None:
    """Personal data in the texts a change shows — identity numbers, emails, phone numbers,
    the names of members with public: false — replaced by '[…]': the summary is posted
    where anyone reads it, also when the change itself is the mistake. File names and
    codes are not texts of the plans and stay as they are."""
    from dataclasses import replace

    from omrade.personal import redact

    def clean(text: str) -> str:
        return redact(text, result.hidden) if isinstance(text, str) else text

    for doc in result.documents:
        doc.title = clean(doc.title)
        doc.needs_decision = clean(doc.needs_decision)
        for item in doc.items:
            item.subject = clean(item.subject)
            for change in item.changes:
                change.before, change.after = clean(change.before), clean(change.after)
    for name in ("introduced", "fixed"):
        setattr(
            result,
            name,
            [
                replace(d, message=clean(d.message), hint=clean(d.hint))
                for d in getattr(result, name)
            ],
        )


def run(root: Any, base: str, head: str | None, as_of: dt.date, public: bool) -> DiffResult:
    return compare(open_git(root), base, head, as_of, public)

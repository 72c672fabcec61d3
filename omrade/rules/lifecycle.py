"""3xx: dates in order, plans inside programmes, decisions, expiry and follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic
from omrade.model import periods
from omrade.repo import cycle
from omrade.rules import Context, check

EXPIRY_WARNING_DAYS = 180


@check("OMR301")
def dates_reversed(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, prog in repo.valid(repo.programmes):
        if prog.valid_from > prog.valid_to:
            yield doc.diag(
                "OMR301",
                ("valid_to",),
                f"valid_to {prog.valid_to} is before valid_from {prog.valid_from}",
                "swap the dates or correct one of them",
            )
    for doc, plan in repo.valid(repo.plans):
        for i, a in enumerate(plan.actions):
            if a.start and a.end and a.start > a.end:
                yield doc.diag(
                    "OMR301",
                    ("actions", i, "end"),
                    f"action {a.id} ends ({a.end}) before it starts ({a.start})",
                    "swap the dates or correct one of them",
                )
    for doc, group in repo.valid(repo.groups):
        for i, member in enumerate(group.members):
            if member.from_ and member.until and member.from_ > member.until:
                yield doc.diag(
                    "OMR301",
                    ("members", i, "until"),
                    f"'until' {member.until} is before 'from' {member.from_}",
                    "swap the dates or correct one of them",
                )
    for doc, guideline in repo.valid(repo.guidelines):
        if (
            guideline.valid_from
            and guideline.valid_to
            and guideline.valid_from > guideline.valid_to
        ):
            yield doc.diag(
                "OMR301",
                ("valid_to",),
                f"valid_to {guideline.valid_to} is before valid_from {guideline.valid_from}",
                "swap the dates or correct one of them",
            )
    for doc, dialogue in repo.valid(repo.dialogues):
        conduct = dialogue.steps.conduct
        if conduct and conduct.from_ > conduct.to:
            yield doc.diag(
                "OMR301",
                ("steps", "conduct", "to"),
                f"the dialogue is conducted to {conduct.to}, before it starts ({conduct.from_})",
                "swap the dates or correct one of them",
            )


@check("OMR302")
def plan_outside_programme(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans):
        pdoc = repo.programmes.get(plan.programme)
        if pdoc is None or pdoc.model is None:
            continue
        prog = pdoc.model
        if not prog.valid_from.year <= plan.year <= prog.valid_to.year:
            yield doc.diag(
                "OMR302",
                ("year",),
                f"the {plan.year} plan is outside programme '{prog.id}' "
                f"({prog.valid_from} – {prog.valid_to})",
                "attach the plan to the programme valid that year",
            )


@check("OMR303")
def adopted_without_decision(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for index in (repo.analyses, repo.programmes, repo.plans, repo.budgets, repo.guidelines):
        for doc, model in repo.valid(index):
            if model.status in ("adopted", "replaced") and model.decision is None:
                yield doc.diag(
                    "OMR303",
                    ("status",),
                    f"the {doc.kind} is {model.status} but records no decision",
                    "add 'decision: {body: ..., date: ..., reference: ...}' or set status: draft",
                )


@check("OMR304")
def overlapping_programmes(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    adopted = sorted(
        (
            (p.district, p.valid_from, p.id, doc)
            for doc, p in repo.valid(repo.programmes)
            if p.status == "adopted"
        ),
        key=lambda t: (t[0], t[1], t[2]),
    )
    by_district: dict[str, list] = {}
    for district, _start, _id, doc in adopted:
        by_district.setdefault(district, []).append(doc)
    for docs in by_district.values():
        # sorted by start: only neighbours need comparing (no quadratic scan)
        latest = docs[0]
        for doc in docs[1:]:
            if doc.model.valid_from <= latest.model.valid_to:
                yield doc.diag(
                    "OMR304",
                    ("valid_from",),
                    f"programme '{doc.model.id}' overlaps adopted programme "
                    f"'{latest.model.id}' ({latest.model.valid_from} – "
                    f"{latest.model.valid_to})",
                    "mark the older one 'status: replaced' or adjust the validity",
                )
            if doc.model.valid_to > latest.model.valid_to:
                latest = doc


def _successor(ctx: Context, programme_id: str) -> bool:
    return any(p.replaces == programme_id for _d, p in ctx.repo.valid(ctx.repo.programmes))


@check("OMR305")
def programme_expired(ctx: Context) -> Iterator[Diagnostic]:
    for doc, prog in ctx.repo.valid(ctx.repo.programmes):
        if prog.status == "adopted" and prog.valid_to < ctx.as_of:
            yield doc.diag(
                "OMR305",
                ("valid_to",),
                f"programme '{prog.id}' expired on {prog.valid_to} (as of {ctx.as_of})",
                "adopt a successor with 'replaces:', and set this one to 'status: replaced'",
            )


@check("OMR306")
def programme_expiring(ctx: Context) -> Iterator[Diagnostic]:
    horizon = ctx.as_of + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    for doc, prog in ctx.repo.valid(ctx.repo.programmes):
        if (
            prog.status == "adopted"
            and ctx.as_of <= prog.valid_to <= horizon
            and not _successor(ctx, prog.id)
        ):
            days = (prog.valid_to - ctx.as_of).days
            yield doc.diag(
                "OMR306",
                ("valid_to",),
                f"programme '{prog.id}' expires on {prog.valid_to}, in {days} days",
                f"start the successor programme (a draft with 'replaces: {prog.id}')",
            )


def _cycle(ctx: Context) -> str:
    mun = ctx.repo.municipality
    return mun.follow_up if mun else "tertial"


@check("OMR307")
def follow_up_period_invalid(ctx: Context) -> Iterator[Diagnostic]:
    name = _cycle(ctx)
    for doc, plan in ctx.repo.valid(ctx.repo.plans):
        allowed = [p.label for p in periods.periods(plan.year, name)]
        for i, action in enumerate(plan.actions):
            for j, f in enumerate(action.follow_up):
                if f.period not in allowed:
                    yield doc.diag(
                        "OMR307",
                        ("actions", i, "follow_up", j, "period"),
                        f"period {f.period} is not a {name} follow-up of the {plan.year} plan",
                        "use one of: " + ", ".join(allowed),
                    )


@check("OMR308")
def follow_up_missing(ctx: Context) -> Iterator[Diagnostic]:
    cal = cycle.calendar(ctx.repo)
    for doc, plan in ctx.repo.valid(ctx.repo.plans):
        if plan.status != "adopted":
            continue
        ended = [
            p for p in periods.periods(plan.year, _cycle(ctx)) if cycle.overdue(p, cal, ctx.as_of)
        ]
        for i, action in enumerate(plan.actions):
            reported = {f.period: f.status for f in action.follow_up}
            missing = periods.missing_follow_ups(reported, action.start, action.end, ended)
            if missing:
                labels = ", ".join(
                    f"{p.label} (due by {cycle.due(p, cal)})"
                    if cal.follow_up_due_days
                    else f"{p.label} (ended {p.end})"
                    for p in missing
                )
                yield doc.diag(
                    "OMR308",
                    ("actions", i, "id"),
                    f"action {action.id} has no follow-up for {labels}",
                    "add a follow_up entry with period, status, rating and trend",
                )


@check("OMR309")
def action_outside_year(ctx: Context) -> Iterator[Diagnostic]:
    for doc, plan in ctx.repo.valid(ctx.repo.plans):
        for i, a in enumerate(plan.actions):
            for name in ("start", "end"):
                when = getattr(a, name)
                # a start before the year is fine (carried over); an end after it is not
                if when and (when.year > plan.year or (name == "end" and when.year < plan.year)):
                    yield doc.diag(
                        "OMR309",
                        ("actions", i, name),
                        f"action {a.id}'s {name} {when} is outside {plan.year}",
                        f"move it to the {when.year} plan, or split the action",
                    )


@check("OMR310")
def decision_in_future(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for index in (repo.analyses, repo.programmes, repo.plans, repo.budgets, repo.guidelines):
        for doc, model in repo.valid(index):
            if model.decision and model.decision.date > ctx.as_of:
                yield doc.diag(
                    "OMR310",
                    ("decision", "date"),
                    f"the decision is dated {model.decision.date}, after {ctx.as_of}",
                    "keep status: draft until the decision is made",
                )


@check("OMR311")
def analysis_out_of_date(ctx: Context) -> Iterator[Diagnostic]:
    latest: dict[str, tuple] = {}
    for doc, analysis in ctx.repo.valid(ctx.repo.analyses):
        if analysis.district not in latest or analysis.updated > latest[analysis.district][0]:
            latest[analysis.district] = (analysis.updated, doc)
    limit = (
        ctx.as_of.replace(year=ctx.as_of.year - 2)
        if not (ctx.as_of.month == 2 and ctx.as_of.day == 29)
        else ctx.as_of - dt.timedelta(days=731)
    )
    for district, (updated, doc) in sorted(latest.items()):
        if updated < limit:
            yield doc.diag(
                "OMR311",
                ("updated",),
                f"the latest analysis of {district} was updated {updated}, more "
                f"than two years before {ctx.as_of}",
                "refresh the stadsdelsanalys before the next focus period",
            )


@check("OMR312")
def duplicate_follow_up(ctx: Context) -> Iterator[Diagnostic]:
    for doc, plan in ctx.repo.valid(ctx.repo.plans):
        for i, action in enumerate(plan.actions):
            seen: set[str] = set()
            for j, f in enumerate(action.follow_up):
                if f.period in seen:
                    yield doc.diag(
                        "OMR312",
                        ("actions", i, "follow_up", j, "period"),
                        f"action {action.id} reports {f.period} twice",
                        "merge the two follow-ups",
                    )
                seen.add(f.period)

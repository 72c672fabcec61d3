"""3xx, the yearly cycle: plans and budgets adopted by their dates, follow-ups due soon,
and actions whose follow-up has gone stale. Dates come from the calendar in
municipality.yaml (or the tertial-practice defaults) and from --as-of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.model import periods
from omrade.repo import cycle
from omrade.rules import Context, check, programme_name


def _adopted_by(model: m.Plan | m.Budget, as_of: dt.date) -> bool:
    """Adopted as of ``as_of``: status adopted (or since replaced), decided on or before it."""
    return model.status in ("adopted", "replaced") and (
        model.decision is None or model.decision.date <= as_of
    )


OMR316 = define(
    "OMR316",
    "warning",
    "Action plan missing after its date",
    (
        "The calendar's date for adopting the coming year's action plan has "
        "passed (by --as-of) and a current programme has no adopted plan for "
        "that year."
    ),
    message=(
        "the programme for {name} ({id}) has no action plan for {year}; it was to be adopted "
        "by {by}"
    ),
    hint="write it: omrade new plan --programme {id} --year {year}",
    variants={
        "not_adopted": (
            (
                "the {year} action plan of the programme for {name} ({id}) is not adopted "
                "as of {as_of}; it was to be adopted by {by}"
            ),
            "record the decision (status: adopted, decision: ...) once it is made",
        ),
    },
    example=Example(
        "data/municipality.yaml",
        "follow_up: tertial\ncalendar: {plan: {by: 09-30, year: before}}\n",
        replaces="follow_up: tertial\n",
        situation=(
            "Checked as of 2025-10-01: the 2026 action plans were to be adopted by "
            "2025-09-30, and neither programme has one."
        ),
    ),
    sv=dict(
        situation=(
            "Kontrollerat per 2025-10-01: handlingsplanerna för 2026 skulle vara antagna senast "
            "2025-09-30, och inget av programmen har någon."
        ),
        title="Handlingsplan saknas efter sitt datum",
        description=(
            "Årshjulets datum för att anta nästa års handlingsplan har passerat "
            "(per --as-of) och ett gällande utvecklingsprogram saknar antagen "
            "handlingsplan för det året."
        ),
        message=(
            "utvecklingsprogrammet för {name} ({id}) saknar handlingsplan för {year}; "
            "den skulle vara antagen senast {by}"
        ),
        hint="skriv den: omrade new plan --programme {id} --year {year}",
        variants={
            "not_adopted": (
                (
                    "handlingsplanen för {year} i utvecklingsprogrammet för {name} ({id}) är "
                    "inte antagen per {as_of}; den skulle vara antagen senast {by}"
                ),
                "ange beslutet (status: adopted, decision: ...) när det är fattat",
            ),
        },
    ),
)


@check(OMR316)
def plan_missing(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("plan"):
        return  # a plan that failed its schema may be the one that is missing
    deadline = cycle.calendar(repo).plan
    year = cycle.latest_passed_year(deadline, ctx.as_of)
    by = deadline.date_for(year)
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        if prog.status != "adopted" or not prog.valid_from.year <= year <= prog.valid_to.year:
            continue
        pdoc = repo.plans.get((prog.id, year))
        if pdoc is None:
            yield OMR316.on(
                doc, ("id",), id=prog.id, name=programme_name(ctx, prog), year=year, by=by
            )
        elif pdoc.model is not None and not _adopted_by(pdoc.model, ctx.as_of):
            yield OMR316.on(
                pdoc,
                ("status",),
                variant="not_adopted",
                year=year,
                id=prog.id,
                name=programme_name(ctx, prog),
                as_of=ctx.as_of,
                by=by,
            )


OMR317 = define(
    "OMR317",
    "warning",
    "Budget missing after its date",
    (
        "The calendar's date for adopting the coming year's budget has passed "
        "(by --as-of) and that year has no adopted budget."
    ),
    message="there is no budget for {year}; it was to be adopted by {by}",
    hint="add data/budget/{year}.yaml (the latest budget is {latest})",
    variants={
        "not_adopted": (
            ("the {year} budget is not adopted as of {as_of}; it was to be adopted by {by}"),
            "record the decision (status: adopted, decision: ...) once it is made",
        ),
    },
    example=Example(
        "data/budget/2025.yaml",
        "status: draft\n",
        replaces="status: adopted\n",
        situation="Checked as of 2025-10-01: the 2025 budget is still a draft.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01: budgeten för 2025 är fortfarande ett utkast.",
        title="Budget saknas efter sitt datum",
        description=(
            "Årshjulets datum för att anta nästa års budget har passerat (per "
            "--as-of) och det året saknar antagen budget."
        ),
        message="budget för {year} saknas; den skulle vara antagen senast {by}",
        hint="lägg till data/budget/{year}.yaml (den senaste budgeten gäller {latest})",
        variants={
            "not_adopted": (
                (
                    "budgeten för {year} är inte antagen per {as_of}; den skulle vara "
                    "antagen senast {by}"
                ),
                "ange beslutet (status: adopted, decision: ...) när det är fattat",
            ),
        },
    ),
)


@check(OMR317)
def budget_missing(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if not repo.budgets or repo.is_broken("budget"):
        return  # a repository without budgets does not use the area grant
    deadline = cycle.calendar(repo).budget
    year = cycle.latest_passed_year(deadline, ctx.as_of)
    by = deadline.date_for(year)
    bdoc = repo.budgets.get(year)
    if bdoc is None:
        earlier = [y for y in repo.budgets if y < year]
        if not earlier:
            return  # the budgets start later: nothing was expected yet
        last = repo.budgets[max(earlier)]
        yield OMR317.on(last, ("year",), year=year, by=by, latest=max(earlier))
    elif bdoc.model is not None and not _adopted_by(bdoc.model, ctx.as_of):
        yield OMR317.on(bdoc, ("status",), variant="not_adopted", year=year, as_of=ctx.as_of, by=by)


def _closed(action: m.Action, before: str) -> bool:
    """An earlier follow-up said done or cancelled: nothing more is due."""
    return any(f.status in ("done", "cancelled") and f.period < before for f in action.follow_up)


def _runs_in(action: m.Action, p: periods.Period) -> bool:
    return (action.start is None or action.start <= p.end) and (
        action.end is None or action.end >= p.start
    )


OMR318 = define(
    "OMR318",
    "warning",
    "Follow-up due soon",
    (
        "A period's follow-up is due within the calendar's due_soon_days "
        "(default 30) of --as-of and an action that runs in it has none yet; "
        "'omrade status' lists these as due soon."
    ),
    message=("due soon: the {label} follow-up of action {id} is due by {when} (in {days} days)"),
    hint="add a follow_up entry with period, status, rating and trend",
    example=Example(
        "data/municipality.yaml",
        "follow_up: tertial\ncalendar: {due_soon_days: 100}\n",
        replaces="follow_up: tertial\n",
        situation=(
            "Checked as of 2025-10-01: the third tertial's follow-up is due on "
            "2025-12-31, within 100 days, and the plans' actions have none yet."
        ),
    ),
    sv=dict(
        situation=(
            "Kontrollerat per 2025-10-01: uppföljningen av tredje tertialen ska lämnas senast "
            "2025-12-31, inom 100 dagar, och handlingsplanernas insatser har ingen ännu."
        ),
        title="Uppföljning snart",
        description=(
            "En periods uppföljning ska lämnas inom årshjulets due_soon_days (30 "
            "dagar om inget annat anges) från --as-of, och en insats som pågår "
            "under perioden saknar den än; 'omrade status' listar dessa."
        ),
        message=(
            "snart dags: uppföljningen {label} av insatsen {id} ska lämnas senast "
            "{when} (om {days} dagar)"
        ),
        hint="lägg till en uppföljning i follow_up med period, status, rating och trend",
    ),
)


@check(OMR318)
def follow_up_due_soon(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    cal = cycle.calendar(repo)
    horizon = ctx.as_of + dt.timedelta(days=cal.due_soon_days)
    for doc, plan in repo.valid(repo.plans, m.Plan):
        if plan.status != "adopted":
            continue
        soon = [
            p
            for p in periods.periods(plan.year, cycle.cycle(repo))
            if ctx.as_of <= cycle.due(p, cal) <= horizon
        ]
        for p in soon:
            when = cycle.due(p, cal)
            days = (when - ctx.as_of).days
            for i, action in enumerate(plan.actions):
                reported = {f.period for f in action.follow_up}
                if p.label in reported or not _runs_in(action, p) or _closed(action, p.label):
                    continue
                yield OMR318.on(
                    doc, ("actions", i, "id"), label=p.label, id=action.id, when=when, days=days
                )


def _same(a: m.FollowUp, b: m.FollowUp) -> bool:
    return (a.status, a.rating, a.trend, a.comment) == (b.status, b.rating, b.trend, b.comment)


OMR319 = define(
    "OMR319",
    "warning",
    "Stale action",
    (
        "An unfinished action has had no new follow-up for the calendar's "
        "stale_periods (default 2) periods: each one repeats the one before, or "
        "is missing."
    ),
    message=(
        "action {id} has had nothing new to report for {stale_periods} periods "
        "({periods}); its last new follow-up is for {last}"
    ),
    hint="say what has happened since, or change its status (delayed, cancelled)",
    example=Example(
        "data/municipality.yaml",
        "follow_up: tertial\ncalendar: {stale_periods: 1}\n",
        replaces="follow_up: tertial\n",
        situation=(
            "Action A1's follow-up for 2025-T2 says what T1 said (green, "
            "improving): with stale_periods 1, one repeat makes it stale."
        ),
    ),
    sv=dict(
        situation=(
            "Uppföljningen av insatsen A1 för 2025-T2 säger samma sak som för T1 (grön, "
            "förbättras): med stale_periods 1 räcker en upprepning för att den ska räknas som "
            "inaktuell."
        ),
        title="Insats utan nytt",
        description=(
            "En insats som inte är avslutad har inte fått någon ny uppföljning "
            "på årshjulets stale_periods (2 om inget annat anges) perioder: "
            "varje uppföljning upprepar den förra, eller saknas."
        ),
        message=(
            "insatsen {id} har inte haft något nytt att rapportera på "
            "{stale_periods} perioder ({periods}); dess senaste nya uppföljning "
            "gäller {last}"
        ),
        hint=("berätta vad som har hänt sedan dess, eller ändra dess status (delayed, cancelled)"),
    ),
)


@check(OMR319)
def stale_action(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    cal = cycle.calendar(repo)
    name = cycle.cycle(repo)
    # an action carried over keeps its id: its history runs across the programme's plans
    history: dict[tuple[str, str], list[m.FollowUp]] = {}
    for _doc, plan in sorted(repo.valid(repo.plans, m.Plan), key=lambda dp: dp[1].year):
        labels = {p.label for p in periods.periods(plan.year, name)}  # others are OMR307's
        for action in plan.actions:
            history.setdefault((plan.programme, action.id), []).extend(
                f for f in action.follow_up if f.period in labels
            )
    for doc, plan in repo.valid(repo.plans, m.Plan):
        if plan.status != "adopted":
            continue
        due = [p for p in periods.periods(plan.year, name) if cycle.overdue(p, cal, ctx.as_of)]
        for i, action in enumerate(plan.actions):
            ran = [p for p in due if _runs_in(action, p)]
            if len(ran) < cal.stale_periods:
                continue
            recent = ran[-cal.stale_periods :]
            if any(
                f.status in ("done", "cancelled") and f.period <= recent[-1].label
                for f in action.follow_up
            ):
                continue
            past = sorted(history[(plan.programme, action.id)], key=lambda f: f.period)
            by_period = {f.period: f for f in past}
            repeats = 0
            fresh = False
            for p in recent:
                current = by_period.get(p.label)
                if current is None:
                    continue
                earlier = [f for f in past if f.period < p.label]
                if earlier and _same(current, earlier[-1]):
                    repeats += 1
                else:
                    fresh = True
            # periods merely missing are OMR308's to report; stale means copied forward
            if fresh or repeats == 0:
                continue
            news = [f.period for k, f in enumerate(past) if k == 0 or not _same(f, past[k - 1])]
            yield OMR319.on(
                doc,
                ("actions", i, "id"),
                id=action.id,
                stale_periods=cal.stale_periods,
                periods=", ".join(p.label for p in recent),
                last=news[-1],
            )

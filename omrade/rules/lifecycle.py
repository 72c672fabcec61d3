"""3xx: dates in order, plans inside programmes, decisions, expiry and follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import CYCLES_SV, Diagnostic, Example, define, kind_noun, say
from omrade.model import documents as m
from omrade.model import periods
from omrade.repo import cycle
from omrade.repo.repository import Doc
from omrade.rules import Context, check, programme_name, programme_named

EXPIRY_WARNING_DAYS = 180


OMR301 = define(
    "OMR301",
    "error",
    "Dates in the wrong order",
    ("valid_from after valid_to, start after end, a member's 'from' after 'until'."),
    message="valid_to {valid_to} is before valid_from {valid_from}",
    hint="swap the dates or correct one of them",
    variants={
        "dialogue": (
            "the dialogue is conducted to {to}, before it starts ({start})",
            "swap the dates or correct one of them",
        ),
        "action": (
            "action {id} ends ({end}) before it starts ({start})",
            "swap the dates or correct one of them",
        ),
        "member": (
            "'until' {until} is before 'from' {start}",
            "swap the dates or correct one of them",
        ),
    },
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    end: 2025-01-10\n",
        replaces="    end: 2025-06-30\n",
        situation="The action starts on 2025-01-15.",
    ),
    sv=dict(
        situation="Insatsen börjar 2025-01-15.",
        title="Datum i fel ordning",
        description=(
            "valid_from efter valid_to, start efter end, en medlems 'from' efter 'until'."
        ),
        message="valid_to {valid_to} ligger före valid_from {valid_from}",
        hint="byt plats på datumen eller rätta ett av dem",
        variants={
            "dialogue": (
                "dialogen pågår till {to}, före sin start ({start})",
                "byt plats på datumen eller rätta ett av dem",
            ),
            "action": (
                "insatsen {id} slutar ({end}) innan den börjar ({start})",
                "byt plats på datumen eller rätta ett av dem",
            ),
            "member": (
                "'until' {until} ligger före 'from' {start}",
                "byt plats på datumen eller rätta ett av dem",
            ),
        },
    ),
)


@check(OMR301)
def dates_reversed(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        if prog.valid_from > prog.valid_to:
            yield OMR301.on(doc, ("valid_to",), valid_to=prog.valid_to, valid_from=prog.valid_from)
    for doc, plan in repo.valid(repo.plans, m.Plan):
        for i, a in enumerate(plan.actions):
            if a.start and a.end and a.start > a.end:
                yield OMR301.on(
                    doc, ("actions", i, "end"), variant="action", id=a.id, end=a.end, start=a.start
                )
    for doc, group in repo.valid(repo.groups, m.Group):
        for i, member in enumerate(group.members):
            if member.from_ and member.until and member.from_ > member.until:
                yield OMR301.on(
                    doc,
                    ("members", i, "until"),
                    variant="member",
                    until=member.until,
                    start=member.from_,
                )
    for doc, guideline in repo.valid(repo.guidelines, m.Guideline):
        if (
            guideline.valid_from
            and guideline.valid_to
            and guideline.valid_from > guideline.valid_to
        ):
            yield OMR301.on(
                doc, ("valid_to",), valid_to=guideline.valid_to, valid_from=guideline.valid_from
            )
    for doc, dialogue in repo.valid(repo.dialogues, m.Dialogue):
        conduct = dialogue.steps.conduct
        if conduct and conduct.from_ > conduct.to:
            yield OMR301.on(
                doc,
                ("steps", "conduct", "to"),
                variant="dialogue",
                to=conduct.to,
                start=conduct.from_,
            )


OMR302 = define(
    "OMR302",
    "error",
    "Plan outside its programme",
    "A plan's year is not inside its programme's validity.",
    message="the {year} plan is outside the programme for {name} ({id}: {valid_from} – {valid_to})",
    hint="attach the plan to the programme valid that year",
    example=Example(
        "data/programmes/norr-2024-2027.yaml",
        "valid_from: 2026-01-01\n",
        replaces="valid_from: 2024-01-01\n",
        situation="The programme has a plan for 2025.",
    ),
    sv=dict(
        situation="Utvecklingsprogrammet har en handlingsplan för 2025.",
        title="Handlingsplan utanför sitt utvecklingsprogram",
        description=("En handlingsplans år ligger utanför utvecklingsprogrammets giltighetstid."),
        message=(
            "handlingsplanen för {year} ligger utanför utvecklingsprogrammet för {name} "
            "({id}: {valid_from} – {valid_to})"
        ),
        hint="koppla handlingsplanen till det utvecklingsprogram som gäller det året",
    ),
)


@check(OMR302)
def plan_outside_programme(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        pdoc = repo.programmes.get(plan.programme)
        if pdoc is None or pdoc.model is None:
            continue
        prog = pdoc.model
        if not prog.valid_from.year <= plan.year <= prog.valid_to.year:
            yield OMR302.on(
                doc,
                ("year",),
                year=plan.year,
                id=prog.id,
                name=programme_name(ctx, prog),
                valid_from=prog.valid_from,
                valid_to=prog.valid_to,
            )


OMR303 = define(
    "OMR303",
    "error",
    "Adopted without decision",
    "An adopted document must record its decision (body, date, reference).",
    message="the {kind} is {status} but records no decision",
    hint=("add 'decision: {{body: ..., date: ..., reference: ...}}' or set status: draft"),
    example=Example(
        "data/programmes/syd-2024-2027/plan-2025.yaml",
        (
            "kind: plan\n"
            "programme: syd-2024-2027\n"
            "year: 2025\n"
            "status: adopted\n"
            "actions:\n"
            "  - {id: A1, title: Läxhjälp, main_task: HU1, type: promoting, "
            "responsible: utbf}\n"
        ),
    ),
    sv=dict(
        title="Antagen utan beslut",
        description=("Ett antaget dokument måste ange sitt beslut (organ, datum, diarienummer)."),
        message="{kind} har 'status: {status}' men anger inget beslut",
        hint=(
            "lägg till 'decision: {{body: ..., date: ..., reference: ...}}' eller sätt "
            "status: draft"
        ),
    ),
)


@check(OMR303)
def adopted_without_decision(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for index in (repo.analyses, repo.programmes, repo.plans, repo.budgets, repo.guidelines):
        for doc, model in repo.valid(index):
            if model.status in ("adopted", "replaced") and model.decision is None:
                yield OMR303.on(doc, ("status",), kind=kind_noun(doc.kind), status=model.status)


OMR304 = define(
    "OMR304",
    "error",
    "Overlapping programmes",
    "Two adopted programmes of one district are valid at the same time.",
    message=(
        "the programme for {programme} overlaps the adopted programme for {other} "
        "({valid_from} – {valid_to})"
    ),
    hint="mark the older one 'status: replaced' or adjust the validity",
    example=Example(
        "data/programmes/norr-2026-2029.yaml",
        (
            "kind: programme\n"
            "id: norr-2026-2029\n"
            "district: norr\n"
            "title: Program Norr 2026\n"
            "valid_from: 2026-01-01\n"
            "valid_to: 2029-12-31\n"
            "status: adopted\n"
            "decision: {body: kf, date: 2025-06-01, reference: KS/2025:7}\n"
            "main_tasks:\n"
            "  - {id: HU1, title: Arbete, dimension: economic}\n"
        ),
        situation="norr-2024-2027, also adopted, is valid to 2027-12-31.",
    ),
    sv=dict(
        situation="norr-2024-2027, som också är antaget, gäller till 2027-12-31.",
        title="Utvecklingsprogram som överlappar",
        description="Två antagna utvecklingsprogram för samma stadsdel gäller samtidigt.",
        message=(
            "utvecklingsprogrammet för {programme} överlappar det antagna "
            "utvecklingsprogrammet för {other} ({valid_from} – {valid_to})"
        ),
        hint="markera det äldre med 'status: replaced' eller justera giltighetstiden",
    ),
)


@check(OMR304)
def overlapping_programmes(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    adopted = sorted(
        (
            (p.district, p.valid_from, p.id, doc)
            for doc, p in repo.valid(repo.programmes, m.Programme)
            if p.status == "adopted"
        ),
        key=lambda t: (t[0], t[1], t[2]),
    )
    by_district: dict[str, list[Doc]] = {}
    for district, _start, _id, doc in adopted:
        by_district.setdefault(district, []).append(doc)
    for docs in by_district.values():
        # sorted by start: only neighbours need comparing (no quadratic scan)
        latest = docs[0]
        for doc in docs[1:]:
            if doc.model.valid_from <= latest.model.valid_to:
                yield OMR304.on(
                    doc,
                    ("valid_from",),
                    programme=programme_named(ctx, doc.model.id),
                    other=programme_named(ctx, latest.model.id),
                    valid_from=latest.model.valid_from,
                    valid_to=latest.model.valid_to,
                )
            if doc.model.valid_to > latest.model.valid_to:
                latest = doc


def _successor(ctx: Context, programme_id: str) -> bool:
    return any(
        p.replaces == programme_id for _d, p in ctx.repo.valid(ctx.repo.programmes, m.Programme)
    )


OMR305 = define(
    "OMR305",
    "warning",
    "Programme expired",
    ("An adopted programme whose validity ended before --as-of; replace it or mark it replaced."),
    message="the programme for {name} ({id}) expired on {valid_to} (as of {as_of})",
    hint=("adopt a successor with 'replaces:', and set this one to 'status: replaced'"),
    example=Example(
        "data/programmes/norr-2024-2027.yaml",
        "valid_to: 2025-06-30\n",
        replaces="valid_to: 2027-12-31\n",
        situation="Checked as of 2025-10-01, with no successor.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01, utan något nytt program som ersätter det.",
        title="Utvecklingsprogrammet har gått ut",
        description=(
            "Ett antaget utvecklingsprogram vars giltighetstid tog slut före "
            "--as-of; ersätt det eller markera det som ersatt."
        ),
        message="utvecklingsprogrammet för {name} ({id}) gick ut {valid_to} (per {as_of})",
        hint=(
            "anta ett nytt utvecklingsprogram med 'replaces:' och sätt det här till "
            "'status: replaced'"
        ),
    ),
)


@check(OMR305)
def programme_expired(ctx: Context) -> Iterator[Diagnostic]:
    for doc, prog in ctx.repo.valid(ctx.repo.programmes, m.Programme):
        if prog.status == "adopted" and prog.valid_to < ctx.as_of:
            yield OMR305.on(
                doc,
                ("valid_to",),
                id=prog.id,
                name=programme_name(ctx, prog),
                valid_to=prog.valid_to,
                as_of=ctx.as_of,
            )


OMR306 = define(
    "OMR306",
    "warning",
    "Programme expiring soon",
    ("An adopted programme that expires within 180 days of --as-of and has no successor."),
    message="the programme for {name} ({id}) expires on {valid_to}, in {days} days",
    hint="start the successor programme (a draft with 'replaces: {id}')",
    example=Example(
        "data/programmes/norr-2024-2027.yaml",
        "valid_to: 2026-01-31\n",
        replaces="valid_to: 2027-12-31\n",
        situation="Checked as of 2025-10-01, with no successor.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01, utan något nytt program som ersätter det.",
        title="Utvecklingsprogrammet går snart ut",
        description=(
            "Ett antaget utvecklingsprogram som går ut inom 180 dagar från "
            "--as-of och saknar efterföljare."
        ),
        message="utvecklingsprogrammet för {name} ({id}) går ut {valid_to}, om {days} dagar",
        hint="påbörja nästa utvecklingsprogram (ett utkast med 'replaces: {id}')",
    ),
)


@check(OMR306)
def programme_expiring(ctx: Context) -> Iterator[Diagnostic]:
    horizon = ctx.as_of + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    for doc, prog in ctx.repo.valid(ctx.repo.programmes, m.Programme):
        if (
            prog.status == "adopted"
            and ctx.as_of <= prog.valid_to <= horizon
            and not _successor(ctx, prog.id)
        ):
            days = (prog.valid_to - ctx.as_of).days
            yield OMR306.on(
                doc,
                ("valid_to",),
                id=prog.id,
                name=programme_name(ctx, prog),
                valid_to=prog.valid_to,
                days=days,
            )


def _cycle(ctx: Context) -> str:
    mun = ctx.repo.municipality
    return mun.follow_up if mun else "tertial"


OMR307 = define(
    "OMR307",
    "error",
    "Follow-up period outside the plan",
    (
        "A follow-up period that is not in the plan's year or not of the "
        "municipality's follow-up cycle (tertial, quarter, half_year, year)."
    ),
    message="period {period} is not a {name} follow-up of the {year} plan",
    hint="use one of: {items}",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "{period: 2025-Q2, status: ongoing, rating: green, trend: improving}",
        replaces="{period: 2025-T2, status: ongoing, rating: green, trend: improving}",
        situation="The municipality follows up by tertial.",
    ),
    sv=dict(
        situation="Kommunen följer upp per tertial.",
        title="Uppföljningsperiod utanför handlingsplanen",
        description=(
            "En uppföljningsperiod som inte ligger i handlingsplanens år, eller "
            "inte hör till kommunens uppföljningscykel (tertial, kvartal, "
            "halvår, år)."
        ),
        message=("perioden {period} är ingen uppföljning ({name}) av handlingsplanen för {year}"),
        hint="använd en av: {items}",
    ),
)


@check(OMR307)
def follow_up_period_invalid(ctx: Context) -> Iterator[Diagnostic]:
    name = _cycle(ctx)
    for doc, plan in ctx.repo.valid(ctx.repo.plans, m.Plan):
        allowed = [p.label for p in periods.periods(plan.year, name)]
        for i, action in enumerate(plan.actions):
            for j, f in enumerate(action.follow_up):
                if f.period not in allowed:
                    yield OMR307.on(
                        doc,
                        ("actions", i, "follow_up", j, "period"),
                        period=f.period,
                        name=say(name, CYCLES_SV.get(name, name)),
                        year=plan.year,
                        items=", ".join(allowed),
                    )


OMR308 = define(
    "OMR308",
    "warning",
    "Follow-up missing",
    ("A follow-up period has ended (by --as-of) and an action that ran in it has no follow-up."),
    message="action {id} has no follow-up for {labels}",
    hint="add a follow_up entry with period, status, rating and trend",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        (
            "    follow_up:\n"
            "      - {period: 2025-T1, status: ongoing, rating: green, trend: "
            "improving}\n"
            "  - id: A2\n"
        ),
        replaces=(
            "    follow_up:\n"
            "      - {period: 2025-T1, status: ongoing, rating: green, trend: "
            "improving}\n"
            "      - {period: 2025-T2, status: ongoing, rating: green, trend: "
            "improving}\n"
            "  - id: A2\n"
        ),
        situation=(
            "Action A1 runs all year; checked as of 2025-10-01, the second tertial "
            "has ended and A1 has no follow-up for it."
        ),
    ),
    sv=dict(
        situation=(
            "Insatsen A1 pågår hela året; per 2025-10-01 har andra tertialen gått ut, och A1 saknar"
            " uppföljning för den."
        ),
        title="Uppföljning saknas",
        description=(
            "En uppföljningsperiod har tagit slut (per --as-of) och en insats "
            "som pågick under den saknar uppföljning."
        ),
        message="insatsen {id} saknar uppföljning för {labels}",
        hint="lägg till en uppföljning i follow_up med period, status, rating och trend",
    ),
)


@check(OMR308)
def follow_up_missing(ctx: Context) -> Iterator[Diagnostic]:
    cal = cycle.calendar(ctx.repo)
    for doc, plan in ctx.repo.valid(ctx.repo.plans, m.Plan):
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
                    say("{label} (due by {when})", "{label} (ska lämnas senast {when})").format(
                        label=p.label, when=cycle.due(p, cal)
                    )
                    if cal.follow_up_due_days
                    else say("{label} (ended {when})", "{label} (slutade {when})").format(
                        label=p.label, when=p.end
                    )
                    for p in missing
                )
                yield OMR308.on(doc, ("actions", i, "id"), id=action.id, labels=labels)


OMR309 = define(
    "OMR309",
    "warning",
    "Action outside the plan's year",
    "An action's start or end lies outside the year of its plan.",
    message="action {id}'s {name} {when} is outside {year}",
    hint="move it to the {year2} plan, or split the action",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    end: 2026-03-31\n",
        replaces="    end: 2025-12-31\n",
    ),
    sv=dict(
        title="Insats utanför handlingsplanens år",
        description="En insats start eller slut ligger utanför handlingsplanens år.",
        message="insatsen {id} {name} {when}, utanför {year}",
        hint="flytta den till handlingsplanen för {year2}, eller dela upp insatsen",
    ),
)


@check(OMR309)
def action_outside_year(ctx: Context) -> Iterator[Diagnostic]:
    for doc, plan in ctx.repo.valid(ctx.repo.plans, m.Plan):
        for i, a in enumerate(plan.actions):
            for name in ("start", "end"):
                when = getattr(a, name)
                # a start before the year is fine (carried over); an end after it is not
                if when and (when.year > plan.year or (name == "end" and when.year < plan.year)):
                    yield OMR309.on(
                        doc,
                        ("actions", i, name),
                        id=a.id,
                        name=say(name, {"start": "börjar", "end": "slutar"}[name]),
                        when=when,
                        year=plan.year,
                        year2=when.year,
                    )


OMR310 = define(
    "OMR310",
    "warning",
    "Decision in the future",
    "A decision dated after --as-of: the document cannot be adopted yet.",
    message="the decision is dated {date}, after {as_of}",
    hint="keep status: draft until the decision is made",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "decision: {body: ks, date: 2025-11-20, reference: KS/2025:2}\n",
        replaces="decision: {body: ks, date: 2025-01-20, reference: KS/2025:2}\n",
        situation="Checked as of 2025-10-01.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01.",
        title="Beslut i framtiden",
        description="Ett beslut daterat efter --as-of: dokumentet kan inte vara antaget än.",
        message="beslutet är daterat {date}, efter {as_of}",
        hint="behåll status: draft tills beslutet är fattat",
    ),
)


@check(OMR310)
def decision_in_future(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for index in (repo.analyses, repo.programmes, repo.plans, repo.budgets, repo.guidelines):
        for doc, model in repo.valid(index):
            if model.decision and model.decision.date > ctx.as_of:
                yield OMR310.on(
                    doc, ("decision", "date"), date=model.decision.date, as_of=ctx.as_of
                )


OMR311 = define(
    "OMR311",
    "warning",
    "Analysis out of date",
    (
        "The district's latest analysis was updated more than two years before --as-of "
        "(calendar.analysis_refresh_years; no source gives a number). A district where the "
        "dialogue commission has focus periods is checked against them instead (OMR323)."
    ),
    message=(
        "the latest analysis of {district} was updated {updated}, more than {years} "
        "years before {as_of}"
    ),
    hint="refresh the stadsdelsanalys before the next focus period",
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        "updated: 2023-03-01\n",
        replaces="updated: 2025-03-01\n",
        situation="Checked as of 2025-10-01.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01.",
        title="Stadsdelsanalysen är inaktuell",
        description=(
            "Stadsdelens senaste stadsdelsanalys uppdaterades mer än två år före --as-of "
            "(calendar.analysis_refresh_years; ingen källa anger en siffra). En stadsdel där "
            "dialogkommissionen har fokusperioder prövas mot dem i stället (OMR323)."
        ),
        message=(
            "den senaste stadsdelsanalysen för {district} uppdaterades {updated}, "
            "mer än {years} år före {as_of}"
        ),
        hint="uppdatera stadsdelsanalysen före nästa fokusperiod",
    ),
)


@check(OMR311)
def analysis_out_of_date(ctx: Context) -> Iterator[Diagnostic]:
    latest: dict[str, tuple[dt.date, Doc]] = {}
    for doc, analysis in ctx.repo.valid(ctx.repo.analyses, m.Analysis):
        if analysis.district not in latest or analysis.updated > latest[analysis.district][0]:
            latest[analysis.district] = (analysis.updated, doc)
    mun = ctx.repo.municipality
    years = mun.calendar.analysis_refresh_years if mun and mun.calendar else 2
    limit = (
        ctx.as_of.replace(year=ctx.as_of.year - years)
        if not (ctx.as_of.month == 2 and ctx.as_of.day == 29)
        else ctx.as_of - dt.timedelta(days=365 * years + 1)
    )
    focus = ctx.repo.queries.focus_periods
    for district, (updated, doc) in sorted(latest.items()):
        if updated < limit and district not in focus:
            ddoc = ctx.repo.districts.get(district)
            name = getattr(ddoc.model, "name", None) if ddoc is not None else None
            yield OMR311.on(
                doc,
                ("updated",),
                district=name or district,
                updated=updated,
                as_of=ctx.as_of,
                years=years,
            )


OMR312 = define(
    "OMR312",
    "warning",
    "Duplicate follow-up",
    "An action reports the same period twice.",
    message="action {id} reports {period} twice",
    hint="merge the two follow-ups",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "{period: 2025-T1, status: ongoing, rating: green, trend: improving}",
        replaces="{period: 2025-T2, status: ongoing, rating: green, trend: improving}",
        situation="Action A1 already reports 2025-T1.",
    ),
    sv=dict(
        situation="Insatsen A1 rapporterar redan 2025-T1.",
        title="Dubblerad uppföljning",
        description="En insats rapporterar samma period två gånger.",
        message="insatsen {id} rapporterar {period} två gånger",
        hint="slå ihop de två uppföljningarna",
    ),
)


@check(OMR312)
def duplicate_follow_up(ctx: Context) -> Iterator[Diagnostic]:
    for doc, plan in ctx.repo.valid(ctx.repo.plans, m.Plan):
        for i, action in enumerate(plan.actions):
            seen: set[str] = set()
            for j, f in enumerate(action.follow_up):
                if f.period in seen:
                    yield OMR312.on(
                        doc, ("actions", i, "follow_up", j, "period"), id=action.id, period=f.period
                    )
                seen.add(f.period)

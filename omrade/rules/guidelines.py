"""The governing guideline (riktlinjer): who follows it, and whether it is still in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define, say
from omrade.model import documents as m
from omrade.repo.repository import Doc
from omrade.rules import Context, check, titled
from omrade.rules.references import _missing, _unknown

EXPIRY_WARNING_DAYS = 180


OMR211 = define(
    "OMR211",
    "error",
    "Unknown guideline",
    ("A programme, plan or guideline names a guideline that has no data/guidelines/<id>.yaml."),
    **_unknown("guideline"),
    example=Example(
        "data/programmes/norr-2024-2027.yaml",
        "title: Program Norr\nguideline: riktlinjer\n",
        replaces="title: Program Norr\n",
    ),
    sv=dict(
        title="Okänd riktlinje",
        description=(
            "Ett utvecklingsprogram, en handlingsplan eller en riktlinje nämner "
            "en riktlinje som saknar data/guidelines/<id>.yaml."
        ),
        message="okänd riktlinje '{ident}'",
        hint="{suggestion}",
        variants={
            "new": (
                "okänd riktlinje '{ident}'",
                "lägg till den i {where}",
            ),
        },
    ),
)


@check(OMR211)
def unknown_guideline(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    known = repo.names("guideline")
    refs: list[tuple[Doc, tuple[str, ...], str]] = []
    for index in (repo.programmes, repo.plans):
        for doc, model in repo.valid(index):
            if model.guideline:
                refs.append((doc, ("guideline",), model.guideline))
    for doc, guideline in repo.valid(repo.guidelines, m.Guideline):
        if guideline.replaces and guideline.replaces.guideline:
            refs.append((doc, ("replaces", "guideline"), guideline.replaces.guideline))
    for doc, path, ident in refs:
        if not repo.exists("guideline", ident):
            yield _missing(
                doc, OMR211, path, "guideline", ident, known, f"data/guidelines/{ident}.yaml"
            )


def successor(ctx: Context, guideline: m.Guideline) -> m.Guideline | None:
    """The guideline that replaces ``guideline`` (by id, or by its diarienummer)."""
    reference = guideline.decision.reference if guideline.decision else None
    for _doc, other in ctx.repo.valid(ctx.repo.guidelines, m.Guideline):
        named = other.replaces
        if other.id == guideline.id or named is None:
            continue
        if named.guideline == guideline.id or (reference and named.reference == reference):
            return other
    return None


def followers(ctx: Context, guideline_id: str) -> tuple[int, int]:
    """How many programmes and plans name the guideline."""
    progs = sum(
        1
        for _d, p in ctx.repo.valid(ctx.repo.programmes, m.Programme)
        if p.guideline == guideline_id
    )
    plans = sum(
        1 for _d, p in ctx.repo.valid(ctx.repo.plans, m.Plan) if p.guideline == guideline_id
    )
    return progs, plans


OMR314 = define(
    "OMR314",
    "warning",
    "Guideline expired",
    (
        "An adopted guideline whose validity ended before --as-of; the "
        "programmes and plans that follow it run under an expired governing "
        "document. Revise it, or record its successor."
    ),
    message="guideline “{name}” ({id}) expired on {valid_to} (as of {as_of}){who}",
    hint="{hint}",
    example=Example(
        "data/guidelines/riktlinjer.yaml",
        (
            "kind: guideline\n"
            "id: riktlinjer\n"
            "title: Riktlinjer för områdesutveckling\n"
            "status: adopted\n"
            "decision: {body: ks, date: 2021-01-10, reference: KS/2021:1}\n"
            "valid_from: 2021-02-01\n"
            "valid_to: 2025-01-31\n"
            "owner: ks\n"
        ),
        situation="Checked as of 2025-10-01.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01.",
        title="Riktlinjen har gått ut",
        description=(
            "En antagen riktlinje vars giltighetstid tog slut före --as-of: de "
            "utvecklingsprogram och handlingsplaner som följer den styrs av ett "
            "styrdokument som har gått ut. Revidera den, eller ange den "
            "riktlinje som ersätter den."
        ),
        message="riktlinjen ”{name}” ({id}) gick ut {valid_to} (per {as_of}){who}",
        hint="{hint}",
    ),
)


@check(OMR314)
def guideline_expired(ctx: Context) -> Iterator[Diagnostic]:
    for doc, guideline in ctx.repo.valid(ctx.repo.guidelines, m.Guideline):
        if guideline.status != "adopted" or guideline.valid_to is None:
            continue
        if guideline.valid_to >= ctx.as_of:
            continue
        progs, plans = followers(ctx, guideline.id)
        words = (
            (
                progs,
                say("programme", "utvecklingsprogram"),
                say("programmes", "utvecklingsprogram"),
            ),
            (plans, say("plan", "handlingsplan"), say("plans", "handlingsplaner")),
        )
        counted = [f"{n} {one if n == 1 else many}" for n, one, many in words if n]
        who = (
            say("; followed by {who}", "; följs av {who}").format(
                who=say(" and ", " och ").join(counted)
            )
            if counted
            else ""
        )
        after = successor(ctx, guideline)
        hint = (
            say(
                "'{after}' replaces it: set this one to 'status: replaced'",
                "'{after}' ersätter den: sätt den här till 'status: replaced'",
            ).format(after=after.id)
            if after
            else say(
                "revise the guideline (a new one with 'replaces:'), or record a decision "
                "that extends its validity",
                "revidera riktlinjen (en ny med 'replaces:'), eller ange ett beslut som "
                "förlänger dess giltighet",
            )
        )
        yield OMR314.on(
            doc,
            ("valid_to",),
            id=guideline.id,
            name=titled(guideline),
            valid_to=guideline.valid_to,
            as_of=ctx.as_of,
            who=who,
            hint=hint,
        )


OMR315 = define(
    "OMR315",
    "warning",
    "Guideline expiring soon",
    (
        "An adopted guideline that expires within 180 days of --as-of and that "
        "no guideline replaces."
    ),
    message="guideline “{name}” ({id}) expires on {valid_to}, in {days} days",
    hint=(
        "{owner} is responsible for revising it: start the successor (a draft "
        "with 'replaces: {{guideline: {id}}}')"
    ),
    example=Example(
        "data/guidelines/riktlinjer.yaml",
        (
            "kind: guideline\n"
            "id: riktlinjer\n"
            "title: Riktlinjer för områdesutveckling\n"
            "status: adopted\n"
            "decision: {body: ks, date: 2021-01-10, reference: KS/2021:1}\n"
            "valid_from: 2021-02-01\n"
            "valid_to: 2026-01-31\n"
            "owner: ks\n"
        ),
        situation="Checked as of 2025-10-01; no guideline replaces it.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01; ingen riktlinje ersätter den.",
        title="Riktlinjen går snart ut",
        description=(
            "En antagen riktlinje som går ut inom 180 dagar från --as-of och som "
            "ingen riktlinje ersätter."
        ),
        message="riktlinjen ”{name}” ({id}) går ut {valid_to}, om {days} dagar",
        hint=(
            "{owner} ansvarar för att revidera den: påbörja efterföljaren (ett utkast "
            "med 'replaces: {{guideline: {id}}}')"
        ),
    ),
)


@check(OMR315)
def guideline_expiring(ctx: Context) -> Iterator[Diagnostic]:
    horizon = ctx.as_of + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    for doc, guideline in ctx.repo.valid(ctx.repo.guidelines, m.Guideline):
        if (
            guideline.status == "adopted"
            and guideline.valid_to is not None
            and ctx.as_of <= guideline.valid_to <= horizon
            and successor(ctx, guideline) is None
        ):
            days = (guideline.valid_to - ctx.as_of).days
            owner = guideline.owner
            named = ctx.repo.bodies.get(owner) or ctx.repo.organisations.get(owner)
            owner = named.name if named else owner
            yield OMR315.on(
                doc,
                ("valid_to",),
                id=guideline.id,
                name=titled(guideline),
                valid_to=guideline.valid_to,
                days=days,
                owner=owner,
            )

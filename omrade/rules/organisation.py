"""5xx, area groups (områdesgrupper) as Botkyrka's presentation "Organisation med
medborgaren i centrum" describes them: "Ordförande är en förvaltningschef ur
kommundirektörens ledningsgrupp. Varje organisation representeras av 1-2 ledamöter [...]
Alla förvaltningar deltar. En ledamot ska sitta i förvaltningens ledningsgrupp."
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.repo.repository import Doc
from omrade.rules import Context, check, named, organisation_named

_AREA_GROUP = (
    "kind: group\n"
    "id: norr-omradesgrupp\n"
    "type: area_group\n"
    "district: norr\n"
    "name: Områdesgrupp Norr\n"
    "members:\n"
    "  - {name: Ulla Exempel, organisation: utbf, role: chair, mandate: true, "
    "position: head_of_administration}\n"
    "  - {name: Karl Exempel, organisation: kof, role: representative, mandate: true, "
    "position: management_team}\n"
)


def _area_groups(ctx: Context) -> Iterator[tuple[Doc, m.Group, list[m.Member]]]:
    for doc, group in ctx.repo.valid(ctx.repo.groups, m.Group):
        if group.type == "area_group":
            yield doc, group, ctx.repo.queries.current_members(group, ctx.as_of)


OMR509 = define(
    "OMR509",
    "warning",
    "Area group not chaired by a head of administration",
    (
        "An area group (type: area_group) has no current chair who is a head of "
        "administration (position: head_of_administration). Botkyrka: 'Ordförande är en "
        "förvaltningschef ur kommundirektörens ledningsgrupp'."
    ),
    message="{name}: the chair {chair} is not recorded as a head of administration",
    hint="the chair is a förvaltningschef: set 'position: head_of_administration'",
    variants={
        "no_chair": (
            "{name} has no current chair",
            "appoint a head of administration as chair (role: chair, position: "
            "head_of_administration)",
        )
    },
    example=Example(
        "data/groups/norr-omradesgrupp.yaml",
        _AREA_GROUP.replace("position: head_of_administration", "position: management_team"),
    ),
    sv=dict(
        title="Områdesgrupp utan förvaltningschef som ordförande",
        description=(
            "En områdesgrupp (type: area_group) har ingen nuvarande ordförande som är "
            "förvaltningschef (position: head_of_administration). Botkyrka: ”Ordförande är "
            "en förvaltningschef ur kommundirektörens ledningsgrupp”."
        ),
        message="{name}: ordföranden {chair} är inte angiven som förvaltningschef",
        hint="ordföranden är förvaltningschef: ange 'position: head_of_administration'",
        variants={
            "no_chair": (
                "{name} har ingen nuvarande ordförande",
                "utse en förvaltningschef till ordförande (role: chair, position: "
                "head_of_administration)",
            )
        },
    ),
)


@check(OMR509)
def area_group_chair(ctx: Context) -> Iterator[Diagnostic]:
    for doc, group, members in _area_groups(ctx):
        chairs = [
            (i, mem)
            for i, mem in enumerate(group.members)
            if mem in members and mem.role == "chair"
        ]
        if not chairs:
            yield OMR509.on(doc, ("type",), variant="no_chair", name=named(group))
            continue
        if not any(mem.position == "head_of_administration" for _i, mem in chairs):
            i, mem = chairs[0]
            yield OMR509.on(doc, ("members", i, "role"), name=named(group), chair=mem.name)


OMR510 = define(
    "OMR510",
    "warning",
    "Organisation with more than two members in an area group",
    (
        "An organisation has more than two current members in an area group. Botkyrka: "
        "'Varje organisation representeras av 1-2 ledamöter - Personligt ledamotskap'."
    ),
    message="{name}: {organisation} has {count} members; each organisation has one or two",
    hint="keep one or two members of {organisation} (personal membership)",
    example=Example(
        "data/groups/norr-omradesgrupp.yaml",
        _AREA_GROUP
        + "  - {name: Lisa Exempel, organisation: kof, role: member}\n"
        + "  - {name: Per Exempel, organisation: kof, role: member}\n",
    ),
    sv=dict(
        title="Organisation med fler än två ledamöter i en områdesgrupp",
        description=(
            "En organisation har fler än två nuvarande ledamöter i en områdesgrupp. "
            "Botkyrka: ”Varje organisation representeras av 1-2 ledamöter - Personligt "
            "ledamotskap”."
        ),
        message="{name}: {organisation} har {count} ledamöter; varje organisation har en eller två",
        hint="behåll en eller två ledamöter från {organisation} (personligt ledamotskap)",
    ),
)


@check(OMR510)
def too_many_members(ctx: Context) -> Iterator[Diagnostic]:
    for doc, group, members in _area_groups(ctx):
        seen: dict[str, list[int]] = defaultdict(list)
        for i, mem in enumerate(group.members):
            if mem in members:
                seen[mem.organisation].append(i)
        for organisation, rows in seen.items():
            if len(rows) > 2:
                yield OMR510.on(
                    doc,
                    ("members", rows[2], "organisation"),
                    name=named(group),
                    organisation=organisation_named(ctx, organisation),
                    count=len(rows),
                )


OMR511 = define(
    "OMR511",
    "warning",
    "Administration missing from an area group",
    (
        "An administration of the municipality has no current member in an area group, or "
        "none of its members sits in the administration's management team (position: "
        "head_of_administration or management_team). Botkyrka: 'Alla förvaltningar "
        "deltar. En ledamot ska sitta i förvaltningens ledningsgrupp'."
    ),
    message="{name} has no member from {organisation}",
    hint="the administration appoints one or two members, one of them from its management team",
    variants={
        "management": (
            "{name}: no member from {organisation} sits in its management team",
            "record the position of the member from the management team ('position: "
            "management_team' or 'head_of_administration')",
        )
    },
    example=Example(
        "data/groups/norr-omradesgrupp.yaml",
        _AREA_GROUP.replace("position: management_team", "position: other"),
        situation="The municipality's administrations are utbf and kof.",
    ),
    sv=dict(
        situation="Kommunens förvaltningar är utbf och kof.",
        title="Förvaltning saknas i en områdesgrupp",
        description=(
            "En av kommunens förvaltningar har ingen nuvarande ledamot i en områdesgrupp, "
            "eller ingen av dess ledamöter sitter i förvaltningens ledningsgrupp (position: "
            "head_of_administration eller management_team). Botkyrka: ”Alla förvaltningar "
            "deltar. En ledamot ska sitta i förvaltningens ledningsgrupp”."
        ),
        message="{name} har ingen ledamot från {organisation}",
        hint="förvaltningen utser en eller två ledamöter, varav en ur dess ledningsgrupp",
        variants={
            "management": (
                "{name}: ingen ledamot från {organisation} sitter i dess ledningsgrupp",
                "ange positionen för ledamoten ur ledningsgruppen ('position: management_team' "
                "eller 'head_of_administration')",
            )
        },
    ),
)


@check(OMR511)
def administration_missing(ctx: Context) -> Iterator[Diagnostic]:
    administrations = [o for o in ctx.repo.organisations.values() if o.type == "administration"]
    for doc, group, members in _area_groups(ctx):
        for org in administrations:
            own = [mem for mem in members if mem.organisation == org.id]
            label = f"{org.name} ({org.id})"
            if not own:
                yield OMR511.on(doc, ("members",), name=named(group), organisation=label)
            elif not any(
                mem.position in ("head_of_administration", "management_team") for mem in own
            ):
                i = group.members.index(own[0])
                yield OMR511.on(
                    doc,
                    ("members", i, "organisation"),
                    variant="management",
                    name=named(group),
                    organisation=label,
                )

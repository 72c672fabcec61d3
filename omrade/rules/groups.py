"""5xx: network and coordination groups, and the representatives' mandate."""

from __future__ import annotations

from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define
from omrade.model import documents as m
from omrade.rules import Context, check, group_named, named, titled

OMR501 = define(
    "OMR501",
    "warning",
    "District without network group",
    "Every district has a nätverksgrupp (type: network).",
    message="{name} has no network group",
    hint="add data/groups/{id}-natverksgrupp.yaml with 'type: network'",
    example=Example(
        "data/districts/ost.yaml",
        (
            "kind: district\n"
            "id: ost\n"
            "name: Öst\n"
            "population: {value: 100, year: 2024, source: test}\n"
        ),
        situation="No group of type network has district: ost.",
    ),
    sv=dict(
        situation="Ingen grupp av typen network har district: ost.",
        title="Stadsdel utan nätverksgrupp",
        description="Varje stadsdel har en nätverksgrupp (type: network).",
        message="{name} har ingen nätverksgrupp",
        hint="lägg till data/groups/{id}-natverksgrupp.yaml med 'type: network'",
    ),
)


@check(OMR501)
def district_without_network_group(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("group"):
        return  # a group that failed its schema may be the missing one
    covered = {g.district for _d, g in repo.valid(repo.groups, m.Group) if g.type == "network"}
    for doc, district in repo.valid(repo.districts, m.District):
        if district.id not in covered:
            yield OMR501.on(doc, ("id",), name=district.name, id=district.id)


OMR502 = define(
    "OMR502",
    "warning",
    "Main task without coordination group",
    ("Every main task of a current programme has a samordningsgrupp (type: coordination)."),
    message="main task {id} ({title}) has no coordination group",
    hint=(
        "add a group with 'type: coordination' and "
        "'main_task: {{programme: {programme}, id: {id}}}'"
    ),
    example=Example(
        "data/programmes/norr-2024-2027.yaml",
        "  - id: HU3\n    title: Boende\n    dimension: social\n  - id: HU2\n",
        replaces="  - id: HU2\n",
        situation="No coordination group names main task HU3.",
    ),
    sv=dict(
        situation="Ingen samordningsgrupp anger huvuduppgiften HU3.",
        title="Huvuduppgift utan samordningsgrupp",
        description=(
            "Varje huvuduppgift i ett gällande utvecklingsprogram har en "
            "samordningsgrupp (type: coordination)."
        ),
        message="huvuduppgiften {id} ({title}) har ingen samordningsgrupp",
        hint=(
            "lägg till en grupp med 'type: coordination' och 'main_task: {{programme: "
            "{programme}, id: {id}}}'"
        ),
    ),
)


@check(OMR502)
def main_task_without_coordination_group(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("group"):
        return
    covered = {
        (g.main_task.programme, g.main_task.id)
        for _d, g in repo.valid(repo.groups, m.Group)
        if g.type == "coordination" and g.main_task
    }
    for doc, prog in repo.valid(repo.programmes, m.Programme):
        current = prog.status == "adopted" and prog.valid_from <= ctx.as_of <= prog.valid_to
        if not current:
            continue
        for i, task in enumerate(prog.main_tasks):
            if (prog.id, task.id) not in covered:
                yield OMR502.on(
                    doc, ("main_tasks", i, "id"), id=task.id, title=titled(task), programme=prog.id
                )


OMR503 = define(
    "OMR503",
    "warning",
    "Representative without mandate",
    (
        "A member who represents an organisation (role: representative or chair) must be "
        "appointed with the mandate to act for it (mandate: true). Botkyrka's guideline: "
        "'Representanterna i dessa grupper ska ha nödvändigt mandat och utrymme att "
        "medverka i gruppernas arbete'."
    ),
    message="representative of {organisation} in {name} has no recorded mandate",
    hint=(
        "the administration appoints its representative with the mandate to act: "
        "set 'mandate: true' once it has"
    ),
    variants={
        "chair": (
            "the chair of {name} ({organisation}) has no recorded mandate",
            "the chair represents {organisation} too: set 'mandate: true' once it has "
            "given the mandate",
        )
    },
    example=Example(
        "data/groups/norr-hu1.yaml",
        "mandate: false}",
        replaces="mandate: true}",
    ),
    sv=dict(
        title="Representant utan mandat",
        description=(
            "En ledamot som företräder en organisation (role: representative eller chair) "
            "ska vara utsedd med mandat att agera för den (mandate: true). Botkyrkas "
            "riktlinjer: ”Representanterna i dessa grupper ska ha nödvändigt mandat och "
            "utrymme att medverka i gruppernas arbete”."
        ),
        message="representanten för {organisation} i {name} har inget angivet mandat",
        hint=(
            "förvaltningen utser sin representant med mandat att agera: sätt 'mandate: "
            "true' när det är gjort"
        ),
        variants={
            "chair": (
                "ordföranden i {name} ({organisation}) har inget angivet mandat",
                "ordföranden företräder också {organisation}: sätt 'mandate: true' när "
                "mandatet är givet",
            )
        },
    ),
)


# the roles in which a member acts for their organisation
REPRESENTING = ("representative", "chair")


@check(OMR503)
def representative_without_mandate(ctx: Context) -> Iterator[Diagnostic]:
    organisations = {o.id: o.name for o in ctx.repo.organisations.values()}
    for doc, group in ctx.repo.valid(ctx.repo.groups, m.Group):
        for i, member in enumerate(group.members):
            if member.role in REPRESENTING and not member.mandate:
                yield OMR503.on(
                    doc,
                    ("members", i, "role"),
                    variant="" if member.role == "representative" else member.role,
                    organisation=organisations.get(member.organisation, member.organisation),
                    name=named(group),
                )


OMR504 = define(
    "OMR504",
    "error",
    "Coordination group without main task",
    ("A coordination group names the main task it carries (main_task: {programme, id})."),
    message="coordination group {name} names no main task",
    hint="add 'main_task: {{programme: ..., id: ...}}'",
    example=Example(
        "data/groups/norr-hu3.yaml",
        (
            "kind: group\n"
            "id: norr-hu3\n"
            "type: coordination\n"
            "district: norr\n"
            "name: Samordning Norr\n"
            "members:\n"
            "  - {name: Bo Exempel, organisation: utbf, role: representative, "
            "mandate: true}\n"
        ),
    ),
    sv=dict(
        title="Samordningsgrupp utan huvuduppgift",
        description=(
            "En samordningsgrupp anger vilken huvuduppgift den bär (main_task: {programme, id})."
        ),
        message="samordningsgruppen {name} anger ingen huvuduppgift",
        hint="lägg till 'main_task: {{programme: ..., id: ...}}'",
    ),
)


@check(OMR504)
def coordination_group_without_main_task(ctx: Context) -> Iterator[Diagnostic]:
    for doc, group in ctx.repo.valid(ctx.repo.groups, m.Group):
        if group.type == "coordination" and group.main_task is None:
            yield OMR504.on(doc, ("type",), name=group_named(group))


OMR505 = define(
    "OMR505",
    "warning",
    "Group without members",
    "A group has no current member as of --as-of.",
    message="{name} has no current member as of {as_of}",
    hint="add the members appointed now, or retire the group",
    example=Example(
        "data/groups/norr-hu1.yaml",
        "mandate: true, until: 2025-06-30}",
        replaces="mandate: true}",
        situation="Checked as of 2025-10-01.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01.",
        title="Grupp utan medlemmar",
        description="En grupp har ingen aktuell medlem per --as-of.",
        message="{name} har ingen aktuell medlem per {as_of}",
        hint="lägg till de medlemmar som är utsedda nu, eller avveckla gruppen",
    ),
)


@check(OMR505)
def group_without_members(ctx: Context) -> Iterator[Diagnostic]:
    for doc, group in ctx.repo.valid(ctx.repo.groups, m.Group):
        current = [
            m
            for m in group.members
            if (m.from_ is None or m.from_ <= ctx.as_of)
            and (m.until is None or m.until >= ctx.as_of)
        ]
        if not current:
            yield OMR505.on(doc, ("members",), name=named(group), as_of=ctx.as_of)

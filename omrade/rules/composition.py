"""5xx, who sits where: a coordination group is formed from its main task.

Botkyrka's guideline: "Samordningsgrupperna bildas med utgångspunkt från de stadsdelsvisa
utvecklingsprogrammens huvuduppgifter. Grupperna består av representanter från de
förvaltningar som berörs av huvuduppgiften och externa aktörer." An administration that
leads an action under the main task is concerned by it, so it sits in the group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define, say
from omrade.model import documents as m
from omrade.repo.repository import Doc
from omrade.rules import (
    Context,
    check,
    group_named,
    main_task_named,
    named,
    programme_named,
)


def _member_in(group: m.Group, organisation: str, year: int) -> bool:
    """The organisation has a member in the group at some time during ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return any(
        mem.organisation == organisation
        and (mem.from_ is None or mem.from_ <= last)
        and (mem.until is None or mem.until >= first)
        for mem in group.members
    )


OMR506 = define(
    "OMR506",
    "warning",
    "Lead administration missing from the coordination group",
    (
        "A coordination group is formed from the main task: it includes every "
        "administration that leads an action under its main task (external "
        "actors may join too). The diagnostic names the administration and its "
        "actions."
    ),
    message=(
        "{group} lacks {organisation} ({org_id}), which leads {actions_word} {actions} "
        "under main task {main_task}"
    ),
    hint=(
        "add a representative of {org_id} with the mandate to act (role: "
        "representative, mandate: true)"
    ),
    example=Example(
        "data/groups/norr-hu1.yaml",
        "organisation: kof,",
        replaces="organisation: utbf,",
        situation="utbf leads action A1 under main task HU1, which this group carries.",
    ),
    sv=dict(
        situation=(
            "Utbildningsförvaltningen (utbf) är ansvarig för insatsen A1 under huvuduppgiften HU1, "
            "som den här gruppen bär."
        ),
        title="Ansvarig förvaltning saknas i samordningsgruppen",
        description=(
            "En samordningsgrupp bildas utifrån huvuduppgiften: den omfattar "
            "varje förvaltning som är ansvarig för en insats under "
            "huvuduppgiften (externa aktörer kan också ingå). Anmärkningen anger "
            "förvaltningen och dess insatser."
        ),
        message=(
            "{group} saknar {organisation} ({org_id}), som är ansvarig för "
            "{actions_word} {actions} under huvuduppgiften {main_task}"
        ),
        hint=(
            "lägg till en representant för {org_id} med mandat att agera (role: "
            "representative, mandate: true)"
        ),
    ),
)


@check(OMR506)
def lead_missing_from_group(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    orgs = repo.organisations
    carriers: dict[tuple[str, str], list[tuple[Doc, m.Group]]] = {}
    for doc, group in repo.valid(repo.groups, m.Group):
        if group.type == "coordination" and group.main_task:
            key = (group.main_task.programme, group.main_task.id)
            carriers.setdefault(key, []).append((doc, group))
    # (group file, organisation) → the actions it leads there, per plan year
    missing: dict[tuple[str, str], tuple[Doc, m.Group, list[str]]] = {}
    for _pdoc, plan in sorted(repo.valid(repo.plans, m.Plan), key=lambda dp: dp[1].year):
        for action in plan.actions:
            org = orgs.get(action.responsible)
            if org is None or org.type != "administration":
                continue  # an external lead is welcome in the group but not required
            groups = carriers.get((plan.programme, action.main_task), [])
            chosen = [(d, g) for d, g in groups if g.id == action.group]
            targets = chosen or groups
            if not targets or any(_member_in(g, org.id, plan.year) for _d, g in targets):
                continue
            gdoc, group = targets[0]
            entry = missing.setdefault((gdoc.file, org.id), (gdoc, group, []))
            entry[2].append(f"{action.id} ({plan.year})")
    for (_file, org_id), (gdoc, group, actions) in sorted(missing.items()):
        name = orgs[org_id].name
        yield OMR506.on(
            gdoc,
            ("members",),
            key=True,
            group=named(group),
            organisation=name,
            org_id=org_id,
            actions_word=say("action", "insatsen")
            if len(actions) == 1
            else say("actions", "insatserna"),
            actions=", ".join(actions),
            main_task=group.main_task.id if group.main_task else "",
        )


OMR507 = define(
    "OMR507",
    "warning",
    "Action carried by another main task's group",
    "An action names a coordination group that carries a different main task.",
    message=(
        "action {id} belongs to main task {main_task}, but coordination group {group} "
        "carries main task {carried} of the programme for {carrier_programme}"
    ),
    hint="name the coordination group of main task {main_task}, or correct the action's main task",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    responsible: kof\n    group: norr-hu1\n",
        replaces="    responsible: kof\n",
        situation="Action A2 serves HU2; norr-hu1 is the coordination group of HU1.",
    ),
    sv=dict(
        situation="Insatsen A2 hör till HU2; norr-hu1 är samordningsgruppen för HU1.",
        title="Insatsen bärs av en annan huvuduppgifts grupp",
        description="En insats nämner en samordningsgrupp som bär en annan huvuduppgift.",
        message=(
            "insatsen {id} hör till huvuduppgiften {main_task}, men samordningsgruppen "
            "{group} bär huvuduppgiften {carried} i utvecklingsprogrammet för "
            "{carrier_programme}"
        ),
        hint=(
            "ange samordningsgruppen för huvuduppgiften {main_task}, eller rätta insatsens "
            "huvuduppgift"
        ),
    ),
)


@check(OMR507)
def action_in_other_tasks_group(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        for i, action in enumerate(plan.actions):
            gdoc = repo.groups.get(action.group) if action.group else None
            group = gdoc.model if gdoc else None
            if group is None or group.type != "coordination" or group.main_task is None:
                continue
            carried = (group.main_task.programme, group.main_task.id)
            if carried != (plan.programme, action.main_task):
                yield OMR507.on(
                    doc,
                    ("actions", i, "group"),
                    id=action.id,
                    main_task=main_task_named(ctx, plan.programme, action.main_task),
                    group=group_named(group),
                    carried=main_task_named(ctx, *carried),
                    carrier_programme=programme_named(ctx, carried[0]),
                )

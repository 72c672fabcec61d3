"""5xx: network and coordination groups, and the representatives' mandate."""

from __future__ import annotations

from collections.abc import Iterator

from omrade.diagnostics import Diagnostic
from omrade.rules import Context, check


@check("OMR501")
def district_without_network_group(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("group"):
        return  # a group that failed its schema may be the missing one
    covered = {g.district for _d, g in repo.valid(repo.groups) if g.type == "network"}
    for doc, district in repo.valid(repo.districts):
        if district.id not in covered:
            yield doc.diag(
                "OMR501",
                ("id",),
                f"{district.name} has no network group",
                f"add data/groups/{district.id}-natverksgrupp.yaml with 'type: network'",
            )


@check("OMR502")
def main_task_without_coordination_group(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.is_broken("group"):
        return
    covered = {
        (g.main_task.programme, g.main_task.id)
        for _d, g in repo.valid(repo.groups)
        if g.type == "coordination" and g.main_task
    }
    for doc, prog in repo.valid(repo.programmes):
        current = prog.status == "adopted" and prog.valid_from <= ctx.as_of <= prog.valid_to
        if not current:
            continue
        for i, task in enumerate(prog.main_tasks):
            if (prog.id, task.id) not in covered:
                yield doc.diag(
                    "OMR502",
                    ("main_tasks", i, "id"),
                    f"main task {task.id} ({task.title}) has no coordination group",
                    "add a group with 'type: coordination' and "
                    f"'main_task: {{programme: {prog.id}, id: {task.id}}}'",
                )


@check("OMR503")
def representative_without_mandate(ctx: Context) -> Iterator[Diagnostic]:
    for doc, group in ctx.repo.valid(ctx.repo.groups):
        for i, member in enumerate(group.members):
            if member.role == "representative" and not member.mandate:
                yield doc.diag(
                    "OMR503",
                    ("members", i, "role"),
                    f"representative of {member.organisation} in {group.name} "
                    "has no recorded mandate",
                    "the administration appoints its representative with the "
                    "mandate to act: set 'mandate: true' once it has",
                )


@check("OMR504")
def coordination_group_without_main_task(ctx: Context) -> Iterator[Diagnostic]:
    for doc, group in ctx.repo.valid(ctx.repo.groups):
        if group.type == "coordination" and group.main_task is None:
            yield doc.diag(
                "OMR504",
                ("type",),
                f"coordination group {group.id} names no main task",
                "add 'main_task: {programme: ..., id: ...}'",
            )


@check("OMR505")
def group_without_members(ctx: Context) -> Iterator[Diagnostic]:
    for doc, group in ctx.repo.valid(ctx.repo.groups):
        current = [
            m
            for m in group.members
            if (m.from_ is None or m.from_ <= ctx.as_of)
            and (m.until is None or m.until >= ctx.as_of)
        ]
        if not current:
            yield doc.diag(
                "OMR505",
                ("members",),
                f"{group.name} has no current member as of {ctx.as_of}",
                "add the members appointed now, or retire the group",
            )

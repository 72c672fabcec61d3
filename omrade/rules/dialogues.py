"""6xx: citizen dialogues (Sandviken's strategy: nine steps, levels, target groups)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic
from omrade.model.documents import STEP_ORDER
from omrade.rules import Context, check

ALWAYS_CONSIDER = {
    "disability_council": "the disability council (funktionshinderrådet)",
    "pensioners_council": "the pensioners' council (pensionärsrådet)",
    "children_youth": "children and young people",
}


@check("OMR601")
def steps_out_of_order(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        previous: tuple[str, dt.date] | None = None
        for step in STEP_ORDER:
            value = getattr(dialogue.steps, step)
            if value is None:
                continue
            # the conduct period starts at 'from'; a 'to' before 'from' is OMR301's
            when, path = (
                (value.from_, ("steps", step, "from"))
                if step == "conduct"
                else (value, ("steps", step))
            )
            if previous and when < previous[1]:
                yield doc.diag(
                    "OMR601",
                    path,
                    f"step '{step}' ({when}) comes before step '{previous[0]}' ({previous[1]})",
                    "the nine steps follow each other: correct the dates",
                )
                continue
            latest = max(value.from_, value.to) if step == "conduct" else value
            previous = (step, latest)


@check("OMR602")
def information_is_not_dialogue(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        if dialogue.level == "information":
            yield doc.diag(
                "OMR602",
                ("level",),
                "information alone is not a dialogue",
                "raise the level to consultation or more, or record this as "
                "information rather than a dialogue",
            )


@check("OMR603")
def target_group_not_considered(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        missing = [
            text for key, text in ALWAYS_CONSIDER.items() if key not in dialogue.target_groups
        ]
        if missing:
            yield doc.diag(
                "OMR603",
                ("target_groups",),
                "not among the target groups: " + ", ".join(missing),
                "they must always be considered; add them to target_groups",
            )


@check("OMR604")
def no_feedback_to_residents(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        decided = dialogue.steps.decision
        if decided and decided <= ctx.as_of and dialogue.feedback_to_residents is None:
            yield doc.diag(
                "OMR604",
                ("steps", "decision"),
                f"the decision was made on {decided} but no feedback to the residents is recorded",
                "add 'feedback_to_residents: {date: ..., channel: ...}' ('planned:' instead of "
                "'date:' when residents are still to be told)",
            )


@check("OMR605")
def commission_dates_disagree(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        step = dialogue.steps.commission
        if dialogue.commission and step and dialogue.commission.date != step:
            yield doc.diag(
                "OMR605",
                ("steps", "commission"),
                f"the commission is dated {dialogue.commission.date} but the "
                f"commission step {step}",
                "make the two dates agree",
            )

"""6xx, feedback to residents: what residents said, what came of it, and whether they
were told (Sandviken's steps 7–9; Botkyrka's follow-up of medborgarsynpunkter)."""

from __future__ import annotations

from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, choices_hint
from omrade.rules import Context, check


@check("OMR212")
def unknown_theme(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans):
        for i, action in enumerate(plan.actions):
            if not action.answers:
                continue
            if action.dialogue is None:
                yield doc.diag(
                    "OMR212",
                    ("actions", i, "answers"),
                    f"action {action.id} answers themes but names no dialogue",
                    "add 'dialogue: <id>' for the dialogue whose themes it answers",
                )
                continue
            ddoc = repo.dialogues.get(action.dialogue)
            if ddoc is None or ddoc.model is None:
                continue  # OMR208, or the dialogue fails its schema
            themes = [t.id for t in ddoc.model.themes]
            for j, theme in enumerate(action.answers):
                if theme not in themes:
                    yield doc.diag(
                        "OMR212",
                        ("actions", i, "answers", j),
                        f"dialogue '{action.dialogue}' has no theme '{theme}'",
                        choices_hint(theme, themes)
                        or f"add the theme to data/dialogues/{action.dialogue}.yaml",
                    )


@check("OMR606")
def feedback_past_due(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        feedback = dialogue.feedback_to_residents
        if feedback and feedback.date is None and feedback.planned and feedback.planned < ctx.as_of:
            yield doc.diag(
                "OMR606",
                ("feedback_to_residents", "planned"),
                f"residents were to be told what came of the dialogue by {feedback.planned}; "
                f"no feedback is recorded as of {ctx.as_of}",
                "record the date residents were told ('date:'), or a new 'planned:' date",
            )


@check("OMR607")
def theme_without_answer(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        decided = dialogue.steps.decision
        if decided is None or decided > ctx.as_of:
            continue
        for i, theme in enumerate(dialogue.themes):
            if theme.answer is None:
                yield doc.diag(
                    "OMR607",
                    ("themes", i, "id"),
                    f"theme {theme.id} has no answer, though the decision was made on {decided}",
                    "write what the municipality answered ('answer:') and what it did "
                    "('response:'; actions link to the theme with 'answers:')",
                )


@check("OMR608")
def dialogue_not_evaluated(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues):
        feedback = dialogue.feedback_to_residents
        told = feedback.date if feedback else None
        if told and told <= ctx.as_of and dialogue.evaluation is None:
            yield doc.diag(
                "OMR608",
                ("feedback_to_residents", "date"),
                f"residents were told on {told}, but the dialogue itself is not evaluated",
                "add 'evaluation: {date: ..., text: ...}': how the dialogue and its forms "
                "worked against the commission",
            )

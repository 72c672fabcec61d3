"""6xx, feedback to residents: what residents said, what came of it, and whether they
were told (Sandviken's steps 7–9; Botkyrka's follow-up of medborgarsynpunkter)."""

from __future__ import annotations

from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, choices_hint, define, say
from omrade.model import documents as m
from omrade.rules import Context, check

OMR212 = define(
    "OMR212",
    "error",
    "Unknown dialogue theme",
    (
        "An action answers a theme that its dialogue does not record (or names "
        "themes without naming its dialogue)."
    ),
    message="dialogue '{dialogue}' has no theme '{theme}'",
    hint="{value}",
    variants={
        "no_dialogue": (
            "action {id} answers themes but names no dialogue",
            "add 'dialogue: <id>' for the dialogue whose themes it answers",
        ),
    },
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    responsible: kof\n    answers: [T1]\n",
        replaces="    responsible: kof\n",
    ),
    sv=dict(
        title="Okänt tema i dialogen",
        description=(
            "En insats svarar på ett tema som dess dialog inte har (eller nämner "
            "teman utan att nämna sin dialog)."
        ),
        message="dialogen '{dialogue}' har inget tema '{theme}'",
        hint="{value}",
        variants={
            "no_dialogue": (
                "insatsen {id} svarar på teman men nämner ingen dialog",
                "lägg till 'dialogue: <id>' för den dialog vars teman den svarar på",
            ),
        },
    ),
)


@check(OMR212)
def unknown_theme(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for doc, plan in repo.valid(repo.plans, m.Plan):
        for i, action in enumerate(plan.actions):
            if not action.answers:
                continue
            if action.dialogue is None:
                yield OMR212.on(doc, ("actions", i, "answers"), variant="no_dialogue", id=action.id)
                continue
            ddoc = repo.dialogues.get(action.dialogue)
            if ddoc is None or ddoc.model is None:
                continue  # OMR208, or the dialogue fails its schema
            themes = [t.id for t in ddoc.model.themes]
            for j, theme in enumerate(action.answers):
                if theme not in themes:
                    yield OMR212.on(
                        doc,
                        ("actions", i, "answers", j),
                        dialogue=action.dialogue,
                        theme=theme,
                        value=choices_hint(theme, themes)
                        or say(
                            "add the theme to data/dialogues/{dialogue}.yaml",
                            "lägg till temat i data/dialogues/{dialogue}.yaml",
                        ).format(dialogue=action.dialogue),
                    )


OMR606 = define(
    "OMR606",
    "warning",
    "Feedback to residents past due",
    (
        "The planned date for telling residents what came of the dialogue has "
        "passed (by --as-of) and no feedback date is recorded."
    ),
    message=(
        "residents were to be told what came of the dialogue by {planned}; no "
        "feedback is recorded as of {as_of}"
    ),
    hint="record the date residents were told ('date:'), or a new 'planned:' date",
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "feedback_to_residents: {planned: 2025-08-31, channel: Webbplatsen}\n",
        replaces="feedback_to_residents: {date: 2025-06-30, channel: Webbplatsen}\n",
        situation="Checked as of 2025-10-01.",
    ),
    sv=dict(
        situation="Kontrollerat per 2025-10-01.",
        title="Återkopplingen till invånarna är försenad",
        description=(
            "Det planerade datumet för att berätta för invånarna vad dialogen "
            "ledde till har passerat (per --as-of) och inget datum för "
            "återkoppling är angivet."
        ),
        message=(
            "invånarna skulle få veta vad dialogen ledde till senast {planned}; "
            "ingen återkoppling är angiven per {as_of}"
        ),
        hint=("ange datumet då invånarna fick besked ('date:'), eller ett nytt datum i 'planned:'"),
    ),
)


@check(OMR606)
def feedback_past_due(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
        feedback = dialogue.feedback_to_residents
        if feedback and feedback.date is None and feedback.planned and feedback.planned < ctx.as_of:
            yield OMR606.on(
                doc, ("feedback_to_residents", "planned"), planned=feedback.planned, as_of=ctx.as_of
            )


OMR607 = define(
    "OMR607",
    "warning",
    "Theme without answer",
    ("The dialogue has reached its decision, but a theme residents raised has no answer."),
    message="theme {id} has no answer, though the decision was made on {decided}",
    hint=(
        "write what the municipality answered ('answer:') and what it did "
        "('response:'; actions link to the theme with 'answers:')"
    ),
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "themes:\n  - {id: T1, said: Fler bänkar.}\nevaluation:",
        replaces="evaluation:",
        situation="The decision was made on 2025-06-15.",
    ),
    sv=dict(
        situation="Beslutet fattades 2025-06-15.",
        title="Tema utan svar",
        description=(
            "Dialogen har nått sitt beslut, men ett tema som invånarna tog upp saknar svar."
        ),
        message="temat {id} saknar svar, fast beslutet fattades {decided}",
        hint=(
            "skriv vad kommunen svarade ('answer:') och vad den gjorde ('response:'; "
            "insatser länkar till temat med 'answers:')"
        ),
    ),
)


@check(OMR607)
def theme_without_answer(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
        decided = dialogue.steps.decision
        if decided is None or decided > ctx.as_of:
            continue
        for i, theme in enumerate(dialogue.themes):
            if theme.answer is None:
                yield OMR607.on(doc, ("themes", i, "id"), id=theme.id, decided=decided)


OMR608 = define(
    "OMR608",
    "warning",
    "Dialogue not evaluated",
    (
        "Residents have been told what came of the dialogue, but the dialogue "
        "itself has not been evaluated against its commission (Sandviken's step "
        "9)."
    ),
    message="residents were told on {told}, but the dialogue itself is not evaluated",
    hint=(
        "add 'evaluation: {{date: ..., text: ...}}': how the dialogue and its "
        "forms worked against the commission"
    ),
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "",
        replaces="evaluation: {date: 2025-08-20, text: Dialogen nådde fler än väntat.}\n",
        situation=("Residents were told on 2025-06-30, and the dialogue records no evaluation."),
    ),
    sv=dict(
        situation="Invånarna fick besked 2025-06-30, och dialogen anger ingen utvärdering.",
        title="Dialogen är inte utvärderad",
        description=(
            "Invånarna har fått veta vad dialogen ledde till, men själva "
            "dialogen har inte utvärderats mot sitt uppdrag (Sandvikens steg 9)."
        ),
        message="invånarna fick besked {told}, men själva dialogen är inte utvärderad",
        hint=(
            "lägg till 'evaluation: {{date: ..., text: ...}}': hur dialogen och dess "
            "former fungerade i förhållande till uppdraget"
        ),
    ),
)


@check(OMR608)
def dialogue_not_evaluated(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
        feedback = dialogue.feedback_to_residents
        told = feedback.date if feedback else None
        if told and told <= ctx.as_of and dialogue.evaluation is None:
            yield OMR608.on(doc, ("feedback_to_residents", "date"), told=told)

"""6xx: citizen dialogues (Sandviken's strategy: nine steps, levels, target groups)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, Example, define, say
from omrade.model import documents as m
from omrade.model.documents import STEP_ORDER
from omrade.rules import Context, check

ALWAYS_CONSIDER = {
    "disability_council": "the disability council (funktionshinderrådet)",
    "pensioners_council": "the pensioners' council (pensionärsrådet)",
    "children_youth": "children and young people",
}
ALWAYS_CONSIDER_SV = {
    "disability_council": "funktionshinderrådet",
    "pensioners_council": "pensionärsrådet",
    "children_youth": "barn och unga",
}


OMR601 = define(
    "OMR601",
    "error",
    "Dialogue steps out of order",
    ("The nine steps' dates must not go backwards (Sandviken's strategy for citizen dialogue)."),
    message="step '{step}' ({when}) comes before step '{before}' ({before_date})",
    hint="the nine steps follow each other: correct the dates",
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "  initiative: 2025-02-10\n",
        replaces="  initiative: 2025-01-10\n",
        situation="The commission step is dated 2025-01-20.",
    ),
    sv=dict(
        situation="Steget 'commission' (uppdraget) är daterat 2025-01-20.",
        title="Dialogens steg i fel ordning",
        description=(
            "De nio stegens datum får inte gå bakåt (Sandvikens strategi för medborgardialog)."
        ),
        message="steget '{step}' ({when}) kommer före steget '{before}' ({before_date})",
        hint="de nio stegen följer på varandra: rätta datumen",
    ),
)


@check(OMR601)
def steps_out_of_order(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
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
                yield OMR601.on(
                    doc, path, step=step, when=when, before=previous[0], before_date=previous[1]
                )
                continue
            latest = max(value.from_, value.to) if step == "conduct" else value
            previous = (step, latest)


OMR602 = define(
    "OMR602",
    "warning",
    "Information is not a dialogue",
    ("A dialogue at level 'information' only informs; 'information alone is not a dialogue'."),
    message="information alone is not a dialogue",
    hint=(
        "raise the level to consultation or more, or record this as information "
        "rather than a dialogue"
    ),
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "level: information\n",
        replaces="level: consultation\n",
    ),
    sv=dict(
        title="Information är ingen dialog",
        description=(
            "En dialog på nivån 'information' informerar bara; 'enbart "
            "information är ingen dialog'."
        ),
        message="enbart information är ingen dialog",
        hint=(
            "höj nivån till konsultation eller mer, eller redovisa det här som "
            "information snarare än som en dialog"
        ),
    ),
)


@check(OMR602)
def information_is_not_dialogue(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
        if dialogue.level == "information":
            yield OMR602.on(doc, ("level",))


OMR603 = define(
    "OMR603",
    "warning",
    "Target group not considered",
    (
        "The disability council, the pensioners' council and children and young "
        "people must always be considered among the target groups."
    ),
    message="not among the target groups: {groups}",
    hint="they must always be considered; add them to target_groups",
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "target_groups: [residents, children_youth]\n",
        replaces=(
            "target_groups: [residents, children_youth, disability_council, pensioners_council]\n"
        ),
    ),
    sv=dict(
        title="Målgrupp inte beaktad",
        description=(
            "Funktionshinderrådet, pensionärsrådet samt barn och unga ska alltid "
            "beaktas bland målgrupperna."
        ),
        message="finns inte bland målgrupperna: {groups}",
        hint="de ska alltid beaktas; lägg till dem i target_groups",
    ),
)


@check(OMR603)
def target_group_not_considered(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
        missing = [
            say(text, ALWAYS_CONSIDER_SV[key])
            for key, text in ALWAYS_CONSIDER.items()
            if key not in dialogue.target_groups
        ]
        if missing:
            yield OMR603.on(doc, ("target_groups",), groups=", ".join(missing))


OMR604 = define(
    "OMR604",
    "warning",
    "No feedback to residents",
    "A dialogue that reached a decision records no feedback to the residents.",
    message=("the decision was made on {decided} but no feedback to the residents is recorded"),
    hint=(
        "add 'feedback_to_residents: {{date: ..., channel: ...}}' ('planned:' "
        "instead of 'date:' when residents are still to be told)"
    ),
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "evaluation:",
        replaces=("feedback_to_residents: {date: 2025-06-30, channel: Webbplatsen}\nevaluation:"),
        situation=(
            "The dialogue reached its decision on 2025-06-15 and records no feedback_to_residents."
        ),
    ),
    sv=dict(
        situation=(
            "Dialogen ledde till beslut 2025-06-15 och anger ingen återkoppling "
            "(feedback_to_residents)."
        ),
        title="Ingen återkoppling till invånarna",
        description=(
            "En dialog som har lett till ett beslut anger ingen återkoppling till invånarna."
        ),
        message=("beslutet fattades {decided}, men ingen återkoppling till invånarna är angiven"),
        hint=(
            "lägg till 'feedback_to_residents: {{date: ..., channel: ...}}' ('planned:' "
            "i stället för 'date:' när invånarna ännu inte har fått besked)"
        ),
    ),
)


@check(OMR604)
def no_feedback_to_residents(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
        decided = dialogue.steps.decision
        if decided and decided <= ctx.as_of and dialogue.feedback_to_residents is None:
            yield OMR604.on(doc, ("steps", "decision"), decided=decided)


OMR605 = define(
    "OMR605",
    "warning",
    "Commission dates disagree",
    "The commission's date and the 'commission' step's date differ.",
    message="the commission is dated {date} but the commission step {step}",
    hint="make the two dates agree",
    example=Example(
        "data/dialogues/norr-torg.yaml",
        "commission: {body: ks, date: 2025-01-25}\n",
        replaces="commission: {body: ks, date: 2025-01-20}\n",
        situation="The commission step is dated 2025-01-20.",
    ),
    sv=dict(
        situation="Steget 'commission' (uppdraget) är daterat 2025-01-20.",
        title="Uppdragets datum stämmer inte",
        description="Uppdragets datum och datumet för steget 'commission' skiljer sig åt.",
        message="uppdraget är daterat {date}, men steget 'commission' är daterat {step}",
        hint="se till att de två datumen stämmer överens",
    ),
)


@check(OMR605)
def commission_dates_disagree(ctx: Context) -> Iterator[Diagnostic]:
    for doc, dialogue in ctx.repo.valid(ctx.repo.dialogues, m.Dialogue):
        step = dialogue.steps.commission
        if dialogue.commission and step and dialogue.commission.date != step:
            yield OMR605.on(doc, ("steps", "commission"), date=dialogue.commission.date, step=step)

"""The report's view models: what each template gets, as typed, frozen values.

Every page is one dataclass and every part of a page another, so a template names
fields that exist (a field that does not is an error with the template's file and line,
never a blank), and mypy checks the builders in ``view.py`` that fill them. Values
arrive formatted for the page's language: text is ``str`` (data text in another language
is a ``view.Foreign``, which keeps its ``lang`` in HTML), charts are SVG ``Markup``.

These names are what a repository's own templates (``templates/``) can use; the built-in
template of the same name shows each one in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from omrade.labels import Messages

# --- shared parts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Badge:
    """A status or a rating: its key (the CSS class), symbol and label."""

    key: str
    symbol: str
    label: str


@dataclass(frozen=True, slots=True)
class Count:
    """How many actions have one status or rating."""

    key: str
    symbol: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Progress:
    """A plan's actions by their latest status and rating (no plan: total 0)."""

    total: int
    status: tuple[Count, ...]
    rating: tuple[Count, ...]
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """What is illustrative in a document the page shows."""

    what: str
    note: str


@dataclass(frozen=True, slots=True)
class Step:
    """A dialogue's step and its date (or dates)."""

    name: str
    date: str


@dataclass(frozen=True, slots=True)
class DistrictLink:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class AttentionItem:
    """Something that needs attention: a warning or a delayed or red action."""

    district: str | None
    district_name: str
    what: str
    where: str  # file:line (empty on the public site, which shows no file)
    code: str  # the rule's code (empty for an action's progress, and on the public site)
    url: str = ""  # the rule's explanation


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """The next date of one kind in the yearly cycle."""

    date: str
    iso: str
    what: str


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """The municipality's ``site:`` settings; images already inlined as data: URIs."""

    accent: str | None
    logo: str | None
    favicon: str
    contact: str
    base_url: str | None


@dataclass(frozen=True, slots=True)
class Context:
    """The names every template has, beside ``page``, ``root`` and ``path``."""

    t: Messages
    lang: str
    site: SiteSettings
    municipality: str
    as_of: str
    public: bool
    version: str
    nav_districts: tuple[DistrictLink, ...]
    nav_periods: tuple[str, ...]
    nav_allocations: tuple[int, ...]


# --- overview (index) -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverviewRow:
    id: str
    name: str
    population: str
    population_year: int
    need_index: str
    allocated: str
    progress: Progress
    prioritised: bool
    glance: Markup | None
    attention_count: int
    attention_text: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    """Who decided a document, when and under which reference; what it replaces and who
    follows it up (from the guideline's authority)."""

    body: str
    date: str
    reference: str
    replaces: str
    follow_up: str


@dataclass(frozen=True, slots=True)
class Guideline:
    title: str
    reference: str
    decided: str
    body: str
    valid: str
    expired: bool
    status: str
    owner: str
    summary: str
    replaces: str = ""
    follow_up: str = ""
    revised_by: str = ""


@dataclass(frozen=True, slots=True)
class DialogueLink:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class OverviewPage:
    title: str
    rows: tuple[OverviewRow, ...]
    any_prioritised: bool
    attention: tuple[AttentionItem, ...]
    budget_year: int | None
    calendar: tuple[CalendarEntry, ...]
    guidelines: tuple[Guideline, ...]
    dialogues: tuple[DialogueLink, ...]
    no_allocation: str


# --- actions --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Served:
    """A board's goal (nämndmål) an action serves."""

    body: str
    ref: str
    text: str


@dataclass(frozen=True, slots=True)
class AnsweredTheme:
    """A dialogue theme an action answers: what residents said, and where to read it."""

    dialogue: str
    dialogue_title: str
    theme: str
    said: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    """An action of a plan, with its latest follow-up as of --as-of."""

    id: str
    title: str
    main_task: str
    responsible: str
    partners: tuple[str, ...]
    type: str
    type_key: str
    funding: tuple[str, ...]
    status: Badge
    rating: Badge
    trend: str
    period: str
    comment: str
    start: str
    end: str
    answers: tuple[AnsweredTheme, ...]
    serves: tuple[Served, ...]


# --- district page ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueRow:
    year: int
    value: str
    municipality: str


@dataclass(frozen=True, slots=True)
class IndicatorView:
    id: str
    name: str
    title: str
    rows: tuple[ValueRow, ...]
    chart: Markup
    illustrative: bool


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str
    assessment: str
    strengths: tuple[str, ...]
    challenges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recommendation:
    to: str
    text: str


@dataclass(frozen=True, slots=True)
class AnalysisView:
    year: int
    updated: str
    summary: str
    indicators: tuple[IndicatorView, ...]
    illustrative: bool
    dimensions: tuple[Dimension, ...]
    needs: tuple[str, ...]
    resources: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    decision: DecisionView | None = None


@dataclass(frozen=True, slots=True)
class GoalView:
    id: str
    text: str
    indicator: str
    baseline: str
    latest: str
    target: str


@dataclass(frozen=True, slots=True)
class TaskView:
    """A main task of the programme, its goals and the plan's actions for it."""

    id: str
    title: str
    dimension: str
    goals: tuple[GoalView, ...]
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeView:
    title: str
    vision: str
    valid: str
    tasks: tuple[TaskView, ...]
    decision: DecisionView | None = None


@dataclass(frozen=True, slots=True)
class Balance:
    """How many actions of one type (promoting, preventive, intervention)."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class PlanView:
    year: int
    progress: Progress
    balance: tuple[Balance, ...]
    decision: DecisionView | None = None
    reached: str = ""  # whom the plan's actions reached, summed


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    organisation: str
    role: str
    mandate: str
    contact: str  # empty in public mode


@dataclass(frozen=True, slots=True)
class GroupView:
    id: str
    order: tuple[object, ...]  # network group first, then in main-task order
    name: str
    type: str
    purpose: str
    members: tuple[Member, ...]
    hidden: int  # members not shown (public: false, in public mode)


@dataclass(frozen=True, slots=True)
class DistrictDialogue:
    id: str
    title: str
    purpose: str
    level: str
    target_groups: tuple[str, ...]
    steps: tuple[Step, ...]
    results: str
    feedback: str
    themes: int
    reached: str = ""


@dataclass(frozen=True, slots=True)
class DistrictPage:
    """Every part is optional in a valid repository: None means "not yet", and the
    templates say so in words."""

    title: str
    id: str
    population: str
    population_year: int
    description: str
    attention: tuple[AttentionItem, ...]
    analysis: AnalysisView | None
    programme: ProgrammeView | None
    plan: PlanView | None
    groups: tuple[GroupView, ...]
    dialogues: tuple[DistrictDialogue, ...]
    notes: tuple[Note, ...]


# --- dialogue page ('Ni sa – vi gjorde') ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnsweringAction(ActionRow):
    """An action that answers a theme, with its district and plan year."""

    district: str
    district_id: str
    year: int


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    title: str  # the theme's name, or the start of what residents said
    said: str
    answer: str
    response: str
    actions: tuple[AnsweringAction, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    date: str
    text: str


@dataclass(frozen=True, slots=True)
class DialoguePage:
    title: str
    id: str
    dialogue_title: str
    districts: tuple[DistrictLink, ...]
    purpose: str
    level: str
    target_groups: tuple[str, ...]
    steps: tuple[Step, ...]
    themes: tuple[Theme, ...]
    results: str
    feedback: str
    evaluation: Evaluation | None
    notes: tuple[Note, ...]
    reached: str = ""


# --- follow-up page -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    district: str
    id: str
    title: str
    responsible: str
    status: Badge
    rating: Badge
    trend: str
    comment: str


@dataclass(frozen=True, slots=True)
class BoardRow:
    """An action serving a board's goal; status and rating None when not followed up."""

    goal: str
    ref: str
    district: str
    id: str
    title: str
    status: Badge | None
    rating: Badge | None


@dataclass(frozen=True, slots=True)
class FollowUpPage:
    """The follow-up of one period; the groupings are (heading, rows) in heading order."""

    title: str
    period: str
    by_board: tuple[tuple[str, tuple[BoardRow, ...]], ...]
    ended: str
    dates: str
    by_district: tuple[tuple[str, tuple[FollowUpRow, ...]], ...]
    by_responsible: tuple[tuple[str, tuple[FollowUpRow, ...]], ...]
    missing: tuple[FollowUpRow, ...]


# --- allocation page ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllocationRow:
    name: str
    volume: str
    indicators: tuple[str, ...]  # "value → ratio", in the weights' order
    need_index: str
    share: str
    base: str
    compensatory: str
    total: str


@dataclass(frozen=True, slots=True)
class Prioritised:
    names: tuple[str, ...]
    factor: str
    base: str


@dataclass(frozen=True, slots=True)
class Weight:
    name: str
    weight: str


@dataclass(frozen=True, slots=True)
class Transition:
    previous: int
    alpha: str


@dataclass(frozen=True, slots=True)
class Sums:
    base: str
    compensatory: str
    total: str


@dataclass(frozen=True, slots=True)
class AllocationPage:
    title: str
    year: int
    prioritised: Prioritised | None
    notes: tuple[Note, ...]
    appropriation: str
    unit: str
    base_total: str
    remainder: str
    volume: str
    data_year: int | None
    weights: tuple[Weight, ...]
    indicator_names: tuple[str, ...]
    transition: Transition | None
    rows: tuple[AllocationRow, ...]
    chart: Markup
    sources: tuple[str, ...]
    sum: Sums


# --- about and accessibility ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentRow:
    file: str
    kind: str
    changed: str


@dataclass(frozen=True, slots=True)
class AboutPage:
    title: str
    commit: str
    commit_date: str
    dirty: bool
    documents: tuple[DocumentRow, ...]


@dataclass(frozen=True, slots=True)
class AccessibilityPage:
    title: str


Page = (
    OverviewPage
    | DistrictPage
    | DialoguePage
    | FollowUpPage
    | AllocationPage
    | AboutPage
    | AccessibilityPage
)


class PageEntry(NamedTuple):
    """One page of the site: its path (without suffix), template name and view model."""

    path: str
    template: str
    page: Page

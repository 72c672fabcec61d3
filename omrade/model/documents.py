"""Pydantic models, one per kind of plan file (the data reference: docs/data-reference.md).

Values arrive as text from the strict loader; these models decide each value's type.
Unknown keys are forbidden everywhere so that a misspelt key is never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from omrade.diagnostics import say
from omrade.model.scalars import (
    Date,
    Factor,
    Flag,
    Kronor,
    LocalId,
    Note,
    Number,
    Share,
    Slug,
    SlugKey,
    Text,
    Year,
    number_or_word,
    whole,
    word,
)

# a day of the year, MM-DD (the yearly calendar)
MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]

Status = Literal["draft", "consultation", "adopted", "replaced", "withdrawn"]
Dimension = str  # checked against municipality.dimensions (OMR210)
OrganisationType = Literal[
    "administration", "board", "company", "authority", "civil_society", "business", "other"
]
FollowUpCycle = Literal["tertial", "quarter", "half_year", "year"]
Unit = Literal["percent", "count", "sek", "days", "ratio", "index"]
Need = Literal["higher_is_need", "lower_is_need", "none"]
Provider = Literal["scb", "kolada", "local", "survey", "other"]
ActionType = Literal["promoting", "preventive", "intervention"]
FundingSource = Literal[
    "area_grant", "regular_budget", "social_investment_fund", "external", "other"
]
ActionStatus = Literal["not_started", "ongoing", "done", "delayed", "cancelled"]
Rating = Literal["green", "yellow", "red", "not_assessed"]
Trend = Literal["improving", "unchanged", "worsening", "not_assessable"]
GroupType = Literal[
    "network",
    "coordination",
    "area_group",
    "dialogue_forum",
    # groups of the whole municipality (Botkyrka's guideline, KS/2017:96): the strategic
    # group for the place (SGP), the management group (KLG), the area developers' own
    # coordination group and the dialogue commission
    "strategic",
    "management",
    "area_developers",
    "dialogue_commission",
    "other",
]
GroupLevel = Literal["district", "municipality"]
# where a member sits in their own organisation (002: "Ordförande är en förvaltningschef ur
# kommundirektörens ledningsgrupp", "En ledamot ska sitta i förvaltningens ledningsgrupp")
Position = Literal["head_of_administration", "management_team", "other"]
Role = Literal["chair", "area_developer", "representative", "secretary", "member"]
Level = Literal["information", "consultation", "dialogue", "influence", "co_decision"]
TargetGroup = Literal[
    "residents",
    "children_youth",
    "disability_council",
    "pensioners_council",
    "associations",
    "businesses",
    "property_owners",
    "staff",
    "elected",
    "other",
]
Severity = Literal["error", "warning", "off"]
PERIOD_PATTERN = r"^[0-9]{4}(-(T[1-3]|Q[1-4]|H[1-2]))?$"
# a yearly period may be written as a number: period: 2025
Period = Annotated[
    str,
    StringConstraints(pattern=PERIOD_PATTERN),
    BeforeValidator(number_or_word),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": PERIOD_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    ),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True)


# --- shared pieces -------------------------------------------------------------------


class Decision(Model):
    body: Slug
    date: Date
    reference: Text
    paragraph: Text | None = None


class ScbPart(Model):
    """One measure in SCB's statistics database: a content code, with every other
    variable of the table (except region, time and sex) fixed to one value."""

    contents: Text  # the table's ContentsCode, e.g. "000006MM"
    table: Text | None = None  # another table than the indicator's, if needed
    select: dict[str, Text] = Field(default_factory=dict)  # e.g. {Alder: "20-64"}


class ScbSex(Model):
    """The table's sex variable and its codes (SCB's usual ones by default)."""

    variable: Text = "Kon"
    total: Text = "1+2"
    female: Text = "2"
    male: Text = "1"


class ScbSource(Model):
    """Where `omrade import scb` finds a district value: counts per RegSO area, summed;
    a rate is recomputed from the summed numerator and denominator, never averaged."""

    table: Text  # PxWebApi 2.0: the table id ("TAB6471"); PxWeb v1: its path ("AM/AM0210/…")
    region: Text = "Region"  # the table's region variable
    time: Text = "Tid"  # the table's time variable
    numerator: ScbPart  # a count
    denominator: ScbPart | None = None  # for a rate: numerator / denominator
    sex: ScbSex | None = None  # import values by sex too
    decimals: Annotated[int, Field(ge=0, le=6), BeforeValidator(whole)] | None = (
        None  # default by the unit
    )


class Source(Model):
    provider: Provider
    ref: Text | None = None
    url: Text | None = None
    note: Text | None = None
    scb: ScbSource | None = None  # for `omrade import scb`


class Reported:
    """Marks a field that reports on a document rather than being part of what was decided
    (a follow-up, a measured value): once the document is adopted, changing it needs no
    new decision. Every other field is decided, apart from the English twins (``*_en``),
    which translate it. ``omrade.model.decided`` reads the marks."""

    def __repr__(self) -> str:
        return "REPORTED"


REPORTED = Reported()


class Document(Model):
    """Fields common to every kind."""

    kind: str
    # what in this file is invented (illustrative) rather than taken from a source
    illustrative: Note | None = None


class Lifecycle(Document):
    status: Status
    decision: Decision | None = None


# --- municipality ----------------------------------------------------------------------


class Body(Model):
    id: Slug
    name: Text
    name_en: Text | None = None


class Organisation(Model):
    id: Slug
    name: Text
    name_en: Text | None = None
    type: OrganisationType


class SiteSettings(Model):
    """How the published site looks and whom a reader contacts (all optional)."""

    # an image file in the repository (PNG, JPEG or SVG), relative to its root
    logo: (
        Annotated[
            str,
            StringConstraints(pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._/-]*\.(png|jpe?g|svg)$"),
        ]
        | None
    ) = None
    # the colour of links and the header rule: '#rrggbb', at least 4.5:1 against white
    accent: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    # where readers report accessibility problems: a functional email address, a phone
    # number or a postal address (shown in the accessibility statement)
    contact: Text | None = None
    # where the site is published, e.g. https://omrade.botkyrka.se/ (canonical links)
    # (the pattern is also an ECMAScript one in Unicode mode, as Ajv and check-jsonschema read
    # it: no escaped quote, and [0-9] rather than \d, which means more than ASCII in Python)
    base_url: Annotated[str, StringConstraints(pattern=r"""^https://[^\s"'<>]+/$""")] | None = None


class Deadline(Model):
    """A yearly deadline: a day of the year, in the year before the one it concerns or in it."""

    by: MonthDay
    year: Literal["before", "same"] = "before"

    @model_validator(mode="after")
    def _real_day(self) -> Deadline:
        month, day = (int(x) for x in self.by.split("-"))
        try:
            dt.date(2024, month, day)  # a leap year: 02-29 is a real day
        except ValueError:
            raise PydanticCustomError(
                "omr_day",
                say("'{by}' is not a day of the year", "'{by}' är ingen dag på året"),
                {"by": self.by},
            ) from None
        return self

    def date_for(self, year: int) -> dt.date:
        """The deadline for what concerns ``year`` (02-29 falls back to 02-28)."""
        month, day = (int(x) for x in self.by.split("-"))
        in_year = year - 1 if self.year == "before" else year
        if (month, day) == (2, 29) and not _leap(in_year):
            day = 28
        return dt.date(in_year, month, day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class Calendar(Model):
    """The yearly cycle (årshjul): when plans and budgets are adopted, follow-ups and reports due.

    Defaults follow the tertial practice: the coming year's budget and action plans are
    adopted before the year begins (KF-budget in the autumn), each period's follow-up is
    due when the period ends, and the steering group hears it then.
    """

    budget: Deadline = Field(default_factory=lambda: Deadline(by="12-31", year="before"))
    plan: Deadline = Field(default_factory=lambda: Deadline(by="12-31", year="before"))
    follow_up_due_days: Annotated[int, Field(ge=0, le=365), BeforeValidator(whole)] = 0
    due_soon_days: Annotated[int, Field(ge=1, le=365), BeforeValidator(whole)] = 30
    stale_periods: Annotated[int, Field(ge=1, le=12), BeforeValidator(whole)] = 2
    steering_group: list[MonthDay] = Field(default_factory=list)
    # how many years a district analysis holds where the municipality has no focus periods
    # of a dialogue commission to refresh it before (no source gives a number)
    analysis_refresh_years: Annotated[int, Field(ge=1, le=10), BeforeValidator(whole)] = 2


class Municipality(Document):
    kind: Literal["municipality"]
    id: Slug
    name: Text
    name_en: Text | None = None
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$"), BeforeValidator(word)]
    locale: Literal["sv", "en"] = "sv"
    follow_up: FollowUpCycle = "tertial"
    dimensions: Annotated[list[Slug], Field(min_length=1)]
    bodies: list[Body]
    organisations: list[Organisation]
    rules: dict[str, Severity] = Field(default_factory=dict)
    calendar: Calendar | None = None
    note: Text | None = None
    site: SiteSettings | None = None


# --- indicators ------------------------------------------------------------------------


class Indicator(Model):
    id: Slug
    name: Text
    name_en: Text | None = None
    unit: Unit
    need: Need
    dimension: Slug
    source: Source
    description: Text | None = None
    # followed by sex: every analysis value of it comes with a value for women/girls and
    # one for men/boys (Eskilstuna: "flickor och pojkar, kvinnor och män")
    by_sex: Flag = False


class Indicators(Document):
    kind: Literal["indicators"]
    indicators: list[Indicator]


# --- district --------------------------------------------------------------------------


class Population(Model):
    value: Annotated[int, Field(ge=0), BeforeValidator(whole)]
    year: Year
    source: Text


class Areas(Model):
    regso: list[Text] = Field(default_factory=list)
    deso: list[Text] = Field(default_factory=list)


class District(Document):
    kind: Literal["district"]
    id: Slug
    name: Text
    name_en: Text | None = None
    population: Population
    areas: Areas | None = None
    prioritised: Flag = False
    description: Text | None = None


# --- analysis --------------------------------------------------------------------------


Sex = Literal["female", "male"]


class IndicatorValue(Model):
    indicator: Slug
    year: Year
    sex: Sex | None = None  # absent: the total for both sexes
    value: Number
    municipality: Number | None = None
    source: Text | None = None
    retrieved: Date | None = None  # when the value was fetched from its source
    municipality_source: Text | None = None
    municipality_retrieved: Date | None = None
    illustrative: Flag = False
    # the municipality-wide comparison value is invented too (the value's own mark covers
    # the district value only)
    municipality_illustrative: Flag = False


class DimensionAssessment(Model):
    assessment: Text
    assessment_en: Text | None = None
    strengths: list[Text] = Field(default_factory=list)
    challenges: list[Text] = Field(default_factory=list)


class Recommendation(Model):
    to: Slug
    text: Text
    text_en: Text | None = None


class Analysis(Lifecycle):
    kind: Literal["analysis"]
    district: Slug
    year: Year
    updated: Annotated[Date, REPORTED]
    values: Annotated[list[IndicatorValue], REPORTED] = Field(default_factory=list)
    summary: Text
    summary_en: Text | None = None
    # pydantic writes the key pattern as patternProperties: other keys must be refused too
    dimensions: dict[SlugKey, DimensionAssessment] = Field(
        json_schema_extra={"additionalProperties": False}
    )
    needs: list[Text] = Field(default_factory=list)
    resources: list[Text] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    dialogues: list[Slug] = Field(default_factory=list)


# --- programme -------------------------------------------------------------------------


class Measure(Model):
    year: Year
    value: Number


class Goal(Model):
    id: LocalId
    text: Text
    text_en: Text | None = None
    indicator: Slug | None = None
    baseline: Measure | None = None
    target: Measure | None = None


class MainTask(Model):
    id: LocalId
    title: Text
    title_en: Text | None = None
    dimension: Slug
    description: Text | None = None
    goals: list[Goal] = Field(default_factory=list)


class Programme(Lifecycle):
    kind: Literal["programme"]
    id: Slug
    district: Slug
    title: Text
    title_en: Text | None = None
    valid_from: Date
    valid_to: Date
    replaces: Slug | None = None
    guideline: Slug | None = None
    vision: Text | None = None
    vision_en: Text | None = None
    main_tasks: Annotated[list[MainTask], Field(min_length=1)]
    # the dialogues in which the main tasks were defined (000: "I dialog med medborgarna
    # definieras huvuduppgifter och långsiktiga handlingsvägar")
    dialogues: list[Slug] = Field(default_factory=list)


# --- plan ------------------------------------------------------------------------------


class Funding(Model):
    source: FundingSource
    amount: Kronor
    note: Text | None = None


class FollowUp(Model):
    period: Period
    status: ActionStatus
    rating: Rating = "not_assessed"
    trend: Trend = "not_assessable"
    comment: Text | None = None
    comment_en: Text | None = None


class Reach(Model):
    """Whom an action or a dialogue reached: participants by sex and age (Eskilstuna:
    "flickor och pojkar, kvinnor och män") and the groups reached (Sandviken: children and
    young people, the disability council and the pensioners' council)."""

    girls: Annotated[int, Field(ge=0), BeforeValidator(whole)] | None = None
    boys: Annotated[int, Field(ge=0), BeforeValidator(whole)] | None = None
    women: Annotated[int, Field(ge=0), BeforeValidator(whole)] | None = None
    men: Annotated[int, Field(ge=0), BeforeValidator(whole)] | None = None
    groups: list[TargetGroup] = Field(default_factory=list)
    note: Text | None = None
    note_en: Text | None = None


class BoardGoal(Model):
    """A board's goal or budget commitment that an action serves (nämndmål, mål och budget)."""

    body: Slug
    ref: Text | None = None
    text: Text
    text_en: Text | None = None


class Action(Model):
    id: LocalId
    title: Text
    title_en: Text | None = None
    description: Text | None = None
    main_task: LocalId
    type: ActionType
    responsible: Slug
    partners: list[Slug] = Field(default_factory=list)
    group: Slug | None = None
    start: Date | None = None
    end: Date | None = None
    funding: list[Funding] = Field(default_factory=list)
    dialogue: Slug | None = None
    answers: list[LocalId] = Field(default_factory=list)
    # the action was already under way when the dialogue collected the themes it answers
    # (the answer says "this is being done", not "we did this because you said it")
    under_way: Flag = False
    reaches: Reach | None = None
    serves: list[BoardGoal] = Field(default_factory=list)
    follow_up: Annotated[list[FollowUp], REPORTED] = Field(default_factory=list)


class Plan(Lifecycle):
    kind: Literal["plan"]
    programme: Slug
    year: Year
    guideline: Slug | None = None
    actions: list[Action]


# --- group -----------------------------------------------------------------------------


class MainTaskRef(Model):
    programme: Slug
    id: LocalId


class Member(Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True)

    name: Text
    organisation: Slug
    role: Role
    mandate: Flag = False
    position: Position | None = None
    from_: Date | None = Field(default=None, alias="from")
    until: Date | None = None
    email: Text | None = None
    phone: Text | None = None
    public: Flag = True


class FocusPeriod(Model):
    """One of the dialogue commission's focus periods in a district (000: "Inför
    dialogkommissionens fokusperioder aktualiseras stadsdelsanalysen")."""

    district: Slug
    from_: Date = Field(alias="from")
    to: Date
    theme: Text | None = None
    theme_en: Text | None = None


class Group(Document):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "if": {
                "not": {"required": ["level"], "properties": {"level": {"const": "municipality"}}}
            },
            "then": {"required": ["district"], "properties": {"district": {"type": "string"}}},
        },
    )

    kind: Literal["group"]
    id: Slug
    type: GroupType
    # a group of one district (the default) or of the whole municipality (SGP, KLG, …)
    level: GroupLevel = "district"
    district: Slug | None = None
    name: Text
    name_en: Text | None = None
    purpose: Text | None = None
    main_task: MainTaskRef | None = None
    members: list[Member] = Field(default_factory=list)
    focus_periods: list[FocusPeriod] = Field(default_factory=list)

    @model_validator(mode="after")
    def _placed(self) -> Group:
        if self.level == "district" and self.district is None:
            raise PydanticCustomError(
                "omr_one_of",
                say(
                    "a district's group names its district ('district:'); a group of the "
                    "whole municipality says 'level: municipality'",
                    "en stadsdels grupp anger sin stadsdel ('district:'); en grupp för hela "
                    "kommunen anger 'level: municipality'",
                ),
            )
        return self


# --- budget ----------------------------------------------------------------------------


class BaseGrant(Model):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "oneOf": [{"required": ["per_district"]}, {"required": ["share"]}],
            "not": {"required": ["share", "prioritised"]},
        },
    )

    per_district: Kronor | None = None
    share: Share | None = None
    # the base of each prioritised district instead of per_district (optional)
    prioritised: Kronor | None = None

    @model_validator(mode="after")
    def _one_of(self) -> BaseGrant:
        if (self.per_district is None) == (self.share is None):
            raise PydanticCustomError(
                "omr_one_of",
                say(
                    "give exactly one of 'per_district' and 'share'",
                    "ange antingen 'per_district' eller 'share', inte båda",
                ),
            )
        if self.prioritised is not None and self.per_district is None:
            raise PydanticCustomError(
                "omr_one_of",
                say(
                    "a base for prioritised districts ('prioritised') goes with "
                    "'per_district', not with 'share'",
                    "ett grundanslag för prioriterade stadsdelar ('prioritised') hör ihop "
                    "med 'per_district', inte med 'share'",
                ),
            )
        return self


class WeightedIndicator(Model):
    indicator: Slug
    weight: Number


class Transition(Model):
    previous: Year
    alpha: Share


class Weighting(Model):
    volume: Literal["population", "equal"] = "population"
    indicators: list[WeightedIndicator] = Field(default_factory=list)
    data_year: Year | None = None
    transition: Transition | None = None
    # prioritised districts' volume × need is multiplied by this factor (optional)
    prioritised: Factor | None = None


class Budget(Lifecycle):
    kind: Literal["budget"]
    year: Year
    appropriation: Kronor
    unit: Annotated[int, Field(ge=1), BeforeValidator(whole)] = 1
    districts: list[Slug] | None = None
    base_grant: BaseGrant
    weighting: Weighting = Field(default_factory=Weighting)
    note: Text | None = None


# --- dialogue --------------------------------------------------------------------------


class Commission(Model):
    body: Slug
    date: Date
    reference: Text | None = None


class DateRange(Model):
    from_: Date = Field(alias="from")
    to: Date


class Steps(Model):
    initiative: Date | None = None
    commission: Date | None = None
    planning: Date | None = None
    launch: Date | None = None
    conduct: DateRange | None = None
    compilation: Date | None = None
    feedback_to_elected: Date | None = None
    processing: Date | None = None
    decision: Date | None = None


class Feedback(Model):
    """How and when residents were (or are to be) told what came of the dialogue."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "anyOf": [
                {"required": ["date"], "properties": {"date": {"type": "string"}}},
                {"required": ["planned"], "properties": {"planned": {"type": "string"}}},
            ]
        },
    )

    date: Date | None = None
    planned: Date | None = None
    channel: Text
    channel_en: Text | None = None

    @model_validator(mode="after")
    def _when(self) -> Feedback:
        if self.date is None and self.planned is None:
            raise PydanticCustomError(
                "omr_one_of",
                say(
                    "give 'date' (when residents were told) or 'planned' (when they will be)",
                    "ange 'date' (när invånarna fick besked) eller 'planned' (när de ska få det)",
                ),
            )
        return self


Response = Literal["done", "planned", "partly", "declined", "referred"]


class Theme(Model):
    """What residents said on one theme, and what the municipality answered and did."""

    id: LocalId
    # a short name for the theme ('Belysning vid stationen'); without one the page heads
    # the theme with the start of what residents said
    title: Text | None = None
    title_en: Text | None = None
    said: Text
    said_en: Text | None = None
    answer: Text | None = None
    answer_en: Text | None = None
    response: Response | None = None


class Evaluation(Model):
    """The evaluation of the dialogue itself against its commission (Sandviken, step 9)."""

    date: Date | None = None
    text: Text
    text_en: Text | None = None


class Dialogue(Document):
    kind: Literal["dialogue"]
    id: Slug
    districts: Annotated[list[Slug], Field(min_length=1)]
    title: Text
    title_en: Text | None = None
    purpose: Text
    purpose_en: Text | None = None
    level: Level
    commission: Commission | None = None
    target_groups: list[TargetGroup] = Field(default_factory=list)
    steps: Steps = Field(default_factory=Steps)
    feedback_to_residents: Feedback | None = None
    reaches: Reach | None = None
    results: Text | None = None
    results_en: Text | None = None
    themes: list[Theme] = Field(default_factory=list)
    evaluation: Evaluation | None = None


# --- guideline -------------------------------------------------------------------------


class ReplacedDocument(Model):
    """The governing document a guideline replaces: one in the repository, or one named."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "anyOf": [
                {"required": ["guideline"], "properties": {"guideline": {"type": "string"}}},
                {"required": ["reference"], "properties": {"reference": {"type": "string"}}},
            ]
        },
    )

    guideline: Slug | None = None
    title: Text | None = None
    reference: Text | None = None

    @model_validator(mode="after")
    def _named(self) -> ReplacedDocument:
        if self.guideline is None and self.reference is None:
            raise PydanticCustomError(
                "omr_one_of",
                say(
                    "name the replaced guideline: 'guideline' (its id here) or 'reference' "
                    "(its diarienummer)",
                    "ange den riktlinje som ersätts: 'guideline' (dess id här) eller "
                    "'reference' (dess diarienummer)",
                ),
            )
        return self


class Authority(Model):
    """Who decides on one kind of document: the bodies that may adopt it, those that may
    revise it (adopt one that replaces another; default: those that adopt), and who
    follows it up (a body or an organisation)."""

    adopted_by: Annotated[list[Slug], Field(min_length=1)]
    revised_by: list[Slug] = Field(default_factory=list)
    follow_up_by: Slug | None = None


class Authorities(Model):
    """Decision authority per kind (000: "Programmen fastställs av kommunfullmäktige")."""

    programme: Authority | None = None
    plan: Authority | None = None
    analysis: Authority | None = None
    budget: Authority | None = None


class Guideline(Lifecycle):
    """The governing document (riktlinjer) the programmes and plans follow."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["valid_to"],
                    "properties": {"valid_to": {"type": "string"}},
                    "not": {
                        "required": ["until_further_notice"],
                        "properties": {"until_further_notice": {"const": True}},
                    },
                },
                {
                    "required": ["until_further_notice"],
                    "properties": {"until_further_notice": {"const": True}},
                    "not": {
                        "required": ["valid_to"],
                        "properties": {"valid_to": {"type": "string"}},
                    },
                },
            ]
        },
    )

    kind: Literal["guideline"]
    id: Slug
    title: Text
    title_en: Text | None = None
    valid_from: Date | None = None  # when the document names no start: its decision
    valid_to: Date | None = None
    until_further_notice: Flag = False
    owner: Slug
    revised_by: Slug | None = None
    follow_up_by: Slug | None = None
    # which body adopts, revises and follows up each kind of document the guideline governs
    authority: Authorities | None = None
    applies_to: list[Slug] = Field(default_factory=list)
    replaces: ReplacedDocument | None = None
    related: list[Text] = Field(default_factory=list)
    summary: Text | None = None
    summary_en: Text | None = None

    @model_validator(mode="after")
    def _validity(self) -> Guideline:
        if (self.valid_to is None) == (not self.until_further_notice):
            raise PydanticCustomError(
                "omr_one_of",
                say(
                    "give exactly one of 'valid_to' (a date) and 'until_further_notice: true'",
                    "ange antingen 'valid_to' (ett datum) eller 'until_further_notice: true', "
                    "inte båda",
                ),
            )
        return self


KINDS: dict[str, type[Document]] = {
    "municipality": Municipality,
    "indicators": Indicators,
    "district": District,
    "analysis": Analysis,
    "programme": Programme,
    "plan": Plan,
    "group": Group,
    "budget": Budget,
    "dialogue": Dialogue,
    "guideline": Guideline,
}

STEP_ORDER = (
    "initiative",
    "commission",
    "planning",
    "launch",
    "conduct",
    "compilation",
    "feedback_to_elected",
    "processing",
    "decision",
)

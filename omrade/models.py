"""Pydantic models, one per kind of plan file (see docs: the data reference in README).

Values arrive as text from the strict loader; these models decide each value's type.
Unknown keys are forbidden everywhere so that a misspelt key is never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

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

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
LOCAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def _strict_bool(value: Any) -> Any:
    """Only true/false: YAML 1.1's yes/no/on/off are exactly the surprises we avoid."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise PydanticCustomError("omr_bool", "expected true or false")


def _text(value: Any) -> Any:
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            raise PydanticCustomError("omr_empty", "the text is empty")
        return stripped
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
# an editor reads `id: 1` as a number; omrade reads it as the text "1": both are fine
LocalId = Annotated[
    str,
    StringConstraints(pattern=LOCAL_ID_PATTERN),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": LOCAL_ID_PATTERN},
                {"type": "integer", "minimum": 0},
            ]
        }
    ),
]
Flag = Annotated[bool, BeforeValidator(_strict_bool)]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Year = Annotated[int, Field(ge=1900, le=2200)]
Kronor = Annotated[int, Field(ge=0)]
Number = Annotated[Decimal, Field(allow_inf_nan=False)]

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
GroupType = Literal["network", "coordination", "area_group", "dialogue_forum", "other"]
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
Period = Annotated[str, StringConstraints(pattern=r"^\d{4}(-(T[1-3]|Q[1-4]|H[1-2]))?$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True)


# --- shared pieces -------------------------------------------------------------------


class Decision(Model):
    body: Slug
    date: dt.date
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

    table: Text  # the table's path in the database, e.g. "AM/AM0210/AM0210D/ArRegDesoStatusN"
    region: Text = "Region"  # the table's region variable
    time: Text = "Tid"  # the table's time variable
    numerator: ScbPart  # a count
    denominator: ScbPart | None = None  # for a rate: numerator / denominator
    sex: ScbSex | None = None  # import values by sex too
    decimals: Annotated[int, Field(ge=0, le=6)] | None = None  # default by the unit


class Source(Model):
    provider: Provider
    ref: Text | None = None
    url: Text | None = None
    note: Text | None = None
    scb: ScbSource | None = None  # for `omrade import scb`


class Document(Model):
    """Fields common to every kind."""

    kind: str


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


class Municipality(Document):
    kind: Literal["municipality"]
    id: Slug
    name: Text
    name_en: Text | None = None
    code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    locale: Literal["sv", "en"] = "sv"
    follow_up: FollowUpCycle = "tertial"
    dimensions: Annotated[list[Slug], Field(min_length=1)]
    bodies: list[Body]
    organisations: list[Organisation]
    rules: dict[str, Severity] = Field(default_factory=dict)
    note: Text | None = None


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


class Indicators(Document):
    kind: Literal["indicators"]
    indicators: list[Indicator]


# --- district --------------------------------------------------------------------------


class Population(Model):
    value: Annotated[int, Field(ge=0)]
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
    retrieved: dt.date | None = None  # when the value was fetched from its source
    municipality_source: Text | None = None
    municipality_retrieved: dt.date | None = None
    illustrative: Flag = False


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
    updated: dt.date
    values: list[IndicatorValue] = Field(default_factory=list)
    summary: Text
    summary_en: Text | None = None
    dimensions: dict[Slug, DimensionAssessment]
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
    valid_from: dt.date
    valid_to: dt.date
    replaces: Slug | None = None
    vision: Text | None = None
    vision_en: Text | None = None
    main_tasks: Annotated[list[MainTask], Field(min_length=1)]


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
    start: dt.date | None = None
    end: dt.date | None = None
    funding: list[Funding] = Field(default_factory=list)
    dialogue: Slug | None = None
    follow_up: list[FollowUp] = Field(default_factory=list)


class Plan(Lifecycle):
    kind: Literal["plan"]
    programme: Slug
    year: Year
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
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    email: Text | None = None
    phone: Text | None = None
    public: Flag = True


class Group(Document):
    kind: Literal["group"]
    id: Slug
    type: GroupType
    district: Slug
    name: Text
    name_en: Text | None = None
    purpose: Text | None = None
    main_task: MainTaskRef | None = None
    members: list[Member] = Field(default_factory=list)


# --- budget ----------------------------------------------------------------------------


class BaseGrant(Model):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"oneOf": [{"required": ["per_district"]}, {"required": ["share"]}]},
    )

    per_district: Kronor | None = None
    share: Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> BaseGrant:
        if (self.per_district is None) == (self.share is None):
            raise PydanticCustomError(
                "omr_one_of", "give exactly one of 'per_district' and 'share'"
            )
        return self


class WeightedIndicator(Model):
    indicator: Slug
    weight: Number


class Transition(Model):
    previous: Year
    alpha: Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]


class Weighting(Model):
    volume: Literal["population", "equal"] = "population"
    indicators: list[WeightedIndicator] = Field(default_factory=list)
    data_year: Year | None = None
    transition: Transition | None = None


class Budget(Lifecycle):
    kind: Literal["budget"]
    year: Year
    appropriation: Kronor
    unit: Annotated[int, Field(ge=1)] = 1
    districts: list[Slug] | None = None
    base_grant: BaseGrant
    weighting: Weighting = Field(default_factory=Weighting)
    note: Text | None = None


# --- dialogue --------------------------------------------------------------------------


class Commission(Model):
    body: Slug
    date: dt.date
    reference: Text | None = None


class DateRange(Model):
    from_: dt.date = Field(alias="from")
    to: dt.date


class Steps(Model):
    initiative: dt.date | None = None
    commission: dt.date | None = None
    planning: dt.date | None = None
    launch: dt.date | None = None
    conduct: DateRange | None = None
    compilation: dt.date | None = None
    feedback_to_elected: dt.date | None = None
    processing: dt.date | None = None
    decision: dt.date | None = None


class Feedback(Model):
    date: dt.date
    channel: Text


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
    results: Text | None = None
    results_en: Text | None = None


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

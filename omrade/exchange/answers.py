"""The statistics services' answers, as the services document them: checked before use.

One pydantic model per answer format — Kolada's API v3 and v2, SCB's PxWebApi 2.0
(JSON-stat 2.0) and PxWeb API v1 — each with strict types (a code is a text, never a list
or a number; a figure is a number or, for PxWeb v1, a numeric text). Unknown keys are
ignored (the services add fields); a missing or mistyped one is a problem named by its
place in the answer. Every figure passes :func:`figure` before any arithmetic: finite, at
most :data:`~omrade.model.documents.NUMBER_MAX_DIGITS` digits before the decimal point,
rounded to :data:`~omrade.model.documents.NUMBER_MAX_DECIMALS` decimals (the precision the
analyses keep).

:func:`parse` turns a ``ValidationError`` into one :class:`~omrade.exchange.ExchangeError`
that lists at most :data:`MAX_PROBLEMS` problems, in the run's language.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from omrade.exchange import ExchangeError
from omrade.i18n import Translator
from omrade.model.scalars import NUMBER_MAX_DECIMALS, NUMBER_MAX_DIGITS

MAX_PROBLEMS = 10  # problems shown of one answer; the rest are counted
MAX_CELLS = 1_000_000  # a JSON-stat dataset's cells (the product of its sizes)
_NUMERIC_TEXT = re.compile(r"-?\d{1,30}(?:[.,]\d{1,30})?")
_STEP = Decimal(1).scaleb(-NUMBER_MAX_DECIMALS)
_LIMIT = Decimal(10) ** NUMBER_MAX_DIGITS
M = TypeVar("M", bound=BaseModel)


def figure(value: Any) -> Decimal:
    """A statistic as an exact, finite number of a size the analyses can hold."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise PydanticCustomError("omr_not_number", "not a number")
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
        if not _NUMERIC_TEXT.fullmatch(text):
            raise PydanticCustomError("omr_not_number", "not a number")
        value = text.replace(",", ".")
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        raise PydanticCustomError("omr_not_number", "not a number") from None
    if not number.is_finite():
        raise PydanticCustomError("omr_not_finite", "not a finite number")
    if abs(number) >= _LIMIT:
        raise PydanticCustomError("omr_too_large", "too large")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -NUMBER_MAX_DECIMALS:
        number = number.quantize(_STEP, rounding=ROUND_HALF_UP)
    return number


Figure = Annotated[Decimal, BeforeValidator(figure)]
Code = Annotated[StrictStr, Field(max_length=200)]


class Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- Kolada (API v3 and v2: the same rows; v3 pages with next_url, v2 with next_page) -----


class KoladaValue(Answer):
    gender: Literal["T", "K", "M"]
    value: Figure | None = None  # None: not published for this year or sex
    count: StrictInt | None = None
    status: Code | None = None


class KoladaRow(Answer):
    kpi: Code
    municipality: Code
    period: Annotated[StrictInt, Field(ge=1900, le=2200)]
    values: list[KoladaValue]


class KoladaV3(Answer):
    values: list[KoladaRow]
    count: StrictInt | None = None
    next_url: Code | None = Field(default=None, max_length=2000)


class KoladaV2(Answer):
    values: list[KoladaRow]
    count: StrictInt | None = None
    next_page: Code | None = Field(default=None, max_length=2000)


# --- SCB PxWebApi 2.0: a JSON-stat 2.0 dataset ------------------------------------------


class JsonStatCategory(Answer):
    index: dict[Code, Annotated[StrictInt, Field(ge=0, le=MAX_CELLS)]] | list[Code]
    label: dict[Code, StrictStr] | None = None

    def positions(self) -> dict[str, int]:
        if isinstance(self.index, list):
            return {code: i for i, code in enumerate(self.index)}
        return dict(self.index)


class JsonStatDimension(Answer):
    label: StrictStr | None = None
    category: JsonStatCategory


class JsonStatDataset(Answer):
    version: Literal["2.0"]
    class_: Literal["dataset"] = Field(alias="class")
    id: list[Code]
    size: list[Annotated[StrictInt, Field(ge=0, le=MAX_CELLS)]]
    dimension: dict[Code, JsonStatDimension]
    value: list[Figure | None] | dict[Annotated[str, Field(pattern=r"^\d{1,9}$")], Figure | None]
    status: dict[Code, StrictStr] | list[StrictStr | None] | StrictStr | None = None


# --- SCB PxWeb API v1: columns and rows -----------------------------------------------


class PxColumn(Answer):
    code: Code
    text: StrictStr | None = None
    type: Literal["d", "t", "c"] = "d"


class PxRow(Answer):
    key: list[Code]
    values: list[StrictStr | None]


class PxWebV1(Answer):
    columns: list[PxColumn]
    data: list[PxRow]


# --- problems in the run's language ---------------------------------------------------------


def _what(t: Translator, error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return t._("missing")
    if kind in ("omr_not_number",):
        return t._("not a number")
    if kind == "omr_not_finite":
        return t._("not a finite number")
    if kind == "omr_too_large":
        return t._("too large a number for a statistic")
    if kind == "literal_error":
        return t._("not one of the documented values")
    if kind in ("string_type", "string_too_long"):
        return t._("should be a text (a code)")
    if kind in ("int_type", "int_parsing", "greater_than_equal", "less_than_equal"):
        return t._("should be a whole number in range")
    if kind in ("list_type", "tuple_type"):
        return t._("should be a list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return t._("should be an object")
    if kind == "recursion_loop":
        return t._("nested too deeply")
    return t._("not in the documented form")


def _place(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and "[" not in part and "function" not in part:
            out += ("." if out else "") + part
    return out or "(top)"


def problems_text(t: Translator, lines: list[str]) -> str:
    """At most :data:`MAX_PROBLEMS` lines, then how many more there are."""
    shown_lines = lines[:MAX_PROBLEMS]
    rest = len(lines) - len(shown_lines)
    if rest > 0:
        shown_lines.append(t.ngettext("… and {n} more problem", "… and {n} more problems", rest))
    return "\n".join(f"  {line}" for line in shown_lines)


def parse(model: type[M], data: Any, t: Translator, service: str, url: str, form: str) -> M:
    """``data`` checked against ``model``; otherwise an ExchangeError listing problems."""
    from omrade.exchange.http import shown

    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        lines = [f"{_place(tuple(e.get('loc', ())))}: {_what(t, e)}" for e in errors]
    except RecursionError:
        lines = [f"(top): {t._('nested too deeply')}"]
    raise ExchangeError(
        t._(
            "{service}'s answer to {url} is not in the documented form ({form}); is the "
            "base URL right, and --api-version? Nothing was changed",
            service=service,
            url=shown(url),
            form=form,
        )
        + "\n"
        + problems_text(t, [shown(line) for line in lines])
    )

"""The scalars of a plan file: what a number, a date, a boolean, a word and a text may be
written as (YAML 1.2's core schema, strictly), each checked and converted once, with the
message a person needs when it is not one; and the patterns of ids."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from omrade.diagnostics import say
from omrade.load.reader import Quoted

# what a blank left for a person to fill in says (``omrade new`` writes it; OMR313 finds
# one left in a file)
FILL = "FYLL I"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
LOCAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


# How YAML 1.2's core schema (and so an editor, or any JSON Schema validator) reads a plain
# scalar. ``.inf`` and ``.nan`` are left out: JSON has no such numbers, so they stay text.
CORE_BOOL = {v: v.lower() == "true" for v in ("true", "True", "TRUE", "false", "False", "FALSE")}
CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
MAX_EXPONENT = 300  # beyond what a JSON number (a double) holds; refused, never expanded
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_SV = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


MAX_DIGITS = 400  # a longer number is no amount, year or id: refused before converting


def is_core_number(text: str) -> bool:
    return bool(CORE_INT.fullmatch(text) or CORE_FLOAT.fullmatch(text))


def core_number(text: str) -> int | Decimal | None:
    """The number a plain scalar is in YAML 1.2's core schema, or None when it is not one."""
    if len(text) > MAX_DIGITS and is_core_number(text):
        raise PydanticCustomError(
            "omr_too_large", say("the number is too long", "talet är för långt")
        )
    if CORE_INT.fullmatch(text):
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)
    if CORE_FLOAT.fullmatch(text):
        return Decimal(text)
    return None


LITERAL_START = frozenset("0123456789+-.tTfF")  # how every core number or boolean starts


def core_literal(value: Any) -> str | None:
    """'the number 12' / 'true' when a plain (unquoted) scalar is not text in YAML 1.2."""
    if not isinstance(value, str) or not value or value[0] not in LITERAL_START:
        return None
    if isinstance(value, Quoted):
        return None
    if value in CORE_BOOL:
        return value
    if is_core_number(value):
        if len(value) > 40:
            return say("a number", "ett tal")
        return say("the number {value}", "talet {value}").format(value=value)
    return None


# The largest and the finest number a plan needs: amounts, populations and indicator
# values stay below 10^15, and none is finer than 10^-12. Anything beyond (1e99999999,
# a 5 000-digit integer, 1e-99999) is refused here, before any arithmetic: exact
# arithmetic on such numbers runs for minutes or exhausts memory.
NUMBER_MAX_DIGITS = 15
NUMBER_MAX_DECIMALS = 12


def _checked(number: int | Decimal) -> int | Decimal:
    if not number:
        return number
    if isinstance(number, int):
        large = abs(number) >= 10**NUMBER_MAX_DIGITS
        fine = False
    else:
        _sign, digits, exponent = number.as_tuple()
        assert isinstance(exponent, int)  # a finite number: core_number makes no others
        zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        large = number.adjusted() >= NUMBER_MAX_DIGITS
        fine = exponent + zeros < -NUMBER_MAX_DECIMALS
    if large or fine:
        raise PydanticCustomError(
            "omr_too_large",
            say("the number is too large", "talet är för stort")
            if large
            else say("the number is too fine", "talet har för många decimaler"),
            {
                "hint": say(
                    "numbers in a plan have at most {digits} figures before the decimal "
                    "point and {decimals} after it: is it a typo?",
                    "tal i en plan har högst {digits} siffror före decimaltecknet och "
                    "{decimals} efter: är det ett skrivfel?",
                ).format(digits=NUMBER_MAX_DIGITS, decimals=NUMBER_MAX_DECIMALS)
            },
        )
    return number


def _quoted(expected: str) -> PydanticCustomError:
    return PydanticCustomError(
        "omr_quoted", "expected {expected}, got text", {"expected": expected}
    )


def _strict_bool(value: Any) -> Any:
    """Only true/false: YAML 1.1's yes/no/on/off are exactly the surprises we avoid."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Quoted):
        raise _quoted(say("true or false", "true eller false"))
    if isinstance(value, str) and value in CORE_BOOL:
        return CORE_BOOL[value]
    raise PydanticCustomError("omr_bool", "expected true or false")


def _note(value: Any) -> Any:
    """An 'illustrative' note says what is invented; a bare true/false says nothing."""
    if isinstance(value, bool) or (
        isinstance(value, str) and value.strip().lower() in ("true", "false")
    ):
        raise PydanticCustomError(
            "omr_note",
            say(
                "write a short note of what is invented, not true or false",
                "skriv en kort anteckning om vad som är påhittat, inte true eller false",
            ),
        )
    return value


def whole(value: Any) -> Any:
    """A whole number written as one: ``100000``, not ``"100000"`` (that is text)."""
    if isinstance(value, Quoted):
        raise _quoted(say("a whole number", "ett heltal"))
    if isinstance(value, str):
        number = core_number(value)
        if number is None:
            raise PydanticCustomError("omr_int", "expected a whole number")
        return _checked(number)
    return value


def _decimal(value: Any) -> Any:
    """A number written as one: ``0.25``, not ``"0.25"``; exact (Decimal), never a float."""
    if isinstance(value, Quoted):
        raise _quoted(say("a number", "ett tal"))
    if isinstance(value, str):
        number = core_number(value)
        if number is None:
            raise PydanticCustomError("omr_number", "expected a number")
        return Decimal(_checked(number))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def _refuse_literal(value: Any) -> None:
    got = core_literal(value)
    if got is not None:
        raise PydanticCustomError("omr_not_text", "expected text, got {got}", {"got": got})


def word(value: Any) -> Any:
    """Text that must be written as text: ``code: 0127`` is the number 127 in YAML 1.2."""
    _refuse_literal(value)
    return str(value) if isinstance(value, str) else value


def _text(value: Any) -> Any:
    _refuse_literal(value)
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            raise PydanticCustomError("omr_empty", "the text is empty")
        return stripped
    return value


def number_or_word(value: Any) -> Any:
    """An id that may be written as a whole number (``id: 1``) or as text."""
    if isinstance(value, str) and not isinstance(value, Quoted):
        if value in CORE_BOOL:
            _refuse_literal(value)
        number = core_number(value)
        if number is not None:
            if isinstance(number, Decimal) and (
                number != number.to_integral_value() or number.adjusted() > MAX_EXPONENT
            ):
                _refuse_literal(value)
            return str(int(number))
    return str(value) if isinstance(value, str) else value


def impossible_date(year: int, month: int, day: int) -> tuple[str, str]:
    """Why YYYY-MM-DD is no date, and what to write instead."""
    if year == 0:
        return "there is no year 0000", "check the year"
    if not 1 <= month <= 12:
        return (
            say("there is no month {m:02d}", "det finns ingen månad {m:02d}").format(m=month),
            say("months run from 01 to 12", "månaderna går från 01 till 12"),
        )
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        return (
            say("there is no day 00", "det finns ingen dag 00"),
            say(
                "the first day of the month is {y:04d}-{m:02d}-01",
                "månadens första dag är {y:04d}-{m:02d}-01",
            ).format(y=year, m=month),
        )
    name = say(MONTHS[month - 1], MONTHS_SV[month - 1])
    return (
        say("{name} {y:04d} has {last} days", "{name} {y:04d} har {last} dagar").format(
            name=name, y=year, last=last
        ),
        say(
            "the last day of {name} {y:04d} is {y:04d}-{m:02d}-{last:02d}",
            "sista dagen i {name} {y:04d} är {y:04d}-{m:02d}-{last:02d}",
        ).format(name=name, y=year, m=month, last=last),
    )


def _date(value: Any) -> Any:
    """A calendar date written YYYY-MM-DD (quoted or not: a date is text in JSON Schema)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        match = DATE_RE.fullmatch(value)
        if match is None:
            raise PydanticCustomError("omr_date", "expected a date (YYYY-MM-DD)")
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            why, hint = impossible_date(year, month, day)
            raise PydanticCustomError(
                "omr_impossible_date", "{why}", {"why": why, "hint": hint}
            ) from None
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), BeforeValidator(word)]
SlugKey = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]  # a mapping key is text
# an editor reads `id: 1` as a number; omrade reads it as the text "1": both are fine
LocalId = Annotated[
    str,
    StringConstraints(pattern=LOCAL_ID_PATTERN),
    BeforeValidator(number_or_word),
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
Text = Annotated[
    str,
    BeforeValidator(_text),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"}),
]
Date = Annotated[dt.date, BeforeValidator(_date)]
Year = Annotated[int, Field(ge=1900, le=2200), BeforeValidator(whole)]
Kronor = Annotated[int, Field(ge=0), BeforeValidator(whole)]
# Decimal's own JSON Schema also allows a string; a number in quotes is text here
Number = Annotated[
    Decimal,
    Field(allow_inf_nan=False),
    BeforeValidator(_decimal),
    WithJsonSchema({"type": "number"}),
]
Share = Annotated[
    Decimal,
    Field(ge=0, le=1, allow_inf_nan=False),
    BeforeValidator(_decimal),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]
# a positive factor, e.g. the weight of prioritised districts
Factor = Annotated[
    Decimal,
    Field(gt=0, allow_inf_nan=False),
    BeforeValidator(_decimal),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
]
# a document's 'illustrative:' note: what in the file is invented rather than sourced
Note = Annotated[
    str,
    BeforeValidator(_text),
    BeforeValidator(_note),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "pattern": r"\S", "not": {"enum": ["true", "false"]}}
    ),
]

"""A schema's verdict in words: pydantic's errors turned into diagnostics at the place in
the file they are about (1xx), with hints that name what was meant."""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from omrade.diagnostics import (
    Diagnostic,
    Example,
    choices_hint,
    closest,
    current_lang,
    define,
    did_you_mean,
    format_path,
    say,
)
from omrade.load.reader import (
    MAX_LISTED,
    PathKey,
)
from omrade.model import scalars
from omrade.model.doc import Doc

TYPE_WORDS = {
    "int": "a whole number",
    "decimal": "a number",
    "float": "a number",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date (YYYY-MM-DD)",
    "bool": "true or false",
    "omr_bool": "true or false",
    "string": "text",
    "list": "a list",
    "dict": "a mapping of keys",
    "model": "a mapping of keys",
}


TYPE_WORDS_SV = {
    "int": "ett heltal",
    "decimal": "ett tal",
    "float": "ett tal",
    "date": "ett datum (ÅÅÅÅ-MM-DD)",
    "datetime": "ett datum (ÅÅÅÅ-MM-DD)",
    "bool": "true eller false",
    "omr_bool": "true eller false",
    "string": "text",
    "list": "en lista",
    "dict": "en mappning av nycklar",
    "model": "en mappning av nycklar",
}

BOUNDS = {
    "greater_than_equal": ("ge", "it should be at least {limit}", "värdet ska vara minst {limit}"),
    "less_than_equal": ("le", "it should be at most {limit}", "värdet ska vara högst {limit}"),
    "greater_than": (
        "gt",
        "it should be greater than {limit}",
        "värdet ska vara större än {limit}",
    ),
    "less_than": ("lt", "it should be less than {limit}", "värdet ska vara mindre än {limit}"),
}


def _bound(typ: str, ctx: dict[str, Any]) -> str:
    """'it should be at least 0' for a value out of pydantic's range, in the run's language."""
    key, en, sv = BOUNDS[typ]
    if key not in ctx or current_lang() != "sv":
        return ""  # English: pydantic's own words, as they were
    return say(en, sv).format(limit=ctx[key])


def describe(value: Any) -> str:
    if value is None:
        return say("an empty value", "ett tomt värde")
    if isinstance(value, dict):
        return say("a mapping", "en mappning")
    if isinstance(value, list):
        return say("a list", "en lista")
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the mapping at ``loc`` (for 'did you mean' on keys)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or name): f for name, f in current.model_fields.items()}
            if part not in fields:
                return None
            current = fields[part].annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] down to the underlying type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def field_names(model: type[BaseModel]) -> list[str]:
    return [(f.alias or name) for name, f in model.model_fields.items()]


# the code of a pydantic error type, for schema errors that are counted, not made
SCHEMA_CODES = {
    "extra_forbidden": "OMR101",
    "missing": "OMR102",
    "literal_error": "OMR104",
    "string_pattern_mismatch": "OMR105",
    "omr_too_large": "OMR106",
}


OMR101 = define(
    "OMR101",
    "error",
    "Unknown key",
    "A key that the kind does not have; usually a misspelling.",
    message="unknown key '{name}'",
    hint="{hint}",
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr\nnamn: Norr\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="Okänd nyckel",
        description="En nyckel som sorten inte har; oftast en felstavning.",
        message="okänd nyckel '{name}'",
        hint="{hint}",
    ),
)


OMR102 = define(
    "OMR102",
    "error",
    "Missing key",
    "A required key is absent.",
    message="'{name}' is missing{where}",
    hint="{hint}",
    example=Example(
        "data/districts/norr.yaml",
        "id: norr\npopulation:",
        replaces="id: norr\nname: Norr\npopulation:",
        situation="The district has no 'name:'.",
    ),
    sv=dict(
        situation="Stadsdelen saknar 'name:'.",
        title="Nyckel saknas",
        description="En nyckel som måste finnas saknas.",
        message="'{name}' saknas{where}",
        hint="{hint}",
    ),
)


OMR104 = define(
    "OMR104",
    "error",
    "Value not allowed",
    "A value outside the listed choices (status, type, unit, role …).",
    message="{value} is not a valid {name}",
    hint="{choices}",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "type: promotion\n",
        replaces="type: promoting\n",
    ),
    sv=dict(
        title="Värdet är inte tillåtet",
        description="Ett värde utanför de tillåtna valen (status, typ, enhet, roll …).",
        message="{value} är inte ett tillåtet värde för {name}",
        hint="{choices}",
    ),
)


def schema_diagnostics(
    exc: ValidationError, model_cls: type[BaseModel], doc: Doc
) -> list[Diagnostic]:
    """Translate pydantic's errors into positioned diagnostics with helpful hints.

    The first MAX_LISTED are made (hints cost time); the rest are only counted.
    """
    out: list[Diagnostic] = []
    for number, err in enumerate(exc.errors(include_url=False)):
        typ: str = err["type"]
        if number >= MAX_LISTED:
            code = SCHEMA_CODES.get(typ, "OMR103")
            doc.loaded.omitted[code] = doc.loaded.omitted.get(code, 0) + 1
            continue
        loc = tuple(err["loc"])
        value = err.get("input")
        ctx = err.get("ctx") or {}
        key_error = "[key]" in loc
        if key_error:
            loc = loc[: loc.index("[key]")]
        path: PathKey = tuple(p for p in loc if isinstance(p, int | str))
        name = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
        if typ == "extra_forbidden":
            parent = _model_at(model_cls, path[:-1])
            hint = did_you_mean(name, field_names(parent)) if parent else ""
            if not hint and parent:
                hint = say("known keys here: ", "nycklar som finns här: ") + ", ".join(
                    field_names(parent)
                )
            out.append(OMR101.on(doc, path, key=True, name=name, hint=hint))
        elif typ == "missing":
            parent_path = path[:-1]
            present = doc.loaded.data
            for p in parent_path:
                if isinstance(present, dict):
                    present = present.get(p)
                elif isinstance(present, list) and isinstance(p, int):
                    present = present[p]
                else:
                    present = None
            extras = [k for k in present] if isinstance(present, dict) else []
            near = closest(name, extras)
            hint = (
                say("'{near}' is written — misspelt?", "'{near}' står här — felstavat?")
                if near
                else say("add '{name}:' here", "lägg till '{name}:' här")
            ).format(near=near, name=name)
            where = (
                say(" in {path}", " i {path}").format(path=format_path(parent_path))
                if parent_path
                else ""
            )
            out.append(OMR102.on(doc, parent_path, key=True, name=name, where=where, hint=hint))
        elif typ == "literal_error":
            allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            out.append(
                OMR104.on(
                    doc,
                    path,
                    value=describe(value),
                    name=name,
                    choices=choices_hint(str(value), allowed, limit=20),
                )
            )
        elif typ == "string_pattern_mismatch":
            pattern = str(ctx.get("pattern", ""))
            out.append(_pattern_diag(doc, path, name, value, pattern, key_error))
        else:
            out.append(_type_or_value_diag(doc, path, name, typ, value, str(err["msg"]), ctx))
    return out


OMR105 = define(
    "OMR105",
    "error",
    "Malformed id",
    (
        "File ids are slugs (^[a-z0-9][a-z0-9-]*$); local ids of main tasks, "
        "goals and actions match ^[A-Za-z0-9][A-Za-z0-9._-]*$."
    ),
    message="{value} is not a valid id",
    hint="ids use lowercase a–z, digits and hyphens: '{suggestion}'",
    variants={
        "local": (
            "{value} is not a valid {name}",
            "use letters, digits, '.', '_' or '-', e.g. 'HU1' or 'A3'",
        ),
    },
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "  - id: A 1\n",
        replaces="  - id: A1\n",
    ),
    sv=dict(
        title="Felaktigt id",
        description=(
            "Filernas id skrivs med gemener, siffror och bindestreck "
            "(^[a-z0-9][a-z0-9-]*$); lokala id för huvuduppgifter, mål och "
            "insatser följer ^[A-Za-z0-9][A-Za-z0-9._-]*$."
        ),
        message="{value} är inte ett giltigt id",
        hint="id skrivs med gemener a–z, siffror och bindestreck: '{suggestion}'",
        variants={
            "local": (
                "{value} är inte ett giltigt värde för {name}",
                "använd bokstäver, siffror, '.', '_' eller '-', t.ex. 'HU1' eller 'A3'",
            ),
        },
    ),
)


OMR106 = define(
    "OMR106",
    "error",
    "Invalid value",
    (
        "A value breaks a constraint: a negative amount, a year out of range, an "
        "empty list where one entry is needed, both or neither of two "
        "alternatives, a number beyond 15 figures before the decimal point or 12 "
        "after it (1e99999999, 1e-99999), which is refused before any arithmetic."
    ),
    message="invalid value for '{name}': {msg}",
    variants={
        "pattern": (
            "{value} does not match {pattern}",
            "",
        ),
        "period": (
            "{value} is not a follow-up period",
            "write e.g. 2025-T1 … 2025-T3, 2025-Q1 … Q4, 2025-H1, H2 or 2025",
        ),
        "code": (
            "{value} is not a four-digit code",
            'SCB\'s municipality code has four digits, e.g. code: "0127"',
        ),
        "range": (
            "{value} is out of range for '{name}'",
            "{detail}",
        ),
        "empty": (
            "'{name}' is empty",
            "write the text or remove the key",
        ),
        "one_of": (
            "{msg}",
            "",
        ),
        "too_short": (
            "'{name}' needs at least one entry",
            "",
        ),
    },
    example=Example(
        "data/budget/2025.yaml",
        "appropriation: -500000\n",
        replaces="appropriation: 500000\n",
    ),
    sv=dict(
        title="Ogiltigt värde",
        description=(
            "Ett värde bryter mot en begränsning: ett negativt belopp, ett år "
            "utanför intervallet, en tom lista där det behövs en post, båda "
            "eller inget av två alternativ, eller ett tal med fler än 15 siffror "
            "före decimaltecknet eller 12 efter (1e99999999, 1e-99999), som "
            "avvisas före all beräkning."
        ),
        message="ogiltigt värde för '{name}': {msg}",
        hint="",
        variants={
            "pattern": (
                "{value} följer inte mönstret {pattern}",
                "",
            ),
            "period": (
                "{value} är ingen uppföljningsperiod",
                "skriv t.ex. 2025-T1 … 2025-T3, 2025-Q1 … Q4, 2025-H1, H2 eller 2025",
            ),
            "code": (
                "{value} är inte en fyrsiffrig kod",
                'SCB:s kommunkod har fyra siffror, t.ex. code: "0127"',
            ),
            "range": (
                "{value} ligger utanför det tillåtna för '{name}'",
                "{detail}",
            ),
            "empty": (
                "'{name}' är tomt",
                "skriv texten eller ta bort nyckeln",
            ),
            "one_of": (
                "{msg}",
                "",
            ),
            "too_short": (
                "'{name}' behöver minst en post",
                "",
            ),
        },
    ),
)


def _pattern_diag(
    doc: Doc, path: PathKey, name: str, value: Any, pattern: str, key_error: bool
) -> Diagnostic:
    if pattern == scalars.SLUG_PATTERN:
        suggestion = re.sub(
            r"[^a-z0-9-]+", "-", str(value).lower().translate(str.maketrans("åäöé", "aaoe"))
        ).strip("-")
        return OMR105.on(doc, path, key=key_error, value=describe(value), suggestion=suggestion)
    if pattern == scalars.LOCAL_ID_PATTERN:
        return OMR105.on(doc, path, variant="local", value=describe(value), name=name)
    if "T[1-3]" in pattern:
        return OMR106.on(doc, path, variant="period", value=describe(value))
    if pattern == r"^\d{4}$":
        return OMR106.on(doc, path, variant="code", value=describe(value))
    return OMR106.on(doc, path, variant="pattern", value=describe(value), pattern=pattern)


# omrade's own type errors (omrade.model.documents) and the pydantic family whose hints they share
OMR_FAMILIES = {"omr_int": "int", "omr_number": "decimal", "omr_date": "date"}


OMR103 = define(
    "OMR103",
    "error",
    "Wrong type",
    (
        "A value has the wrong type: text where a number, date, list or "
        "true/false is expected, or the other way round."
    ),
    message="expected {expected} for '{name}', got {value}",
    hint="{hint}",
    variants={
        "quoted": (
            "expected {detail} for '{name}', got the text {value} (in quotes)",
            "{advice}",
        ),
        "not_text": (
            "expected text for '{name}', got {detail}",
            "{advice}",
        ),
        "impossible_date": (
            "{value} is not a date: {detail}",
            "{advice2}",
        ),
        "whole_number": (
            "expected a whole number for '{name}', got {value}",
            "a whole number is needed here",
        ),
        "empty": (
            "'{name}' is empty; expected {expected}",
            "{value}",
        ),
    },
    example=Example(
        "data/districts/norr.yaml",
        "population: {value: tiotusen, year: 2024, source: test}\n",
        replaces="population: {value: 10000, year: 2024, source: test}\n",
    ),
    sv=dict(
        title="Fel typ",
        description=(
            "Ett värde har fel typ: text där ett tal, ett datum, en lista eller "
            "true/false väntas, eller tvärtom."
        ),
        message="'{name}' ska vara {expected}, men är {value}",
        hint="{hint}",
        variants={
            "quoted": (
                "'{name}' ska vara {detail}, men är texten {value} (inom citattecken)",
                "{advice}",
            ),
            "not_text": (
                "'{name}' ska vara text, men är {detail}",
                "{advice}",
            ),
            "impossible_date": (
                "{value} är inte ett datum: {detail}",
                "{advice2}",
            ),
            "whole_number": (
                "'{name}' ska vara ett heltal, men är {value}",
                "här behövs ett heltal",
            ),
            "empty": (
                "'{name}' är tomt; här ska stå {expected}",
                "{value}",
            ),
        },
    ),
)


def _type_or_value_diag(
    doc: Doc,
    path: PathKey,
    name: str,
    typ: str,
    value: Any,
    msg: str,
    ctx: dict[str, Any] | None = None,
) -> Diagnostic:
    ctx = ctx or {}
    if typ == "omr_quoted":
        return OMR103.on(
            doc,
            path,
            variant="quoted",
            detail=ctx.get("expected", say("a number", "ett tal")),
            name=name,
            value=describe(value),
            advice=say("remove the quotes: {value}", "ta bort citattecknen: {value}").format(
                value=value
            )
            if len(str(value)) <= 60
            else say("remove the quotes", "ta bort citattecknen"),
        )
    if typ == "omr_not_text":
        return OMR103.on(
            doc,
            path,
            variant="not_text",
            name=name,
            detail=ctx.get("got", describe(value)),
            advice=say(
                'if text is meant, put it in quotes: "{value}"',
                'om det ska vara text, sätt det inom citattecken: "{value}"',
            ).format(value=value)
            if len(str(value)) <= 60
            else say(
                "if text is meant, put it in quotes",
                "om det ska vara text, sätt det inom citattecken",
            ),
        )
    if typ == "omr_impossible_date":
        return OMR103.on(
            doc,
            path,
            variant="impossible_date",
            value=value,
            detail=ctx.get("why", msg),
            advice2=str(ctx.get("hint", "")),
        )
    if typ == "omr_too_large":
        return OMR106.on(
            doc,
            path,
            variant="range",
            value=describe(value),
            name=name,
            detail=ctx.get("hint", ""),
        )
    family = OMR_FAMILIES.get(typ) or (typ.split("_")[0] if not typ.startswith("omr_") else typ)
    if family in TYPE_WORDS and typ not in ("int_from_float",):
        expected = say(TYPE_WORDS[family], TYPE_WORDS_SV[family])
        hint = ""
        if family == "string" and isinstance(value, dict | list):
            hint = say(
                "if you meant text, put it in quotes",
                "om det ska vara text, sätt det inom citattecken",
            )
        elif family in ("int", "decimal", "float") and isinstance(value, str):
            if re.fullmatch(r"[\d\s]+", value):
                compact = re.sub(r"\s", "", value)
                hint = say(
                    "write numbers without spaces: {compact}",
                    "skriv tal utan mellanslag: {compact}",
                ).format(compact=compact)
            elif re.fullmatch(r"-?\d+,\d+", value):
                hint = say(
                    "use a decimal point: {point}", "använd decimalpunkt i YAML: {point}"
                ).format(point=value.replace(",", "."))
            elif family == "int" and re.fullmatch(r"-?\d+\.\d+", value):
                hint = say("a whole number is needed here", "här behövs ett heltal")
        elif family in ("date", "datetime"):
            hint = say(
                "write dates as YYYY-MM-DD, e.g. 2025-03-15",
                "skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-15",
            )
        elif family == "omr_bool":
            hint = say(
                "write true or false (yes/no/on/off are not accepted)",
                "skriv true eller false (yes/no/on/off godtas inte)",
            )
        elif family in ("list",) and isinstance(value, str):
            hint = say(
                "write a list: [{value}] or one '- item' per line",
                "skriv en lista: [{value}] eller en '- post' per rad",
            ).format(value=value)
        elif family in ("dict", "model") and isinstance(value, str):
            hint = say(
                "this needs keys underneath, indented",
                "här behövs nycklar under, indragna",
            )
        if value is None:
            return OMR103.on(
                doc,
                path,
                variant="empty",
                name=name,
                expected=expected,
                value=hint
                or say(
                    "fill in a value or remove the key", "fyll i ett värde eller ta bort nyckeln"
                ),
            )
        return OMR103.on(doc, path, expected=expected, name=name, value=describe(value), hint=hint)
    if typ == "int_from_float":
        return OMR103.on(doc, path, variant="whole_number", name=name, value=describe(value))
    if typ == "omr_empty":
        return OMR106.on(doc, path, variant="empty", name=name)
    if typ == "omr_one_of":
        return OMR106.on(doc, path, variant="one_of", msg=msg)
    if typ in ("too_short",):
        return OMR106.on(doc, path, variant="too_short", name=name)
    if typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return OMR106.on(
            doc,
            path,
            variant="range",
            value=describe(value),
            name=name,
            detail=_bound(typ, ctx) or msg.replace("Input should be", "it should be"),
        )
    return OMR106.on(doc, path, name=name, msg=msg)

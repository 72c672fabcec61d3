"""What the editor says about keys and values: each field's description (the JSON
Schemas' own, ``omrade.model.descriptions``), the model a key belongs to, and the labels
of enum values (the site's words, ``present.site.messages``)."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from omrade.labels import ENUMS
from omrade.model import documents as m
from omrade.model.descriptions import describe

# labels of enum values that the site does not show (sv, en)
LABELS: dict[str, tuple[str, str]] = {
    "administration": ("Förvaltning", "Administration"),
    "board": ("Nämnd", "Board"),
    "company": ("Bolag", "Company"),
    "authority": ("Myndighet", "Authority"),
    "civil_society": ("Civilsamhälle", "Civil society"),
    "business": ("Näringsliv", "Business"),
    "tertial": ("Tertial", "Tertial"),
    "quarter": ("Kvartal", "Quarter"),
    "half_year": ("Halvår", "Half-year"),
    "year": ("År", "Year"),
    "higher_is_need": ("Höga värden är behov", "Higher is need"),
    "lower_is_need": ("Låga värden är behov", "Lower is need"),
    "none": ("Inget behov", "No need"),
    "scb": ("SCB", "Statistics Sweden"),
    "kolada": ("Kolada", "Kolada"),
    "local": ("Egen statistik", "Local"),
    "survey": ("Enkät", "Survey"),
    "error": ("Fel", "Error"),
    "warning": ("Varning", "Warning"),
    "off": ("Av", "Off"),
    "other": ("Annat", "Other"),
}


def description(kind: str, path: tuple[str | int, ...], lang: str) -> str:
    """What the key at the end of ``path`` in a ``kind`` file means (in ``lang``), or '':
    the description the JSON Schemas give the same key (``omrade.model.descriptions``)."""
    if not path or not isinstance(path[-1], str):
        return ""
    holder = shape(kind, path[:-1])
    model = holder.model if holder is not None and holder.model is not None else None
    if model is None:
        model = m.KINDS.get(kind)
    if model is None:
        return ""
    return describe(model.__name__, path[-1], lang) or ""


def label(values: tuple[str, ...], value: str, lang: str) -> str:
    """The label of ``value`` of the enum whose values are ``values``."""
    i = 0 if lang == "sv" else 1
    wanted = set(values)
    for family in ENUMS.values():
        if wanted <= set(family) and value in family:
            return family[value][i]
    pair = LABELS.get(value)
    return pair[i] if pair else value.replace("_", " ")


@dataclass(frozen=True)
class Shape:
    """What a value at a path must be: a model (keys), an enum, or a scalar."""

    model: type[BaseModel] | None = None
    choices: tuple[str, ...] = ()
    many: bool = False  # a list of them


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside Annotated / Optional; and whether it is a list (or dict) of it."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
        elif origin in (list, tuple, set, frozenset):
            annotation = typing.get_args(annotation)[0]
            many = True
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
            many = True
        else:
            return annotation, many


def fields(model: type[BaseModel]) -> dict[str, Any]:
    """The keys a model takes (aliases as written in the files) → annotation."""
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def required(model: type[BaseModel]) -> list[str]:
    return [(info.alias or name) for name, info in model.model_fields.items() if info.is_required()]


def shape(kind: str, path: tuple[str | int, ...]) -> Shape | None:
    """The shape of the value at ``path`` (list items as '*' or an index) in a ``kind`` file."""
    model: Any = m.KINDS.get(kind)
    if model is None:
        return None
    current: Any = model
    pending_many = False
    for part in path:
        if isinstance(part, int) or part == "*":
            if not pending_many:
                return None
            pending_many = False
            continue
        if pending_many:  # a dict's key (analysis dimensions): the value's type
            pending_many = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        annotation = fields(current).get(part)
        if annotation is None:
            return None
        current, pending_many = _unwrap(annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return Shape(model=current, many=pending_many)
    if typing.get_origin(current) is Literal:
        return Shape(choices=tuple(str(a) for a in typing.get_args(current)), many=pending_many)
    return Shape(many=pending_many)

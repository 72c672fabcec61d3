"""What in an adopted document was decided, and what only reports on it.

A plan, programme, budget, guideline or district analysis that is adopted carries the
decision that adopted it. Changing what was decided (an action, its funding and
responsibility, a goal, a weight, an amount, a validity) needs a new decision; reporting
on it (follow-ups with their ratings, trends and comments; measured values) does not,
and neither does an English twin (``*_en``), which translates the decided Swedish text.

The split is read from the models themselves: a field is reported when its annotation
carries :data:`omrade.model.documents.REPORTED`, a translation when its name is another
field's name with ``_en``, and decided otherwise. So a new field is decided until someone
marks it, and the documentation (``fields_by_decision``) cannot drift from the check.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from omrade.model import documents as m

Role = Literal["decided", "reported", "translation"]

# the kinds that are adopted by a decision (they have ``status`` and ``decision``)
ADOPTED_KINDS: dict[str, type[m.Lifecycle]] = {
    kind: cls for kind, cls in m.KINDS.items() if issubclass(cls, m.Lifecycle)
}


def _models_in(annotation: Any) -> list[tuple[str, type[BaseModel]]]:
    """The models inside a field's type, each with how a path steps into it ('' for the
    model itself, '[]' for a list's items, '{}' for a mapping's values)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [("", annotation)]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _models_in(args[0])
    if origin in (list, tuple, set, frozenset):
        return [("[]" + step, cls) for a in args for step, cls in _models_in(a)]
    if origin is dict:
        return [("{}" + step, cls) for step, cls in _models_in(args[1])]
    if origin in (typing.Union, types.UnionType):
        return [found for a in args for found in _models_in(a)]
    return []


def _key(name: str, info: Any) -> str:
    return str(info.alias or name)


@dataclass
class Node:
    """One field of a model, its role, and the fields of the models inside it."""

    name: str  # the key as written in the file ('from', not 'from_')
    attr: str  # the attribute in the model
    role: Role
    step: str = ""  # '', '[]' or '{}': how the path goes into ``children``
    children: list[Node] = field(default_factory=list)

    def uniform(self) -> Role | None:
        """The role of everything under this field, or None when it mixes roles."""
        roles = {self.role} | {child.uniform() for child in self.children}
        return self.role if len(roles) == 1 else None


def tree(cls: type[BaseModel], seen: tuple[type[BaseModel], ...] = ()) -> list[Node]:
    """Every field of ``cls`` (except ``kind``) with its role, the nested models' below."""
    out = []
    for attr, info in cls.model_fields.items():
        if attr == "kind":
            continue
        if any(isinstance(x, m.Reported) for x in info.metadata):
            role: Role = "reported"
        elif attr.endswith("_en") and attr.removesuffix("_en") in cls.model_fields:
            role = "translation"
        else:
            role = "decided"
        node = Node(_key(attr, info), attr, role)
        if role == "decided":
            inner = [(s, c) for s, c in _models_in(info.annotation) if c not in seen]
            if inner:
                node.step = inner[0][0]
                node.children = tree(inner[0][1], (*seen, cls))
        out.append(node)
    return out


def fields_by_decision(kind: str) -> dict[Role, list[str]]:
    """The fields of a kind by role, as paths in the file (``actions[].follow_up``): a
    field whose content is all of one role is named whole, otherwise its parts are."""
    out: dict[Role, list[str]] = {"decided": [], "reported": [], "translation": []}

    def walk(nodes: list[Node], prefix: str) -> None:
        for node in nodes:
            path = f"{prefix}{node.name}"
            role = node.uniform()
            if role is not None:
                out[role].append(path)
            else:
                walk(node.children, f"{path}{node.step}.")

    how = {"status", "decision"}  # whether and how it was decided, not what
    walk([n for n in tree(ADOPTED_KINDS[kind]) if n.attr not in how], "")
    return out


def _exclusion(nodes: list[Node]) -> dict[str, Any]:
    """A pydantic ``exclude`` that leaves out every reported and translated field."""
    out: dict[str, Any] = {}
    for node in nodes:
        if node.role != "decided":
            out[node.attr] = True
        elif node.uniform() is None:
            inner = _exclusion(node.children)
            out[node.attr] = {"__all__": inner} if node.step.startswith(("[]", "{}")) else inner
    return out


def decided_content(model: m.Lifecycle) -> dict[str, Any]:
    """What was decided in ``model``: its fields without the reported and translated ones
    (and without ``status`` and ``decision``, which say whether and how it was decided)."""
    exclude = _exclusion(tree(type(model)))
    exclude.update(status=True, decision=True)
    return model.model_dump(mode="json", exclude=exclude)


def needs_new_decision(before: Any, after: Any) -> bool:
    """Whether an adopted document changed what was decided while its decision (date and
    reference) stayed the same: then a new decision must be recorded, or the document set
    back to draft until it is made."""
    if not isinstance(before, m.Lifecycle) or not isinstance(after, m.Lifecycle):
        return False
    if before.status != "adopted" or after.status != "adopted":
        return False
    db, da = before.decision, after.decision
    if db is None or da is None or (db.date, db.reference) != (da.date, da.reference):
        return False
    return decided_content(before) != decided_content(after)

"""The documents of a plan repository indexed by kind and id, and what each file made on
its own; typed views of the municipality's lists."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from omrade.diagnostics import Diagnostic
from omrade.model import documents as m
from omrade.model.doc import Doc
from omrade.repo import memo

# a document's model class (m.Plan, m.Group, …)
M = TypeVar("M", bound=BaseModel)


@dataclass
class Made:
    """What one file makes on its own, whatever else the repository holds: its document
    (with the model when schema-valid), the diagnostics of reading and of the schema, and
    the id of a document that failed its schema. Another revision whose file has the same
    bytes uses it as it is (``build_repository``), without validating again."""

    doc: Doc
    diagnostics: list[Diagnostic]
    broken: tuple[str, str] | None = None  # (kind, id as written)
    data: dict[str, Any] | None = None  # the plain data, when a known kind is indexed
    expected: str = ""  # where a schema-valid document belongs (see expected_path)


@dataclass
class Index:
    """Every document of a repository, indexed by kind and id (``omrade.repo.repository``
    builds it)."""

    root: Path
    docs: list[Doc] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    municipality_doc: Doc | None = None
    indicators_doc: Doc | None = None
    districts: dict[str, Doc] = field(default_factory=dict)
    analyses: dict[tuple[str, int], Doc] = field(default_factory=dict)
    programmes: dict[str, Doc] = field(default_factory=dict)
    plans: dict[tuple[str, int], Doc] = field(default_factory=dict)
    groups: dict[str, Doc] = field(default_factory=dict)
    budgets: dict[int, Doc] = field(default_factory=dict)
    dialogues: dict[str, Doc] = field(default_factory=dict)
    guidelines: dict[str, Doc] = field(default_factory=dict)
    # ids of documents that exist but failed the schema: references to them are not
    # reported again, and coverage rules for their kind stay quiet.
    broken: dict[str, set[str]] = field(default_factory=dict)
    # file → what it made on its own (reused by another revision where it is unchanged)
    made: dict[str, Made] = field(default_factory=dict, repr=False)
    # the same object in every repository laid from this one (``replaced``), where the
    # same files hold the same keys in the same places: what is worked out from that
    # layout alone is kept under it
    layout: object = field(default_factory=object, repr=False, compare=False)
    # file → its place in ``docs``, filled when first asked (shared by laid repositories)
    positions: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    # --- typed views ------------------------------------------------------------------

    @property
    def municipality(self) -> m.Municipality | None:
        return self.municipality_doc.model if self.municipality_doc else None

    @property
    def indicators(self) -> dict[str, m.Indicator]:
        if self.indicators_doc is None or self.indicators_doc.model is None:
            return {}
        return {i.id: i for i in self.indicators_doc.model.indicators}

    @property
    def organisations(self) -> dict[str, m.Organisation]:
        mun = self.municipality
        return {o.id: o for o in mun.organisations} if mun else {}

    @property
    def bodies(self) -> dict[str, m.Body]:
        mun = self.municipality
        return {b.id: b for b in mun.bodies} if mun else {}

    def names(self, target: str) -> dict[str, str | None]:
        """id → display name of what a reference of ``target`` may name (for hints)."""
        if target == "organisation":
            return {o.id: o.name for o in self.organisations.values()}
        if target == "body":
            return {b.id: b.name for b in self.bodies.values()}
        if target == "indicator":
            return {i.id: i.name for i in self.indicators.values()}
        index: dict[str, Doc] = {
            "district": self.districts,
            "programme": self.programmes,
            "group": self.groups,
            "dialogue": self.dialogues,
            "guideline": self.guidelines,
        }[target]
        # kept per index object and size (an index is filled while the repository is
        # built and never changed after; a repository laid from another shares the
        # indexes that did not change): the language server asks on every edit
        known = memo.kept(f"names of {target}", index)
        if known is not None and known[0] == len(index):
            return dict(known[1])
        found = {
            ident: getattr(doc.model, "name", None) or getattr(doc.model, "title", None)
            for ident, doc in index.items()
        }
        memo.keep(f"names of {target}", index, (len(index), found))
        return dict(found)

    @overload
    def valid(self, index: Mapping[Any, Doc]) -> Iterator[tuple[Doc, Any]]: ...

    @overload
    def valid(self, index: Mapping[Any, Doc], model: type[M]) -> Iterator[tuple[Doc, M]]: ...

    def valid(
        self, index: Mapping[Any, Doc], model: type[M] | None = None
    ) -> Iterator[tuple[Doc, Any]]:
        """(document, model) for every schema-valid document of an index; typed when the
        model's class is given (``repo.valid(repo.plans, m.Plan)``), as the rules do."""
        for doc in index.values():
            if doc.model is not None:
                yield doc, doc.model

    def is_broken(self, kind: str, ident: object = None) -> bool:
        ids = self.broken.get(kind, set())
        return bool(ids) if ident is None else (str(ident) in ids or "*" in ids)

    def exists(self, kind: str, ident: str) -> bool:
        index: dict[Any, Doc] = {
            "district": self.districts,
            "programme": self.programmes,
            "group": self.groups,
            "dialogue": self.dialogues,
            "guideline": self.guidelines,
        }[kind]
        return ident in index or self.is_broken(kind, ident)

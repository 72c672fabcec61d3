"""What a change is, as data: documents, items, fields, money, findings (``omrade diff``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from omrade.diagnostics import Diagnostic
from omrade.repo.names import Names


@dataclass
class FieldChange:
    field: str
    before: str
    after: str
    # how the values are named when shown to a person (an organisation, an enum, …); the
    # JSON keeps the ids
    shape: str = ""


@dataclass
class Item:
    category: str  # action added, action removed, action changed, goal changed, …
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    shape: str = ""  # how the subject is named when shown (see FieldChange.shape)
    subject_en: str = ""  # the subject in English, where the data has an _en twin


@dataclass
class DocChange:
    file: str
    kind: str
    title: str
    status: str  # added, removed, modified
    items: list[Item] = field(default_factory=list)
    needs_decision: str = ""  # set when an adopted document changed without a new decision
    # for people, not in the JSON: the title per language, and the decision's parts
    titles: dict[str, str] = field(default_factory=dict)
    decision: dict[str, str] = field(default_factory=dict)


@dataclass
class DiffResult:
    base: str
    head: str
    documents: list[DocChange] = field(default_factory=list)
    # changes to what is published or what runs (omrade.diff.published): path, status, what
    published: list[dict[str, Any]] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)
    allocation: list[dict[str, Any]] = field(default_factory=list)
    introduced: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)
    # one finding at both revisions (same code, same place) whose words changed: (base, head)
    reworded: list[tuple[Diagnostic, Diagnostic]] = field(default_factory=list)
    # what could not be compared, per year and revision, with the reason: shown instead
    # of rows, so that no money appears to move that nobody moved
    unavailable: list[dict[str, Any]] = field(default_factory=list)
    # names of what the ids refer to (both revisions; the new one wins), for people
    names: Names = field(default_factory=Names)
    # the base's names (the old one wins), for the values before a change
    names_before: Names | None = None
    # name keys of members with public: false at either revision (never output)
    hidden: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c: dict[str, int] = defaultdict(int)
        for doc in self.documents:
            for item in doc.items:
                c[item.category] += 1
        return dict(c)

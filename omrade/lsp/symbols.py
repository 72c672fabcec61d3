"""Where every id is defined and used: districts, organisations, bodies, programmes, main
tasks, actions, groups, indicators, dialogues, themes, guidelines and dimensions.

Read from each file's plain data and position map (``omrade.load.reader``), so a document
that fails its schema while it is being typed still has its ids found. An id's identity
(``Key``) carries its scope where the id is local: a main task is (programme, id), an
action (programme, year, id), a theme (dialogue, id).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from omrade.load.reader import LoadedFile, PathKey

Key = tuple[str, ...]  # (what, *scope, id)

# what each kind of id is called, for people (sv, en)
WHAT: dict[str, tuple[str, str]] = {
    "district": ("stadsdel", "district"),
    "organisation": ("organisation", "organisation"),
    "body": ("nämnd", "body"),
    "programme": ("utvecklingsprogram", "programme"),
    "main_task": ("huvuduppgift", "main task"),
    "action": ("insats", "action"),
    "group": ("grupp", "group"),
    "indicator": ("indikator", "indicator"),
    "dialogue": ("medborgardialog", "dialogue"),
    "theme": ("tema", "theme"),
    "guideline": ("riktlinjer", "guideline"),
    "dimension": ("dimension", "dimension"),
}

# a reference that may name either (a recommendation's recipient, a guideline's owner)
PARTY = ("organisation", "body")


@dataclass(frozen=True)
class Occurrence:
    """An id written in a file: at ``path`` (the key itself when ``key``), what it names
    (``keys``: one, or a few candidates such as an organisation or a body), and whether
    this is where it is defined."""

    file: str
    path: PathKey
    keys: tuple[Key, ...]
    value: str
    definition: bool = False
    key: bool = False


@dataclass(frozen=True)
class Span:
    """A range inside one line (0-based line, code-point columns, end exclusive)."""

    line: int
    start: int
    end: int

    def contains(self, line: int, column: int) -> bool:
        return line == self.line and self.start <= column <= self.end


Scope = Callable[[dict[str, Any], PathKey], tuple[str, ...] | None]


def _root(field: str) -> Scope:
    def scope(data: dict[str, Any], path: PathKey) -> tuple[str, ...] | None:
        value = data.get(field)
        return (value,) if isinstance(value, str) else None

    return scope


def _sibling(field: str, depth: int) -> Scope:
    """The value of ``field`` in the mapping ``depth`` steps up from the occurrence."""

    def scope(data: dict[str, Any], path: PathKey) -> tuple[str, ...] | None:
        value = get(data, (*path[:-depth], field))
        return (value,) if isinstance(value, str) else None

    return scope


def _plan_scope(data: dict[str, Any], path: PathKey) -> tuple[str, ...] | None:
    programme, year = data.get("programme"), data.get("year")
    if isinstance(programme, str) and year is not None:
        return (programme, str(year))
    return None


# (kind of file, pattern, what it names, definition?, scope); '*' is any list index
TABLE: list[tuple[str, tuple[str, ...], tuple[str, ...], bool, Scope | None]] = [
    ("municipality", ("organisations", "*", "id"), ("organisation",), True, None),
    ("municipality", ("bodies", "*", "id"), ("body",), True, None),
    ("municipality", ("dimensions", "*"), ("dimension",), True, None),
    ("indicators", ("indicators", "*", "id"), ("indicator",), True, None),
    ("indicators", ("indicators", "*", "dimension"), ("dimension",), False, None),
    ("district", ("id",), ("district",), True, None),
    ("analysis", ("district",), ("district",), False, None),
    ("analysis", ("values", "*", "indicator"), ("indicator",), False, None),
    ("analysis", ("recommendations", "*", "to"), PARTY, False, None),
    ("analysis", ("dialogues", "*"), ("dialogue",), False, None),
    ("programme", ("id",), ("programme",), True, None),
    ("programme", ("district",), ("district",), False, None),
    ("programme", ("replaces",), ("programme",), False, None),
    ("programme", ("guideline",), ("guideline",), False, None),
    ("programme", ("main_tasks", "*", "id"), ("main_task",), True, _root("id")),
    ("programme", ("main_tasks", "*", "dimension"), ("dimension",), False, None),
    ("programme", ("main_tasks", "*", "goals", "*", "indicator"), ("indicator",), False, None),
    ("plan", ("programme",), ("programme",), False, None),
    ("plan", ("guideline",), ("guideline",), False, None),
    ("plan", ("actions", "*", "id"), ("action",), True, _plan_scope),
    ("plan", ("actions", "*", "main_task"), ("main_task",), False, _root("programme")),
    ("plan", ("actions", "*", "responsible"), ("organisation",), False, None),
    ("plan", ("actions", "*", "partners", "*"), ("organisation",), False, None),
    ("plan", ("actions", "*", "group"), ("group",), False, None),
    ("plan", ("actions", "*", "dialogue"), ("dialogue",), False, None),
    ("plan", ("actions", "*", "answers", "*"), ("theme",), False, _sibling("dialogue", 2)),
    ("plan", ("actions", "*", "serves", "*", "body"), ("body",), False, None),
    ("group", ("id",), ("group",), True, None),
    ("group", ("district",), ("district",), False, None),
    ("group", ("main_task", "programme"), ("programme",), False, None),
    ("group", ("main_task", "id"), ("main_task",), False, _sibling("programme", 1)),
    ("group", ("members", "*", "organisation"), ("organisation",), False, None),
    ("budget", ("districts", "*"), ("district",), False, None),
    ("budget", ("weighting", "indicators", "*", "indicator"), ("indicator",), False, None),
    ("dialogue", ("id",), ("dialogue",), True, None),
    ("dialogue", ("districts", "*"), ("district",), False, None),
    ("dialogue", ("commission", "body"), ("body",), False, None),
    ("dialogue", ("themes", "*", "id"), ("theme",), True, _root("id")),
    ("guideline", ("id",), ("guideline",), True, None),
    ("guideline", ("owner",), PARTY, False, None),
    ("guideline", ("follow_up_by",), PARTY, False, None),
    ("guideline", ("applies_to", "*"), PARTY, False, None),
    ("guideline", ("replaces", "guideline"), ("guideline",), False, None),
]
# every kind with a decision names its body
for _kind in ("analysis", "programme", "plan", "budget", "guideline"):
    TABLE.append((_kind, ("decision", "body"), ("body",), False, None))
TABLE.append(("analysis", ("dimensions",), ("dimension",), False, None))  # its keys


def get(data: Any, path: PathKey) -> Any:
    """The value at ``path`` in plain data, or None."""
    value = data
    for part in path:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value


def walk(
    data: Any, pattern: tuple[str, ...], prefix: PathKey = ()
) -> Iterator[tuple[PathKey, Any]]:
    """(path, value) of everything in ``data`` that ``pattern`` matches."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from walk(item, rest, (*prefix, i))
    elif isinstance(data, dict) and head in data:
        yield from walk(data[head], rest, (*prefix, head))


def matches(pattern: tuple[str, ...], path: tuple[str | int, ...]) -> bool:
    """Whether an abstract path ('*' or an index for list items) fits ``pattern``."""
    return len(pattern) == len(path) and all(
        p == q or (p == "*" and (q == "*" or isinstance(q, int)))
        for p, q in zip(pattern, path, strict=True)
    )


def target_of(
    kind: str, path: tuple[str | int, ...]
) -> tuple[tuple[str, ...], Scope | None] | None:
    """What a value at ``path`` in a file of ``kind`` names (for completion), or None."""
    for k, pattern, what, definition, scope in TABLE:
        if k == kind and not definition and matches(pattern, path):
            return what, scope
    return None


def occurrences(file: str, kind: str, data: Any) -> list[Occurrence]:
    """Every id defined or used in one file's data."""
    if not isinstance(data, dict):
        return []
    out: list[Occurrence] = []
    for k, pattern, what, definition, scope in TABLE:
        if k != kind:
            continue
        for path, value in walk(data, pattern):
            if pattern == ("dimensions",) and kind == "analysis":
                if isinstance(value, dict):
                    for name in value:
                        if isinstance(name, str):
                            p = (*path, name)
                            out.append(Occurrence(file, p, (("dimension", name),), name, key=True))
                continue
            if not isinstance(value, str) or not value:
                continue
            scoped: tuple[str, ...] = ()
            if scope is not None:
                found = scope(data, path)
                if found is None:
                    continue
                scoped = found
            keys = tuple((w, *scoped, value) for w in what)
            out.append(Occurrence(file, path, keys, value, definition))
    return out


def span(loaded: LoadedFile, occurrence: Occurrence) -> Span | None:
    """Where an occurrence's text is (its quotes left out), from the position map."""
    loaded.value_lines()  # the positions, computed when first asked for
    table = loaded.keys if occurrence.key else loaded.values
    pos = table.get(occurrence.path)
    if pos is None:
        return None
    return token_span(loaded.text, pos.line - 1, pos.column - 1, occurrence.value)


_LINES = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> list[str]:
    """The lines of a text as an editor counts them."""
    return _LINES.split(text)


def token_span(text: str, line: int, column: int, value: str) -> Span | None:
    """The span of the scalar ``value`` written at (line, column), 0-based."""
    rows = lines(text)
    if line >= len(rows):
        return None
    row = rows[line]
    if column < len(row) and row[column] in "\"'":
        return Span(line, column + 1, column + 1 + len(value))
    return Span(line, column, column + len(value))


class Index:
    """Every occurrence of every id in the repository, kept per file and merged when
    asked: a file's occurrences are computed again only when its document changed."""

    def __init__(self) -> None:
        self._per_file: dict[str, tuple[object, list[Occurrence]]] = {}
        self._by_key: dict[Key, list[Occurrence]] | None = None

    def update(self, docs: list[Any]) -> None:
        """The documents now (``repo.docs``): files whose document is another object are
        read again, files gone are dropped."""
        seen = set()
        for doc in docs:
            seen.add(doc.file)
            known = self._per_file.get(doc.file)
            if known is not None and known[0] is doc:
                continue
            self._per_file[doc.file] = (doc, occurrences(doc.file, doc.kind, doc.loaded.data))
            self._by_key = None
        for file in set(self._per_file) - seen:
            del self._per_file[file]
            self._by_key = None

    def in_file(self, file: str) -> list[Occurrence]:
        known = self._per_file.get(file)
        return list(known[1]) if known else []

    def by_key(self) -> dict[Key, list[Occurrence]]:
        if self._by_key is None:
            merged: dict[Key, list[Occurrence]] = {}
            for _doc, found in self._per_file.values():
                for occ in found:
                    for key in occ.keys:
                        merged.setdefault(key, []).append(occ)
            self._by_key = merged
        return self._by_key

    def definitions(self, key: Key) -> list[Occurrence]:
        return [o for o in self.by_key().get(key, []) if o.definition]

    def uses(self, key: Key) -> list[Occurrence]:
        return self.by_key().get(key, [])

    def resolve(self, occurrence: Occurrence) -> Key:
        """The key an occurrence names: of its candidates, the first that is defined."""
        for key in occurrence.keys:
            if self.definitions(key):
                return key
        return occurrence.keys[0]

    def defined(self, what: str, scope: tuple[str, ...] = ()) -> list[Occurrence]:
        """Every definition of ``what`` (in ``scope``, for local ids)."""
        n = 1 + len(scope)
        return [
            occ
            for key, found in self.by_key().items()
            if key[0] == what and len(key) == n + 1 and key[1:n] == scope
            for occ in found
            if occ.definition
        ]

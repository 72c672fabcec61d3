"""The base revision of ``omrade diff`` kept between runs: its documents (data, models,
reading and schema findings), every rule's findings with what the rule read, and every
year's allocation with its inputs — the tracked run ``carry_over`` starts from.

A diff against a base it has seen before reads none of the base's blobs, validates none
of its documents and runs none of its rules: it asks git what names the base's ``data``
(one line of ``git ls-tree``), finds the entry by its key and reads only what changed at
the head. The first diff against a base writes the entry (``omrade validate`` does not:
writing costs several seconds at 5 000 districts, and a CI runner's signing key ends
with the runner, so what it wrote could never be read).

The key is what names the base's data/ (its mode and object id: a tree's id stands for
the path, mode and content of every entry below it, never a time stamp), ``--as-of``,
the run's language (findings are worded when found), where the plan repository lies,
and the fingerprint of omrade's code, catalogues, Python and the libraries that shape a
result. What the rules look at outside git (the site's logo in the working tree) is
stored with the entry and looked at again before it is used. Entries are pickles signed
with this user's own key (``omrade.load.signed``), in ``.cache/omrade/base/`` under the
same conditions as the read cache (on, not tracked by git, not a link); the newest
``KEEP`` are kept.

An entry is read whole and its signature checked, but its documents are unpickled only
when the head's run asks for them (``KeptDoc``): a diff of one plan touches the few
documents its rules read again, not the 40 000 of a large repository. The answers worked
out from the base's indexes (``omrade.repo.memo``) are kept with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import pickle
import struct
from pathlib import Path
from typing import Any

from omrade.diagnostics import current_lang
from omrade.diff.money import money_unavailable
from omrade.diff.partition import prepare as prepare_partition
from omrade.load import cache, runcache, signed
from omrade.load.reader import DEFAULT_MAX_BYTES, LoadedFile
from omrade.load.safefs import write_whole
from omrade.model.doc import Doc
from omrade.repo import memo
from omrade.repo.git import GitView
from omrade.repo.index import Made
from omrade.repo.names import Names
from omrade.repo.repository import positions
from omrade.rules import tracking
from omrade.rules.personal import hidden_names
from omrade.run import Run

FORMAT = "omrade-base-2"
KEEP = 2  # a base is large (some 120 MB at 5 000 districts): main and one other


def key(view: GitView, tree: str, as_of: dt.date) -> str:
    """The key of a base revision's checked run (see the module's text); ``tree``: what
    names its ``data`` (``omrade.repo.git.data_tree``)."""
    said = [
        FORMAT,
        runcache.fingerprint(),
        as_of.isoformat(),
        current_lang(),
        os.fsdecode(view.root.resolve()),
        view.prefix,
        DEFAULT_MAX_BYTES,
    ]
    said.append(tree)
    return hashlib.sha256(json.dumps(said).encode()).hexdigest()


class _Parts:
    """The documents of a kept base, each its own pickle in the entry's verified bytes,
    unpickled when first asked for (a document's reading and its model together)."""

    def __init__(self, area: memoryview, spans: list[tuple[int, int]]) -> None:
        self.area = area
        self.spans = spans
        self.found: dict[int, tuple[LoadedFile, Any]] = {}

    def part(self, at: int) -> tuple[LoadedFile, Any]:
        found = self.found.get(at)
        if found is None:
            start, size = self.spans[at]
            found = self.found[at] = pickle.loads(self.area[start : start + size])
        return found


class KeptDoc(Doc):
    """A document of a kept base: its reading and its model are unpickled when first
    asked for (see ``_Parts``); otherwise a ``Doc``."""

    @property
    def loaded(self) -> LoadedFile:
        found = self.__dict__.get("_loaded")
        if found is None:
            found = self._fill()[0]
        return found

    @loaded.setter
    def loaded(self, value: LoadedFile) -> None:
        self.__dict__["_loaded"] = value

    @property
    def model(self) -> Any:
        d = self.__dict__
        return d["_model"] if "_model" in d else self._fill()[1]

    @model.setter
    def model(self, value: Any) -> None:
        self.__dict__["_model"] = value

    def _fill(self) -> tuple[LoadedFile, Any]:
        d = self.__dict__
        loaded, model = d["_parts"].part(d["_at"])
        d.setdefault("_loaded", loaded)
        d.setdefault("_model", model)
        return d["_loaded"], d["_model"]


class KeptMade(Made):
    """What a kept base's file made: its plain data is its document's (unpickled with it)."""

    @property
    def data(self) -> dict[str, Any] | None:
        d = self.__dict__
        if "_data" in d:
            found: dict[str, Any] | None = d["_data"]
            return found
        return self.doc.loaded.data if d["_has_data"] else None

    @data.setter
    def data(self, value: dict[str, Any] | None) -> None:
        self.__dict__["_data"] = value


def _kept_part(parts: _Parts, at: int, which: int) -> Any:
    return parts.part(at)[which]


_PARTS = "parts"  # the persistent id of the entry's documents
# object.__new__(cls), then its attributes: pickle does both itself (REDUCE, BUILD)
_NEW = object.__new__


class _Pickler(pickle.Pickler):
    """Pickles a run with its documents' readings and models left out: each document is
    a ``KeptDoc`` naming its part, and what else refers to a reading or a model loads
    that part when the run is unpickled."""

    def __init__(self, out: io.BytesIO, docs: list[Doc]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.parts = object()
        self.at: dict[int, int] = {id(doc): i for i, doc in enumerate(docs)}
        self.part_of: dict[int, tuple[int, int]] = {}
        for i, doc in enumerate(docs):
            self.part_of[id(doc.loaded)] = (i, 0)
            if doc.model is not None:
                self.part_of[id(doc.model)] = (i, 1)

    def persistent_id(self, obj: Any) -> Any:
        return _PARTS if obj is self.parts else None

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Doc):
            at = self.at.get(id(obj))
            if at is not None:
                state = {"kind": obj.kind, "file": obj.file, "_parts": self.parts, "_at": at}
                return _NEW, (KeptDoc,), state  # (built by pickle itself)
        elif isinstance(obj, Made) and id(obj.doc) in self.at:
            if obj.data is not None and obj.data is not obj.doc.loaded.data:
                return NotImplemented
            state = {
                "doc": obj.doc,
                "diagnostics": obj.diagnostics,
                "broken": obj.broken,
                "expected": obj.expected,
                "_has_data": obj.data is not None,
            }
            return _NEW, (KeptMade,), state
        else:
            part = self.part_of.get(id(obj))
            if part is not None:
                return _kept_part, (self.parts, *part)
        return NotImplemented


def _dumps(value: Any, docs: list[Doc]) -> bytes:
    """The entry's bytes: the spans of the documents' parts, the run without them, and
    the parts (see ``_Pickler``)."""
    parts = [
        pickle.dumps((doc.loaded, doc.model), protocol=pickle.HIGHEST_PROTOCOL) for doc in docs
    ]
    core = io.BytesIO()
    _Pickler(core, docs).dump(value)
    spans = bytearray(struct.pack("<QQ", len(parts), len(core.getbuffer())))
    start = 0
    for part in parts:
        spans += struct.pack("<QQ", start, len(part))
        start += len(part)
    return b"".join([bytes(spans), core.getvalue(), *parts])


def _loads(body: memoryview) -> Any:
    """What ``_dumps`` wrote, from verified bytes; None when it does not load here."""
    try:
        count, core_size = struct.unpack_from("<QQ", body, 0)
        table = 16 + 16 * count
        if table + core_size > len(body):
            return None
        spans = [struct.unpack_from("<QQ", body, 16 + 16 * i) for i in range(count)]
        core = body[table : table + core_size]
        parts = _Parts(body[table + core_size :], spans)
    except (struct.error, ValueError, MemoryError):
        return None

    def persistent(pid: Any) -> Any:
        if pid != _PARTS:
            raise pickle.UnpicklingError("unknown persistent id")
        return parts

    return signed.loads(core, persistent=persistent)


def _folder(view: GitView) -> Path | None:
    """Where the entries lie, when the cache may be used there."""
    if cache.for_root(view.root) is None:
        return None
    folder = view.root / cache.FOLDER / cache.BASES
    if folder.is_symlink():
        return None
    return folder


def _looks(run: Run) -> list[Any]:
    """What the base's rules look at outside git: the site's logo in the working tree."""
    mun = run.repo.municipality
    if mun is None or mun.site is None or mun.site.logo is None:
        return []
    return [[mun.site.logo, runcache.state_of(run.repo.root, mun.site.logo)]]


def load(view: GitView, tree: str, as_of: dt.date) -> Run | None:
    """The base's tracked run as a diff left it, or None when there is none to trust."""
    folder = _folder(view)
    if folder is None:
        return None
    name = key(view, tree, as_of)
    body = signed.read_bytes(folder / f"{name}.pickle", name)
    found = None if body is None else _loads(body)
    if not isinstance(found, tuple) or len(found) != 3:
        return None
    run, looks, answers = found
    if not isinstance(run, Run) or not run.track or looks != _looks(run):
        return None
    run.repo.root = view.root  # the same folder (it is in the key), as this run names it
    memo.restore(answers)
    return run


def complete(run: Run) -> None:
    """Everything a diff asks of the base's run, computed now so it is kept: every
    rule's findings (tracked) and every year's allocation."""
    run.checks()
    for year in run.years():
        run.outcome(year)
    repo = run.repo
    repo.queries.money_by_district  # noqa: B018 (computed and kept)
    positions(repo)
    hidden_names(repo)
    for target in ("district", "programme", "group", "dialogue", "guideline"):
        repo.names(target)
    Names.kept_of(repo)
    money_unavailable(repo)
    prepare_partition(repo)
    # what the base's queries found by going through every model is not kept: kept, it
    # would unpickle those models with the run (a diff asks the base for its money)
    for name in ("_programmes", "_plans", "_analyses", "_guidelines"):
        repo.queries.__dict__.pop(name, None)


def _answers(run: Run) -> dict[str, tuple[object, Any]]:
    """What ``omrade.repo.memo`` keeps about the base's indexes and layout."""
    repo = run.repo
    owners = [getattr(repo, name) for name in tracking.KIND_OF_INDEX]
    return memo.owned_by([*owners, repo.layout, repo])


def save(view: GitView, tree: str, as_of: dt.date, run: Run) -> bool:
    """Keep the base's tracked run for the next diff against it. Never raises."""
    folder = _folder(view)
    if folder is None or not run.track:
        return False
    complete(run)
    name = key(view, tree, as_of)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder.parent / ".gitignore"
        if not ignore.exists():  # (the read cache writes it first, in the same way)
            write_whole(ignore, b"*\n", durable=False)
    except OSError:
        return False
    try:
        body = _dumps((run, _looks(run), _answers(run)), run.repo.docs)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return False
    if not signed.write_bytes(folder / f"{name}.pickle", name, body):
        return False
    _prune(folder)
    return True


def _prune(folder: Path) -> None:
    """Keep the newest KEEP entries."""
    try:
        found = [(p.stat().st_mtime_ns, p) for p in folder.glob("*.pickle")]
    except OSError:
        return
    for _, path in sorted(found, reverse=True)[KEEP:]:
        signed.remove(path)

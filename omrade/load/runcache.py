"""A cache of a whole ``validate`` run's result, under the plan repository's
``.cache/omrade/runs/``.

When nothing a run reads has changed since a run before, ``omrade validate`` answers
from here: one pass that lists ``data/`` and hashes its plan files, then one small file
read — no YAML parsed, no model built, no rule run, and none of their modules imported
(pydantic alone costs more than everything else a warm run does).

An entry is found by a key made of

- every entry under ``data/`` (the files the run reads and the names it only looks at):
  its path, its kind (folder, file, link and where the link points, anything else) and,
  for each plan file, the SHA-256 of its bytes (a file over the size limit: its size,
  which is all the run reads of it): adding, removing, renaming or changing any file
  changes the key;
- the options that change the result (``--as-of``, ``--max-file-size``,
  ``--max-diagnostics``; ``--strict`` and ``--format`` only change how the same result is
  shown and exited with, and are applied anew);
- a fingerprint of omrade's own code (every module and message catalogue), of Python's
  version and of the libraries that shape the result (pydantic, pydantic-core, PyYAML).

A run may also look at files outside ``data/`` that ``municipality.yaml`` names (the
site's logo: whether it is there, a link, how large). Such a look is recorded with the
result (:func:`look`) and looked at again before an entry is used: an entry whose logo
changed is not used. What a run reads is decided by content, never by a time stamp.

The value is everything validate's output is made from: the diagnostics with every
field, the counts of the ones not listed, the number of files, the listing limits, and
the catalogue of rules (SARIF lists it), so that every ``--format`` renders the same
bytes and exits with the same code as a run without the cache. Only a run over the whole
repository is cached (naming files to report on reads every file anyway and is not
cached), and only a run that finished: a configuration error (exit 2) is not.

The safety of the per-file cache (:mod:`omrade.load.cache`) holds here too: an entry is
JSON with the SHA-256 of its body in its header, written to a temporary file and
renamed; a truncated, corrupt or foreign entry (another format, another fingerprint,
another key) is ignored and written anew; nothing is used when git tracks anything
under ``.cache/omrade/`` or a folder of it is a link; ``--no-cache``,
``OMRADE_NO_CACHE=1`` and ``omrade cache clear`` cover it; the library leaves it off.

This module is imported at the start of ``omrade validate``: it imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from omrade.diagnostics import (
    FAMILIES,
    Diagnostic,
    Example,
    Outcome,
    Rule,
    RuleText,
    current_lang,
)
from omrade.load import cache as file_cache
from omrade.load.root import YAML_SUFFIXES, utf8_name
from omrade.load.safefs import OPEN_READ, write_whole

FORMAT = "omrade-run-2"
RUNS = file_cache.RUNS
# entries kept: a few states to go back to (another --as-of, a branch switched to and back)
KEEP = 16
# a looked-at file's bytes are hashed up to this size (a logo may be 200 kB)
LOOK_LIMIT = 1 << 20
# the libraries whose versions shape a run's result (distribution names, normalised)
LIBRARIES = ("pydantic", "pydantic_core", "pyyaml")

_CODE = re.compile(r"OMR\d{3}")
_HEX = re.compile(r"[0-9a-f]{64}")

# the looks of the run being computed (None: no run is recording)
_looks: contextvars.ContextVar[list[tuple[str, list[Any]]] | None] = contextvars.ContextVar(
    "omrade_runcache_looks", default=None
)


class _Uncachable(Exception):
    """Something under data/ cannot be listed or read: the run goes on without this cache
    (and reports it as a diagnostic)."""


# --- what a run reads ----------------------------------------------------------------------


def look(root: Path, relative: str) -> None:
    """Record that the run looks at ``root / relative`` outside data/ (a rule that checks a
    file ``municipality.yaml`` names calls this); the entry is used only while the file
    looks the same."""
    looks = _looks.get()
    if looks is not None:
        looks.append((relative, _state(root, relative)))


def state_of(root: Path, relative: str) -> list[Any]:
    """What :func:`look` records of a path (for other keepers of results, such as the
    diff's base: ``omrade.diff.base``)."""
    return _state(root, relative)


def _state(root: Path, relative: str) -> list[Any]:
    """What can be found out about a path: where it leads, whether it is a link, a regular
    file, its size, and (when small) the SHA-256 of its bytes."""
    path = root / relative
    try:
        resolved: str | None = str(path.resolve(strict=True))
    except (OSError, RuntimeError, ValueError):
        resolved = None
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return [resolved, None]
    digest = None
    if stat.S_ISREG(st.st_mode) and st.st_size <= LOOK_LIMIT:
        try:
            digest = hashlib.sha256(_read(path, LOOK_LIMIT)).hexdigest()
        except OSError:
            digest = "unreadable"
    return [resolved, stat.S_IFMT(st.st_mode), st.st_size, digest]


def _read(path: Path | str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file that is not a link (as the reader's
    ``read_regular`` reads it; OSError otherwise)."""
    fd = os.open(path, OPEN_READ)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(path)
        want = min(st.st_size, limit) + 1
        first = os.read(fd, want)
        if len(first) < want:
            return first  # the end of the file (the common case: one read)
        chunks, total = [first], len(first)
        while total <= limit:  # it grew since: on to its end, or one byte over the limit
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def manifest(
    root: Path,
    max_bytes: int,
    *,
    contents: bool = True,
    keep: dict[str, tuple[str, bytes, str]] | None = None,
) -> list[tuple[str, str, str]]:
    """Every entry under ``data/``, sorted: (path, kind, detail). Kinds: ``d`` folder,
    ``l`` link (detail: its target), ``f`` plan file (detail: SHA-256 of its bytes, or ''
    without ``contents``), ``F`` plan file over the size limit (detail: its size), ``n``
    another file (read by name only), ``x`` a name that is not UTF-8 (read by name only,
    a folder not entered), ``o`` anything else. Raises _Uncachable when something cannot
    be listed or read (the run then reports it; it is not cached).

    ``keep``: filled with each plan file's path, bytes and their SHA-256 by its name, so
    that the run parses what was hashed here instead of reading each file again
    (:func:`omrade.load.cache.given`)."""
    out: list[tuple[str, str, str]] = []
    data = root / "data"
    try:
        if os.path.islink(data):
            return [("data", "l", os.readlink(data))]
        folders = [("data", str(data))]
        while folders:
            relative, path = folders.pop()
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
            for entry in entries:
                name = entry.name
                rel = f"{relative}/{name}"
                if not utf8_name(name):
                    out.append((rel, "x", ""))
                elif entry.is_symlink():
                    out.append((rel, "l", os.readlink(entry.path)))
                elif entry.is_dir(follow_symlinks=False):
                    out.append((rel, "d", ""))
                    folders.append((rel, entry.path))
                elif not entry.is_file(follow_symlinks=False):
                    out.append((rel, "o", ""))
                elif name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                    out.append((rel, "n", ""))
                elif not contents:
                    size = entry.stat(follow_symlinks=False).st_size
                    out.append((rel, "F", str(size)) if size > max_bytes else (rel, "f", ""))
                else:
                    raw = _read(entry.path, max_bytes)
                    if len(raw) > max_bytes:
                        out.append((rel, "F", str(entry.stat(follow_symlinks=False).st_size)))
                    else:
                        digest = hashlib.sha256(raw).hexdigest()
                        out.append((rel, "f", digest))
                        if keep is not None:
                            keep[rel] = (entry.path, raw, digest)
    except (OSError, ValueError) as exc:
        raise _Uncachable from exc
    out.sort()
    return out


@cache
def fingerprint() -> str:
    """omrade's code and message catalogues, Python's version and the versions of the
    libraries that shape a result: a change to any of them makes every entry foreign."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{_versions()}\0".encode())
    files = [*package.rglob("*.py"), *(package / "locale").rglob("*.po")]
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _versions() -> str:
    """The installed versions of LIBRARIES, as their distributions' folders name them (as
    importlib.metadata finds them, without its start-up cost): the first on sys.path."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith(".dist-info"):
                continue
            project, _, version = name[: -len(".dist-info")].partition("-")
            project = re.sub(r"[-_.]+", "_", project).lower()
            if project in LIBRARIES:
                found.setdefault(project, version)
    return json.dumps(sorted(found.items()))


def key(
    listing: list[tuple[str, str, str]], as_of: str, max_bytes: int, per_run: int, lang: str = ""
) -> str:
    """The key of a run: its options, the language asked for (``--lang``; '' for the
    municipality's ``locale``, which the listing's hash of municipality.yaml decides), and
    data/."""
    said = [FORMAT, fingerprint(), as_of, max_bytes, per_run, lang]
    digest = hashlib.sha256(json.dumps(said).encode() + b"\n")
    for path, kind, detail in listing:
        digest.update(
            os.fsencode(path) + b"\0" + kind.encode() + b"\0" + os.fsencode(detail) + b"\n"
        )
    return digest.hexdigest()


# --- the store -----------------------------------------------------------------------------


@dataclass
class Lookup:
    """What a run's key is made of, computed before the run: the listing of data/, and
    the key (None when data/ cannot be read: the run is not cached)."""

    max_bytes: int
    listing: list[tuple[str, str, str]] | None
    key: str | None
    outcome: Outcome | None = None  # found in the cache
    lang: str = ""  # the language the outcome found is said in
    # on a miss: each plan file's path, bytes and SHA-256 as the key has them, by name,
    # for the run to parse (omrade.load.cache.given)
    contents: dict[str, tuple[str, bytes, str]] | None = None


_missed: dict[tuple[str, str, int, int, str], Lookup] = {}


class RunCache:
    """The run cache of one plan repository."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / file_cache.FOLDER / RUNS

    def find(self, as_of: str, max_bytes: int, per_run: int, lang: str = "") -> Lookup:
        """The key of a run with these options over what is on disk now, and the outcome
        stored under it, if any (and if what the run looked at still looks the same).
        ``lang``: the language asked for, '' for the municipality's.

        A miss the command line remembered (:meth:`remember`) is used once instead."""
        asked = (str(self.root), as_of, max_bytes, per_run, lang)
        missed = _missed.pop(asked, None)
        _missed.clear()
        if missed is not None:
            return missed
        contents: dict[str, tuple[str, bytes, str]] = {}
        try:
            listing = manifest(self.root, max_bytes, keep=contents)
        except _Uncachable:
            return Lookup(max_bytes, None, None)
        found = key(listing, as_of, max_bytes, per_run, lang)
        outcome, said = self._read(found) or (None, "")
        return Lookup(
            max_bytes, listing, found, outcome, said, None if outcome is not None else contents
        )

    def remember(self, lookup: Lookup, as_of: str, per_run: int, lang: str = "") -> None:
        """Keep a miss for the run that follows in this process (the command line tries
        the cache before typer runs the command), so that it does not list and hash
        data/ again; what that run reads is checked against the listing before its
        result is stored."""
        _missed.clear()
        if lookup.outcome is None:
            _missed[(str(self.root), as_of, lookup.max_bytes, per_run, lang)] = lookup

    def _read(self, found: str) -> tuple[Outcome, str] | None:
        try:
            with open(self.folder / f"{found}.json", "rb") as f:
                content = f.read()
        except (OSError, ValueError):
            return None
        try:
            body = _parse(content, found)
            looks = body["looks"]
            if not isinstance(looks, list):
                return None
            for item in looks:
                relative, state = item
                if not isinstance(relative, str) or _state(self.root, relative) != state:
                    return None
            said = body["lang"]
            if said not in ("sv", "en"):
                return None
            return _outcome(body["outcome"], body["rules"]), said
        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None

    def save(self, lookup: Lookup, outcome: Outcome, looks: list[tuple[str, list[Any]]]) -> None:
        """Store ``outcome`` under the lookup's key, when the run read what the key says
        (the plan files' bytes as parsed, and the same names under data/ after the run).
        Never raises: the cache is only a cache."""
        if lookup.key is None or lookup.listing is None:
            return
        store = file_cache.for_root(self.root)
        if store is None:
            return
        parsed = {path: digest for path, kind, digest in lookup.listing if kind == "f"}
        if store.sources != parsed:
            return  # a file changed while the run read it (or the run read others)
        try:
            after = manifest(self.root, lookup.max_bytes, contents=False)
        except _Uncachable:
            return
        names = [(p, k, "" if k == "f" else d) for p, k, d in lookup.listing]
        if after != names:
            return
        from omrade.diagnostics import RULES as every  # whole: the run imported the catalogue

        body = {
            "lang": current_lang(),  # what the run said its messages in
            "looks": [[relative, state] for relative, state in looks],
            "outcome": _encode(outcome),
            "rules": [
                [r.code, r.severity, r.title, r.description, _example(r.example)]
                + ([r.sv.title, r.sv.description, r.sv.situation] if r.sv is not None else [])
                for r in (every[code] for code in sorted(every))
            ],
        }
        try:
            text = json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        except (TypeError, ValueError):
            return
        head = {
            "format": FORMAT,
            "fingerprint": fingerprint(),
            "key": lookup.key,
            "body": hashlib.sha256(text).hexdigest(),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder.parent / ".gitignore"
            if not ignore.exists():
                write_whole(ignore, b"*\n", durable=False)
            write_whole(
                self.folder / f"{lookup.key}.json",
                json.dumps(head).encode("ascii") + b"\n" + text,
                durable=False,  # a cache: rebuilt when lost
            )
            self._prune(lookup.key)
        except OSError:
            return  # a read-only repository: the run's result stands, uncached

    def _prune(self, kept: str) -> None:
        """At most KEEP entries: the ones written last stay (a time stamp decides only
        what is thrown away, never what is used)."""
        entries = []
        for path in self.folder.glob("*.json"):
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime_ns, path.name, path))
        entries.sort(reverse=True)
        for _time, name, path in entries[KEEP:]:
            if name != f"{kept}.json":
                with contextlib.suppress(OSError):
                    path.unlink()


def for_root(root: Path) -> RunCache | None:
    """The repository's run cache when the cache is on and may be trusted, else None."""
    if file_cache.for_root(root) is None:  # off, a link, or entries tracked by git
        return None
    if os.path.islink(root / file_cache.FOLDER / RUNS):
        return None
    return RunCache(root)


@contextlib.contextmanager
def recording() -> Iterator[list[tuple[str, list[Any]]]]:
    """Record what the run in this block looks at outside data/ (see :func:`look`)."""
    looks: list[tuple[str, list[Any]]] = []
    token = _looks.set(looks)
    try:
        yield looks
    finally:
        _looks.reset(token)


def count(root: Path) -> int:
    """How many run entries the repository's cache holds."""
    folder = root / file_cache.FOLDER / RUNS
    if folder.is_symlink() or not folder.is_dir():
        return 0
    return sum(1 for _ in folder.glob("*.json"))


# --- entries -------------------------------------------------------------------------------


def _parse(content: bytes, found: str) -> Any:
    """An entry's body; ValueError when it is truncated, corrupt or another's."""
    start = content.index(b"\n") + 1
    head = json.loads(content[:start])
    text = content[start:]
    if (
        not isinstance(head, dict)
        or head.get("format") != FORMAT
        or head.get("fingerprint") != fingerprint()
        or head.get("key") != found
        or head.get("body") != hashlib.sha256(text).hexdigest()
    ):
        raise ValueError("not this run's entry")
    body = json.loads(text, parse_float=_refuse, parse_constant=_refuse)
    if not isinstance(body, dict):
        raise ValueError("not an entry")
    return body


def _refuse(_value: str) -> Any:
    raise ValueError("an entry holds no fractions")


def _encode(outcome: Outcome) -> dict[str, Any]:
    return {
        "diagnostics": [
            [d.file, d.line, d.column, d.code, d.severity, d.message, d.hint, d.path]
            for d in outcome.diagnostics
        ],
        "files": outcome.files,
        "omitted": [[f, n] for f, n in outcome.omitted.items()],
        "omitted_errors": [[f, n] for f, n in outcome.omitted_errors.items()],
        "per_file": outcome.per_file,
        "per_run": outcome.per_run,
    }


def _outcome(data: Any, rules: Any) -> Outcome:
    """The stored outcome, every field checked (TypeError/ValueError when it is not one)."""
    catalogue = tuple(_rule(item) for item in rules)
    codes = {r.code for r in catalogue}
    if len(codes) != len(catalogue):
        raise ValueError("a rule listed twice")
    diagnostics = [_diagnostic(item, codes) for item in data["diagnostics"]]
    return Outcome(
        diagnostics,
        _count(data["files"], zero=True),
        _counts(data["omitted"]),
        _counts(data["omitted_errors"]),
        _count(data["per_file"]),
        _count(data["per_run"]),
        catalogue=catalogue,
    )


def _example(example: Example | None) -> list[str] | None:
    """A rule's example as the cache keeps it (SARIF shows it in the rule's help)."""
    if example is None:
        return None
    return [example.file, example.text, example.replaces, example.situation, example.as_of]


def _rule(item: Any) -> Rule:
    code, severity, title, description, example, *swedish = item
    if not (isinstance(code, str) and _CODE.fullmatch(code) and code[3] in FAMILIES):
        raise ValueError("not a rule code")
    if severity not in ("error", "warning"):
        raise ValueError("not a severity")
    if not all(isinstance(text, str) for text in (title, description, *swedish)):
        raise TypeError
    shown = None
    if example is not None:
        if not (isinstance(example, list) and all(isinstance(x, str) for x in example)):
            raise TypeError
        file, text, replaces, situation, as_of = example
        shown = Example(file, text, replaces, situation, as_of)
    if swedish:
        sv_title, sv_description, sv_situation = swedish
        sv = RuleText(sv_title, sv_description, situation=sv_situation)
        return Rule(code, severity, title, description, example=shown, sv=sv)
    return Rule(code, severity, title, description, example=shown)


def _diagnostic(item: Any, codes: set[str]) -> Diagnostic:
    file, line, column, code, severity, message, hint, path = item
    if code not in codes or severity not in ("error", "warning"):
        raise ValueError("not a diagnostic")
    if not all(isinstance(s, str) for s in (file, message, hint, path)):
        raise TypeError
    return Diagnostic(file, _count(line), _count(column), code, severity, message, hint, path)


def _counts(items: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for file, n in items:
        if not isinstance(file, str) or file in out:
            raise ValueError("not a count")
        out[file] = _count(n)
    return out


def _count(value: Any, *, zero: bool = False) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < (0 if zero else 1):
        raise TypeError
    return value

"""A content-addressed cache of read files, under the plan repository's ``.cache/omrade/``.

An entry holds what reading one file gave: the plain data (with which texts were quoted),
the position map when it was computed, and the file's own reading diagnostics. It is
found by a key made of the SHA-256 of the file's bytes, its name, the size limit and a
fingerprint of omrade's own code, so an unchanged file is not parsed again and a changed
file, another limit or another omrade never meets an old entry. Entries live in packs
(a few files, not one per entry: making files is what a file system does slowly).

The cache is inside a repository that others commit to, so an entry is untrusted input:

- it is JSON (nothing in it can run), and parsing its data stops at any number;
- a pack's header names the format, the fingerprint and the SHA-256 of the rest; each
  entry names its file, limit and the SHA-256 of the source bytes: a pack that is
  truncated, corrupt, half written or written by another omrade, and an entry for other
  bytes, is ignored (and written anew), never trusted;
- packs are written to a temporary file and renamed, so a reader sees a whole pack or
  none, even while another run writes;
- when git tracks anything under ``.cache/omrade/`` (a pull request that adds entries
  made to hide a problem), or git cannot say whether it does (no git repository, as in
  an unpacked archive; a folder another user owns, which git refuses), the cache is not
  used at all: entries that came with the files are never trusted.

Reading a repository writes nothing but the cache, and only inside ``.cache/omrade/``;
when that cannot be written (a read-only checkout) the cache is silently skipped. The
command line turns the cache on (``--no-cache`` turns it off); the library leaves it off
unless asked (:func:`enabled`).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omrade.diagnostics import RULES, Diagnostic, current_lang
from omrade.load import given
from omrade.load.safefs import staged, write_whole

if TYPE_CHECKING:
    from omrade.load.reader import LoadedFile, PathKey, Position

# omrade.load.reader (libyaml, the reading rules) is imported where a file is parsed, not
# here: the command line imports this module at every start (see omrade.load.runcache)

FORMAT = "omrade-cache-1"
FOLDER = Path(".cache") / "omrade"
_PACKS = "packs"
RUNS = "runs"  # the run cache's entries (omrade.load.runcache), one file each
BASES = "base"  # the diff's kept base revisions (omrade.diff.base), one signed file each
# packs are merged into one when there are more than this many
MAX_PACKS = 8

_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("omrade_cache", default=False)
_stores: dict[Path, FileCache] = {}


def enabled() -> bool:
    return _enabled.get()


def set_enabled(on: bool) -> contextvars.Token[bool]:
    """Turn the cache on or off for this context (the command line does; see --no-cache)."""
    return _enabled.set(on)


def reset(token: contextvars.Token[bool]) -> None:
    """Back to the setting before :func:`set_enabled`; the next run reads the packs anew."""
    _enabled.reset(token)
    _stores.clear()


@cache
def fingerprint() -> str:
    """omrade's own code and libyaml's version: what a read file's outcome depends on
    besides its bytes. Any change to any module makes every entry foreign."""
    import yaml

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{FORMAT}\0{yaml.__version__}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


class FileCache:
    """The cache of one plan repository: packs of entries, each pack one file.

    A file system makes a file slowly (a few tenths of a millisecond), so entries are
    not files of their own: a run reads every pack once, and writes the entries it had
    to make as one new pack (:meth:`flush`); when packs pile up they are merged.
    """

    def __init__(self, root: Path):
        self.folder = root / FOLDER
        self.packs = self.folder / _PACKS
        self.hits = self.misses = 0
        self._entries: dict[str, tuple[bytes, bytes]] | None = None  # key → meta, data
        self._read: list[Path] = []  # the packs read
        self._new: dict[str, tuple[bytes, bytes]] = {}
        self._used: set[str] = set()
        self._writable = True
        # file → SHA-256 of the bytes parsed (hit or miss), for the run cache's check that
        # a run read what its key says
        self.sources: dict[str, str] = {}

    def parse(self, raw: bytes, file: str, max_bytes: int) -> LoadedFile:
        """``parse_bytes(raw, file, max_bytes)``, from the cache when it holds it."""
        source = given.digest(file, raw)  # hashed already (omrade.load.given)
        if source is None:
            source = hashlib.sha256(raw).hexdigest()
        # the reading diagnostics kept with an entry are in the run's language
        said = f"{fingerprint()}\0{max_bytes}\0{source}\0{file}\0{current_lang()}"
        key = hashlib.sha256(said.encode()).hexdigest()
        self._used.add(key)
        self.sources[file] = source
        entries = self._load()
        found = entries.get(key) or self._new.get(key)
        if found is not None:
            loaded = _read_entry(found, file, max_bytes, source, raw)
            if loaded is not None:
                self.hits += 1
                return loaded
        self.misses += 1
        loaded = parse_bytes(raw, file, max_bytes)
        encoded = _encode(loaded, file, max_bytes, source)
        if encoded is not None:
            self._new[key] = encoded
        return loaded

    def _load(self) -> dict[str, tuple[bytes, bytes]]:
        if self._entries is None:
            self._entries = {}
            # the newest last: an entry written anew (the old one was refused) wins
            names = []
            for path in self.packs.glob("*.pack"):
                with contextlib.suppress(OSError):
                    names.append((path.stat().st_mtime_ns, path.name, path))
            for _time, _name, path in sorted(names):
                self._read.append(path)
                self._entries.update(_read_pack(path))
        return self._entries

    def flush(self) -> None:
        """Write what this run had to read as a new pack (nothing when nothing changed);
        merge the packs when there are many. Never raises: the cache is only a cache."""
        if not self._new or not self._writable:
            return
        try:
            self.packs.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                # git ignores the folder even where the repository's .gitignore does not
                write_whole(ignore, b"*\n", durable=False)
            if len(self._read) + 1 > MAX_PACKS:
                merged = {**self._load(), **self._new}
                if len(merged) > 4 * len(self._used) + 1000:  # mostly files long gone
                    merged = {k: v for k, v in merged.items() if k in self._used}
                written = _write_pack(self.packs, merged)
                for path in self._read:
                    if path != written:
                        with contextlib.suppress(OSError):
                            path.unlink()
                self._read = [written]
            else:
                self._read.append(_write_pack(self.packs, self._new))
            self._load().update(self._new)
            self._new = {}
        except OSError:
            self._writable = False  # a read-only repository: read on, without the cache


def parse_bytes(raw: bytes, file: str, max_bytes: int) -> LoadedFile:
    """:func:`omrade.load.reader.parse_bytes` (imported when a file is first parsed)."""
    from omrade.load.reader import parse_bytes as parse

    return parse(raw, file, max_bytes)


def for_root(root: Path) -> FileCache | None:
    """The repository's cache when the cache is on and may be trusted, else None."""
    if not enabled():
        return None
    key = root.resolve()
    store = _stores.get(key)
    if store is None:
        if _linked(root) or _tracked_by_git(root):
            return None
        store = _stores[key] = FileCache(root)
    return store


def parser(root: Path) -> Callable[[bytes, str, int], LoadedFile]:
    """How to parse a file's bytes for the repository at ``root``: through its cache when
    the cache is on, else :func:`parse_bytes`."""
    store = for_root(root)
    return parse_bytes if store is None else store.parse


def flush(root: Path) -> None:
    """Write the repository's new cache entries (see :meth:`FileCache.flush`)."""
    store = for_root(root)
    if store is not None:
        store.flush()


def _linked(root: Path) -> bool:
    """Whether a folder of the cache is a link: it could point anywhere, so it is not used."""
    here = root
    for part in (*FOLDER.parts, _PACKS):
        here = here / part
        if here.is_symlink():
            return True
    return False


def _tracked_by_git(root: Path) -> bool:
    """Whether the cache cannot be trusted because of git: git tracks a file under
    .cache/omrade/ (committed entries: never trusted), or git cannot answer at all (no git,
    no repository — an unpacked archive —, a folder another user owns: git refuses it as
    of "dubious ownership"). Then the entries found could have come with the files, and
    none is used. (A folder with no cache yet has nothing to trust: what this run writes
    is its own.)"""
    if not (root / FOLDER).exists():
        return False
    from omrade.load import gitcmd

    try:
        out = gitcmd.run(root, "ls-files", "-z", "--", FOLDER.as_posix(), timeout=30)
    except gitcmd.GitError:
        return True  # git cannot tell: do not trust
    return bool(out)


def clear(root: Path) -> int:
    """Remove the repository's cache; the number of entries it held."""
    folder = root / FOLDER
    _stores.pop(root.resolve(), None)
    if folder.is_symlink():
        folder.unlink()
        return 0
    if not folder.is_dir():
        return 0
    packs = folder / _PACKS
    count = sum(len(_read_pack(p)) for p in packs.glob("*.pack")) if packs.is_dir() else 0
    runs = folder / RUNS
    if runs.is_dir() and not runs.is_symlink():
        count += sum(1 for _ in runs.glob("*.json"))
    bases = folder / BASES
    if bases.is_dir() and not bases.is_symlink():
        count += sum(1 for _ in bases.glob("*.pickle"))
    shutil.rmtree(folder)
    return count


# --- packs --------------------------------------------------------------------------------
#
# A pack is lines of bytes: a header (JSON: format, fingerprint, SHA-256 of the rest),
# then two lines per entry: '<key> <meta JSON>' and '<data JSON>'. JSON never holds a raw
# line break, so the lines split cleanly; an entry's JSON is parsed only when it is used.


def _pack_header(digest: str) -> bytes:
    head = {"format": FORMAT, "fingerprint": fingerprint(), "body": digest}
    return json.dumps(head).encode("ascii") + b"\n"


def _write_pack(folder: Path, entries: dict[str, tuple[bytes, bytes]]) -> Path:
    """Write a pack as a stream (a 5 000-district pack is some 45 MB: not built in
    memory), its header last, over a placeholder of the same length; then rename it."""
    with staged(folder, "pack") as (out, tmp):
        digest = hashlib.sha256()
        out.write(_pack_header("0" * 64))
        first = True
        for key, (meta, data) in entries.items():
            chunk = (b"" if first else b"\n") + key.encode("ascii") + b" " + meta + b"\n" + data
            first = False
            digest.update(chunk)
            out.write(chunk)
        out.seek(0)
        out.write(_pack_header(digest.hexdigest()))
        out.flush()
        path = folder / f"{digest.hexdigest()}.pack"
        os.replace(tmp, path)
    return path


def _read_pack(path: Path) -> dict[str, tuple[bytes, bytes]]:
    """A pack's entries; none when it is truncated, corrupt or another omrade's."""
    try:
        with open(path, "rb") as f:
            content = f.read()
        start = content.index(b"\n") + 1
        head = json.loads(content[:start])
        body = memoryview(content)[start:]  # not a copy
        if (
            not isinstance(head, dict)
            or head.get("format") != FORMAT
            or head.get("fingerprint") != fingerprint()
            or head.get("body") != hashlib.sha256(body).hexdigest()
        ):
            return {}
        empty = not len(body)
        del body
        lines = [] if empty else content.split(b"\n")[1:]  # the header is line 0
        del content
    except (OSError, ValueError):
        return {}
    if len(lines) % 2:
        return {}
    out: dict[str, tuple[bytes, bytes]] = {}
    for i in range(0, len(lines), 2):
        key, _, meta = lines[i].partition(b" ")
        out[key.decode("ascii", "replace")] = (meta, lines[i + 1])
    return out


# --- entries ------------------------------------------------------------------------------


# an entry's meta for a file read cleanly (no quoted value, no position map kept, no
# diagnostic), with its file, limit and source filled in
_CLEAN: dict[str, Any] = {
    "file": "",
    "max_bytes": 0,
    "source": "",
    "quoted": [],
    "decoded": True,
    "positions": None,
    "diagnostics": [],
    "omitted": {},
}
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
# what a file holds when any of its values is Quoted: quotes, a block, or a tag
QUOTED_MARKS = "'\"|>!"


def _encode(
    loaded: LoadedFile, file: str, max_bytes: int, source: str
) -> tuple[bytes, bytes] | None:
    """An entry: what was found about the file (with what it is for), and its plain data."""
    from omrade.load.reader import Quoted

    quoted: list[list[str | int]] = []
    if any(c in loaded.text for c in QUOTED_MARKS):  # else no value is quoted, a block or tagged
        _find_quoted(loaded.data, [], quoted, Quoted)
    positions = None
    if loaded._positions_ready:
        positions = {
            "values": [[list(p), pos.line, pos.column] for p, pos in loaded.values.items()],
            "keys": [[list(p), pos.line, pos.column] for p, pos in loaded.keys.items()],
        }
    if not (quoted or positions or loaded.diagnostics or loaded.omitted) and loaded.text:
        try:  # read cleanly (most files): the meta every such file has, without a dict
            return _plain_meta(file, max_bytes, source), _JSON.encode(loaded.data).encode(
                "utf-8", "surrogatepass"
            )
        except (TypeError, ValueError, RecursionError):
            return None
    meta = dict(
        _CLEAN,
        file=file,
        max_bytes=max_bytes,
        source=source,
        quoted=quoted,
        decoded=bool(loaded.text),
        positions=positions,
        diagnostics=[
            [d.file, d.line, d.column, d.code, d.severity, d.message, d.hint, d.path]
            for d in loaded.diagnostics
        ],
        omitted=loaded.omitted,
    )
    try:
        meta_json = _JSON.encode(meta)
        data_json = _JSON.encode(loaded.data)
        return meta_json.encode("utf-8", "surrogatepass"), data_json.encode(
            "utf-8", "surrogatepass"
        )
    except (TypeError, ValueError, RecursionError):
        return None  # not plain data (the reader never gives such): not cached


def _find_quoted(
    data: Any, path: list[str | int], out: list[list[str | int]], quoted: type[str]
) -> None:
    if type(data) is dict:
        for key, value in data.items():
            if type(value) is not str and value is not None:
                _find_quoted(value, [*path, key], out, quoted)
    elif type(data) is list:
        for i, value in enumerate(data):
            if type(value) is not str and value is not None:
                _find_quoted(value, [*path, i], out, quoted)
    elif isinstance(data, quoted):
        out.append(path)


class _Refused(Exception):
    pass


def _refuse(_value: str) -> Any:
    raise _Refused  # the reader never makes numbers: an entry that holds one is foreign


_META = json.JSONDecoder()
# the reader makes texts, lists, mappings and nulls, never a number
_DATA = json.JSONDecoder(parse_int=_refuse, parse_float=_refuse, parse_constant=_refuse)


_PLAIN_META_TAIL = _JSON.encode(
    {k: v for k, v in _CLEAN.items() if k not in ("file", "max_bytes", "source")}
)[1:]


def _plain_meta(file: str, max_bytes: int, source: str) -> bytes:
    """The meta of a file read cleanly (the common case): compared, not parsed. The JSON
    of ``dict(_CLEAN, file=file, max_bytes=max_bytes, source=source)``, put together."""
    head = f'{{"file":{_JSON.encode(file)},"max_bytes":{int(max_bytes)},'
    return f'{head}"source":{_JSON.encode(source)},{_PLAIN_META_TAIL}'.encode(
        "utf-8", "surrogatepass"
    )


def _read_entry(
    entry: tuple[bytes, bytes], file: str, max_bytes: int, source: str, raw: bytes
) -> LoadedFile | None:
    """An entry as a LoadedFile, or None when it cannot be trusted."""
    meta_bytes, data_bytes = entry
    try:
        if meta_bytes == _plain_meta(file, max_bytes, source):
            meta: Any = _CLEAN
        else:
            meta = _META.decode(meta_bytes.decode("utf-8", "surrogatepass"))
            if not isinstance(meta, dict) or (
                meta["file"],
                meta["max_bytes"],
                meta["source"],
            ) != (file, max_bytes, source):
                return None  # another file, limit or other bytes
        data = _DATA.decode(data_bytes.decode("utf-8", "surrogatepass"))
        return _decode(meta, data, file, raw)
    except (_Refused, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def _decode(entry: Any, data: Any, file: str, raw: bytes) -> LoadedFile | None:
    from omrade.load.reader import LoadedFile, Quoted

    if not isinstance(entry, dict):
        return None
    if data is not None and not isinstance(data, dict):
        return None
    for path in entry["quoted"]:
        if not isinstance(path, list) or not path:
            return None
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        if not isinstance(parent[path[-1]], str):
            return None
        parent[path[-1]] = Quoted(parent[path[-1]])
    out = LoadedFile(file, data=data)
    if entry["decoded"] is True:
        text = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        out.text = text.decode("utf-8")
    elif entry["decoded"] is not False:
        return None
    positions = entry["positions"]
    if positions is None:
        out._positions_ready = False
    else:
        out.values = _positions(positions["values"])
        out.keys = _positions(positions["keys"])
    for item in entry["diagnostics"]:
        out.diagnostics.append(_diagnostic(item))
    omitted = entry["omitted"]
    if not isinstance(omitted, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in omitted.values()
    ):
        return None
    out.omitted = {code: count for code, count in omitted.items() if code in RULES}
    return out


def _positions(items: Any) -> dict[PathKey, Position]:
    from omrade.load.reader import Position

    out: dict[PathKey, Position] = {}
    for path, line, column in items:
        if not all(isinstance(p, str | int) for p in path):
            raise TypeError
        out[tuple(path)] = Position(_count(line), _count(column))
    return out


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TypeError
    return value


def _diagnostic(item: Any) -> Diagnostic:
    file, line, column, code, severity, message, hint, path = item
    if code not in RULES or severity not in ("error", "warning"):
        raise TypeError
    if not all(isinstance(s, str) for s in (file, message, hint, path)):
        raise TypeError
    return Diagnostic(file, _count(line), _count(column), code, severity, message, hint, path)

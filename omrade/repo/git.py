"""Reading a plan repository at a git revision: blobs only, never the index, refs or files."""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from omrade.diagnostics import Diagnostic
from omrade.load import gitcmd
from omrade.load.reader import (
    DEFAULT_MAX_BYTES,
    OMR007,
    OMR008,
    LoadedFile,
    link_diagnostic,
    parse_bytes,
    read_file,
)
from omrade.load.root import printable_name, utf8_name
from omrade.repo.discover import OMR017, YAML_SUFFIXES, bad_name
from omrade.repo.index import Made
from omrade.repo.repository import Repository, build_repository, make_document, replaced

LINK_MODE = 0o120000  # git's file mode for a symbolic link


class RevisionError(Exception):
    """A revision cannot be read (exit code 2); the message says how to fix it."""


@dataclass
class GitView:
    """The git repository that holds a plan repository, and where the plan repository is.

    Every git command goes through :meth:`run` (:mod:`omrade.load.gitcmd`: the
    repository's own hooks, fsmonitor, filters, diff drivers and pagers off)."""

    root: Path  # the plan repository (the folder holding data/)
    prefix: str  # the plan repository's path inside the git work tree ('' at the top)
    git_dir: Path
    top: Path  # the git work tree

    def data_path(self) -> str:
        return f"{self.prefix}/data" if self.prefix else "data"

    def rel(self, git_path: str) -> str:
        """A git path → a path relative to the plan repository."""
        return git_path[len(self.prefix) + 1 :] if self.prefix else git_path

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        """git's output; a failure is a RevisionError with git's message."""
        try:
            return gitcmd.run(self.top, *args, stdin=stdin)
        except gitcmd.GitError as exc:
            raise RevisionError(f"git {args[0]} failed: {exc}") from None


@dataclass(frozen=True)
class Commit:
    """A commit, by its full object id."""

    hexsha: str


def open_git(root: Path) -> GitView:
    """The git repository holding ``root``; a RevisionError when git cannot answer (not a
    repository, a folder another user owns, no git)."""
    try:
        out = gitcmd.run(root, "rev-parse", "--absolute-git-dir", "--show-toplevel")
    except gitcmd.GitError as exc:
        if "not a git repository" in str(exc).lower():
            raise RevisionError(f"{root} is not inside a git repository") from None
        raise RevisionError(f"{root}: git cannot read this repository: {exc}") from None
    lines = os.fsdecode(out).splitlines()
    if len(lines) != 2:  # a bare repository has no work tree
        raise RevisionError(f"{root} is not inside a git work tree")
    git_dir, top = Path(lines[0]), Path(lines[1]).resolve()
    try:
        prefix = root.resolve().relative_to(top).as_posix()
    except ValueError:
        raise RevisionError(f"{root} is not inside the git work tree {top}") from None
    return GitView(root, "" if prefix == "." else prefix, git_dir, top)


@dataclass
class Provenance:
    """Where the working tree's data comes from: its commit, whether ``data/`` has changes
    that are not committed, and (when asked) when each data file last changed in git."""

    commit: str = ""  # '' when the repository is not in git or has no commit yet
    commit_date: dt.datetime | None = None
    dirty: bool = False
    last_changed: dict[str, dt.datetime] = field(default_factory=dict)


def provenance(root: Path, history: bool = False) -> Provenance:
    """The git facts of the plan repository at ``root``; empty when git cannot answer.
    ``history`` also reads when each file under ``data/`` last changed (one ``git log``)."""
    try:
        view = open_git(root)
        head = view.run("show", "-s", "--no-show-signature", "--format=%H%x00%cI", "HEAD", "--")
    except RevisionError:
        return Provenance()
    sha, _, when = head.decode("utf-8", "replace").strip().partition("\0")
    try:
        out = Provenance(sha, dt.datetime.fromisoformat(when))
    except ValueError:
        return Provenance()
    try:
        status = view.run(
            "status", "--porcelain", "-z", "--untracked-files=all", "--", view.data_path()
        )
        out.dirty = bool(status.strip(b"\0"))
        if history:
            log = view.run(
                "log",
                *gitcmd.NO_DRIVERS,
                "--format=%x00%cI",
                "--name-only",
                "--",
                view.data_path(),
            ).decode("utf-8", "surrogateescape")
        else:
            log = ""
    except RevisionError:
        return out
    when_changed: dt.datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when_changed = dt.datetime.fromisoformat(line[1:])
        elif line.strip() and when_changed is not None:
            out.last_changed.setdefault(view.rel(line.strip()), when_changed)  # newest first
    return out


def has_commit(root: Path, sha: str) -> bool:
    """Whether the repository at ``root`` has the commit ``sha`` (False when git cannot say)."""
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
        return False
    try:
        open_git(root).run("cat-file", "-e", f"{sha}^{{commit}}")
    except RevisionError:
        return False
    return True


def remote_url(root: Path) -> str | None:
    """The ``origin`` remote's URL without any credentials in it, or None."""
    try:
        view = open_git(root)
        out = view.run("config", "--get", "remote.origin.url")
    except RevisionError:
        return None
    url = out.decode("utf-8", "replace").strip()
    return without_credentials(url) if url else None


def without_credentials(url: str) -> str:
    """``url`` without user information (``user:password@``), query or fragment, however
    the password is written: an unescaped ``@``, ``/``, ``?`` or ``#`` in it too. Everything
    up to the last ``@`` after the scheme goes (a path that holds an ``@`` loses more than
    it needs to, never less). Control characters are shown, not passed on."""
    from omrade.load.safefs import printable

    scheme, sep, rest = url.partition("://")
    if not sep:  # a path, or scp-like [user@]host:path
        scheme, rest = "", url
    rest = rest[rest.rfind("@") + 1 :]
    rest = rest.split("?", 1)[0].split("#", 1)[0]
    return printable(f"{scheme}{sep}{rest}", 300)


def resolve(view: GitView, rev: str) -> Commit:
    """The commit that ``rev`` names, or a RevisionError with the fix."""
    ok = rev and not rev.startswith("-") and not any(ch in rev for ch in "\0\n\r")
    sha = ""
    if ok:
        try:
            out = view.run(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
            )
            sha = out.decode("ascii", "replace").strip()
        except RevisionError:
            sha = ""
    if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
        return Commit(sha)
    from omrade.load.safefs import printable

    shown = printable(rev, 100)
    if (view.git_dir / "shallow").exists():
        raise RevisionError(
            f"'{shown}' is not in this clone: it is shallow. Fetch the base first "
            f"(git fetch --deepen=50 origin, or git fetch origin {shown}), or check out "
            "with full history (actions/checkout with 'fetch-depth: 0')"
        )
    raise RevisionError(
        f"'{shown}' is not a revision of this repository (try a branch, a tag or a commit; "
        "for a remote branch, git fetch first)"
    )


def changes(view: GitView, base: Any, head: Any | None) -> tuple[dict[str, str], dict[str, str]]:
    """What changed between ``base`` and ``head`` (None: the working tree, untracked files
    included), from one ``git diff`` (and one listing of untracked files): the YAML files
    under data/ (plan-repository path → A added, D removed, M), and every other file
    (path in the git work tree → A, D, M: templates, the logo, workflows, what CI
    installs). git's own diff: the cost follows the size of the change."""
    data = view.data_path() + "/"
    args = ["--name-status", "-z", "--no-renames", base.hexsha]
    if head is not None:
        args.append(head.hexsha)
    out = os.fsdecode(view.run("diff", *gitcmd.NO_DRIVERS, *args, "--", "."))
    parts = [p for p in out.split("\0") if p]
    found = [
        (path, status[0] if status[0] in "ADM" else "M")
        for status, path in zip(parts[::2], parts[1::2], strict=False)
    ]
    if head is None:
        untracked = os.fsdecode(view.run("ls-files", "--others", "--exclude-standard", "-z"))
        found += [(path, "A") for path in untracked.split("\0") if path]
    plan_files: dict[str, str] = {}
    other: dict[str, str] = {}
    for path, status in found:
        if path.startswith(data) and path.endswith(YAML_SUFFIXES):
            plan_files[printable_name(view.rel(path))] = status
        else:
            other[printable_name(path)] = status
    return plan_files, other


def changed_paths(view: GitView, base: Any, head: Any | None) -> dict[str, str]:
    """Changed YAML files under data/: plan-repository path → A (added), D, M (``head``
    None: the working tree, untracked files included; see ``changes``)."""
    return changes(view, base, head)[0]


def read_at(view: GitView, commit: Any | None, rel: str) -> LoadedFile | None:
    """One file at a revision (None: the working tree); None when it does not exist there.
    Its size is read from the tree first: a blob over the limit is reported, never read."""
    from omrade.load import cache

    if commit is None:
        path = view.root / rel
        # one file: parsed sooner than the read cache's packs are read
        return read_file(path, rel, parse=cache.parse_bytes) if os.path.lexists(path) else None
    if not utf8_name(rel):
        return None
    git_path = f"{view.prefix}/{rel}" if view.prefix else rel
    out = view.run("ls-tree", "-l", "-z", "--full-tree", commit.hexsha, "--", git_path)
    entries = [e for e in _tree_entries(out) if e.path == git_path]
    if not entries:
        return None
    entry = entries[0]
    if entry.type != "blob":
        loaded = LoadedFile(rel)
        loaded.diagnostics.append(OMR008.at(rel, 1, 1, variant="not_regular_blob"))
        return loaded
    if _too_large(entry):
        return _over_limit(rel)
    raw = read_blobs(view, [entry.oid])[entry.oid]
    if entry.mode == LINK_MODE:
        return _entry_file(entry, rel, raw)
    return cache.parse_bytes(raw, rel, DEFAULT_MAX_BYTES)


FEW = 16  # changed files a diff parses without the read cache


def both_revisions(
    view: GitView, base: Any, head: Any | None, changed: dict[str, str]
) -> tuple[Repository, Repository]:
    """The plan repository at ``base`` and at ``head`` (None: the working tree), each
    blob read once: the head is built from the base's documents for every file that is
    the same at both (same path, object id and mode, or not changed in the working tree:
    ``changed``), and reads and validates only the others."""
    base_entries = list_tree(view, base)
    before = base_repository(view, base_entries)
    return before, head_repository(view, before, base_entries, head, changed)


def base_repository(view: GitView, base_entries: list[TreeEntry]) -> Repository:
    """The plan repository of a revision's listing (``list_tree``), every blob read."""
    files, problems = tree_files(view, base_entries, read_blobs(view, needed(view, base_entries)))
    return build_repository(view.root, files, problems)


def head_repository(
    view: GitView,
    before: Repository,
    base_entries: Callable[[], list[TreeEntry]] | list[TreeEntry],
    head: Any | None,
    changed: dict[str, str],
) -> Repository:
    """The plan repository at ``head`` (None: the working tree) built from ``before``, the
    repository of ``base_entries`` (its listing, or how to list it: only a head commit
    needs it): only the files that differ are read (see :func:`both_revisions`)."""
    from omrade.load import cache
    from omrade.repo.discover import discover_paths, relative

    if head is None:
        paths, problems = discover_paths(view.root)
        after_files: list[Any] = []
        unread: list[tuple[int, Path, str]] = []
        for found in paths:
            rel = relative(found, view.root)
            made = before.made.get(rel)  # (a file the base has made is in its listing)
            if made is None or rel in changed:
                unread.append((len(after_files), Path(found), rel))
                after_files.append(None)
            else:
                after_files.append(made)
        # a few changed files are parsed sooner than the cache's packs are read
        parse = cache.parser(view.root) if len(unread) > FEW else cache.parse_bytes
        for at, path, rel in unread:
            after_files[at] = read_file(path, rel, DEFAULT_MAX_BYTES, parse)
        cache.flush(view.root)
        return laid(before, after_files, problems)
    listed = base_entries() if callable(base_entries) else base_entries
    same = {view.rel(e.path): (e.mode, e.oid) for e in listed}

    def reuse(rel: str, oid: str, mode: int) -> Any:
        return before.made.get(rel) if same.get(rel) == (mode, oid) else None

    head_entries = list_tree(view, head)
    wanted = {e.oid for e in head_entries if reuse(view.rel(e.path), e.oid, e.mode) is None}
    blobs = read_blobs(view, [oid for oid in needed(view, head_entries) if oid in wanted])
    files, problems = tree_files(view, head_entries, blobs, reuse)
    return laid(before, files, problems)


def laid(before: Repository, files: list[Any], problems: list[Diagnostic]) -> Repository:
    """The repository of ``files`` (``Made`` where a file is the same as in ``before``, a
    ``LoadedFile`` where it is read again): laid from ``before`` one changed document at
    a time (``replaced``) when the same files are there in the same order and each changed
    document keeps its kind, key and place, so the unchanged documents are not looked at
    again; else built (``build_repository``)."""
    same_files = (
        not problems
        and len(files) == len(before.docs)
        and all(
            (item.doc if isinstance(item, Made) else item).file == doc.file
            for item, doc in zip(files, before.docs, strict=True)
        )
        and not any(d.code == OMR017.code for d in before.diagnostics)
    )
    made = [item if isinstance(item, Made) else make_document(item) for item in files]
    repo: Repository | None = before if same_files else None
    for item, doc in zip(made, before.docs, strict=False):
        if repo is None:
            break
        if item.doc is not doc:
            repo = replaced(repo, item)
    return repo if repo is not None else build_repository(before.root, made, problems)


class TreeEntry(NamedTuple):
    """One entry of ``git ls-tree -r -l``: a blob (file or link) or a commit (submodule)."""

    mode: int
    type: str  # blob, commit
    oid: str
    path: str  # the git path (bytes that are not UTF-8 held as surrogates)
    size: int = 0  # bytes (0 for a submodule)


def data_tree(view: GitView, commit: Any) -> str:
    """What names ``data`` at a commit, whole: its mode, type and object id (a tree's id
    stands for every path, mode and blob below it), or '' when there is none."""
    out = view.run("ls-tree", "-l", "-z", "--full-tree", commit.hexsha, "--", view.data_path())
    return " ".join(f"{e.mode:o} {e.type} {e.oid}" for e in _tree_entries(out))


def list_tree(view: GitView, commit: Any) -> list[TreeEntry]:
    """Every entry under ``data`` at a commit, in git's path order, with its object id and
    size: one ``git ls-tree -l`` (a ``data`` that is a link or a file is one entry named
    data). The sizes say which blobs are too large to read before any is read."""
    out = view.run(
        "ls-tree", "-r", "-l", "-z", "--full-tree", commit.hexsha, "--", view.data_path()
    )
    entries = _tree_entries(out)
    return sorted(entries, key=lambda e: e.path)


def _tree_entries(out: bytes) -> list[TreeEntry]:
    entries: list[TreeEntry] = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _tab, path = record.partition(b"\t")
        mode, typ, oid, size = meta.split()
        entries.append(
            TreeEntry(
                int(mode, 8),
                typ.decode(),
                oid.decode(),
                os.fsdecode(path),
                int(size) if size.isdigit() else 0,
            )
        )
    return entries


def read_blobs(view: GitView, oids: list[str]) -> dict[str, bytes]:
    """The contents of blobs by object id, each read once, all through one
    ``git cat-file --batch`` process, read blob by blob (never all output at once). The
    callers ask only for blobs whose size ``ls-tree -l`` gave as within the limit."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    proc = gitcmd_popen(view, "cat-file", "--batch")
    blobs: dict[str, bytes] = {}
    # the object ids are written from a thread while this one reads: git answers as it
    # reads, and once its answers fill the pipe it stops reading until they are taken
    # (writing every id first would wait for ever on a large repository)
    writer = threading.Thread(target=_write_ids, args=(proc.stdin, wanted), daemon=True)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        writer.start()
        for oid in wanted:
            header = proc.stdout.readline(200).split(b" ")
            if len(header) != 3 or not header[2].strip().isdigit():  # "<oid> missing"
                raise RevisionError(
                    f"git object {oid} is missing from this clone (git fetch first)"
                )
            size = int(header[2])
            if size > DEFAULT_MAX_BYTES:  # not what ls-tree said: not read
                raise RevisionError(f"git object {oid} is larger than its tree says")
            blobs[oid] = proc.stdout.read(size)
            proc.stdout.read(1)  # the newline after each object
    finally:
        proc.kill()
        proc.wait()
        if writer.ident is not None:
            writer.join(timeout=5)  # git has ended: its input is closed or broken
    return blobs


def _write_ids(stdin: Any, ids: list[str]) -> None:
    """Write object ids to ``git cat-file --batch`` and close its input (quietly when git
    has ended: the reader says why)."""
    try:
        for at in range(0, len(ids), 1000):
            stdin.write("".join(f"{o}\n" for o in ids[at : at + 1000]).encode())
        stdin.close()
    except (OSError, ValueError):
        pass


def gitcmd_popen(view: GitView, *args: str) -> Any:
    try:
        return gitcmd.popen(view.top, *args)
    except gitcmd.GitError as exc:
        raise RevisionError(f"git {args[0]} failed: {exc}") from None


def _too_large(entry: TreeEntry) -> bool:
    return entry.size > DEFAULT_MAX_BYTES


def tree_files(
    view: GitView, entries: list[TreeEntry], blobs: dict[str, bytes], reuse: Any = None
) -> tuple[list[Any], list[Diagnostic]]:
    """The files of a revision's tree (``LoadedFile``s, in git's order) and the problems
    of names, as ``repository_at`` reads them. ``reuse(rel, oid, mode)`` may return what was
    made of the same blob already (a ``Made``), which is then used instead of reading it."""
    from omrade.load import cache

    parse = cache.parser(view.root) if len(blobs) > FEW else cache.parse_bytes
    files: list[Any] = []
    problems: list[Diagnostic] = []
    data = view.data_path()
    if len(entries) == 1 and entries[0].path == data:  # 'data' committed as a link or a file
        entry = entries[0]
        if _too_large(entry):
            return [_over_limit("data")], problems
        return [_entry_file(entry, "data", blobs.get(entry.oid, b""))], problems
    for entry in entries:
        name = entry.path.rsplit("/", 1)[-1]
        if name.startswith(".") and not entry.path.endswith(YAML_SUFFIXES):
            continue
        rel = view.rel(entry.path)
        if entry.type != "blob":
            continue
        if not utf8_name(rel):
            if entry.path.endswith(YAML_SUFFIXES):  # git keeps the bytes; the name cannot be shown
                problems.append(bad_name(rel))
            continue
        if entry.mode != LINK_MODE and not entry.path.endswith(YAML_SUFFIXES):
            continue
        made = reuse(rel, entry.oid, entry.mode) if reuse is not None else None
        if made is not None:
            files.append(made)
        elif _too_large(entry):  # never read: its size alone says so
            files.append(_over_limit(rel))
        elif entry.mode == LINK_MODE:
            # a link to a folder hides what it points to; a YAML-named one would be read
            files.append(_entry_file(entry, rel, blobs[entry.oid]))
        else:
            files.append(parse(blobs[entry.oid], rel, DEFAULT_MAX_BYTES))
    cache.flush(view.root)
    return files, problems


def needed(view: GitView, entries: list[TreeEntry]) -> list[str]:
    """The object ids of the blobs ``tree_files`` reads."""
    out = []
    for entry in entries:
        if _too_large(entry):
            continue
        if entry.type == "blob" and (entry.mode == LINK_MODE or entry.path.endswith(YAML_SUFFIXES)):
            out.append(entry.oid)
    return out


def _over_limit(rel: str) -> LoadedFile:
    out = LoadedFile(rel)
    out.diagnostics.append(OMR007.at(rel, 1, 1, variant="read", limit=DEFAULT_MAX_BYTES))
    return out


def _entry_file(entry: TreeEntry, rel: str, raw: bytes) -> LoadedFile:
    """A tree entry as a file; a committed link (mode 120000) is reported, never followed."""
    if entry.mode == LINK_MODE:
        out = LoadedFile(rel)
        out.diagnostics.append(link_diagnostic(rel, raw.decode("utf-8", "replace")))
        return out
    if entry.type != "blob":
        out = LoadedFile(rel)
        out.diagnostics.append(OMR008.at(rel, 1, 1, variant="not_regular_blob"))
        return out
    return parse_bytes(raw, rel, DEFAULT_MAX_BYTES)


def repository_at(view: GitView, commit: Any | None) -> Repository:
    """The whole plan repository at a revision (None: the working tree, from disk): the
    tree listed once, each blob read once through one ``git cat-file --batch``."""
    from omrade.repo.repository import load_repository

    if commit is None:
        return load_repository(view.root)
    entries = list_tree(view, commit)
    files, problems = tree_files(view, entries, read_blobs(view, needed(view, entries)))
    return build_repository(view.root, files, problems)

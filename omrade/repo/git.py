"""Reading a plan repository at a git revision: blobs only, never the index, refs or files."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrade.diagnostics import Diagnostic
from omrade.load.reader import (
    DEFAULT_MAX_BYTES,
    OMR008,
    LoadedFile,
    link_diagnostic,
    parse_bytes,
    read_file,
)
from omrade.repo.repository import (
    YAML_SUFFIXES,
    Repository,
    bad_name,
    build_repository,
    printable_name,
    utf8_name,
)

LINK_MODE = 0o120000  # git's file mode for a symbolic link


class RevisionError(Exception):
    """A revision cannot be read (exit code 2); the message says how to fix it."""


@dataclass
class GitView:
    """The git repository that holds a plan repository, and where the plan repository is."""

    git: Any  # git.Repo
    root: Path  # the plan repository (the folder holding data/)
    prefix: str  # the plan repository's path inside the git work tree ('' at the top)

    def data_path(self) -> str:
        return f"{self.prefix}/data" if self.prefix else "data"

    def rel(self, git_path: str) -> str:
        """A git path → a path relative to the plan repository."""
        return git_path[len(self.prefix) + 1 :] if self.prefix else git_path


def open_git(root: Path) -> GitView:
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RevisionError(f"{root} is not inside a git repository") from None
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    return GitView(repo, root, "" if prefix == "." else prefix)


@dataclass
class Provenance:
    """Where the working tree's data comes from: its commit, whether ``data/`` has changes
    that are not committed, and (when asked) when each data file last changed in git."""

    commit: str = ""  # '' when the repository is not in git or has no commit yet
    commit_date: dt.datetime | None = None
    dirty: bool = False
    last_changed: dict[str, dt.datetime] = field(default_factory=dict)


def provenance(root: Path, history: bool = False) -> Provenance:
    """The git facts of the plan repository at ``root``; empty when it is not in git.
    ``history`` also reads when each file under ``data/`` last changed (one ``git log``)."""
    import git

    try:
        view = open_git(root)
        head = view.git.head.commit
    except (RevisionError, ValueError, git.GitCommandError):
        return Provenance()
    out = Provenance(head.hexsha, head.committed_datetime)
    try:
        out.dirty = bool(view.git.is_dirty(untracked_files=True, path=view.data_path()))
        if history:
            log = view.git.git.log("--format=%x00%cI", "--name-only", "--", view.data_path())
        else:
            log = ""
    except git.GitCommandError:
        return out
    when: dt.datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromisoformat(line[1:])
        elif line.strip() and when is not None:
            out.last_changed.setdefault(view.rel(line.strip()), when)  # newest first
    return out


def resolve(view: GitView, rev: str) -> Any:
    """The commit that ``rev`` names, or a RevisionError with the fix."""
    import git

    try:
        commit = view.git.commit(rev)
        commit.tree  # noqa: B018  (a full hash is taken on trust until its object is read)
        return commit
    except (git.BadName, git.BadObject, ValueError, TypeError, git.GitCommandError, IndexError):
        shallow = (Path(view.git.git_dir) / "shallow").exists()
        if shallow:
            raise RevisionError(
                f"'{rev}' is not in this clone: it is shallow. Fetch the base first "
                f"(git fetch --deepen=50 origin, or git fetch origin {rev}), or check out "
                "with full history (actions/checkout with 'fetch-depth: 0')"
            ) from None
        raise RevisionError(
            f"'{rev}' is not a revision of this repository (try a branch, a tag or a commit; "
            "for a remote branch, git fetch first)"
        ) from None


def changed_paths(view: GitView, base: Any, head: Any | None) -> dict[str, str]:
    """Changed YAML files under data/: plan-repository path → A (added), D, M.

    ``head`` None means the working tree, untracked files included. Uses git's own diff,
    so the cost follows the size of the change.
    """
    data = view.data_path()
    args = ["--name-status", "-z", "--no-renames", base.hexsha]
    if head is not None:
        args.append(head.hexsha)
    out = view.git.git.diff(*args, "--", data)
    parts = [p for p in out.split("\0") if p]
    changed: dict[str, str] = {}
    for status, path in zip(parts[::2], parts[1::2], strict=False):
        if path.endswith(YAML_SUFFIXES):
            changed[printable_name(view.rel(path))] = status[0] if status[0] in "ADM" else "M"
    if head is None:
        untracked = view.git.git.ls_files("--others", "--exclude-standard", "-z", "--", data)
        for path in untracked.split("\0"):
            if path.endswith(YAML_SUFFIXES):
                changed[printable_name(view.rel(path))] = "A"
    return changed


def changed_outside_data(view: GitView, base: Any, head: Any | None) -> dict[str, str]:
    """Changed files other than the plan files (the YAML under ``data/``): path in the git
    work tree → A, D or M (``head`` None: the working tree, untracked files included).
    Templates, the logo, workflows and what CI installs are among them."""
    data = view.data_path()
    exclude = [f":(exclude,glob){data}/**/*{suffix}" for suffix in YAML_SUFFIXES]
    args = ["--name-status", "-z", "--no-renames", base.hexsha]
    if head is not None:
        args.append(head.hexsha)
    out = view.git.git.diff(*args, "--", ".", *exclude)
    parts = [p for p in out.split("\0") if p]
    changed: dict[str, str] = {}
    for status, path in zip(parts[::2], parts[1::2], strict=False):
        changed[printable_name(path)] = status[0] if status[0] in "ADM" else "M"
    if head is None:
        untracked = view.git.git.ls_files(
            "--others", "--exclude-standard", "-z", "--", ".", *exclude
        )
        for path in untracked.split("\0"):
            if path:
                changed[printable_name(path)] = "A"
    return changed


def read_at(view: GitView, commit: Any | None, rel: str) -> LoadedFile | None:
    """One file at a revision (None: the working tree); None when it does not exist there."""
    from omrade.load import cache

    if commit is None:
        path = view.root / rel
        return (
            read_file(path, rel, parse=cache.parser(view.root)) if os.path.lexists(path) else None
        )
    if not utf8_name(rel):
        return None
    git_path = f"{view.prefix}/{rel}" if view.prefix else rel
    try:
        blob = commit.tree / git_path
    except KeyError:
        return None
    return _blob_file(blob, rel, cache.parser(view.root))


def _blob_file(blob: Any, rel: str, parse: Any = parse_bytes) -> LoadedFile:
    """A blob as a file; a committed link (mode 120000) is reported, never followed."""
    if blob.mode == LINK_MODE:
        out = LoadedFile(rel)
        out.diagnostics.append(
            link_diagnostic(rel, blob.data_stream.read().decode("utf-8", "replace"))
        )
        return out
    if blob.type != "blob":
        out = LoadedFile(rel)
        out.diagnostics.append(OMR008.at(rel, 1, 1, variant="not_regular_blob"))
        return out
    return parse(blob.data_stream.read(), rel, DEFAULT_MAX_BYTES)


def both_revisions(
    view: GitView, base: Any, head: Any | None, changed: dict[str, str]
) -> tuple[Repository, Repository]:
    """The plan repository at ``base`` and at ``head`` (None: the working tree), each
    blob read once: the head is built from the base's documents for every file that is
    the same at both (same path, object id and mode, or not changed in the working tree:
    ``changed``), and reads and validates only the others."""
    from omrade.load import cache
    from omrade.repo.repository import _rel, discover

    base_entries = list_tree(view, base)
    files, problems = tree_files(view, base_entries, read_blobs(view, needed(view, base_entries)))
    before = build_repository(view.root, files, problems)
    if head is None:
        paths, problems = discover(view.root)
        parse = cache.parser(view.root)
        at_base = {view.rel(e.path) for e in base_entries}
        after_files: list[Any] = []
        for path in paths:
            rel = _rel(path, view.root)
            made = before.made.get(rel)
            if made is None or rel in changed or rel not in at_base:
                after_files.append(read_file(path, rel, DEFAULT_MAX_BYTES, parse))
            else:
                after_files.append(made)
        cache.flush(view.root)
        return before, build_repository(view.root, after_files, problems)
    same = {view.rel(e.path): (e.mode, e.oid) for e in base_entries}

    def reuse(rel: str, oid: str, mode: int) -> Any:
        return before.made.get(rel) if same.get(rel) == (mode, oid) else None

    head_entries = list_tree(view, head)
    wanted = {e.oid for e in head_entries if reuse(view.rel(e.path), e.oid, e.mode) is None}
    blobs = read_blobs(view, [oid for oid in needed(view, head_entries) if oid in wanted])
    files, problems = tree_files(view, head_entries, blobs, reuse)
    return before, build_repository(view.root, files, problems)


@dataclass(frozen=True)
class TreeEntry:
    """One entry of ``git ls-tree -r``: a blob (file or link) or a commit (submodule)."""

    mode: int
    type: str  # blob, commit
    oid: str
    path: str  # the git path (bytes that are not UTF-8 held as surrogates)


def _git(view: GitView, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git on the view's repository; its raw output. A failure is a RevisionError."""
    import subprocess

    cmd = ["git", f"--git-dir={view.git.git_dir}", *args]
    done = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip()
        raise RevisionError(f"git {args[0]} failed: {why}")
    return done.stdout


def list_tree(view: GitView, commit: Any) -> list[TreeEntry]:
    """Every entry under ``data`` at a commit, in git's path order, with its object id:
    one ``git ls-tree`` (a ``data`` that is a link or a file is one entry named data)."""
    out = _git(view, "ls-tree", "-r", "-z", "--full-tree", commit.hexsha, "--", view.data_path())
    entries: list[TreeEntry] = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _tab, path = record.partition(b"\t")
        mode, typ, oid = meta.split(b" ")
        entries.append(TreeEntry(int(mode, 8), typ.decode(), oid.decode(), os.fsdecode(path)))
    return sorted(entries, key=lambda e: e.path)


def read_blobs(view: GitView, oids: list[str]) -> dict[str, bytes]:
    """The contents of blobs by object id, each read once, all through one
    ``git cat-file --batch`` process."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    out = _git(view, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in wanted).encode())
    blobs: dict[str, bytes] = {}
    at = 0
    for oid in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if len(header) != 3:  # "<oid> missing": not in this clone
            raise RevisionError(f"git object {oid} is missing from this clone (git fetch first)")
        size = int(header[2])
        blobs[oid] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return blobs


def tree_files(
    view: GitView, entries: list[TreeEntry], blobs: dict[str, bytes], reuse: Any = None
) -> tuple[list[Any], list[Diagnostic]]:
    """The files of a revision's tree (``LoadedFile``s, in git's order) and the problems
    of names, as ``repository_at`` reads them. ``reuse(rel, oid, mode)`` may return what was
    made of the same blob already (a ``Made``), which is then used instead of reading it."""
    from omrade.load import cache

    parse = cache.parser(view.root)
    files: list[Any] = []
    problems: list[Diagnostic] = []
    data = view.data_path()
    if len(entries) == 1 and entries[0].path == data:  # 'data' committed as a link or a file
        entry = entries[0]
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
        if entry.type == "blob" and (entry.mode == LINK_MODE or entry.path.endswith(YAML_SUFFIXES)):
            out.append(entry.oid)
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

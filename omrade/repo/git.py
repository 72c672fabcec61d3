"""Reading a plan repository at a git revision: blobs only, never the index, refs or files."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def repository_at(view: GitView, commit: Any | None) -> Repository:
    """The whole plan repository at a revision (None: the working tree, from disk)."""
    from omrade.repo.repository import load_repository

    if commit is None:
        return load_repository(view.root)
    data = view.data_path()
    try:
        tree = commit.tree / data
    except KeyError:
        return build_repository(view.root, [])
    if tree.mode == LINK_MODE or tree.type != "tree":  # 'data' committed as a link
        return build_repository(view.root, [_blob_file(tree, "data")])
    from omrade.load import cache

    parse = cache.parser(view.root)
    files: list[LoadedFile] = []
    problems = []
    for item in sorted(tree.traverse(), key=lambda i: i.path):
        if item.name.startswith(".") and not item.path.endswith(YAML_SUFFIXES):
            continue
        rel = view.rel(item.path)
        if item.type == "blob" and not utf8_name(rel):
            if item.path.endswith(YAML_SUFFIXES):  # git keeps the bytes; the name cannot be shown
                problems.append(bad_name(rel))
            continue
        if item.type == "blob" and item.mode == LINK_MODE:
            # a link to a folder hides what it points to; a YAML-named one would be read
            files.append(_blob_file(item, rel))
        elif item.type == "blob" and item.path.endswith(YAML_SUFFIXES):
            files.append(parse(item.data_stream.read(), rel, DEFAULT_MAX_BYTES))
    cache.flush(view.root)
    return build_repository(view.root, files, problems)

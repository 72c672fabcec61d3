"""Where the report comes from: the commit, and when each document last changed in git."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Provenance:
    commit: str | None = None
    commit_date: dt.datetime | None = None
    dirty: bool = False
    last_changed: dict[str, dt.datetime] = field(default_factory=dict)


def read_provenance(root: Path) -> Provenance:
    """The git facts for the repository at ``root``; empty when it is not in git."""
    try:
        import git  # GitPython; imported here so that other commands start fast
    except ImportError:  # pragma: no cover - it is a dependency
        return Provenance()
    try:
        repo = git.Repo(root, search_parent_directories=True)
        head = repo.head.commit
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError, git.GitCommandError):
        return Provenance()
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(top).as_posix() if root.resolve() != top else ""
    data = f"{prefix}/data" if prefix else "data"
    out = Provenance(commit=head.hexsha, commit_date=head.committed_datetime)
    try:
        out.dirty = repo.is_dirty(untracked_files=True, path=data)
        log = repo.git.log("--format=%x00%cI", "--name-only", "--", data)
    except git.GitCommandError:
        return out
    when: dt.datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromisoformat(line[1:])
        elif line.strip() and when is not None:
            rel = line.strip()
            if prefix and rel.startswith(prefix + "/"):
                rel = rel[len(prefix) + 1 :]
            out.last_changed.setdefault(rel, when)  # newest first: keep the first seen
    return out

"""The one way omrade runs git: whatever the repository's own configuration names is off.

A plan repository may come as a copied folder or an unzipped archive, its ``.git/config``
written by someone else. git runs commands that configuration names: ``core.fsmonitor``
on almost every command, filter drivers (``filter.<name>.clean``/``process``) when it
compares the working tree, diff drivers (``textconv``, external diff), pagers, hooks,
``gpg.program`` for a signed commit's log, a promisor remote's fetch for a missing object.
Every git command omrade runs goes through :func:`run`, which turns all of these off:

- ``-c`` overrides: ``core.fsmonitor=false``, ``core.hooksPath=/dev/null``,
  ``core.pager=cat``, ``core.untrackedCache=false``, ``log.showSignature=false``,
  ``protocol.allow=never`` (no transport at all, so no lazy fetch), and every filter
  driver the configuration defines emptied (an empty ``clean``/``smudge``/``process`` is
  no filter), found by reading the configuration (which runs nothing);
- diff commands get ``--no-textconv --no-ext-diff`` (:data:`NO_DRIVERS`);
- the environment: ``GIT_CONFIG_NOSYSTEM=1``, ``GIT_TERMINAL_PROMPT=0``,
  ``GIT_PAGER=cat``, ``GIT_OPTIONAL_LOCKS=0`` (reading never writes the index),
  ``GIT_NO_LAZY_FETCH=1``, no ``GIT_EXTERNAL_DIFF`` or askpass program;
- a timeout, and git's refusals (``dubious ownership``, not a repository) as a
  :class:`GitError` with git's message cleaned of control characters.

git's own safety check, ``safe.directory``, is left as it is: a folder owned by another
user is refused by git, and omrade treats that as "git cannot answer".
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

TIMEOUT = 120  # seconds for one git command

SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.untrackedCache=false",
    "log.showSignature=false",
    "protocol.allow=never",
    "credential.helper=",
)
NO_DRIVERS = ("--no-textconv", "--no-ext-diff")
_DROP_ENV = ("GIT_EXTERNAL_DIFF", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_PAGER", "PAGER", "GIT_EDITOR")


class GitError(Exception):
    """git could not answer (not installed, not a repository, refused, failed)."""

    def __init__(self, message: str, returncode: int | None = None) -> None:
        super().__init__(message)
        self.returncode = returncode


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",
        GIT_NO_LAZY_FETCH="1",
        GIT_NO_REPLACE_OBJECTS="1",
        LC_ALL="C",
    )
    return env


def _base(where: Path) -> list[str]:
    cmd = ["git", "-C", os.fspath(where)]
    for setting in SAFE_CONFIG:
        cmd += ["-c", setting]
    return cmd


@cache
def _filter_overrides(where: str) -> tuple[str, ...]:
    """``-c`` settings that empty every filter driver the configuration defines."""
    try:
        done = subprocess.run(
            [*_base(Path(where)), "config", "--null", "--name-only", "--get-regexp", r"^filter\."],
            capture_output=True,
            env=environment(),
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    drivers = set()
    for name in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
        section, _, key = name.rpartition(".")
        if section.startswith("filter.") and key:
            drivers.add(section[len("filter.") :])
    out: list[str] = []
    for driver in sorted(drivers):
        for key, value in (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")):
            out += ["-c", f"filter.{driver}.{key}={value}"]
    return tuple(out)


# commands that may read the working tree's content (and so run filter drivers); the
# others (rev-parse, ls-tree, cat-file, show -s, log, ls-files --others, config) never do,
# and are spared the extra git process that finds the drivers
_READS_WORKTREE = {"status", "diff", "diff-index", "diff-files", "hash-object", "add"}


def command(where: Path, args: Sequence[str]) -> list[str]:
    """The full git command line for ``args`` run at ``where``, every driver off."""
    reads = args[0] in _READS_WORKTREE or (args[0] == "ls-files" and "--others" not in args)
    drivers = _filter_overrides(os.fspath(where)) if reads else ()
    return [*_base(where), *drivers, *args]


def run(where: Path, *args: str, stdin: bytes | None = None, timeout: float = TIMEOUT) -> bytes:
    """git's output for ``args`` at ``where``; a GitError (git's message, cleaned) when git
    is missing, times out or fails."""
    try:
        done = subprocess.run(
            command(where, args),
            input=stdin,
            capture_output=True,
            env=environment(),
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took over {timeout:.0f} s") from None
    except OSError as exc:
        raise GitError(f"git cannot be run: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise GitError(clean(done.stderr), done.returncode)
    return done.stdout


def popen(where: Path, *args: str) -> subprocess.Popen[bytes]:
    """A running git command (stdin and stdout piped), every driver off."""
    try:
        return subprocess.Popen(
            command(where, args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(),
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except OSError as exc:
        raise GitError(f"git cannot be run: {exc.strerror or exc}") from None


def clean(stderr: bytes, limit: int = 500) -> str:
    """git's message, printable: control characters shown as \\uXXXX, length capped."""
    from omrade.load.safefs import printable

    text = stderr.decode("utf-8", "replace").strip()
    lines = [ln.removeprefix("fatal: ").removeprefix("error: ") for ln in text.splitlines()]
    return printable(" ".join(ln.strip() for ln in lines if ln.strip()), limit) or "git failed"

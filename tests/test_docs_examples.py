"""Every example command in the README and docs/ runs, as a reader would run it.

The commands of each ```sh block (and the ``$ `` lines of each ```console block) run in
order with bash, page by page, in a fresh copy of the bundled plan repository — ``data/``
and ``examples/`` in a new git repository whose branch ``main``, branch ``feature`` and
tag ``v2025`` all name its one commit, so the ``diff`` examples have revisions to compare
— with the ``omrade`` of this virtual environment first on ``PATH``. A command that exits
otherwise than it should is a failing test, with its output.

The convention, for whoever writes docs (docs/development.md says it too):

- a command exits 0, unless its trailing comment says ``exit N`` (``omrade validate
  --strict   # warnings fail too: exit 1 on the bundled data``);
- a block that must not run is marked on the line before its fence with
  ``<!-- example: skip — the reason -->`` (it needs the network, a GitHub token, or is
  ``make`` itself, which CI runs anyway). The reason is required.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

# the handbook is a journey on a new municipality, its commands in order from omrade init:
# tests/journeys/test_handbook.py runs it so; every other page runs on the bundled data
JOURNEYS = {ROOT / "docs" / "handbok.md"}
PAGES = sorted({ROOT / "README.md", *(ROOT / "docs").glob("*.md")} - JOURNEYS)
FENCE = re.compile(r"^(`{3,})(\w*)[^\n]*\n(.*?)^\1[ \t]*$", re.S | re.M)
MARKER = re.compile(r"<!--\s*example:\s*(.*?)\s*-->\s*\Z", re.S)
EXIT = re.compile(r"#[^#]*?\bexit (\d)\b")
COPIED = ("data", "examples")  # the bundled plan repository and the second, smaller one


@dataclass(frozen=True)
class Command:
    line: int  # 1-based, in the page
    text: str
    exit: int = 0


@dataclass(frozen=True)
class Block:
    line: int
    commands: tuple[Command, ...]
    skip: str | None = None  # the reason, when the block is not run


def blocks(markdown: str) -> list[Block]:
    """The runnable blocks of a page: ``sh`` blocks line by line (a line ending in ``\\``
    continues on the next; comment lines are left out) and ``console`` blocks' ``$ ``
    lines."""
    found = []
    for match in FENCE.finditer(markdown):
        info = match.group(2)
        if info not in ("sh", "console"):
            continue
        start = markdown.count("\n", 0, match.start()) + 1
        before = markdown[: match.start()].rstrip()
        marker = MARKER.search(before[-300:])
        skip = None
        if marker:
            words = marker.group(1)
            if not words.startswith("skip"):
                raise ValueError(f"line {start}: unknown example marker {words!r}")
            skip = words[len("skip") :].strip(" —–-:")
        commands = []
        pending = ""
        pending_line = 0
        for offset, raw in enumerate(match.group(3).splitlines(), start=start + 1):
            if info == "console":
                if not raw.startswith("$ "):
                    continue
                raw = raw[2:]
            if not pending and (not raw.strip() or raw.lstrip().startswith("#")):
                continue
            if not pending:
                pending_line = offset
            if raw.endswith("\\"):
                pending += raw[:-1] + " "
                continue
            text = pending + raw
            pending = ""
            expected = EXIT.search(text)
            commands.append(Command(pending_line, text, int(expected.group(1)) if expected else 0))
        found.append(Block(start, tuple(commands), skip))
    return found


def fresh_repository(where: Path) -> Path:
    """A copy of the bundled data in a new git repository (main, feature, v2025)."""
    repo = where / "repo"
    repo.mkdir()
    for name in COPIED:
        shutil.copytree(ROOT / name, repo / name)
    env = git_env(where)
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "."],
        ["commit", "-q", "-m", "the bundled data"],
        ["branch", "feature"],
        ["tag", "v2025"],
    ):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return repo


def git_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "OMRADE_", "GITHUB_")) and k not in ("CI", "NO_COLOR")
    }
    env.update(
        HOME=str(home),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Docs",
        GIT_AUTHOR_EMAIL="docs@example.org",
        GIT_COMMITTER_NAME="Docs",
        GIT_COMMITTER_EMAIL="docs@example.org",
        COLUMNS="100",
        NO_COLOR="1",
    )
    return env


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_command_runs(page: Path, tmp_path: Path) -> None:
    runnable = [b for b in blocks(page.read_text(encoding="utf-8")) if b.skip is None]
    if not any(b.commands for b in runnable):
        pytest.skip("no example to run on this page")
    assert shutil.which("omrade", path=str(Path(sys.executable).parent))
    repo = fresh_repository(tmp_path)
    env = git_env(tmp_path)
    failed = []
    for block in runnable:
        for command in block.commands:
            done = subprocess.run(
                ["bash", "-o", "pipefail", "-c", command.text],
                cwd=repo,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            if done.returncode != command.exit:
                output = (done.stdout + done.stderr).strip()[-1500:]
                failed.append(
                    f"{page.relative_to(ROOT)}:{command.line}: {command.text}\n"
                    f"  exit {done.returncode}, expected {command.exit}\n{output}"
                )
    assert not failed, "\n\n".join(failed)


def test_every_skipped_block_says_why() -> None:
    for page in PAGES:
        for block in blocks(page.read_text(encoding="utf-8")):
            if block.skip is not None:
                assert len(block.skip) > 10, f"{page.name}:{block.line}: say why it is skipped"


def test_the_docs_have_examples_that_run() -> None:
    """The extraction finds the commands (not an empty list that passes trivially)."""
    commands = [
        c.text
        for page in PAGES
        for b in blocks(page.read_text(encoding="utf-8"))
        if b.skip is None
        for c in b.commands
    ]
    assert len(commands) >= 30
    for must in ("omrade validate", "omrade allocate 2025", "omrade report", "omrade diff main"):
        assert any(c.startswith(must) for c in commands), must


def test_blocks_are_read_as_the_convention_says() -> None:
    page = (
        "text\n\n```sh\nomrade validate   # all\n# a comment line\nomrade validate --strict  "
        "# exit 1 here\nomrade report \\\n  --out site/\n```\n\n"
        "<!-- example: skip — needs the network (Kolada) -->\n```sh\nomrade import kolada\n```\n"
        "\n```console\n$ omrade status\nsome output\n```\n\n```yaml\nrun: omrade validate\n```\n"
    )
    first, second, third = blocks(page)
    assert [(c.text, c.exit, c.line) for c in first.commands] == [
        ("omrade validate   # all", 0, 4),
        ("omrade validate --strict  # exit 1 here", 1, 6),
        ("omrade report    --out site/", 0, 7),
    ]
    assert second.skip == "needs the network (Kolada)"
    assert [c.text for c in third.commands] == ["omrade status"]
    with pytest.raises(ValueError, match="unknown example marker"):
        blocks("<!-- example: sometimes -->\n```sh\nomrade validate\n```\n")

"""Progress on a terminal: `omrade export`, `omrade report` and `omrade import kolada|scb`
draw a progress bar on standard error when it is a terminal (a pseudo-terminal here) and
the run is not in CI, and nothing at all when standard error is a pipe or a file, or when
CI is set. The imports ask a local server on 127.0.0.1 for recorded answers (the
statistics tests' stand-in for Kolada and SCB)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.exchange.test_statistics import AS_OF, Server, kolada_routes, make_repo, scb_routes

BAR = "━"


@dataclass(frozen=True)
class Work:
    args: list[str]
    env: dict[str, str]
    label: str  # what the bar says, on a terminal
    closing: str  # how the command's last line on standard error starts


def _env(ci: bool, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", "OMRADE_NO_CACHE": "1"})
    env.update(extra or {})
    if ci:
        env["CI"] = "true"
    return env


OMRADE = [sys.executable, "-m", "omrade"]
KINDS = ["export", "report", "import kolada", "import scb"]


@pytest.fixture
def work(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Work]:
    """The command of the test's ``kind``, with what it needs (a repository, a server)."""
    kind: str = request.param
    if kind == "export":
        out = tmp_path / "x.duckdb"
        yield Work(
            [*OMRADE, "export", "-f", "duckdb", "--out", str(out), "-C", str(ROOT)],
            {},
            "omrade export",
            "omrade export:",
        )
        return
    if kind == "report":
        repo = tmp_path / "plans"
        shutil.copytree(ROOT / "data", repo / "data")
        yield Work(
            [*OMRADE, "report", "--out", str(tmp_path / "site"), "-C", str(repo)],
            {},
            "Skapar sidorna",  # "Rendering", in Swedish (the default)
            "omrade report:",
        )
        return
    service = kind.split()[1]
    server = Server()
    try:
        (kolada_routes if service == "kolada" else scb_routes)(server)
        repo = make_repo(tmp_path / "plans")
        url = server.base + ("/v3" if service == "kolada" else "/api/v2")
        yield Work(
            [*OMRADE, "import", service, "-C", str(repo), "--as-of", AS_OF, "--dry-run"]
            + (["--years", "2024"] if service == "scb" else []),
            {"OMRADE_KOLADA_URL": url, "OMRADE_SCB_URL": url},
            f"omrade import {service}",
            f"omrade import {service}:",
        )
    finally:
        server.close()


def _on_a_terminal(work: Work, ci: bool) -> str:
    """What the command writes to standard error when it is a pseudo-terminal."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            work.args,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env=_env(ci, work.env),
        )
        os.close(follower)
        chunks = []
        while True:
            ready, _w, _x = select.select([leader], [], [], 120)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=120) == 0, b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


parametrized: Callable[[Callable[..., None]], Callable[..., None]] = pytest.mark.parametrize(
    "work", KINDS, indirect=True
)


@parametrized
def test_a_terminal_shows_the_progress(work: Work) -> None:
    shown = _on_a_terminal(work, ci=False)
    assert BAR in shown, shown
    assert work.label in shown, shown
    assert work.closing in shown  # and the closing line, as always


@parametrized
def test_ci_shows_none_even_on_a_terminal(work: Work) -> None:
    shown = _on_a_terminal(work, ci=True)
    assert work.closing in shown  # the closing line, as always
    assert BAR not in shown and "\x1b[?25l" not in shown, shown


@parametrized
def test_a_pipe_gets_no_progress(work: Work) -> None:
    done = subprocess.run(
        work.args,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(False, work.env),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert work.closing in done.stderr, done.stderr
    assert BAR not in done.stderr and "\x1b" not in done.stderr, done.stderr
    assert work.label + " " not in done.stderr.replace(work.closing, "")


def test_a_failure_is_said_on_a_line_of_its_own_above_the_bar(tmp_path: Path) -> None:
    """A message printed while the bar is shown (here: Kolada answers 404) starts on a
    clean line — the bar's line is erased first — and stays when the bar is gone."""
    import re

    server = Server()  # no routes: every request is answered 404
    try:
        repo = make_repo(tmp_path / "plans")
        url = server.base + "/v3"
        work = Work(
            [*OMRADE, "import", "kolada", "-C", str(repo), "--as-of", AS_OF],
            {"OMRADE_KOLADA_URL": url},
            "omrade import kolada",
            "omrade:",
        )
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            work.args,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env=_env(False, work.env),
        )
        os.close(follower)
        chunks = []
        try:
            while select.select([leader], [], [], 120)[0]:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            assert proc.wait(timeout=120) == 1
        finally:
            os.close(leader)
    finally:
        server.close()
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert BAR in shown, shown  # the bar was there when the failure came
    at = shown.index("omrade:")
    line_so_far = re.split(r"[\r\n]", shown[:at])[-1]
    assert re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line_so_far) == "", repr(shown[at - 80 : at])
    assert "Kolada" in shown[at:].splitlines()[0]

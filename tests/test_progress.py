"""Progress on a terminal: `omrade export` draws a progress bar on standard error when it
is a terminal (a pseudo-terminal here) and the run is not in CI, and nothing at all when
standard error is a pipe or a file, or when CI is set."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BAR = "━"


def _env(ci: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", "OMRADE_NO_CACHE": "1"})
    if ci:
        env["CI"] = "true"
    return env


def _export_args(out: Path) -> list[str]:
    return [sys.executable, "-m", "omrade", "export", "-f", "duckdb", "--out", str(out)]


def _on_a_terminal(out: Path, ci: bool) -> str:
    """What `omrade export` writes to standard error when it is a pseudo-terminal."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            _export_args(out),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env=_env(ci),
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
        assert proc.wait(timeout=120) == 0
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_shows_the_progress(tmp_path: Path) -> None:
    shown = _on_a_terminal(tmp_path / "x.duckdb", ci=False)
    assert BAR in shown, shown
    assert "omrade export" in shown


def test_ci_shows_none_even_on_a_terminal(tmp_path: Path) -> None:
    shown = _on_a_terminal(tmp_path / "x.duckdb", ci=True)
    assert "omrade export:" in shown  # the closing line, as always
    assert BAR not in shown and "\x1b[?25l" not in shown, shown


def test_a_pipe_gets_no_progress(tmp_path: Path) -> None:
    done = subprocess.run(
        _export_args(tmp_path / "x.duckdb"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(ci=False),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("omrade export: ") and done.stderr.count("\n") == 1
    assert BAR not in done.stderr and "\x1b" not in done.stderr

"""The console entry point as a real process (``python -m omrade``, what the ``omrade``
script runs): after ``omrade validate`` it ends at once, without the interpreter's
teardown. Nothing it printed is lost — through a pipe, into a file, on the fast path and
through typer —, it exits 0, 1 or 2 as the run says, and the caches it wrote are whole:
the next run is answered by them with the same bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omrade.api import DEFAULT_MAX_FILE_SIZE
from omrade.cli import app
from omrade.cli.common import MAX_DIAGNOSTICS
from omrade.load import cache as file_cache
from omrade.load import runcache
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT
from tests.load.test_cache import _git

# more than a pipe holds (64 KiB): the output is written while the reader reads
BROKEN = 400


def _repo(tmp_path: Path, broken: int) -> Path:
    """The base fixture in a git repository (the cache is trusted only where git can
    answer), with ``broken`` dialogue files that cannot be read (one error each)."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")
    for i in range(broken):
        (repo / "data" / "dialogues" / f"trasig-{i:04d}.yaml").write_text(
            f"kind: dialogue\nid: trasig-{i}\ntitle: [inte stängd\n", encoding="utf-8"
        )
    return repo


def _env(cache_on: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OMRADE_NO_CACHE", "GITHUB_ACTIONS")}
    if not cache_on:
        env["OMRADE_NO_CACHE"] = "1"
    return env


def _process(
    repo: Path, args: list[str], out: Path | None = None, cache_on: bool = True
) -> tuple[int, bytes, bytes]:
    """``python -m omrade validate REPO ARGS``: exit code, stdout (through a pipe, or into
    the file ``out``), stderr."""
    cmd = [sys.executable, "-m", "omrade", "validate", str(repo), *args]
    if out is None:
        done = subprocess.run(cmd, capture_output=True, env=_env(cache_on), timeout=300)
        return done.returncode, done.stdout, done.stderr
    with open(out, "wb") as sink:
        done = subprocess.run(
            cmd, stdout=sink, stderr=subprocess.PIPE, env=_env(cache_on), timeout=300
        )
    return done.returncode, out.read_bytes(), done.stderr


def _in_process(runner, repo: Path, args: list[str]) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    """The same validate run by typer in this process (the cache off: conftest)."""
    result = runner.invoke(app, ["validate", str(repo), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout_bytes


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_every_byte_arrives_through_a_pipe_and_into_a_file(
    runner, tmp_path: Path, fmt: str
) -> None:
    repo = _repo(tmp_path, BROKEN)
    args = ["--as-of", BASE_AS_OF, "-f", fmt]
    code, expected = _in_process(runner, repo, args)
    assert code == 1 and len(expected) > 1 << 16, "the output must not fit in a pipe"
    runs = [
        ("cold, through a pipe", _process(repo, args)),
        ("warm, through a pipe", _process(repo, args)),
        ("warm, into a file", _process(repo, args, tmp_path / "out-warm")),
        (
            "without the cache (typer), into a file",
            _process(repo, args, tmp_path / "out-typer", cache_on=False),
        ),
    ]
    shutil.rmtree(repo / ".cache")
    runs.append(("cold, into a file", _process(repo, args, tmp_path / "out-cold")))
    for what, (exit_code, stdout, stderr) in runs:
        assert exit_code == 1, (what, stderr)
        assert stdout == expected, f"{what}: {len(stdout)} of {len(expected)} bytes"
        assert stderr.decode("utf-8").startswith("omrade validate: "), (what, stderr)


def test_the_exit_code_is_the_runs(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 0)
    clean = _process(repo, ["--as-of", BASE_AS_OF])
    assert clean[0] == 0, clean[2]
    assert _process(repo, ["--as-of", BASE_AS_OF])[0] == 0  # warm
    (repo / "data" / "dialogues" / "trasig.yaml").write_text("kind: [\n", encoding="utf-8")
    assert _process(repo, ["--as-of", BASE_AS_OF])[0] == 1
    assert _process(repo, ["--as-of", BASE_AS_OF])[0] == 1  # warm
    for usage in (["--as-of", "igår"], ["--max-diagnostics", "0"], ["--format", "yaml"]):
        code, stdout, stderr = _process(repo, usage)
        assert code == 2 and stdout == b"" and b"Traceback" not in stderr, (usage, stderr)
    code, _out, stderr = _process(tmp_path / "finns-inte", ["--as-of", BASE_AS_OF])
    assert code == 2 and b"Traceback" not in stderr


def test_a_reader_that_stops_reading_ends_the_run_quietly(tmp_path: Path) -> None:
    """``omrade validate | head``: no traceback, no complaint about the closed pipe."""
    repo = _repo(tmp_path, BROKEN)
    for cache_on in (True, True, False):  # cold, warm, typer
        proc = subprocess.Popen(
            [sys.executable, "-m", "omrade", "validate", str(repo), "--as-of", BASE_AS_OF],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(cache_on),
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(10)
        proc.stdout.close()
        stderr = proc.stderr.read()
        assert proc.wait(timeout=300) == 1
        assert b"Traceback" not in stderr and b"Exception ignored" not in stderr, stderr


def test_the_caches_a_cold_run_writes_are_whole(tmp_path: Path) -> None:
    """The process ends right after its output, so what it wrote before must be complete:
    every pack and the run entry read back, and answer the next run."""
    repo = _repo(tmp_path, 3)
    cold = _process(repo, ["--as-of", BASE_AS_OF, "-f", "json"])
    cache_folder = repo / ".cache" / "omrade"
    assert not list(cache_folder.rglob("*.tmp")), "a half-written file was left"
    token = file_cache.set_enabled(True)
    try:
        packs = list((cache_folder / "packs").glob("*.pack"))
        assert packs and all(file_cache._read_pack(p) for p in packs)
        store = runcache.for_root(repo)
        assert store is not None
        found = store.find(BASE_AS_OF, DEFAULT_MAX_FILE_SIZE, MAX_DIAGNOSTICS, "")
    finally:
        file_cache.reset(token)
    assert found.outcome is not None, "the run entry was not written whole"
    assert _process(repo, ["--as-of", BASE_AS_OF, "-f", "json"]) == cold


TEXTS = [
    "x" * 500,  # longer than the console: rich does not break it (soft wrap)
    "trailing   ",
    "",
    "日本語テキスト" * 40,
    "emoji 😀 :smile: [bold]x[/]",
    "e\u0301 combining, \u200b zero width, עברית, a\u00adb, nbsp\u00a0x",
    "\x1b[31mred \x00\x07 \u2028 \x85 \x0b\x0c cr\rhere",
    "tab\there",  # rich expands it: rich prints it
    "two\nlines",  # rich prints it
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_text_format_without_a_terminal_is_what_rich_prints(text: str) -> None:
    """validate's text format skips rich's rendering where no style is shown (not a
    terminal): the same characters either way."""
    import io

    from rich.console import Console, Group
    from rich.text import Text

    from omrade.cli.common import _plain_lines

    for style in ("", "bold underline", "green"):
        group = Group(Text("  " + text, style=style), Text(""), Text(text, style=style))
        out = io.StringIO()
        Console(
            file=out, highlight=False, soft_wrap=True, markup=False, emoji=False, width=200
        ).print(group)
        plain = _plain_lines(group)
        assert plain in (None, out.getvalue()), style
        assert (plain is None) == ("\t" in text or "\n" in text)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["validate"], "omrade: kunde inte skriva utdata: disken är full."),
        (["validate", "--format", "json"], "omrade: kunde inte skriva utdata: disken är full."),
        (["allocate", "2025"], "omrade: kunde inte skriva utdata: disken är full."),
        (["rules", "OMR203"], "omrade: kunde inte skriva utdata: disken är full."),
        (["validate", "--lang", "en"], "omrade: could not write the output: the disk is full."),
    ],
)
def test_output_to_a_full_disk_is_said_in_words_with_exit_1(
    tmp_path: Path, args: list[str], said: str
) -> None:
    repo = tmp_path / "plans"
    shutil.copytree(ROOT / "data", repo / "data")  # the bundled data: a 2025 budget
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "omrade", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            env=_env(cache_on=True),
            cwd=repo,
            timeout=120,
        )
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert said in err and "internal error" not in err and "Traceback" not in err


def test_a_closed_stdout_runs_as_if_nobody_reads(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 1)
    done = subprocess.run(
        [sys.executable, "-m", "omrade", "validate", str(repo)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(cache_on=False),
        cwd=repo,
        timeout=120,
        preexec_fn=lambda: os.close(1),  # in the child only
    )
    assert done.returncode == 1  # the broken dialogue: an error, said as always
    assert b"internal error" not in done.stderr

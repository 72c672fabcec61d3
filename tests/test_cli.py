"""The command line: formats, exit codes, path filters and the never-a-traceback promise."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from omrade.cli import app
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the messages in English (--lang en for every command)."""
    monkeypatch.setenv("OMRADE_LANG", "en")


CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_text_format_groups_by_file_with_hints(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    result = runner.invoke(app, ["validate", str(repo), "--as-of", BASE_AS_OF])
    assert result.exit_code == 1
    out = result.stdout
    assert "data/programmes/norr-2024-2027/plan-2025.yaml" in out
    assert re.search(
        r"9:\d+\s+error\s+OMR203\s+the programme for Norr \(norr-2024-2027\) has no main task",
        out,
    )
    assert "hint: did you mean 'HU" in out and "allowed: HU1, HU2" in out
    assert "errors" in result.stderr and "errors" not in out.split("\n")[-2]


def test_json_format_is_versioned_and_relative(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "schema", tmp_path)
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF])
    out = json.loads(result.stdout)
    assert out["format_version"] == 1
    assert out["summary"]["errors"] == len(out["diagnostics"]) > 0
    first = out["diagnostics"][0]
    assert set(first) == {"code", "severity", "file", "line", "column", "path", "message", "hint"}
    assert not first["file"].startswith("/")
    unknown = next(d for d in out["diagnostics"] if d["code"] == "OMR101")
    assert unknown["path"] == "actions[0].titel"
    assert unknown["hint"] == "did you mean 'title'?"


def test_github_annotations_chosen_automatically(runner, tmp_path: Path, monkeypatch) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "dialogues", tmp_path)
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["validate", "--as-of", BASE_AS_OF], env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.strip().splitlines()
    assert any(
        line.startswith("::warning file=data/dialogues/syd-info.yaml,line=6,") for line in lines
    )
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)


def test_warnings_pass_unless_strict(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    assert runner.invoke(app, ["validate", str(repo), "--as-of", BASE_AS_OF]).exit_code == 0
    strict = runner.invoke(app, ["validate", str(repo), "--as-of", BASE_AS_OF, "--strict"])
    assert strict.exit_code == 1


def test_paths_inside_a_repository_filter_the_report(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    plan = repo / "data" / "programmes" / "norr-2024-2027" / "plan-2025.yaml"
    result = runner.invoke(app, ["validate", str(plan), "-f", "json", "--as-of", BASE_AS_OF])
    files = {d["file"] for d in json.loads(result.stdout)["diagnostics"]}
    assert files == {"data/programmes/norr-2024-2027/plan-2025.yaml"}


def test_severity_configuration(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    mun = repo / "data" / "municipality.yaml"
    mun.write_text(mun.read_text() + "rules: {OMR221: error}\n")
    assert runner.invoke(app, ["validate", str(repo), "--as-of", BASE_AS_OF]).exit_code == 1
    mun.write_text(mun.read_text().replace("OMR221: error", "OMR221: 'off'"))
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF])
    # what remains is the fixture's draft plan, past the calendar's date for adopting it
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["OMR316"]


@pytest.mark.parametrize(
    "setting, says",
    [
        ("OMR999: error", "unknown rule code 'OMR999'"),
        ("OMR101: warning", "cannot be set to 'warning'"),
        ("OMR701: 'off'", "personal-data rules (7xx) are always errors"),
        ("OMR703: warning", "personal-data rules (7xx) are always errors"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "allocate", "status", "report"])
def test_bad_configuration_exits_2(
    runner, tmp_path: Path, setting: str, says: str, command: str
) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    mun = repo / "data" / "municipality.yaml"
    mun.write_text(mun.read_text() + f"rules: {{{setting}}}\n")
    args = {
        "validate": ["validate", str(repo)],
        "allocate": ["allocate", "-C", str(repo)],
        "status": ["status", "-C", str(repo)],
        "report": ["report", "--public", "-C", str(repo), "--out", str(tmp_path / "out")],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert says in result.stderr and "data/municipality.yaml:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_personal_data_rules_may_be_named_at_their_own_severity(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "personal", tmp_path)
    mun = repo / "data" / "municipality.yaml"
    mun.write_text(mun.read_text() + "rules: {OMR701: error, OMR702: error}\n")
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF])
    assert result.exit_code == 1
    codes = sorted(d["code"] for d in json.loads(result.stdout)["diagnostics"])
    assert codes == ["OMR701", "OMR702", "OMR703"]


def test_usage_errors_exit_2(runner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["validate", "--as-of", "yesterday"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--format", "xml"]).exit_code == 2


def test_internal_error_is_one_line_and_exit_3(tmp_path: Path) -> None:
    # a real process: break the rule registry so that the bug path runs
    code = (
        "import sys; import omrade.rules as r; import omrade.rules.references; "
        "r.CHECKS['OMR201'] = lambda ctx: 1/0; "
        "sys.argv = ['omrade', 'validate', sys.argv[1]]; "
        "from omrade.entry import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURES / "base")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 3
    assert "internal error (ZeroDivisionError" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_invalid_fixture_makes_a_traceback(runner, case: Path, tmp_path: Path) -> None:
    """In-process: an exception escaping a command would be the internal-error path
    (exit 3, see the next test); every invalid fixture ends in a diagnostic instead."""
    repo, _ = build_case(case, tmp_path)
    for argv in (["validate", str(repo)], ["allocate", "-C", str(repo)]):
        result = runner.invoke(app, argv)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            argv,
            result.exception,
        )
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1, 2)


def _omrade(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """A real process, as a user or CI starts it: ``python -m omrade …``."""
    return subprocess.run(
        [sys.executable, "-m", "omrade", *argv], capture_output=True, text=True, cwd=cwd
    )


def test_exit_codes_of_a_real_process(tmp_path: Path) -> None:
    """What only a process shows: the exit status main() gives the operating system."""
    clean = _omrade("validate", str(FIXTURES / "base"), "--as-of", BASE_AS_OF)
    assert clean.returncode == 0, clean.stderr
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    findings = _omrade("validate", str(repo), "--as-of", BASE_AS_OF)
    assert findings.returncode == 1 and "OMR203" in findings.stdout
    assert "Traceback" not in findings.stdout + findings.stderr
    blocked = _omrade("allocate", "-C", str(repo), "--as-of", BASE_AS_OF)
    assert blocked.returncode in (0, 1) and "Traceback" not in blocked.stderr
    usage = _omrade("validate", "--as-of", "yesterday")
    assert usage.returncode == 2 and "not a date" in usage.stderr


# what `omrade --help` and `omrade validate` must not load (docs/robustness.md: heavy imports happen
# inside the commands that need them)
HEAVY = ("jinja2", "git", "babel", "openpyxl", "duckdb")
PROBE = """
import sys
from omrade.entry import main
sys.argv = ["omrade", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + " ".join(sorted(m for m in sys.modules if "." not in m)) + "\\n")
"""


def _loaded(*argv: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=ROOT
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("LOADED "))
    return set(line.split()[1:])


def test_start_up_loads_no_heavy_module() -> None:
    at_help = _loaded("--help")
    assert "omrade" in at_help and "typer" in at_help  # the probe sees what it should
    assert not at_help & {*HEAVY, "pydantic", "rich", "yaml"}, at_help
    at_validate = _loaded("validate", "--as-of", "2025-12-15")
    assert {"pydantic", "yaml"} <= at_validate  # validate did run
    assert not at_validate & set(HEAVY), at_validate & set(HEAVY)


def test_validate_never_changes_the_files(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    runner.invoke(app, ["validate", str(repo)])
    runner.invoke(app, ["allocate", "-C", str(repo)])
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    assert before == after


def test_personal_data_is_found_in_comments_and_text(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "personal", tmp_path)
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF])
    codes = sorted(d["code"] for d in json.loads(result.stdout)["diagnostics"])
    assert codes == ["OMR701", "OMR702", "OMR703"]
    # the roster's own contact fields are fine (the base fixture has an email and a phone)
    base = runner.invoke(app, ["validate", str(FIXTURES / "base"), "--as-of", BASE_AS_OF])
    assert base.exit_code == 0


@pytest.mark.parametrize(
    "text, phone",
    [
        ("ring 070-123 45 67", True),
        ("+46 70 123 45 67", True),
        ("tel 08-530 610 00", True),
        ("0701234567", True),
        ("id: d00001-2024-2027", False),
        ("2025-01-20", False),
        ("KS/2017:96", False),
        ("population: 14208", False),
        ("ref A0123456789", False),
    ],
)
def test_phone_pattern(text: str, phone: bool) -> None:
    from omrade.personal import PHONE

    assert (PHONE.search(text) is not None) == phone


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ([], "nope: filen eller mappen finns inte"),
        (["--lang", "en"], "nope: no such file or folder"),
    ],
)
def test_a_path_that_does_not_exist_is_said_in_swedish_unless_english_is_asked(
    runner, swedish, tmp_path: Path, lang: list[str], said: str
) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["validate", str(tmp_path / "nope"), *lang])
    assert result.exit_code == 2
    assert said in result.output

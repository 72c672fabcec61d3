"""A new user's first day: a repository from `omrade init` through every stage it passes.

After each step `validate`, `report`, `status` and `allocate` must end with exit 0, or
with a diagnostic (exit 1 or 2 and a message) — never an internal error.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import traceback
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from omrade.cli import app
from tests.conftest import ROOT

AS_OF = "2025-03-01"

PROGRAMME = """kind: programme
id: exempel-2025-2028
district: exempel
title: Utvecklingsprogram Exempel
valid_from: 2025-01-01
valid_to: 2028-12-31
status: draft
main_tasks:
  - id: HU1
    title: Trygghet
    dimension: social
"""

ANALYSIS = """kind: analysis
district: exempel
year: 2025
status: draft
updated: 2025-02-01
summary: Nulägesbild.
dimensions:
  social: {assessment: Bra.}
  economic: {assessment: Bättre.}
  ecological: {assessment: Oklart.}
  democratic: {assessment: Oklart.}
"""

BUDGET = """kind: budget
year: 2025
appropriation: 300000
unit: 1000
status: draft
base_grant: {per_district: 50000}
weighting: {volume: equal}
"""


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    """One command; fails the test on an internal error, a traceback or a silent failure."""
    result = runner.invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"omrade {' '.join(args)} raised:\n{trace}")
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    if result.exit_code:
        assert result.stderr.strip(), (
            f"omrade {' '.join(args)}: exit {result.exit_code}, no message"
        )
    return result


def check_all(runner: CliRunner, repo: Path) -> dict[str, Result]:
    """validate, report (Swedish and English), status and allocate on the repository."""
    out = repo.parent / "site"
    return {
        "validate": run(runner, "validate", str(repo), "--as-of", AS_OF),
        "report": run(runner, "report", "-C", str(repo), "--out", str(out), "--as-of", AS_OF),
        "report-en": run(
            runner,
            "report",
            "-C",
            str(repo),
            "--out",
            str(repo.parent / "site-en"),
            "--lang",
            "en",
            "--as-of",
            AS_OF,
        ),
        "status": run(runner, "status", "-C", str(repo), "--as-of", AS_OF),
        "allocate": run(runner, "allocate", "-C", str(repo)),
    }


def page(repo: Path, rel: str, lang: str = "sv") -> str:
    site = repo.parent / ("site" if lang == "sv" else "site-en")
    return (site / rel).read_text(encoding="utf-8")


def test_a_new_repository_works_at_every_stage(runner: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "kommun"
    data = repo / "data"
    assert run(runner, "init", str(repo), "--name", "Exempelstad").exit_code == 0

    # 1. nothing but the municipality: every command works, allocate says there is no budget
    r = check_all(runner, repo)
    assert [r[c].exit_code for c in ("validate", "report", "report-en", "status")] == [0] * 4
    assert r["allocate"].exit_code == 2 and "inga budgetfiler" in r["allocate"].stderr
    assert "Inga stadsdelar ännu" in page(repo, "index.html")
    assert "No districts yet" in page(repo, "md/index.md", "en")

    # 2. a district: no analysis, no programme, no plan, no dialogue, no budget
    assert (
        run(
            runner,
            "new",
            "district",
            "exempel",
            "--name",
            "Exempel",
            "-C",
            str(repo),
            "--as-of",
            AS_OF,
        ).exit_code
        == 0
    )
    r = check_all(runner, repo)
    assert r["report"].exit_code == r["report-en"].exit_code == 0, r["report"].stderr
    html = page(repo, "districts/exempel.html")
    for text in (
        "Ingen stadsdelsanalys ännu.",
        "Inget utvecklingsprogram ännu.",
        "Inga medborgardialoger ännu.",
        "Nätverksgrupp Exempel",
    ):
        assert text in html, text
    md = page(repo, "md/districts/exempel.md")
    assert "Ingen stadsdelsanalys ännu." in md and "Inget utvecklingsprogram ännu." in md
    en = page(repo, "districts/exempel.html", "en")
    assert "No district analysis yet." in en and "No development programme yet." in en
    assert "Ingen fördelning ännu: det finns ingen budget." in page(repo, "index.html")

    # 3. an analysis by hand (there is no `omrade new analysis`), without indicator values
    (data / "districts" / "exempel").mkdir()
    (data / "districts" / "exempel" / "analysis-2025.yaml").write_text(ANALYSIS, "utf-8")
    r = check_all(runner, repo)
    assert r["report"].exit_code == 0, r["report"].stdout
    html = page(repo, "districts/exempel.html")
    assert "Stadsdelsanalys 2025" in html and "Inga indikatorvärden ännu." in html
    assert "No indicator values yet." in page(repo, "md/districts/exempel.md", "en")

    # 4. a programme by hand: no plan for it yet
    (data / "programmes" / "exempel-2025-2028.yaml").write_text(PROGRAMME, "utf-8")
    r = check_all(runner, repo)
    assert r["report"].exit_code == 0, r["report"].stdout
    html = page(repo, "districts/exempel.html")
    assert "Utvecklingsprogram Exempel" in html
    assert "Ingen handlingsplan till programmet ännu." in html
    assert "No action plan for the programme yet." in page(repo, "md/districts/exempel.md", "en")

    # 5. the year's plan
    assert (
        run(
            runner, "new", "plan", "-p", "exempel-2025-2028", "-y", "2025", "-C", str(repo)
        ).exit_code
        == 0
    )
    r = check_all(runner, repo)
    assert r["report"].exit_code == 0, r["report"].stdout
    assert "Handlingsplan 2025" in page(repo, "districts/exempel.html")
    assert (repo.parent / "site" / "follow-up" / "2025-T1.html").exists()

    # 6. a citizen dialogue
    assert (
        run(
            runner,
            "new",
            "dialogue",
            "torgdialog",
            "-d",
            "exempel",
            "-C",
            str(repo),
            "--as-of",
            AS_OF,
        ).exit_code
        == 0
    )
    r = check_all(runner, repo)
    assert r["report"].exit_code == 0, r["report"].stdout
    assert "Inga medborgardialoger ännu." not in page(repo, "districts/exempel.html")

    # 7. a budget by hand: the allocation is computed and rendered
    (data / "budget" / "2025.yaml").write_text(BUDGET, "utf-8")
    r = check_all(runner, repo)
    assert r["allocate"].exit_code == 0, r["allocate"].stderr
    assert "300 000" in r["allocate"].stdout
    assert (repo.parent / "site" / "allocation" / "2025.html").exists()

    # 8. a second district without groups (its network group removed): a warning, rendered
    assert run(runner, "new", "district", "tomt", "-C", str(repo), "--as-of", AS_OF).exit_code == 0
    (data / "groups" / "tomt-natverksgrupp.yaml").unlink()
    r = check_all(runner, repo)
    assert "OMR501" in r["validate"].stdout
    assert r["report"].exit_code == 0, r["report"].stdout
    assert "Inga grupper ännu." in page(repo, "districts/tomt.html")
    assert "No groups yet." in page(repo, "md/districts/tomt.md", "en")
    allocation = run(runner, "allocate", "-C", str(repo), "-f", "json").stdout
    assert '"total": 300000' in allocation and '"district": "tomt"' in allocation

    # 9. a budget that weighs an indicator nobody has values for: diagnostics, no crash
    text = BUDGET.replace(
        "weighting: {volume: equal}",
        "weighting: {volume: equal, indicators: [{indicator: trygghet, weight: 1}]}",
    )
    (data / "budget" / "2025.yaml").write_text(text, "utf-8")
    indicators = data / "indicators.yaml"
    indicators.write_text(
        indicators.read_text("utf-8").replace(
            "indicators: []",
            "indicators:\n  - {id: trygghet, name: Trygghet, unit: percent,"
            " need: lower_is_need, dimension: social, source: {provider: survey}}",
        ),
        "utf-8",
    )
    r = check_all(runner, repo)
    assert {c: r[c].exit_code for c in r} == dict.fromkeys(r, 1)
    assert "OMR404" in r["allocate"].stderr


def test_a_budget_before_any_district_says_why_there_is_no_allocation(
    runner: CliRunner, tmp_path: Path
) -> None:
    repo = tmp_path / "kommun"
    run(runner, "init", str(repo))
    (repo / "data" / "budget" / "2025.yaml").write_text(BUDGET, "utf-8")
    r = check_all(runner, repo)
    assert r["validate"].exit_code == r["report"].exit_code == r["status"].exit_code == 0
    assert r["allocate"].exit_code == 1
    assert "budgeten för 2025 har ingen stadsdel att fördela till" in r["allocate"].stderr
    assert "rätta felen ovan" not in r["allocate"].stderr  # there are none above
    assert "Inga stadsdelar ännu" in page(repo, "md/index.md")


# --- omrade --version --------------------------------------------------------------------


def test_version_prints_the_installed_version_and_exits_0(runner: CliRunner) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert version("omrade") == declared  # the package metadata is the one source
    proc = subprocess.run(
        [sys.executable, "-m", "omrade", "--version"], capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"omrade {declared}\n", "")
    # before a command, --version wins; the JSON output names the same version
    assert runner.invoke(app, ["--version", "validate"]).stdout == f"omrade {declared}\n"
    out = runner.invoke(app, ["validate", str(ROOT / "tests" / "fixtures" / "base"), "-f", "json"])
    assert f'"version": "{declared}"' in out.stdout


# --- omrade init pins what CI installs ---------------------------------------------------


def _requirement(path: Path) -> str:
    lines = [
        line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")
    ]
    assert len(lines) == 1, lines
    return lines[0]


def test_init_pins_the_commit_omrade_runs_from(runner: CliRunner, tmp_path: Path) -> None:
    from packaging.requirements import Requirement

    result = run(runner, "init", str(tmp_path / "k"))
    line = _requirement(tmp_path / "k" / "omrade-requirements.txt")
    req = Requirement(line)  # pip can read it
    assert req.name == "omrade"
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if re.fullmatch(r"[0-9a-f]{40}", head):  # the tests run from a git checkout
        assert line == f"omrade @ git+https://github.com/omrade/omrade@{head}"
        assert f"CI installerar {line}" in result.stderr
        # a note about the checkout (a commit on no remote branch, uncommitted changes)
        # is said in the run's language too
        for english in ("is on no remote branch", "uncommitted changes", "push it to"):
            assert english not in result.stderr
    else:
        assert line == f"omrade=={version('omrade')}"
        assert "hittade inte den commit som omrade installerades från" in result.stderr


def test_init_source_url_from_option_or_environment(runner: CliRunner, tmp_path: Path) -> None:
    url = "https://git.example.org/kommun/omrade"
    run(runner, "init", str(tmp_path / "a"), "--source-url", url + "/")
    line = _requirement(tmp_path / "a" / "omrade-requirements.txt")
    assert re.fullmatch(rf"omrade @ git\+{re.escape(url)}@[0-9a-f]{{40}}|omrade==[\w.+]+", line)
    assert f"[omrade]({url})" in (tmp_path / "a" / "README.md").read_text("utf-8")
    run(runner, "init", str(tmp_path / "e"), env={"OMRADE_SOURCE_URL": url})
    assert f"[omrade]({url})" in (tmp_path / "e" / "README.md").read_text("utf-8")
    bad = runner.invoke(app, ["init", str(tmp_path / "b")], env={"OMRADE_SOURCE_URL": "not a url"})
    assert bad.exit_code == 2 and "OMRADE_SOURCE_URL" in bad.stderr
    assert not (tmp_path / "b").exists()  # nothing half-written


def test_pin_prefers_the_commit_pip_recorded(tmp_path: Path, monkeypatch) -> None:
    from omrade.write.source import pin

    monkeypatch.delenv("OMRADE_SOURCE_URL", raising=False)
    sha = "0123456789abcdef0123456789abcdef01234567"
    record = {
        "url": "https://github.com/kommun/omrade",
        "vcs_info": {"vcs": "git", "commit_id": sha},
    }
    found = pin("0.1.0", direct_url=record, package_dir=tmp_path / "omrade")
    assert (found.requirement, found.notes) == (
        f"omrade @ git+https://github.com/kommun/omrade@{sha}",
        [],
    )
    # an explicit source wins over the recorded URL; the commit stays
    found = pin("0.1.0", "https://mirror.example.org/omrade", record, tmp_path / "omrade")
    assert found.requirement == f"omrade @ git+https://mirror.example.org/omrade@{sha}"
    # credentials in a recorded URL are never written
    secret = {**record, "url": "https://token:x@github.com/kommun/omrade"}
    found = pin("0.1.0", direct_url=secret, package_dir=tmp_path / "omrade")
    assert "token" not in found.requirement and found.notes


def test_pin_finds_the_commit_of_a_source_checkout(tmp_path: Path, monkeypatch) -> None:
    from omrade.write.source import pin

    monkeypatch.delenv("OMRADE_SOURCE_URL", raising=False)
    top = tmp_path / "omrade-src"
    (top / "omrade").mkdir(parents=True)
    (top / "pyproject.toml").write_text('[project]\nname = "omrade"\n', "utf-8")
    (top / "omrade" / "__init__.py").write_text("", "utf-8")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(top)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=top, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=top, check=True)
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=top, capture_output=True, text=True, check=True
    ).stdout.strip()
    found = pin(
        "0.1.0",
        direct_url={"url": top.as_uri(), "dir_info": {"editable": True}},
        package_dir=top / "omrade",
    )
    assert found.requirement == f"omrade @ git+https://github.com/omrade/omrade@{sha}"
    assert any("on no remote branch" in n for n in found.notes)  # not pushed: say so
    (top / "omrade" / "__init__.py").write_text("x = 1\n", "utf-8")
    found = pin("0.1.0", direct_url={}, package_dir=top / "omrade")
    assert any("uncommitted changes" in n for n in found.notes)


def test_pin_without_a_commit_pins_the_version_and_says_so(tmp_path: Path, monkeypatch) -> None:
    from omrade.write.source import pin

    monkeypatch.delenv("OMRADE_SOURCE_URL", raising=False)
    found = pin(
        "1.2.3",
        direct_url={"url": "file:///x.whl", "archive_info": {}},
        package_dir=tmp_path / "site-packages" / "omrade",
    )
    assert found.requirement == "omrade==1.2.3" and found.commit is None
    assert "could not find the commit" in found.notes[0]

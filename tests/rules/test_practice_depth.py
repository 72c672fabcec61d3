"""The practice in depth (issue 27) on the bundled Botkyrka data: who decided is shown and
checked, every district is covered, dialogues come before what answers them, and equity
is followed through. Each test changes one thing in a copy of the bundled data and expects
the diagnostic that names the district."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omrade.cli import app
from tests.conftest import ROOT, run_json

AS_OF = "2025-12-15"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "reports"
    result = CliRunner().invoke(
        app, ["report", "-C", str(ROOT), "--out", str(out), "--as-of", AS_OF, "--public"]
    )
    assert result.exit_code == 0, result.output
    return out


def _read(path: Path) -> str:
    """A page's text with Markdown's escapes taken out (a backslash before '*', a word
    joiner after the colon of a diarienummer): what a reader sees."""
    return path.read_text(encoding="utf-8").replace("\u2060", "").replace("\\*", "*")


def _copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    return repo


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} does not say {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _found(runner, repo: Path, code: str) -> list[dict]:
    _exit, out = run_json(runner, repo, "--as-of", AS_OF)
    return [d for d in out["diagnostics"] if d["code"] == code]


def test_a_programme_adopted_by_a_committee_is_an_error_naming_the_district(
    runner, tmp_path: Path
) -> None:
    repo = _copy(tmp_path)
    _edit(
        repo / "data/programmes/tullinge-2024-2028.yaml",
        "body: kommunfullmaktige",
        "body: utskottet-botkyrka-som-plats",
    )
    found = _found(runner, repo, "OMR320")
    assert [(d["file"], d["severity"]) for d in found] == [
        ("data/programmes/tullinge-2024-2028.yaml", "error")
    ]
    assert found[0]["message"].startswith(
        "the programme for Tullinge (tullinge-2024-2028) was adopted by "
    )
    assert "Municipal Council (kommunfullmaktige)" in found[0]["message"]


def test_a_district_without_its_programme_is_named(runner, tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    (repo / "data/programmes/tullinge-2024-2028.yaml").unlink()
    shutil.rmtree(repo / "data/programmes/tullinge-2024-2028")
    found = _found(runner, repo, "OMR321")
    assert [(d["file"], d["message"]) for d in found] == [
        (
            "data/districts/tullinge.yaml",
            f"Tullinge has no adopted development programme in force on {AS_OF}",
        )
    ]


def test_a_budget_that_leaves_out_a_district_names_it(runner, tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    _edit(
        repo / "data/budget/2025.yaml",
        "base_grant:",
        "districts: [alby, fittja, hallunda-norsborg, tumba-grodinge]\nbase_grant:",
    )
    found = _found(runner, repo, "OMR412")
    assert [d["message"] for d in found] == [
        "the budget 2025 leaves out Tullinge: it gets no base grant"
    ]


def test_a_theme_answered_before_its_dialogue_names_the_district(runner, tmp_path: Path) -> None:
    """Alby's evening walks began in January; the dialogue on Alby square in March. Unless
    the action says it was already under way, it cannot be what came of the dialogue."""
    repo = _copy(tmp_path)
    _edit(repo / "data/programmes/alby-2024-2028/plan-2025.yaml", "    under_way: true\n", "")
    found = _found(runner, repo, "OMR609")
    assert len(found) == 1
    assert found[0]["message"] == (
        "Alby: action A2 answers T2 of dialogue “Dialogue on a safer Alby square” "
        "(alby-torget-2025), but it started on "
        "2025-01-15 and its plan was adopted on 2025-02-18, before the dialogue began on "
        "2025-03-03"
    )


def test_the_analysis_must_be_refreshed_before_the_focus_period(runner, tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    _edit(
        repo / "data/districts/alby/analysis-2025.yaml",
        "updated: 2025-02-14",
        "updated: 2025-03-14",
    )
    found = _found(runner, repo, "OMR323")
    assert [(d["file"], d["message"].split(":")[0]) for d in found] == [
        ("data/groups/dialogkommissionen.yaml", "Alby")
    ]


def test_the_district_page_shows_who_decided_each_document(site: Path) -> None:
    html = _read(site / "districts" / "alby.html")
    md = _read(site / "md" / "districts" / "alby.md")
    for page in (html, md):
        # the programme: adopted by the council, followed up by the executive board
        assert (
            "Beslut: Kommunfullmäktige 30 november 2023, KS/2023:412 § 181. "
            "Följs upp av: Kommunstyrelsen." in page
        )
        # the plan and the analysis
        assert "Beslut: Utskottet för Botkyrka som plats 18 februari 2025, KS/2025:61." in page
        assert "Beslut: Utskottet för Botkyrka som plats 25 februari 2025, KS/2025:71." in page


def test_the_guideline_block_says_what_it_replaces_and_who_follows_it_up(site: Path) -> None:
    for name in ("index.html", "md/index.md"):
        page = _read(site / name)
        assert "Följs upp av: Kommunledningsförvaltningen." in page
        assert "Ersätter: Riktlinjer för områdesutveckling i Botkyrka, KS/2015:173." in page


def test_the_analysis_shows_the_gap_between_women_and_men(site: Path) -> None:
    html = _read(site / "districts" / "alby.html")
    # employment rate 2024: women 57,3 %, men 63,3 %
    assert "kvinnor 57,3\xa0%, män 63,3\xa0%, skillnad 6,0 procentenheter" in html


def test_invented_comparison_values_are_marked(site: Path) -> None:
    md = _read(site / "md" / "districts" / "alby.md")
    assert "| 2024 | 60,4\xa0%* (kvinnor" in md
    assert "| 70,9\xa0%* |" in md


def test_whom_a_dialogue_and_a_plan_reached_is_shown(site: Path) -> None:
    page = (site / "dialogues" / "alby-torget-2025.html").read_text(encoding="utf-8")
    assert "38 flickor, 41 pojkar, 124 kvinnor, 107 män; Invånare" in page
    alby = _read(site / "districts" / "alby.html")
    assert "Insatserna nådde:</strong> 35 flickor, 39 pojkar." in alby

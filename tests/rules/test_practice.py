"""The practice the guidelines describe: the yearly cycle, prioritised districts, scenarios,
board goals, feedback to residents, the governing guideline, and honest bundled data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import git
import pytest
import yaml

from omrade.cli import app
from omrade.load.reader import parse_text
from omrade.model import documents as m
from omrade.repo import cycle
from omrade.repo.repository import load_repository
from omrade.run import allocation_of
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case, run_json

SCENARIO = ROOT / "examples" / "scenarios" / "botkyrka-2025-barnfattigdom.yaml"


def _fingerprint(root: Path) -> dict[str, tuple[str, int]]:
    """Every file's content hash and modification time (ns) below ``root``."""
    return {
        p.relative_to(root).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


# --- the yearly cycle ----------------------------------------------------------------------


def test_status_names_the_missing_2026_plans_and_budget(runner) -> None:
    result = runner.invoke(
        app, ["status", "-C", str(ROOT), "--as-of", "2026-05-15"], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "budget för 2026 saknas; den skulle vara antagen senast 2025-12-31" in out
    for name, programme in (
        ("Alby", "alby-2024-2028"),
        ("Fittja", "fittja-2024-2028"),
        ("Hallunda-Norsborg", "hallunda-norsborg-2024-2028"),
        ("Tullinge", "tullinge-2024-2028"),
        ("Tumba-Grödinge", "tumba-grodinge-2024-2028"),
    ):
        said = f"utvecklingsprogrammet för {name} ({programme}) saknar handlingsplan"
        assert f"{said} för 2026" in out
    # the calendar's next dates, in Swedish, before the list
    assert out.index("Kommande datum i årshjulet") < out.index("Behöver uppmärksamhet")
    assert "2026-08-31  Uppföljningen av 2026-T2 ska lämnas" in out
    assert "2026-12-31  Budgeten för 2027 ska vara antagen" in out


def test_every_date_decision_comes_from_as_of(runner) -> None:
    """The same repository, two days: before the 2026 dates nothing is missing."""
    before = runner.invoke(app, ["status", "-C", str(ROOT), "--as-of", "2025-12-15"])
    assert "saknar handlingsplan för 2026" not in before.stdout
    assert "2025-12-31  Handlingsplanerna för 2026 ska vara antagna" in before.stdout
    after = runner.invoke(app, ["status", "-C", str(ROOT), "--as-of", "2026-01-01"])
    assert "saknar handlingsplan för 2026" in after.stdout


def test_status_lists_follow_ups_due_soon_apart(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "cycle", tmp_path)
    result = runner.invoke(
        app, ["status", "-C", str(repo), "--as-of", "2026-04-20"], env={"COLUMNS": "250"}
    )
    out = result.stdout
    assert result.exit_code == 0, result.output
    soon = out[out.index("Snart dags") : out.index("Behöver uppmärksamhet")]
    assert "uppföljningen 2026-T1 av insatsen A3 ska lämnas senast 2026-05-20 (om 30 dagar)" in soon
    assert "inget nytt att rapportera" not in soon
    # the municipality's own calendar: plans by 31 March, steering group on set days
    assert "2026-06-10  Rapport till styrgruppen" in out
    assert "2027-03-31  Handlingsplanerna för 2027 ska vara antagna" in out


def test_calendar_defaults_and_deadlines() -> None:
    cal = m.Calendar()
    assert cal.plan.date_for(2026) == dt.date(2025, 12, 31)
    assert cycle.latest_passed_year(cal.plan, dt.date(2025, 12, 31)) == 2025
    assert cycle.latest_passed_year(cal.plan, dt.date(2026, 1, 1)) == 2026
    same = m.Deadline(by="03-31", year="same")
    assert cycle.latest_passed_year(same, dt.date(2026, 3, 31)) == 2025
    assert cycle.latest_passed_year(same, dt.date(2026, 4, 1)) == 2026
    leap = m.Deadline(by="02-29", year="same")
    assert leap.date_for(2027) == dt.date(2027, 2, 28) and leap.date_for(2028).day == 29


def test_a_day_that_does_not_exist_is_refused_at_its_line(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "cycle", tmp_path)
    mun = repo / "data" / "municipality.yaml"
    mun.write_text(mun.read_text().replace("plan: {by: 03-31", "plan: {by: 02-30"))
    code, out = run_json(runner, repo, "--as-of", "2026-04-20")
    found = [(d["code"], d["file"], d["line"]) for d in out["diagnostics"] if d["code"] == "OMR106"]
    assert found == [("OMR106", "data/municipality.yaml", 7)]
    assert code == 1


def test_follow_up_due_days_move_the_missing_follow_up(runner, tmp_path: Path) -> None:
    """With 20 days' grace, a T2 follow-up (period ends 31 August) is late only after
    20 September."""
    repo, _ = build_case(FIXTURES / "invalid" / "dates", tmp_path)
    mun = repo / "data" / "municipality.yaml"
    mun.write_text(mun.read_text() + "calendar: {follow_up_due_days: 20}\n")

    def late(as_of: str) -> list[str]:
        _code, out = run_json(runner, repo, "--as-of", as_of)
        return [d["message"] for d in out["diagnostics"] if d["code"] == "OMR308"]

    assert not any("2025-T2" in msg for msg in late("2025-09-20"))
    assert any("2025-T2 (due by 2025-09-20)" in msg for msg in late("2025-09-21"))


# --- prioritised districts ---------------------------------------------------------------


def _with_norr_prioritised(old: str, new: str) -> object:
    root = FIXTURES / "base"
    repo = load_repository(root)
    files = {doc.file: doc.loaded.text for doc in repo.docs}
    files["data/districts/norr.yaml"] += "prioritised: true\n"
    assert old in files["data/budget/2025.yaml"]
    files["data/budget/2025.yaml"] = files["data/budget/2025.yaml"].replace(old, new)
    from tests.helpers import repo_from_texts

    return repo_from_texts(files)


def test_a_factor_for_prioritised_districts_weighs_their_volume_times_need() -> None:
    # the worked example in docs/allocate.md: V·N is 20 500 (norr) and 19 500 (syd); with norr's
    # weighed twice, 41 000 : 19 500, so norr's quota is 300 · 82/121 = 203.3 units
    repo = _with_norr_prioritised("weighting:\n", "weighting:\n  prioritised: 2\n")
    a = allocation_of(repo, 2025)  # type: ignore[arg-type]
    by = a.by_district()
    assert by["norr"].priority_factor == 2 and by["syd"].priority_factor == 1
    assert by["norr"].share * 121 == 82
    assert (by["norr"].total, by["syd"].total) == (303_000, 197_000)
    assert a.total == 500_000


def test_a_base_of_their_own_for_prioritised_districts() -> None:
    repo = _with_norr_prioritised(
        "{per_district: 100000}", "{per_district: 100000, prioritised: 150000}"
    )
    a = allocation_of(repo, 2025)  # type: ignore[arg-type]
    by = a.by_district()
    assert (by["norr"].base, by["syd"].base) == (150_000, 100_000)
    # R = 250 units shared 82/121 : 39/121 (no factor: 41/80 : 39/80)
    assert by["norr"].compensatory + by["syd"].compensatory == 250_000
    assert a.total == 500_000 and a.priority_base == 150_000


def test_the_overview_shows_prioritised_districts(runner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(
        app,
        [
            "report",
            "-C",
            str(ROOT / "examples" / "stockholm"),
            "--out",
            str(out),
            "--as-of",
            "2025-12-15",
            "--format",
            "md",
        ],
    )
    assert result.exit_code == 0, result.output
    index = (out / "md" / "index.md").read_text(encoding="utf-8")
    assert "| Stadsdel | Prioriterad |" in index
    assert "[Rinkeby-Kista](districts/rinkeby-kista.md) | Ja |" in index


# --- scenarios ---------------------------------------------------------------------------


def test_scenario_beside_the_adopted_allocation(runner) -> None:
    result = runner.invoke(
        app, ["allocate", "2025", "-C", str(ROOT), "--scenario", str(SCENARIO), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    adopted = json.loads(
        runner.invoke(app, ["allocate", "2025", "-C", str(ROOT), "-f", "json"]).stdout
    )
    assert data["adopted"] == adopted  # the adopted allocation, untouched by the scenario
    assert data["scenario"]["base_total"] == 5 * 100_000
    assert [w["weight"] for w in data["scenario"]["weights"]] == ["2/5", "3/5"]
    assert sum(d["scenario"] for d in data["districts"]) == 1_570_000
    alby = next(d for d in data["districts"] if d["district"] == "alby")
    assert (alby["adopted"], alby["scenario"], alby["difference"]) == (342_000, 365_000, 23_000)
    assert {c["key"] for c in data["changes"]} == {"base_grant", "weighting.indicators"}


def test_a_scenario_of_only_the_data_year_keeps_the_adopted_indicators(
    runner, tmp_path: Path
) -> None:
    path = tmp_path / "year.yaml"
    path.write_text("kind: scenario\nweighting: {data_year: 2023}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["allocate", "2025", "-C", str(ROOT), "--scenario", str(path), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    tried = json.loads(result.stdout)["scenario"]
    assert tried["data_year"] == 2023
    assert [w["indicator"] for w in tried["weights"]] == ["employment-rate", "child-poverty"]
    assert tried["districts"][0]["indicators"][0]["year"] == 2023


def test_a_scenario_never_touches_the_repository(runner, tmp_path: Path) -> None:
    root = tmp_path / "botkyrka"
    shutil.copytree(ROOT / "data", root / "data")
    (root / "scenarios").mkdir()
    shutil.copy(SCENARIO, root / "scenarios" / "s.yaml")
    r = git.Repo.init(root, initial_branch="main")
    with r.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.org")
    r.git.add(A=True)
    r.index.commit("bundled data")
    before = _fingerprint(root)
    for fmt in ("table", "json", "csv", "md"):
        result = runner.invoke(
            app,
            ["allocate", "2025", "-C", str(root), "--scenario", "scenarios/s.yaml", "-f", fmt],
        )
        assert result.exit_code == 0, result.output
    assert _fingerprint(root) == before
    assert r.git.status("--porcelain") == ""


@pytest.mark.parametrize(
    "text, code, line",
    [
        (
            "kind: scenario\nweighting:\n  indicators:\n    - {indicator: jobb, weight: 1}\n",
            "OMR206",
            4,
        ),
        (
            "kind: scenario\nweighting:\n  indicators:\n"
            "    - {indicator: child-poverty, weight: 0.5}\n",
            "OMR401",
            4,
        ),
        ("kind: scenario\nbase_grant: {per_district: 150500}\n", "OMR402", 2),
        ("kind: scenario\nweighting: {data_year: 2019}\n", "OMR404", 2),
        ("kind: budget\n", "OMR104", 1),
        ("kind: scenario\nbase: 100000\n", "OMR101", 2),
    ],
    ids=["unknown-indicator", "weights", "unit", "no-values", "kind", "unknown-key"],
)
def test_a_bad_scenario_is_reported_at_its_line(runner, tmp_path: Path, text, code, line) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["allocate", "2025", "-C", str(ROOT), "--scenario", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert re.search(rf"bad\.yaml\n\s+{line}:\d+\s+fel\s+{code}\b", result.stderr)
    assert "kan inte beräkna scenariot" in result.stderr


def test_a_missing_scenario_file_is_a_usage_error(runner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["allocate", "2025", "-C", str(ROOT), "--scenario", str(tmp_path / "none.yaml")]
    )
    assert result.exit_code == 2 and "scenariofilen finns inte" in result.stderr


# --- reports: feedback to residents, board goals, the guideline, what is invented --------


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("site") / "reports"
    result = CliRunner().invoke(
        app, ["report", "-C", str(ROOT), "--out", str(out), "--as-of", "2025-12-15", "--public"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_you_said_we_did_page_per_dialogue(bundled_site: Path) -> None:
    for fmt, path in (
        ("html", "dialogues/alby-torget-2025.html"),
        ("md", "md/dialogues/alby-torget-2025.md"),
    ):
        page = (bundled_site / path).read_text(encoding="utf-8")
        assert "Ni sa – vi gjorde" in page, fmt
        assert "Gångstråket mellan Alby torg och stationen är mörkt" in page
        assert "Gångstråket får ny belysning och rustas upp; arbetet började i juni 2025." in page
        # the action that answers the theme, with its latest status
        assert "A3 Belysning och upprustning av gångstråket till Alby station" in page
        assert "Genomförd" in page and "Lämnat vidare" in page
        assert "30 juni 2025" in page  # when residents were told
        assert "Utvärdering av dialogen" in page
    html = (bundled_site / "dialogues" / "alby-torget-2025.html").read_text(encoding="utf-8")
    assert 'id="theme-T1"' in html
    alby = (bundled_site / "districts" / "alby.html").read_text(encoding="utf-8")
    assert 'href="../dialogues/alby-torget-2025.html#theme-T1"' in alby  # action → theme


def test_the_markdown_district_page_keeps_the_feedback(bundled_site: Path) -> None:
    md = (bundled_site / "md" / "districts" / "fittja.md").read_text(encoding="utf-8")
    assert "Återkoppling till invånarna: 30 september 2025" in md


def test_follow_up_page_shows_each_boards_goals(bundled_site: Path) -> None:
    page = (bundled_site / "md" / "follow-up" / "2025-T3.md").read_text(encoding="utf-8")
    section = page[page.index("## Per nämnd") : page.index("## Per ansvarig förvaltning")]
    assert "### Utbildningsnämnden" in section
    assert "| Fler elever blir behöriga till gymnasiet (Mål och budget 2025) | A1 Utökad" in section


def test_the_overview_says_the_guideline_has_expired(bundled_site: Path) -> None:
    index = (bundled_site / "index.html").read_text(encoding="utf-8")
    assert "Riktlinjer för områdesutveckling i Botkyrka" in index
    assert "KS/2017:96" in index and "<strong>Har upphört att gälla.</strong>" in index


def test_every_page_says_what_is_invented(bundled_site: Path) -> None:
    alby = (bundled_site / "districts" / "alby.html").read_text(encoding="utf-8")
    assert "Om uppgifterna" in alby
    assert "Handlingsplanen är påhittad för exemplet" in alby
    alloc = (bundled_site / "md" / "allocation" / "2025.md").read_text(encoding="utf-8")
    assert "fem gånger 314 tkr är ett antagande" in alloc


# --- honest bundled data -----------------------------------------------------------------


def test_every_bundled_document_says_what_is_invented() -> None:
    """Only the guideline, recorded as the document states it, invents nothing."""
    silent = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not data.get("illustrative") and data["kind"] != "guideline":
            silent.append(rel)
    assert silent == []
    guideline = yaml.safe_load(
        (ROOT / "data" / "guidelines" / "riktlinjer-omradesutveckling.yaml").read_text("utf-8")
    )
    assert guideline["decision"]["reference"] == "KS/2017:96"
    assert str(guideline["valid_to"]) == "2023-09-27" and "valid_from" not in guideline
    assert guideline["replaces"]["reference"] == "KS/2015:173"


def test_bundled_actions_are_typed_as_eskilstuna_defines_them() -> None:
    """Åtgärder are acute measures aimed at individuals: lighting is preventive."""
    repo = load_repository(ROOT)
    lighting = [
        (plan.programme, a.id, a.type)
        for _d, plan in repo.valid(repo.plans)
        for a in plan.actions
        if "elysning" in a.title
    ]
    assert len(lighting) == 2 and all(t == "preventive" for _p, _a, t in lighting)
    assert not any(a.type == "intervention" for _d, p in repo.valid(repo.plans) for a in p.actions)


def test_bundled_groups_hold_every_lead_administration() -> None:
    repo = load_repository(ROOT)
    groups = {
        g.main_task and (g.main_task.programme, g.main_task.id): g
        for _d, g in repo.valid(repo.groups)
        if g.type == "coordination"
    }
    checked = 0
    for _d, plan in repo.valid(repo.plans):
        for a in plan.actions:
            group = groups[(plan.programme, a.main_task)]
            assert a.responsible in {mem.organisation for mem in group.members}, (group.id, a.id)
            checked += 1
    assert checked == 20
    assert not any(d.model and d.model.prioritised for d in repo.districts.values())


def test_an_illustrative_note_must_say_what(runner, tmp_path: Path) -> None:
    loaded = parse_text(
        "kind: district\nillustrative: true\nid: x\nname: X\n"
        "population: {value: 1, year: 2024, source: s}\n",
        "d.yaml",
    )
    with pytest.raises(Exception, match="write a short note"):
        m.District.model_validate(loaded.data)


# --- the guideline in `omrade new` ---------------------------------------------------------


def test_new_guideline_replaces_the_expired_one(runner, tmp_path: Path) -> None:
    root = tmp_path / "botkyrka"
    shutil.copytree(ROOT / "data", root / "data")
    result = runner.invoke(
        app,
        [
            "new",
            "guideline",
            "riktlinjer-2026",
            "--title",
            "Riktlinjer 2026",
            "--replaces",
            "riktlinjer-omradesutveckling",
            "-C",
            str(root),
            "--as-of",
            "2025-12-15",
        ],
    )
    assert result.exit_code == 0, result.output
    code, out = run_json(runner, root, "--as-of", "2025-12-15")
    found = sorted((d["code"], d["file"]) for d in out["diagnostics"])
    new_file = "data/guidelines/riktlinjer-2026.yaml"
    # the draft's three FYLL I marks (start, validity, owner), and the old one's expiry
    assert found == [("OMR232", new_file)] * 3 + [
        ("OMR314", "data/guidelines/riktlinjer-omradesutveckling.yaml")
    ]
    expired = next(d for d in out["diagnostics"] if d["code"] == "OMR314")
    assert "'riktlinjer-2026' replaces it" in expired["hint"]
    assert code == 0


def test_base_fixture_still_validates_clean(runner) -> None:
    code, out = run_json(runner, FIXTURES / "base", "--as-of", BASE_AS_OF)
    assert out["diagnostics"] == [] and code == 0

"""`omrade diff` on throw-away git repositories built in the test with GitPython."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import git
import pytest

from omrade.cli import app
from tests.conftest import BASE_AS_OF, FIXTURES

PLAN = "data/programmes/norr-2024-2027/plan-2025.yaml"


def committed(root: Path, message: str) -> git.Repo:
    """A new git repository at ``root`` with everything in it committed on main."""
    r = git.Repo.init(root, initial_branch="main")
    with r.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.org")
    r.git.add(A=True)
    r.index.commit(message)
    return r


@pytest.fixture
def repo(tmp_path: Path) -> git.Repo:
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    return committed(root, "base")


def edit(r: git.Repo, rel: str, old: str, new: str) -> None:
    path = Path(r.working_tree_dir) / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def diff_json(runner, r: git.Repo, *args: str) -> dict:
    result = runner.invoke(
        app, ["diff", *args, "-C", r.working_tree_dir, "-f", "json", "--as-of", BASE_AS_OF]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def items(out: dict) -> list[tuple[str, str, str, str, str]]:
    return [
        (i["category"], i["subject"], c["field"], c["before"], c["after"])
        for d in out["documents"]
        for i in d["items"]
        for c in (i["changes"] or [{}])
        if c
    ] + [
        (i["category"], i["subject"], "", "", "")
        for d in out["documents"]
        for i in d["items"]
        if not i["changes"]
    ]


def test_actions_added_removed_and_changed_field_by_field(runner, repo) -> None:
    edit(repo, PLAN, "responsible: utbf", "responsible: kof")
    edit(repo, PLAN, "amount: 100000", "amount: 150000")
    edit(
        repo,
        PLAN,
        "  - id: A2\n",
        "  - id: A3\n    title: Ny\n    main_task: HU2\n"
        "    type: promoting\n    responsible: kof\n  - id: A2\n",
    )
    edit(
        repo,
        PLAN,
        "{period: 2025-T2, status: ongoing, rating: green, trend: improving}",
        "{period: 2025-T2, status: delayed, rating: red, trend: worsening}",
    )
    out = diff_json(runner, repo, "main")
    found = items(out)
    assert ("action changed", "A1 Sommarjobb", "responsible", "utbf", "kof") in found
    assert (
        "action changed",
        "A1 Sommarjobb",
        "funding",
        "area_grant 100 000",
        "area_grant 150 000",
    ) in found
    assert (
        "action changed",
        "A1 Sommarjobb",
        "follow-up 2025-T2",
        "ongoing, green, improving",
        "delayed, red, worsening",
    ) in found
    assert ("action added", "A3 Ny", "responsible", "–", "kof") in found
    assert out["money"] == [
        {
            "district": "norr",
            "year": 2025,
            "source": "area_grant",
            "before": 100000,
            "after": 150000,
        }
    ]
    # the plan is adopted and its decision did not change
    assert "without a new decision" in out["documents"][0]["needs_decision"]


def test_a_new_decision_satisfies_the_guard(runner, repo) -> None:
    edit(repo, PLAN, "responsible: utbf", "responsible: kof")
    edit(repo, PLAN, "reference: KS/2025:2", "reference: KS/2025:77")
    out = diff_json(runner, repo, "main")
    assert out["documents"][0]["needs_decision"] == ""
    edit(repo, PLAN, "status: adopted", "status: draft")
    assert diff_json(runner, repo, "main")["documents"][0]["needs_decision"] == ""


def test_action_removed_and_commit_to_commit(runner, repo) -> None:
    path = Path(repo.working_tree_dir) / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - id: A2")], encoding="utf-8")
    repo.git.add(A=True)
    repo.index.commit("remove A2")
    out = diff_json(runner, repo, "main~1", "main")
    assert ("action removed", "A2 Kvällsvandringar", "funding", "–", "–") in items(out)
    introduced = {d["code"] for d in out["introduced"]}
    assert "OMR220" in introduced  # HU2 now has no action


def test_goals_members_dialogue_steps_and_values(runner, repo) -> None:
    edit(
        repo,
        "data/programmes/syd-2024-2027.yaml",
        "indicator: employment-rate}",
        "indicator: employment-rate, target: {year: 2027, value: 85}}",
    )
    edit(
        repo,
        "data/groups/norr-hu1.yaml",
        "  - {name: Bo Exempel",
        "  - {name: Ny Person, organisation: kof, role: member}\n  - {name: Bo Exempel",
    )
    edit(
        repo,
        "data/dialogues/norr-torg.yaml",
        "  decision: 2025-06-15",
        "  compilation: 2025-05-01\n  decision: 2025-06-15",
    )
    edit(repo, "data/districts/syd/analysis-2025.yaml", "value: 80,", "value: 78,")
    found = items(diff_json(runner, repo, "main"))
    assert ("goal changed", "HU1.1 Fler i arbete", "target", "–", "85 (2027)") in found
    assert ("member joined", "Ny Person (kof)", "role", "–", "member") in found
    assert ("step reached", "compilation", "date", "–", "2025-05-01") in found
    assert ("value changed", "employment-rate 2024", "value", "80", "78") in found


def test_public_hides_member_names(runner, repo) -> None:
    edit(
        repo,
        "data/groups/norr-hu1.yaml",
        "  - {name: Bo Exempel",
        "  - {name: Hemlig Person, organisation: kof, role: member}\n  - {name: Bo Exempel",
    )
    result = runner.invoke(
        app,
        [
            "diff",
            "main",
            "-C",
            repo.working_tree_dir,
            "-f",
            "md",
            "--public",
            "--as-of",
            BASE_AS_OF,
        ],
    )
    assert "Hemlig Person" not in result.stdout
    assert "en medlem från Kultur- och fritidsförvaltningen" in result.stdout


def test_allocation_shown_when_the_budget_changes(runner, repo) -> None:
    edit(repo, "data/budget/2025.yaml", "per_district: 100000", "per_district: 150000")
    out = diff_json(runner, repo, "main")
    rows = {(r["district"], r["before"], r["after"]) for r in out["allocation"]}
    assert ("norr", 254000, 253000) in rows or any(r[0] == "norr" for r in rows)
    assert sum(r["after"] for r in out["allocation"]) == 500000


def test_fixed_diagnostics_are_reported(runner, repo) -> None:
    edit(repo, "data/groups/norr-hu1.yaml", "mandate: true", "mandate: false")
    repo.git.add(A=True)
    repo.index.commit("mandate lost")
    edit(repo, "data/groups/norr-hu1.yaml", "mandate: false", "mandate: true")
    out = diff_json(runner, repo, "main")
    assert [d["code"] for d in out["fixed"]] == ["OMR503"]
    assert out["introduced"] == []


def test_markdown_summary_for_a_pull_request(runner, repo) -> None:
    edit(repo, PLAN, "title: Sommarjobb", "title: Sommarjobb | feriepraktik")
    result = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--as-of", BASE_AS_OF]
    )
    md = result.stdout
    assert md.startswith("### omrade: vad som ändras i planerna")
    assert "**1 dokument ändrat · 1 insats ändrad**" in md
    assert "Sommarjobb \\| feriepraktik" in md
    assert "> **Kräver beslut:**" in md
    english = runner.invoke(
        app,
        ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--lang", "en"],
    ).stdout
    assert english.startswith("### omrade: what changes in the plans")
    assert "**1 document changed · 1 action changed**" in english
    assert "> **Needs a decision:**" in english


def test_diff_never_touches_the_working_tree_index_or_refs(runner, repo) -> None:
    edit(repo, PLAN, "responsible: utbf", "responsible: kof")
    (Path(repo.working_tree_dir) / "data" / "dialogues" / "ny.yaml").write_text(
        "kind: dialogue\nid: ny\n", encoding="utf-8"
    )
    git_dir = Path(repo.git_dir)
    status = repo.git.status("--porcelain")
    index = (git_dir / "index").read_bytes()
    refs = repo.git.show_ref()
    files = {
        p: p.read_bytes()
        for p in Path(repo.working_tree_dir).rglob("*")
        if p.is_file() and ".git" not in p.parts
    }
    out = diff_json(runner, repo, "main")
    assert {d["file"] for d in out["documents"]} == {PLAN, "data/dialogues/ny.yaml"}
    assert repo.git.status("--porcelain") == status
    assert (git_dir / "index").read_bytes() == index
    assert repo.git.show_ref() == refs
    assert files == {
        p: p.read_bytes()
        for p in Path(repo.working_tree_dir).rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


def test_shallow_clone_says_how_to_fetch_the_base(runner, repo, tmp_path: Path) -> None:
    first = repo.head.commit.hexsha
    edit(repo, PLAN, "responsible: utbf", "responsible: kof")
    repo.git.add(A=True)
    repo.index.commit("second")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.working_tree_dir}", str(shallow)],
        check=True,
    )
    result = runner.invoke(app, ["diff", first, "-C", str(shallow)])
    assert result.exit_code == 2
    assert "shallow" in result.stderr and "fetch-depth: 0" in result.stderr


def test_unknown_revision_and_no_git(runner, repo, tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", "no-such-branch", "-C", repo.working_tree_dir])
    assert result.exit_code == 2 and "not a revision" in result.stderr
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURES / "base", plain)
    result = runner.invoke(app, ["diff", "main", "-C", str(plain)])
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr


def test_no_change(runner, repo) -> None:
    result = runner.invoke(app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md"])
    assert "Inga planfiler har ändrats." in result.stdout
    result = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--lang", "en"]
    )
    assert "No plan files changed." in result.stdout


def test_diff_on_a_clone_of_the_bundled_data(runner, tmp_path: Path) -> None:
    from tests.conftest import ROOT

    root = tmp_path / "botkyrka"
    shutil.copytree(ROOT / "data", root / "data")
    r = committed(root, "bundled data")
    edit(
        r,
        "data/programmes/fittja-2024-2028/plan-2025.yaml",
        "responsible: avux",
        "responsible: kof",
    )
    edit(
        r,
        "data/programmes/fittja-2024-2028/plan-2025.yaml",
        "{source: area_grant, amount: 70000}",
        "{source: area_grant, amount: 60000}",
    )
    edit(
        r,
        "data/programmes/fittja-2024-2028/plan-2025.yaml",
        "    title: Jobbtorg på plats i Fittja centrum\n",
        "    title: Jobbtorg på plats i Fittja centrum\n    title_en: Job centre in Fittja\n",
    )
    # Swedish by default (the municipality's locale), names instead of ids
    result = runner.invoke(app, ["diff", "main", "-C", str(root), "-f", "md"])
    assert result.exit_code == 0, result.output
    md = result.stdout
    # moving A2 to kof, which has no seat in Fittja's HU2 group, is a new problem (OMR506)
    assert (
        "**1 dokument ändrat · 1 insats ändrad · pengar flyttas i 1 stadsdel · 1 nytt problem**"
    ) in md
    assert "saknar Kultur- och fritidsförvaltningen (kof)" in md  # the rule's own text
    assert (
        "| insats ändrad | A2 Jobbtorg på plats i Fittja centrum | ansvarig "
        "| Arbetsmarknads- och vuxenutbildningsförvaltningen "
        "| Kultur- och fritidsförvaltningen |"
    ) in md
    assert "| Fittja | 2025 | Områdesanslag | 250 000 | 240 000 | -10 000 |" in md
    assert "> **Kräver beslut:** `data/programmes/fittja-2024-2028/plan-2025.yaml`" in md
    assert "antagen av Utskottet för Botkyrka som plats" in md
    prose = md.replace("`", " ")  # file paths are the editor's, in code spans
    for raw in (" kof ", " avux ", "area\\_grant", " fittja ", "responsible", "changed"):
        assert raw not in prose, raw
    text = runner.invoke(app, ["diff", "main", "-C", str(root)]).stdout
    assert "1 dokument ändrat · 1 insats ändrad · pengar flyttas i 1 stadsdel · 1 nytt" in text
    assert "ansvarig: Arbetsmarknads- och vuxenutbildningsförvaltningen → " in text
    assert "Kultur- och fritidsförvaltningen" in text and " kof" not in text
    # English on request, with the organisations' English names
    english = runner.invoke(app, ["diff", "main", "-C", str(root), "-f", "md", "--lang", "en"])
    md = english.stdout
    assert (
        "**1 document changed · 1 action changed · money moved in 1 district · 1 new problem**"
    ) in md
    assert (
        "| responsible | Labour Market and Adult Education Administration "
        "| Culture and Leisure Administration |"
    ) in md
    assert "| Fittja | 2025 | Area grant | 250 000 | 240 000 | -10 000 |" in md
    assert "| action changed | A2 Job centre in Fittja | responsible |" in md
    assert "> **Needs a decision:**" in md


# --- never invented money ------------------------------------------------------------------


def test_a_district_failing_its_schema_at_head_moves_no_money(runner, repo) -> None:
    edit(repo, "data/districts/norr.yaml", "kind: district\n", "kind: district\nbogus: 1\n")
    edit(repo, "data/budget/2025.yaml", "per_district: 100000", "per_district: 150000")
    out = diff_json(runner, repo, "main")
    # without norr, syd would seem to get all 500 000 kr: no rows at all instead
    assert out["allocation"] == []
    [gap] = out["unavailable"]
    assert (gap["what"], gap["year"], gap["side"], gap["revision"]) == (
        "allocation",
        2025,
        "head",
        "working tree",
    )
    assert "data/districts/norr.yaml har fel" in gap["reason"]
    md = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--as-of", BASE_AS_OF]
    ).stdout
    assert "fördelningen jämförs inte för 2025" in md
    assert "#### Fördelningen jämförs inte" in md and "#### Fördelning\n" not in md
    assert "2025: fördelningen kan inte beräknas i den nya versionen (arbetskopian)" in md
    english = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--lang", "en"]
    ).stdout
    assert "allocation not compared for 2025" in english
    assert "#### Allocation not compared" in english and "#### Allocation\n" not in english
    assert "2025: the allocation cannot be computed at the new revision (working tree)" in english
    text = runner.invoke(app, ["diff", "main", "-C", repo.working_tree_dir]).stdout
    assert "Fördelningen jämförs inte: 2025:" in text and "fördelning 2025 Norr" not in text


def test_an_allocation_that_cannot_be_computed_at_base_is_named(runner, repo) -> None:
    edit(repo, "data/districts/syd.yaml", "kind: district\n", "kind: district\nbogus: 1\n")
    repo.git.add(A=True)
    repo.index.commit("broken")
    edit(repo, "data/districts/syd.yaml", "kind: district\nbogus: 1\n", "kind: district\n")
    out = diff_json(runner, repo, "main")
    assert out["allocation"] == []
    assert [(g["what"], g["year"], g["side"], g["revision"]) for g in out["unavailable"]] == [
        ("allocation", 2025, "base", "main")
    ]


def test_an_error_in_an_allocation_input_moves_no_money_as_allocate_refuses(runner, repo) -> None:
    """The bug: norr.yaml passes its schema but has an error (an email address, OMR702);
    `allocate` refused, while diff still showed norr's money moving with its population."""
    edit(repo, "data/districts/norr.yaml", "value: 10000", "value: 12000")
    edit(repo, "data/districts/norr.yaml", "source: test}", 'source: "ring a.b@example.org"}')
    refused = runner.invoke(app, ["allocate", "-C", repo.working_tree_dir])
    assert refused.exit_code == 1 and "OMR702" in refused.output
    out = diff_json(runner, repo, "main")
    assert out["allocation"] == []
    [gap] = out["unavailable"]
    assert (gap["what"], gap["year"], gap["side"]) == ("allocation", 2025, "head")
    assert "data/districts/norr.yaml" in gap["reason"] and "OMR702" in gap["reason"]


def test_a_plan_failing_its_schema_moves_no_money(runner, repo) -> None:
    edit(repo, PLAN, "amount: 100000", "amount: lots")
    out = diff_json(runner, repo, "main")
    assert out["money"] == []  # not 100 000 kr → 0
    assert [(g["what"], g["year"], g["side"]) for g in out["unavailable"]] == [
        ("money", 2025, "head")
    ]
    assert f"{PLAN} har fel" in out["unavailable"][0]["reason"]
    english = diff_json(runner, repo, "main", "--lang", "en")
    assert f"{PLAN} has errors" in english["unavailable"][0]["reason"]


# --- the decision guard: what was decided, and what only reports on it ----------------------

T3 = "      - {period: 2025-T3, status: done, rating: green, trend: improving, comment: Klart.}\n"


def add_t3(r: git.Repo) -> None:
    """What ``omrade import follow-up`` writes: one more entry under each action."""
    edit(
        r,
        PLAN,
        "      - {period: 2025-T2, status: ongoing, rating: green, trend: improving}\n",
        "      - {period: 2025-T2, status: ongoing, rating: green, trend: improving}\n" + T3,
    )


def test_a_follow_up_only_change_to_an_adopted_plan_needs_no_decision(runner, repo) -> None:
    add_t3(repo)
    edit(  # a corrected T2 rating is reporting too
        repo,
        PLAN,
        "{period: 2025-T2, status: done, rating: green",
        "{period: 2025-T2, status: done, rating: yellow",
    )
    out = diff_json(runner, repo, "main")
    [doc] = out["documents"]
    assert doc["needs_decision"] == ""
    # the follow-up is still shown, field by field
    assert (
        "action changed",
        "A1 Sommarjobb",
        "follow-up 2025-T3",
        "–",
        "done, green, improving",
    ) in items(out)
    md = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--as-of", BASE_AS_OF]
    ).stdout
    assert "Kräver beslut" not in md and "uppföljning 2025-T3" in md


def test_a_funding_change_to_an_adopted_plan_still_needs_a_decision(runner, repo) -> None:
    add_t3(repo)
    edit(repo, PLAN, "amount: 100000", "amount: 120000")
    [doc] = diff_json(runner, repo, "main")["documents"]
    assert "without a new decision" in doc["needs_decision"]
    md = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--as-of", BASE_AS_OF]
    ).stdout
    assert "> **Kräver beslut:** `" + PLAN + "`" in md


@pytest.mark.parametrize(
    ("file", "old", "new", "needs"),
    [
        # decided: responsibility, goals, weights, amounts
        (PLAN, "responsible: utbf", "responsible: kof", True),
        ("data/programmes/norr-2024-2027.yaml", "Fler i arbete", "Fler i jobb", True),
        (
            "data/budget/2025.yaml",
            "weight: 0.5}\n    - {indicator: child",
            "weight: 0.4}\n    - {indicator: child",
            True,
        ),
        ("data/budget/2025.yaml", "per_district: 100000", "per_district: 90000", True),
        # a translation of the decided text is not a new decision
        (
            PLAN,
            "    title: Sommarjobb\n",
            "    title: Sommarjobb\n    title_en: Summer jobs\n",
            False,
        ),
    ],
)
def test_the_guard_follows_the_models_split(runner, repo, file, old, new, needs) -> None:
    edit(repo, file, old, new)
    [doc] = diff_json(runner, repo, "main")["documents"]
    assert bool(doc["needs_decision"]) is needs


def test_measured_values_of_an_adopted_analysis_are_reported(runner, repo) -> None:
    rel = "data/districts/syd/analysis-2025.yaml"
    edit(
        repo,
        rel,
        "status: draft\n",
        "status: adopted\ndecision: {body: ks, date: 2025-03-10, reference: KS/2025:5}\n",
    )
    repo.git.add(A=True)
    repo.index.commit("analysis adopted")
    edit(repo, rel, "value: 80,", "value: 78,")  # what omrade import scb writes
    edit(repo, rel, "updated: 2025-03-01", "updated: 2025-09-01")
    [doc] = diff_json(runner, repo, "main")["documents"]
    assert doc["needs_decision"] == ""
    edit(repo, rel, "summary: Nulägesbild.", "summary: En annan bild.")
    [doc] = diff_json(runner, repo, "main")["documents"]
    assert "without a new decision" in doc["needs_decision"]


def test_the_decided_fields_are_read_from_the_models() -> None:
    from omrade.model.decided import fields_by_decision

    plan = fields_by_decision("plan")
    assert plan["reported"] == ["actions[].follow_up"]
    for decided in ("actions[].funding", "actions[].responsible", "actions[].id", "year"):
        assert decided in plan["decided"]
    assert "actions[].title_en" in plan["translation"]
    assert fields_by_decision("analysis")["reported"] == ["updated", "values"]
    programme = fields_by_decision("programme")
    assert programme["reported"] == [] and "main_tasks[].goals[].target" in programme["decided"]
    assert {"base_grant", "weighting", "appropriation"} <= set(
        fields_by_decision("budget")["decided"]
    )
    assert "valid_to" in fields_by_decision("guideline")["decided"]


# --- findings by identity -------------------------------------------------------------------

GUIDELINE = (
    "kind: guideline\nid: riktlinjer\ntitle: Riktlinjer\nstatus: adopted\n"
    "decision: {body: ks, date: 2021-01-10, reference: KS/2021:1}\n"
    "valid_from: 2021-02-01\nvalid_to: 2025-01-31\nowner: ks\n"
)
SYD_PLAN = "data/programmes/syd-2024-2027/plan-2025.yaml"


def test_a_finding_whose_count_changed_is_neither_new_nor_resolved(runner, tmp_path) -> None:
    """An expired guideline 'followed by 2 plans' that becomes '… 1 plan' is one finding
    (OMR314 at its valid_to) whose details changed."""
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    (root / "data/guidelines").mkdir()
    (root / "data/guidelines/riktlinjer.yaml").write_text(GUIDELINE, encoding="utf-8")
    for rel in (PLAN, SYD_PLAN):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("year: 2025\n", "year: 2025\nguideline: riktlinjer\n", 1))
    r = committed(root, "two plans follow an expired guideline")
    edit(r, SYD_PLAN, "guideline: riktlinjer\n", "")
    out = diff_json(runner, r, "main")
    assert "OMR314" not in {d["code"] for d in out["introduced"] + out["fixed"]}
    [pair] = [p for p in out["reworded"] if p["after"]["code"] == "OMR314"]
    assert "följs av 2 handlingsplaner" in pair["before"]["message"]
    assert "följs av 1 handlingsplan" in pair["after"]["message"]
    md = runner.invoke(app, ["diff", "main", "-C", str(root), "-f", "md", "--as-of", BASE_AS_OF])
    assert "nytt" not in md.stdout.split("OMR314")[0].splitlines()[-1]  # not listed as new
    assert "- detaljer ändrade varning OMR314" in md.stdout
    assert "Anmärkningar: 0 nya, 0 lösta, 1 med nya detaljer" in md.stdout


def test_the_comments_count_of_findings_agrees_with_its_number_in_swedish(runner, tmp_path) -> None:
    """'1 ny, 0 lösta' (one new finding), never '1 nya'; English counts stay as they were."""
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    r = committed(root, "base")
    edit(r, PLAN, "responsible: kof", "responsible: ingen-sadan-forvaltning")
    args = ["diff", "main", "-C", str(root), "-f", "md", "--as-of", BASE_AS_OF]
    sv = runner.invoke(app, args)
    assert "<summary>Anmärkningar: 1 ny, 0 lösta</summary>" in sv.stdout, sv.stdout
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert "<summary>Diagnostics: 1 introduced, 0 fixed</summary>" in en.stdout, en.stdout


# --- what is published or run ---------------------------------------------------------------


def test_a_template_only_change_is_named_with_what_it_affects(runner, repo) -> None:
    root = Path(repo.working_tree_dir)
    (root / "templates").mkdir()
    (root / "templates/base.html.j2").write_text(
        '{% extends "builtin/base.html.j2" %}<img src="https://tracker.example/p.gif">',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["diff", "main", "-C", str(root), "-f", "md"])
    md = result.stdout
    assert "#### Det som publiceras eller körs" in md
    assert (
        "- `templates/base.html.j2` (tillagd): den publicerade webbplatsens grundmall: varje sida"
    ) in md
    assert "docs/trust-model.md" in md
    assert "**Inga planfiler har ändrats · 1 ändring i det som publiceras eller körs**" in md
    out = diff_json(runner, repo, "main")
    assert out["documents"] == []
    assert out["published"] == [
        {"path": "templates/base.html.j2", "status": "added", "what": "base template"}
    ]
    english = runner.invoke(app, ["diff", "main", "-C", str(root), "-f", "md", "--lang", "en"])
    assert "the published site's base template: every page" in english.stdout
    text = runner.invoke(app, ["diff", "main", "-C", str(root)]).stdout
    assert "templates/base.html.j2 [tillagd]: den publicerade webbplatsens grundmall" in text


def test_the_logo_workflows_site_settings_and_requirements_are_named(runner, repo) -> None:
    root = Path(repo.working_tree_dir)
    (root / "assets").mkdir()
    (root / "assets/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    edit(
        repo,
        "data/municipality.yaml",
        "kind: municipality\n",
        "kind: municipality\nsite: {logo: assets/logo.svg}\n",
    )
    repo.git.add(A=True)
    repo.index.commit("a logo")
    (root / "assets/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>")
    edit(
        repo,
        "data/municipality.yaml",
        "site: {logo: assets/logo.svg}",
        "site: {logo: assets/logo.svg, accent: '#005500'}",
    )
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/omrade-publish.yml").write_text("on: push\n")
    (root / "omrade-requirements.txt").write_text("omrade==9.9\n")
    (root / "notes.txt").write_text("not published\n")
    out = diff_json(runner, repo, "main")
    assert {(p["path"], p["what"]) for p in out["published"]} == {
        ("assets/logo.svg", "logo"),
        ("data/municipality.yaml", "site settings"),
        (".github/workflows/omrade-publish.yml", "workflow"),
        ("omrade-requirements.txt", "requirements"),
    }


# --- budgets in words -----------------------------------------------------------------------


def test_budget_changes_read_in_words_with_swedish_numbers(runner, repo) -> None:
    edit(repo, "data/budget/2025.yaml", "per_district: 100000", "per_district: 90000")
    edit(
        repo,
        "data/budget/2025.yaml",
        "{indicator: employment-rate, weight: 0.5}",
        "{indicator: employment-rate, weight: 0.4}",
    )
    edit(
        repo,
        "data/budget/2025.yaml",
        "{indicator: child-poverty, weight: 0.5}",
        "{indicator: child-poverty, weight: 0.6}",
    )
    md = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--as-of", BASE_AS_OF]
    ).stdout
    assert (
        "| budgeten ändrad | Budget 2025 | grundanslag per stadsdel | 100 000 kr | 90 000 kr |"
        in md
    )
    assert "| vikt ändrad | Förvärvsfrekvens | vikt | 0,5 | 0,4 |" in md, md
    assert "weighting.indicators" not in md and "base_grant" not in md
    # the allocation, per district: before, after and the change
    assert "| år | stadsdel | före | efter | ändring |" in md
    rows = [line for line in md.splitlines() if line.startswith("| 2025 | ")]
    assert len(rows) == 2
    for line in rows:
        before, after, change = (int(c.strip().replace(" ", "")) for c in line.split("|")[3:6])
        assert after - before == change
    english = runner.invoke(
        app, ["diff", "main", "-C", repo.working_tree_dir, "-f", "md", "--lang", "en"]
    ).stdout
    assert "| weight changed | Förvärvsfrekvens | weight | 0.5 | 0.4 |" in english
    assert "| base grant per district | SEK 100 000 | SEK 90 000 |" in english


def test_an_old_value_keeps_its_old_name(runner, repo) -> None:
    """utbf is renamed and A1 moved from utbf to kof in the same change: the value
    before is named as the base named it."""
    edit(
        repo, "data/municipality.yaml", "name: Utbildningsförvaltningen", "name: Skolförvaltningen"
    )
    edit(repo, PLAN, "responsible: utbf", "responsible: kof")
    text = runner.invoke(app, ["diff", "main", "-C", repo.working_tree_dir]).stdout
    assert "ansvarig: Utbildningsförvaltningen → Kultur- och fritidsförvaltningen" in text


def test_the_docs_list_exactly_the_fields_the_models_mark() -> None:
    """docs/review.md's table of decided, reported and translated fields per kind is the
    models' split (omrade.model.decided), so the documentation cannot drift from the check."""
    from omrade.model.decided import ADOPTED_KINDS, fields_by_decision
    from tests.conftest import ROOT

    text = (ROOT / "docs/review.md").read_text(encoding="utf-8")
    table = text.split("### What needs a new decision", 1)[1]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = [
                [] if c == "–" else [x.strip().strip("`") for x in c.split(",")] for c in cells[1:]
            ]
    assert set(rows) == set(ADOPTED_KINDS)
    for kind, (decided, reported, translated) in rows.items():
        found = fields_by_decision(kind)
        assert (decided, reported, translated) == (
            found["decided"],
            found["reported"],
            found["translation"],
        ), kind

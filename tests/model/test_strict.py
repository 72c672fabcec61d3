"""Strict where the analyst needs it, with hints that name the fix.

The invalid fixtures pin codes and lines; these tests pin what the messages and hints
say, and how `allocate` and `--strict` treat the new rules.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from omrade.cli import app
from omrade.diagnostics import reference_hint, suggest
from omrade.load.reader import Quoted, parse_bytes, parse_text
from tests.conftest import BASE_AS_OF, FIXTURES

# these tests read the messages in English (the commands speak Swedish by default)
pytestmark = pytest.mark.usefixtures("english")

PLAN = "data/programmes/norr-2024-2027/plan-2025.yaml"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    return repo


def _edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _diagnostics(runner, repo: Path, *args: str) -> tuple[int, list[dict]]:
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF, *args])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def _only(diags: list[dict], code: str) -> dict:
    found = [d for d in diags if d["code"] == code]
    assert len(found) == 1, diags
    return found[0]


# --- quoted numbers and booleans --------------------------------------------------------


def test_quoted_scalars_are_marked_by_the_loader_on_both_paths() -> None:
    text = 'a: "1"\nb: \'2\'\nc: 3\nd: |\n  4\ne: ["5", 6]\n'
    fast = parse_text(text, "f").data
    careful = parse_text(text + "f: &x 1\n", "f")  # an anchor: the careful path (refused)
    assert careful.data is None and careful.diagnostics[0].code == "OMR003"
    slow = parse_text(text.replace("c: 3", "c: !!str 3"), "f").data  # a tag: careful path
    for data in (fast, slow):
        assert isinstance(data["a"], Quoted) and isinstance(data["b"], Quoted)
        assert isinstance(data["d"], Quoted) and isinstance(data["e"][0], Quoted)
        assert not isinstance(data["e"][1], Quoted)
    assert not isinstance(fast["c"], Quoted) and isinstance(slow["c"], Quoted)


@pytest.mark.parametrize(
    "old, new, message, hint",
    [
        (
            "amount: 100000",
            'amount: "100000"',
            "expected a whole number for 'amount', got the text '100000' (in quotes)",
            "remove the quotes: 100000",
        ),
        (
            "title: Sommarjobb",
            "title: 2025",
            "expected text for 'title', got the number 2025",
            'if text is meant, put it in quotes: "2025"',
        ),
        (
            "start: 2025-02-01",
            "start: 2026-02-30",
            "2026-02-30 is not a date: February 2026 has 28 days",
            "the last day of February 2026 is 2026-02-28",
        ),
        (
            "start: 2025-02-01",
            "start: 2024-02-30",
            "2024-02-30 is not a date: February 2024 has 29 days",
            "the last day of February 2024 is 2024-02-29",
        ),
        (
            "start: 2025-02-01",
            "start: 2025-13-01",
            "2025-13-01 is not a date: there is no month 13",
            "months run from 01 to 12",
        ),
        (
            "start: 2025-02-01",
            "start: 2025-2-1",
            "expected a date (YYYY-MM-DD) for 'start', got '2025-2-1'",
            "write dates as YYYY-MM-DD, e.g. 2025-03-15",
        ),
    ],
)
def test_type_errors_say_what_was_written_and_how_to_fix_it(
    runner, tmp_path: Path, old: str, new: str, message: str, hint: str
) -> None:
    repo = _repo(tmp_path)
    _edit(repo, PLAN, old, new)
    code, diags = _diagnostics(runner, repo)
    found = _only(diags, "OMR103")
    assert (found["file"], found["message"], found["hint"]) == (PLAN, message, hint)
    assert code == 1


def test_quoted_booleans_and_decimals_are_refused_plain_ones_accepted(runner, tmp_path) -> None:
    repo = _repo(tmp_path)
    _edit(repo, "data/districts/norr.yaml", "name: Norr", 'name: Norr\nprioritised: "true"')
    _edit(repo, "data/budget/2025.yaml", "weight: 0.5}", "weight: '0.5'}")
    _, diags = _diagnostics(runner, repo)
    assert sorted((d["path"], d["message"]) for d in diags if d["code"] == "OMR103") == [
        (
            "prioritised",
            "expected true or false for 'prioritised', got the text 'true' (in quotes)",
        ),
        (
            "weighting.indicators[0].weight",
            "expected a number for 'weight', got the text '0.5' (in quotes)",
        ),
    ]
    _edit(repo, "data/districts/norr.yaml", 'prioritised: "true"', "prioritised: true")
    _edit(repo, "data/budget/2025.yaml", "weight: '0.5'}", "weight: 0.5}")
    assert _diagnostics(runner, repo) == (0, [])


def test_a_quoted_municipality_code_is_text_a_plain_one_a_number(runner, tmp_path) -> None:
    repo = _repo(tmp_path)
    _edit(repo, "data/municipality.yaml", 'code: "0999"', "code: 0999")
    _, diags = _diagnostics(runner, repo)
    found = _only(diags, "OMR103")
    assert found["message"] == "expected text for 'code', got the number 0999"
    assert found["hint"] == 'if text is meant, put it in quotes: "0999"'


# --- population --------------------------------------------------------------------------


def test_population_zero_blocks_the_allocation_where_it_weighs(runner, tmp_path) -> None:
    repo = _repo(tmp_path)
    _edit(repo, "data/districts/syd.yaml", "value: 30000", "value: 0")
    code, diags = _diagnostics(runner, repo)
    found = _only(diags, "OMR410")
    assert (found["file"], found["line"], found["path"]) == (
        "data/districts/syd.yaml",
        4,
        "population.value",
    )
    assert "Syd has population 0" in found["message"] and "2025 budget" in found["message"]
    assert code == 1
    refused = runner.invoke(app, ["allocate", "2025", "-C", str(repo)])
    assert refused.exit_code == 1
    assert "data/districts/syd.yaml" in refused.stderr and "OMR410" in refused.stderr
    # weighting by an equal volume, the population does not matter
    _edit(repo, "data/budget/2025.yaml", "weighting:\n", "weighting:\n  volume: equal\n")
    assert _diagnostics(runner, repo) == (0, [])
    assert runner.invoke(app, ["allocate", "2025", "-C", str(repo)]).exit_code == 0


# --- placeholders ------------------------------------------------------------------------


def test_placeholders_warn_in_drafts_and_fail_adopted_documents(runner, tmp_path) -> None:
    repo = _repo(tmp_path)
    analysis = "data/districts/norr/analysis-2025.yaml"
    _edit(repo, analysis, "summary: Nulägesbild.", 'summary: "FYLL I: nulägesbild"')
    code, diags = _diagnostics(runner, repo)
    assert [(d["code"], d["severity"], d["path"]) for d in diags] == [
        ("OMR232", "warning", "summary")
    ]
    assert code == 0
    assert _diagnostics(runner, repo, "--strict")[0] == 1
    # the same analysis, adopted
    _edit(
        repo,
        analysis,
        "status: draft",
        "status: adopted\ndecision: {body: ks, date: 2025-04-01, reference: KS/2025:9}",
    )
    code, diags = _diagnostics(runner, repo)
    assert [(d["code"], d["severity"], d["line"]) for d in diags] == [("OMR313", "error", 10)]
    assert code == 1


def test_a_placeholder_comment_is_found_but_the_files_header_is_not(runner, tmp_path) -> None:
    repo = _repo(tmp_path)
    _edit(
        repo,
        "data/districts/syd.yaml",
        "kind: district",
        "# Sök efter 'FYLL I' och fyll i.\nkind: district",
    )
    assert _diagnostics(runner, repo) == (0, [])
    _edit(repo, PLAN, "responsible: kof", "responsible: kof  # FYLL I: ansvarig förvaltning")
    code, diags = _diagnostics(runner, repo)
    found = _only(diags, "OMR313")  # the plan is adopted
    assert code == 1
    assert (found["path"], found["column"]) == ("actions[1].responsible", 23)
    assert "# FYLL I: ansvarig förvaltning" in found["message"]


# --- files that are not read -------------------------------------------------------------


def test_files_not_read_are_named_with_what_to_do(runner, tmp_path) -> None:
    repo = _repo(tmp_path)
    (repo / "data" / "districts" / "ost.YAML").write_text("kind: district\n", encoding="utf-8")
    (repo / "data" / "budget" / "2026.csv").write_text("år;anslag\n", encoding="utf-8")
    (repo / "data" / "README.md").write_text("# Data\n", encoding="utf-8")
    (repo / "data" / "groups" / ".gitkeep").write_text("", encoding="utf-8")
    code, diags = _diagnostics(runner, repo)
    assert code == 0
    assert [(d["code"], d["file"], d["hint"]) for d in diags] == [
        (
            "OMR015",
            "data/budget/2026.csv",
            "move it out of data/ (e.g. to sources/); figures belong in an analysis's values, "
            "the budget in data/budget/<year>.yaml",
        ),
        ("OMR015", "data/districts/ost.YAML", "rename it to ost.yaml"),
    ]
    # a pre-commit hook passing the file by name sees it too
    only = runner.invoke(
        app,
        ["validate", str(repo / "data" / "districts" / "ost.YAML"), "-f", "json"],
    )
    assert [d["file"] for d in json.loads(only.stdout)["diagnostics"]] == [
        "data/districts/ost.YAML"
    ]


# --- spreadsheets saved as .yaml ---------------------------------------------------------


@pytest.mark.parametrize(
    "raw, shape",
    [
        ("Stadsdel;Folkmängd\nAlby;14208\nFittja;7777\n", "semicolon-separated values"),
        ('Stadsdel,Folkmängd\nAlby,14208\n"Hallunda, Norsborg",9000\n', "comma-separated"),
        ("Stadsdel\tFolkmängd\nAlby\t14208\n\t0\n", "tab-separated values"),
    ],
)
def test_a_csv_export_is_named_as_such(raw: str, shape: str) -> None:
    loaded = parse_text(raw, "data/districts/alby.yaml")
    assert [d.code for d in loaded.diagnostics] == ["OMR010"]
    assert "looks like a CSV or spreadsheet export" in loaded.diagnostics[0].message
    assert shape in loaded.diagnostics[0].message


def test_yaml_that_is_not_a_mapping_is_not_called_a_csv() -> None:
    for raw in ("- a, b\n- c, d\n", "bara text, inget mer\n", "a: [1,\n"):
        loaded = parse_text(raw, "f.yaml")
        assert all("CSV" not in d.message for d in loaded.diagnostics), raw


def test_a_binary_spreadsheet_is_named_as_such() -> None:
    xlsx = parse_bytes(b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "data/x.yaml")
    xls = parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "data/x.yaml")
    assert "Excel (.xlsx)" in xlsx.diagnostics[0].message
    assert "old Excel (.xls)" in xls.diagnostics[0].message
    assert [d.code for d in xlsx.diagnostics + xls.diagnostics] == ["OMR005", "OMR005"]


# --- suggestions by name -----------------------------------------------------------------

ORGS = {
    "utbf": "Utbildningsförvaltningen",
    "kof": "Kultur- och fritidsförvaltningen",
    "bostad": "Bostadsbolaget",
}


@pytest.mark.parametrize(
    "written, meant",
    [
        ("Utbildningsförvaltningen", "utbf"),
        ("utbildningsforvaltningen", "utbf"),
        ("UTBILDNINGSFÖRVALTNINGEN", "utbf"),
        ("Utbildningsforvaltning", "utbf"),
        ("utbildning", "utbf"),
        ("Kultur och fritid", "kof"),
        ("UTBF", "utbf"),
        ("bostadsbolag", "bostad"),
        ("polisen", None),
        ("", None),
    ],
)
def test_suggestions_match_names_case_and_accents_aside(written: str, meant: str | None) -> None:
    assert suggest(written, ORGS) == meant


def test_the_hint_names_the_entry() -> None:
    assert reference_hint("Utbildningsförvaltningen", ORGS) == (
        "did you mean 'utbf' (Utbildningsförvaltningen)?; allowed: bostad, kof, utbf"
    )


@pytest.mark.parametrize(
    "rel, old, new, code, hint",
    [
        (
            PLAN,
            "responsible: utbf",
            "responsible: Utbildningsförvaltningen",
            "OMR105",
            "did you mean 'utbf' (Utbildningsförvaltningen)?",
        ),
        (
            PLAN,
            "responsible: utbf",
            "responsible: utbildning",
            "OMR204",
            "did you mean 'utbf' (Utbildningsförvaltningen)?",
        ),
        (
            PLAN,
            "partners: [bostad]",
            "partners: [Bostadsbolaget]",
            "OMR105",
            "did you mean 'bostad' (Bostadsbolaget)?",
        ),
        (
            "data/districts/norr/analysis-2025.yaml",
            "{indicator: child-poverty,",
            "{indicator: Barnfattigdom,",
            "OMR105",
            "did you mean 'child-poverty' (Barnfattigdom)?",
        ),
        (
            "data/districts/norr/analysis-2025.yaml",
            "{indicator: child-poverty,",
            "{indicator: barnfattigdom,",
            "OMR206",
            "did you mean 'child-poverty' (Barnfattigdom)?",
        ),
        (
            "data/groups/norr-hu1.yaml",
            "district: norr",
            "district: Norr",
            "OMR105",
            "did you mean 'norr' (Norr)?",
        ),
        (
            "data/groups/norr-hu1.yaml",
            "organisation: utbf",
            "organisation: utbildningsförvaltningen",
            "OMR105",
            "did you mean 'utbf' (Utbildningsförvaltningen)?",
        ),
    ],
)
def test_references_suggest_by_name(runner, tmp_path, rel, old, new, code, hint) -> None:
    repo = _repo(tmp_path)
    _edit(repo, rel, old, new)
    _, diags = _diagnostics(runner, repo)
    found = _only(diags, code)
    assert found["file"] == rel
    assert found["hint"].startswith(hint), found


def test_no_case_of_the_yaml_test_suite_is_taken_for_a_csv() -> None:
    from tests.journeys.test_hostile import suite_cases

    called = [
        name
        for name, text in suite_cases()
        if any("CSV" in d.message for d in parse_text(text, "f.yaml").diagnostics)
    ]
    assert called == []


def test_a_number_of_thousands_of_digits_is_refused_without_converting_it(runner, tmp_path):
    repo = _repo(tmp_path)
    _edit(repo, "data/districts/syd.yaml", "name: Syd", "name: " + "1" * 5000)
    _edit(repo, "data/districts/syd.yaml", "value: 30000", "value: " + "2" * 5000)
    _, diags = _diagnostics(runner, repo)
    got = sorted((d["code"], d["path"], d["message"][:40]) for d in diags)
    assert got == [
        ("OMR103", "name", "expected text for 'name', got a number"),
        ("OMR106", "population.value", "'" + "2" * 39),
    ]
    assert all(len(d["hint"]) < 200 and "digits" not in d["message"] for d in diags)


def test_what_omrade_writes_as_text_stays_text_in_yaml_12() -> None:
    from omrade.exchange.yamledit import scalar

    # 0180 (Stockholm's municipality code) and 1e3 are text to YAML 1.1, numbers to 1.2
    for text in ("0180", "089", "1e3", "True", "Alby"):
        read = parse_text(f"a: {scalar(text)}\n", "f").data["a"]
        assert read == text and (isinstance(read, Quoted) or text == "Alby"), text

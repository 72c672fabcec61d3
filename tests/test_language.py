"""One language per run, for every command: the municipality's ``locale`` (Swedish in the
bundled data) unless ``--lang`` says otherwise; the code stays the same in both."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from omrade.cli import app
from tests.conftest import FIXTURES, ROOT

AS_OF = "2025-12-15"
pytestmark = pytest.mark.usefixtures("swedish")
# words that would mean an English message or hint was shown in a Swedish run
ENGLISH = re.compile(
    r"\b(?:is not|unknown|missing|did you mean|allowed|expected|has no|the file|add|remove)\b"
)


def _bundled(tmp_path: Path) -> Path:
    root = tmp_path / "botkyrka"
    shutil.copytree(ROOT / "data", root / "data")
    return root


def _planted(tmp_path: Path) -> Path:
    """A small municipality with a fault of each family planted in it."""
    root = tmp_path / "planted"
    shutil.copytree(FIXTURES / "base", root)
    plan = root / "data" / "programmes" / "norr-2024-2027" / "plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("type: promoting", "type: promotion", 1)
    text = text.replace("status: ongoing, rating: green", "status: klar, rating: green", 1)
    plan.write_text(text, encoding="utf-8")
    (root / "data" / "districts" / "norr.yaml").write_text(
        "kind: district\nid: norr\nnamn: Norr\npopulation: {value: tiotusen, year: 2024}\n",
        encoding="utf-8",
    )
    (root / "data" / "groups" / "norr-hu1.yaml").write_text(
        "kind: group\nid: norr-hu1\ntype: coordination\ndistrict: norr\n"
        "name: Samordning Norr HU1\nmain_task: {programme: norr-2024-2027, id: HU1}\n"
        "members:\n  - {name: Bo Exempel, organisation: utbf, role: representative}\n",
        encoding="utf-8",
    )
    hu2 = root / "data" / "groups" / "norr-hu2.yaml"
    hu2.write_text(
        hu2.read_text(encoding="utf-8").replace("organisation: kof", "organisation: utbildning"),
        encoding="utf-8",
    )
    return root


def _validate(runner, root: Path, *args: str) -> dict:
    result = runner.invoke(
        app, ["validate", str(root), "--format", "json", "--as-of", AS_OF, *args]
    )
    assert "Traceback" not in result.output, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("repo", ["bundled", "planted"])
def test_validate_speaks_the_municipalitys_swedish_and_english_on_request(
    runner, tmp_path: Path, repo: str
) -> None:
    root = _bundled(tmp_path) if repo == "bundled" else _planted(tmp_path)
    sv = _validate(runner, root)["diagnostics"]
    en = _validate(runner, root, "--lang", "en")["diagnostics"]
    assert sv, "the repository has findings to say"
    assert [(d["code"], d["file"], d["line"]) for d in sv] == [
        (d["code"], d["file"], d["line"]) for d in en
    ]
    for swedish, english in zip(sv, en, strict=True):
        said = f"{swedish['message']} {swedish['hint']}"
        assert not ENGLISH.search(said), said
        assert (swedish["message"], swedish["hint"]) != (english["message"], english["hint"])
    if repo == "planted":
        codes = {d["code"] for d in sv}
        assert {"OMR101", "OMR103", "OMR104", "OMR204", "OMR503"} <= codes, codes
        said = " ".join(d["message"] + " " + d["hint"] for d in sv)
        assert "menade du 'utbf' (Utbildningsförvaltningen)?" in said
        assert "tillåtna: " in said


def test_text_sarif_and_github_speak_swedish(runner, tmp_path: Path) -> None:
    root = _bundled(tmp_path)
    text = runner.invoke(app, ["validate", str(root), "--as-of", AS_OF, "--format", "text"])
    assert "varning" in text.stdout and "tips:" in text.stdout
    assert "0 fel, 1 varning i" in text.stderr
    sarif = json.loads(
        runner.invoke(app, ["validate", str(root), "--as-of", AS_OF, "-f", "sarif"]).stdout
    )
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["OMR314"]["shortDescription"]["text"] == "Riktlinjen har gått ut"
    assert rules["OMR314"]["helpUri"].endswith("docs/regler.md#omr314")
    assert "gick ut 2023-09-27" in sarif["runs"][0]["results"][0]["message"]["text"]
    english = json.loads(
        runner.invoke(
            app, ["validate", str(root), "--as-of", AS_OF, "-f", "sarif", "--lang", "en"]
        ).stdout
    )
    assert "expired on 2023-09-27" in english["runs"][0]["results"][0]["message"]["text"]


def test_the_run_cache_keeps_each_language_apart(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second run of each language comes from the cache, in its own language."""
    monkeypatch.delenv("OMRADE_NO_CACHE")  # conftest turns it off for the other tests
    root = _bundled(tmp_path)
    for _ in range(2):
        sv = _validate(runner, root)["diagnostics"][0]["message"]
        en = _validate(runner, root, "--lang", "en")["diagnostics"][0]["message"]
        assert "gick ut" in sv and "expired" in en
    assert any((root / ".cache" / "omrade" / "runs").glob("*.json"))


def test_spreadsheets_for_people_have_swedish_headings(runner, tmp_path: Path) -> None:
    root = _bundled(tmp_path)
    csv = runner.invoke(app, ["allocate", "-C", str(root), "2025", "-f", "csv", "--excel"])
    assert csv.exit_code == 0, csv.output
    header = csv.stdout_bytes.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:3] == ["Stadsdel (id)", "Stadsdel", "Volym"]
    assert "Behovsindex" in header and "need_index" not in header
    book = tmp_path / "fordelning.xlsx"
    result = runner.invoke(
        app, ["allocate", "-C", str(root), "2025", "-f", "xlsx", "--out", str(book)]
    )
    assert result.exit_code == 0, result.output
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(io.BytesIO(book.read_bytes()))["Underlag"]
    facts = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, max_col=2, values_only=True)}
    assert facts["Volym"] == "Befolkning"


def test_rules_explains_in_swedish_with_the_braces_it_prints(runner) -> None:
    sv = runner.invoke(app, ["rules", "OMR608"])
    assert sv.exit_code == 0, sv.output
    assert sv.stdout.startswith("OMR608  Dialogen är inte utvärderad")
    assert "'evaluation: {date: ..., text: ...}'" in sv.stdout and "{{" not in sv.stdout
    en = runner.invoke(app, ["rules", "OMR608", "--lang", "en"])
    assert en.stdout.startswith("OMR608  Dialogue not evaluated")
    assert "'evaluation: {date: ..., text: ...}'" in en.stdout and "{{" not in en.stdout


def test_export_and_import_speak_swedish(runner, tmp_path: Path) -> None:
    root = _bundled(tmp_path)
    book = tmp_path / "uppfoljning.xlsx"
    out = runner.invoke(
        app, ["export", "follow-up", "2025-T3", "--out", str(book), "-C", str(root)]
    )
    assert out.exit_code == 0, out.output
    assert "insatser på" in out.stderr and "actions on" not in out.stderr
    back = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root), "--dry-run"])
    assert "Traceback" not in back.output
    assert "omrade import:" in back.stderr and "follow-ups for" not in back.stderr
    en = runner.invoke(
        app,
        ["export", "follow-up", "2025-T3", "--out", str(book), "-C", str(root), "--lang", "en"],
    )
    assert "actions on" in en.stderr

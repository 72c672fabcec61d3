"""The terminal's and the pull requests' language: one gettext catalogue, names not ids."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from omrade.cli import app
from omrade.diff import DiffResult, DocChange, FieldChange, Item
from omrade.i18n import LOCALE_DIR, Translator, po_path
from omrade.present.diff import as_markdown, as_text, headline
from tests.conftest import ROOT

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _catalogue(lang: str):
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def test_every_message_has_a_swedish_translation_and_none_is_fuzzy() -> None:
    catalog = _catalogue("sv")
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    untranslated = [
        m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert untranslated == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert catalog.num_plurals == 2


def test_translations_keep_the_placeholders() -> None:
    for m in _catalogue("sv"):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (m.id, text)


def test_the_catalogue_has_every_message_the_code_marks(tmp_path: Path) -> None:
    """``make messages`` was run: extraction from the code finds nothing the .po lacks."""
    pot = tmp_path / "omrade.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "extract",
            "--no-location",
            "-k",
            "Np_:1,2",
            "-o",
            str(pot),
            str(ROOT / "omrade"),
        ],
        check=True,
    )
    with pot.open("rb") as f:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue("sv") if m.id}
    assert extracted - have == set(), "run make messages and translate the new entries"
    assert (LOCALE_DIR / "omrade.pot").is_file()


@pytest.mark.parametrize(
    "lang, one, two",
    [
        ("sv", "1 insats ändrad", "2 insatser ändrade"),
        ("en", "1 action changed", "2 actions changed"),
    ],
)
def test_plurals_for_one_and_two(lang: str, one: str, two: str) -> None:
    def result(n: int) -> DiffResult:
        items = [
            Item("action changed", f"A{i}", [FieldChange("title", "a", "b")]) for i in range(n)
        ]
        doc = DocChange("data/x.yaml", "plan", "Plan", "modified", items)
        return DiffResult("main", "HEAD", [doc])

    assert headline(result(1), lang).split(" · ")[1] == one
    assert headline(result(2), lang).split(" · ")[1] == two
    t = Translator(lang)
    docs = [t.ngettext("{n} document changed", "{n} documents changed", n) for n in (1, 2)]
    assert docs == (
        ["1 dokument ändrat", "2 dokument ändrade"]
        if lang == "sv"
        else ["1 document changed", "2 documents changed"]
    )


def test_enum_values_and_ids_are_shown_by_name_in_both_renderers() -> None:
    item = Item(
        "action changed",
        "A1 Läxhjälp",
        [
            FieldChange("type", "promoting", "preventive", "type"),
            FieldChange("follow-up 2025-T2", "–", "delayed, yellow, worsening", "follow-up"),
            FieldChange("funding", "area_grant 100 000", "external 5 000", "funding"),
        ],
    )
    result = DiffResult("main", "HEAD", [DocChange("data/x.yaml", "plan", "P", "modified", [item])])
    for render in (as_text, as_markdown):
        sv = render(result, lang="sv")
        assert "Främjande → Förebyggande" in sv or "| Främjande | Förebyggande |" in sv
        assert "Försenad, Gul: delvis, Försämras" in sv
        assert "Områdesanslag 100 000" in sv and "Externa medel 5 000" in sv
        for raw in ("promoting", "yellow", "area_grant", "area\\_grant"):
            assert raw not in sv
        en = render(result, lang="en")
        assert "Delayed, Yellow: partly, Worsening" in en and "Area grant 100 000" in en


def _bundled(tmp_path: Path) -> Path:
    root = tmp_path / "botkyrka"
    shutil.copytree(ROOT / "data", root / "data")
    return root


def test_status_on_the_bundled_data_speaks_swedish_and_english_on_request(
    runner, tmp_path: Path
) -> None:
    root = _bundled(tmp_path)
    args = ["status", "-C", str(root), "--as-of", "2025-06-01"]
    sv = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert sv.exit_code == 0, sv.output
    assert "Alby" in sv.stdout and "Försenad (2025-T2)" in sv.stdout
    assert "Behöver uppmärksamhet" in sv.stdout and "Hela kommunen" in sv.stdout
    # the bundled guideline has expired (a warning), and A3 is delayed
    assert "2 saker behöver uppmärksamhet per 2025-06-01" in sv.stderr
    en = runner.invoke(app, [*args, "--lang", "en"], env={"COLUMNS": "200"})
    assert "Delayed (2025-T2)" in en.stdout
    assert "2 items need attention as of 2025-06-01" in en.stderr
    # a change: a second action rated red in the same period
    plan = root / "data/programmes/fittja-2024-2028/plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    first = re.search(r"period: 2025-T2\n(\s+)status: \w+\n\s+rating: (\w+)", text)
    assert first is not None
    start, end = first.span(2)
    plan.write_text(text[:start] + "red" + text[end:], encoding="utf-8")
    sv = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert sv.exit_code == 0, sv.output
    assert "Röd: nås inte (2025-T2)" in sv.stdout and "Fittja" in sv.stdout
    assert "3 saker behöver uppmärksamhet per 2025-06-01" in sv.stderr
    en = runner.invoke(app, [*args, "--lang", "en"], env={"COLUMNS": "200"})
    assert "Red: off track (2025-T2)" in en.stdout
    assert "3 items need attention as of 2025-06-01" in en.stderr
    # and one: the singular form of the same summary
    one = ("{n} item needs attention as of {date}", "{n} items need attention as of {date}")
    assert Translator("sv").plural(one, 1, date="2025-06-01") == (
        "1 sak behöver uppmärksamhet per 2025-06-01"
    )
    assert Translator("en").plural(one, 1, date="2025-06-01") == (
        "1 item needs attention as of 2025-06-01"
    )


def test_an_english_municipality_gets_english_by_default(runner, tmp_path: Path) -> None:
    root = _bundled(tmp_path)
    mun = root / "data" / "municipality.yaml"
    mun.write_text(
        mun.read_text(encoding="utf-8").replace("locale: sv", "locale: en"), encoding="utf-8"
    )
    result = runner.invoke(app, ["allocate", "2025", "-C", str(root), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert "## Allocation 2025" in result.stdout
    assert "Employment rate, ages 20–64 (value → ratio)" in result.stdout
    sv = runner.invoke(app, ["allocate", "2025", "-C", str(root), "-f", "md", "--lang", "sv"])
    assert "## Fördelning 2025" in sv.stdout


def test_a_scenario_is_shown_in_the_municipalitys_language(runner) -> None:
    scenario = ROOT / "examples" / "scenarios" / "botkyrka-2025-barnfattigdom.yaml"
    args = ["allocate", "2025", "-C", str(ROOT), "--scenario", str(scenario), "-f", "md"]
    sv = runner.invoke(app, args)
    assert sv.exit_code == 0, sv.output
    assert "## Fördelning 2025: antagen och scenario" in sv.stdout
    assert "| Alby | 1,5602 | 1,6442 | 342 000 | 365 000 | +23 000 |" in sv.stdout
    assert "Planrepot ändras inte." in sv.stdout
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert "## Allocation 2025: adopted and scenario" in en.stdout
    assert "| Alby | 1.5602 | 1.6442 | 342,000 |" not in en.stdout  # kronor keep their spaces
    assert "| Alby | 1.5602 | 1.6442 | 342 000 | 365 000 | +23 000 |" in en.stdout


def test_board_goals_name_their_board() -> None:
    from omrade.repo.names import Names

    goal = "kultur-och-fritidsnamnden: Biblioteken stödjer lärande (Mål och budget 2025)"
    item = Item("action changed", "A4 Läxhjälp", [FieldChange("serves", "–", goal, "board goals")])
    names = Names(organisations={"kultur-och-fritidsnamnden": ("Kultur- och fritidsnämnden", "")})
    doc = DocChange("data/x.yaml", "plan", "P", "modified", [item])
    text = as_text(DiffResult("main", "HEAD", [doc], names=names), "sv")
    assert "– → Kultur- och fritidsnämnden: Biblioteken stödjer lärande (Mål och budget" in text
    assert "kultur-och-fritidsnamnden" not in text

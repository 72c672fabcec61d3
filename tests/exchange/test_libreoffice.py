"""Every spreadsheet output opened by a real spreadsheet program: LibreOffice, headless.

The files are converted to flat OpenDocument (.fods) and read back as XML: each cell's
type (number or text), value and formula. CSV is opened the way Swedish Excel opens it:
semicolon-separated, UTF-8, Swedish number format (decimal comma), formulas evaluated.
Needs Debian's ``libreoffice-calc-nogui``; the test fails (it does not skip) without it.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest

from omrade.cli import app
from omrade.exchange.sheets import excel_csv
from tests.conftest import FIXTURES, ROOT
from tests.exchange.test_followup import bundled  # noqa: F401 (the fixture)

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
SWEDISH_EXCEL_CSV = (
    "Text - txt - csv (StarCalc):59,34,76,1,,1053,false,true,false,false,false,-1,true"
)
HOSTILE = ["=1+2", "+1+2", "-1+2", "@SUM(1;2)", "\t=1+2", "\r=1+2"]


@dataclass
class Cell:
    type: str  # float, percentage, currency, string, or '' for empty
    value: str  # office:value for numbers
    text: str
    formula: str | None


def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        pytest.fail("LibreOffice is needed: apt-get install libreoffice-calc-nogui")
    return path


def convert(files: list[Path], out: Path, infilter: str | None = None) -> dict[str, Path]:
    out.mkdir(exist_ok=True)
    profile = (out / "profile").as_uri()
    cmd = [soffice(), f"-env:UserInstallation={profile}", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", "fods", "--outdir", str(out), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    converted = {f.name: out / (f.stem + ".fods") for f in files}
    for name, path in converted.items():
        assert path.exists(), f"LibreOffice did not open {name}"
    return converted


def read_fods(path: Path) -> dict[str, list[list[Cell]]]:
    """Sheets → rows → cells, with repeated cells and rows expanded (trailing ones dropped)."""
    root = ET.parse(path).getroot()
    t, o = "{" + NS["table"] + "}", "{" + NS["office"] + "}"
    sheets = {}
    for table in root.iter(t + "table"):
        rows: list[list[Cell]] = []
        for row in table.iter(t + "table-row"):
            cells: list[Cell] = []
            for cell in row:
                if cell.tag not in (t + "table-cell", t + "covered-table-cell"):
                    continue
                text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
                c = Cell(
                    cell.get(o + "value-type", ""),
                    cell.get(o + "value", ""),
                    text,
                    cell.get(t + "formula"),
                )
                repeat = int(cell.get(t + "number-columns-repeated", "1"))
                cells += [c] * min(repeat, 50)
            while cells and not cells[-1].type:
                cells.pop()
            repeat = int(row.get(t + "number-rows-repeated", "1"))
            rows += [cells] * min(repeat, 5)
        while rows and not rows[-1]:
            rows.pop()
        sheets[table.get(t + "name", "")] = rows
    return sheets


def no_formulas(sheets: dict[str, list[list[Cell]]]) -> None:
    found = [(s, c.formula) for s, rows in sheets.items() for r in rows for c in r if c.formula]
    assert found == [], f"cells were run as formulas: {found}"


def hostile_repo(tmp_path: Path) -> Path:
    """The base fixture with text a spreadsheet would run: a district name starting with
    '=', and an action title starting with '@'."""
    root = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "base", root)
    path = root / "data/districts/norr.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Norr", 'name: "=1+2 Norr"'), "utf-8"
    )
    plan = root / "data/programmes/norr-2024-2027/plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("title: Sommarjobb", 'title: "@SUM(1;2) Sommarjobb"'), "utf-8")
    return root


def test_spreadsheets_open_in_libreoffice(runner, tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    # the bundled data: the allocation as a workbook and as CSV for Swedish Excel
    alloc_xlsx = files / "fordelning.xlsx"
    res = runner.invoke(
        app, ["allocate", "2025", "-C", str(ROOT), "--format", "xlsx", "--out", str(alloc_xlsx)]
    )
    assert res.exit_code == 0, res.output
    alloc_csv = files / "fordelning.csv"
    res = runner.invoke(
        app,
        ["allocate", "2025", "-C", str(ROOT), "-f", "csv", "--excel", "--out", str(alloc_csv)],
    )
    assert res.exit_code == 0, res.output
    follow_up = files / "uppfoljning.xlsx"
    res = runner.invoke(
        app, ["export", "follow-up", "2025-T3", "-C", str(ROOT), "--out", str(follow_up)]
    )
    assert res.exit_code == 0, res.output
    # text that a spreadsheet would run as a formula, in every output
    hostile = hostile_repo(tmp_path)
    hostile_xlsx = files / "farlig.xlsx"
    res = runner.invoke(
        app, ["allocate", "-C", str(hostile), "-f", "xlsx", "--out", str(hostile_xlsx)]
    )
    assert res.exit_code == 0, res.output
    hostile_csv = files / "farlig.csv"
    res = runner.invoke(
        app, ["allocate", "-C", str(hostile), "-f", "csv", "--excel", "--out", str(hostile_csv)]
    )
    assert res.exit_code == 0, res.output
    hostile_fu = files / "farlig-uppfoljning.xlsx"
    res = runner.invoke(
        app, ["export", "follow-up", "2025-T2", "-C", str(hostile), "--out", str(hostile_fu)]
    )
    assert res.exit_code == 0, res.output
    cells_csv = files / "celler.csv"
    cells_csv.write_bytes(
        excel_csv(
            ["text", "negativt", "bråk", "stort"],
            [[h, -5, Fraction(1, 3), 1234567] for h in HOSTILE] + [["Åsa Öberg", 0, 0.25, -1]],
        )
    )

    workbooks = convert([alloc_xlsx, follow_up, hostile_xlsx, hostile_fu], tmp_path / "x")
    csvs = convert([alloc_csv, hostile_csv, cells_csv], tmp_path / "c", SWEDISH_EXCEL_CSV)

    # --- the allocation workbook: numbers are numbers, the working on a second sheet
    book = read_fods(workbooks["fordelning.xlsx"])
    no_formulas(book)
    assert list(book) == ["Fördelning", "Underlag"]
    rows = book["Fördelning"]
    head = [c.text for c in rows[2]]
    assert head[:3] == ["Stadsdel", "Id", "Volym"] and head[-1] == "Totalt"
    by_name = {r[0].text: r for r in rows[3:8]}
    assert set(by_name) == {"Alby", "Fittja", "Hallunda-Norsborg", "Tullinge", "Tumba-Grödinge"}
    alby = by_name["Alby"]
    assert (alby[2].type, alby[2].value) == ("float", "14208")
    assert alby[4].type == "percentage" and float(alby[4].value) == pytest.approx(0.2346275)
    assert (alby[7].type, alby[7].value) == ("float", "342000")
    assert alby[7].text.replace("\xa0", " ").endswith("342 000 kr") or alby[7].text.endswith(
        "342,000 kr"
    ), alby[7].text
    total = rows[8]
    assert total[0].text == "Summa" and (total[7].type, total[7].value) == ("float", "1570000")
    working = book["Underlag"]
    values = [r for r in working if r and r[0].text == "Tumba-Grödinge"]
    assert values and values[0][4].type == "float" and values[0][1].text.startswith("Förvärv")

    # --- the allocation as CSV, opened like Swedish Excel: columns, numbers, å ä ö
    sheet = next(iter(read_fods(csvs["fordelning.csv"]).values()))
    no_formulas({"csv": sheet})
    assert [c.text for c in sheet[0]][:3] == [
        "Stadsdel (id)",
        "Stadsdel",
        "Volym",
    ]  # no BOM residue
    assert len(sheet[0]) == 12
    rows_csv = {r[1].text: r for r in sheet[1:]}
    assert "Tumba-Grödinge" in rows_csv
    alby_csv = rows_csv["Alby"]
    assert (alby_csv[3].type, float(alby_csv[3].value)) == ("float", 60.4)  # decimal comma
    assert (alby_csv[-1].type, alby_csv[-1].value) == ("float", "342000")

    # --- the follow-up workbook: lists survive, text intact
    fu = read_fods(workbooks["uppfoljning.xlsx"])
    no_formulas(fu)
    assert "Kultur- och fritidsförvaltninge" in fu
    xml = workbooks["uppfoljning.xlsx"].read_text(encoding="utf-8")
    assert "cell-content-is-in-list(&quot;Ej påbörjad&quot;;&quot;Pågår&quot;" in xml or (
        'cell-content-is-in-list("Ej påbörjad";"Pågår"' in xml
    )

    # sortable and filterable in LibreOffice too: each sheet is protected, has a filter
    # over its heading and rows, and every cell of those rows is unprotected
    check_follow_up_protection(workbooks["uppfoljning.xlsx"], follow_up)

    # --- hostile text: never run, shown as written (XLSX) or with an apostrophe (CSV)
    hx = read_fods(workbooks["farlig.xlsx"])
    no_formulas(hx)
    names = [r[0] for r in hx["Fördelning"][3:5]]
    assert ("string", "=1+2 Norr") in [(c.type, c.text) for c in names]
    hf = read_fods(workbooks["farlig-uppfoljning.xlsx"])
    no_formulas(hf)
    titles = [c.text for rows_ in hf.values() for r in rows_ for c in r]
    assert any(t.startswith("@SUM(1;2) ") for t in titles)
    hc = next(iter(read_fods(csvs["farlig.csv"]).values()))
    no_formulas({"csv": hc})
    assert ("string", "'=1+2 Norr") in [(r[1].type, r[1].text) for r in hc[1:]]
    cells = next(iter(read_fods(csvs["celler.csv"]).values()))
    no_formulas({"csv": cells})
    for row, text in zip(cells[1:], HOSTILE, strict=False):
        assert row[0].type == "string" and row[0].text.startswith("'"), (text, row[0])
        assert (row[1].type, row[1].value) == ("float", "-5")
        assert row[2].type == "float" and float(row[2].value) == pytest.approx(1 / 3)
        assert (row[3].type, row[3].value) == ("float", "1234567")
    last = cells[len(HOSTILE) + 1]
    assert last[0].text == "Åsa Öberg" and (last[2].type, last[2].value) == ("float", "0.25")


def check_follow_up_protection(fods: Path, xlsx: Path) -> None:
    """What LibreOffice made of the follow-up workbook's protection and filters."""
    import openpyxl

    from omrade.exchange.followup import COLUMNS, FILL, FIRST_ROW, HEADER_ROW, META_SHEET

    root = ET.parse(fods).getroot()
    t = "{" + NS["table"] + "}"
    style_ns = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
    unprotected = {
        s.get(style_ns + "name")
        for s in root.iter(style_ns + "style")
        for p in s.iter(style_ns + "table-cell-properties")
        if p.get(style_ns + "cell-protect") == "none"
    }
    ranges = {
        r.get(t + "target-range-address").replace("'", "").replace("&apos;", "")
        for r in root.iter(t + "database-range")
        if r.get(t + "display-filter-buttons") == "true"
    }
    book = openpyxl.load_workbook(xlsx)
    last_col = chr(ord("A") + len(COLUMNS) - 1)
    tables = {tb.get(t + "name"): tb for tb in root.iter(t + "table")}
    sheets = [ws for ws in book.worksheets if ws.title != META_SHEET]
    assert sheets
    for ws in sheets:
        table = tables[ws.title]
        assert table.get(t + "protected") == "true", ws.title
        last = ws.max_row
        assert f"{ws.title}.A{HEADER_ROW}:{ws.title}.{last_col}{last}" in ranges, (ws.title, ranges)
        rows = list(table.iter(t + "table-row"))

        def styles(row: ET.Element) -> list[str | None]:
            cells: list[str | None] = []
            for cell in row:
                repeat = int(cell.get(t + "number-columns-repeated", "1"))
                style = cell.get(t + "style-name") or row.get(t + "default-cell-style-name")
                cells += [style] * min(repeat, 50)
            return cells

        # no repeated rows above the last exported one: each row has its own text. Every
        # cell of the rows under the filter is unprotected (a protected range with a
        # protected cell does not sort), the heading row's cells are protected
        for number in range(FIRST_ROW, last + 1):
            cells = styles(rows[number - 1])
            for col, key in enumerate(COLUMNS):
                assert cells[col] in unprotected, (ws.title, number, key, cells[col])
        heading = styles(rows[HEADER_ROW - 1])
        for col, key in enumerate(COLUMNS):
            assert heading[col] not in unprotected, (ws.title, "heading", key, heading[col])
        assert any(key in FILL for key in COLUMNS)


MACRO = ROOT / "tests" / "tools" / "calc_sort_filter.bas"


def calc_sort_and_filter(
    book: Path, tmp: Path, sort_by: str, filter_sheet: str, filter_by: str, value: str
) -> Path:
    """The workbook sorted (descending by ``sort_by``) on every visible sheet and filtered
    on one (``filter_by`` equal to ``value``) by Calc itself, headless, through the Basic
    macro in tests/tools/calc_sort_filter.bas, then saved by Calc as .xlsx: the path."""
    import os
    import signal
    from xml.sax.saxutils import escape

    from omrade.exchange.followup import COLUMNS, HEADER_ROW

    profile = tmp / "calc-profile"
    url = f"-env:UserInstallation={profile.as_uri()}"

    def calc(*args: str, env: dict[str, str] | None = None) -> None:
        proc = subprocess.Popen(
            [soffice(), url, "--headless", *args],
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # soffice starts soffice.bin: stopped together
        )
        try:
            proc.wait(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail(f"LibreOffice did not finish {args[-1]} in 180 s")

    calc("--terminate_after_init")  # creates the profile, with its Basic library Standard
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.is_file(), "LibreOffice made no profile"
    module.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
        '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
        'script:name="Module1" script:language="StarBasic">'
        + escape(MACRO.read_text(encoding="utf-8"))
        + "</script:module>\n",
        encoding="utf-8",
    )
    out, log = tmp / f"calc-{book.name}", tmp / "calc.log"
    calc(
        "macro:///Standard.Module1.SortAndFilter",
        env={
            "OMRADE_IN": str(book),
            "OMRADE_OUT": str(out),
            "OMRADE_HEADER_ROW": str(HEADER_ROW),
            "OMRADE_COLUMNS": str(len(COLUMNS)),
            "OMRADE_SORT_COLUMN": str(COLUMNS.index(sort_by)),
            "OMRADE_FILTER_SHEET": filter_sheet,
            "OMRADE_FILTER_COLUMN": str(COLUMNS.index(filter_by)),
            "OMRADE_FILTER_VALUE": value,
            "OMRADE_LOG": str(log),
        },
    )
    said = log.read_text(encoding="utf-8") if log.exists() else "(no log)"
    assert said.rstrip().endswith("saved") and "error" not in said, said
    assert f"filtered\t{filter_sheet}" in said, said
    return out


FILTERED = "Kultur- och fritidsförvaltninge"  # the sheet with the most rows, in 2025-T3 too


def _rows(ws) -> list[tuple[str, str, str, bool]]:
    """(district, programme, action, hidden) of each exported row, top to bottom."""
    from omrade.exchange.followup import COLUMNS, FIRST_ROW

    d, p, a = (COLUMNS.index(k) + 1 for k in ("district", "programme", "action"))
    return [
        (
            ws.cell(r, d).value,
            ws.cell(r, p).value,
            ws.cell(r, a).value,
            bool(ws.row_dimensions[r].hidden),
        )
        for r in range(FIRST_ROW, ws.max_row + 1)
    ]


def test_the_follow_up_workbook_sorts_and_filters_in_libreoffice_and_imports(
    runner,
    bundled,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    """A clerk fills the workbook, sorts every sheet by district and filters one in Calc,
    and saves it (as .xlsx): Calc sorted whole rows and hid the filtered ones, the
    protection that allows sorting and filtering, the filter and the unlocked rows are
    still there, and the workbook imports into exactly the lines the plans had."""
    import openpyxl

    from omrade.exchange.followup import COLUMNS, FIRST_ROW, HEADER_ROW, META_SHEET
    from tests.exchange.test_followup import PERIOD, fill, original_entries

    repo, originals = bundled
    root = Path(str(repo.working_tree_dir))
    book = tmp_path / "uppfoljning.xlsx"
    res = runner.invoke(app, ["export", "follow-up", PERIOD, "--out", str(book), "-C", str(root)])
    assert res.exit_code == 0, res.output
    assert fill(book, original_entries()) == 19
    before = {ws.title: _rows(ws) for ws in openpyxl.load_workbook(book).worksheets}
    saved = calc_sort_and_filter(book, tmp_path, "district", FILTERED, "district", "Alby")

    wb = openpyxl.load_workbook(saved)
    assert wb[META_SHEET].sheet_state == "hidden"
    last_col = openpyxl.utils.get_column_letter(len(COLUMNS))
    sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET]
    assert len(sheets) == 7
    moved = 0
    for ws in sheets:
        protection = ws.protection
        assert protection.sheet and protection.deleteRows, ws.title
        assert protection.sort is False and protection.autoFilter is False, ws.title
        last = ws.max_row
        assert ws.auto_filter.ref == f"A{HEADER_ROW}:{last_col}{last}", ws.title
        for r in range(FIRST_ROW, last + 1):
            assert not any(c.protection.locked for c in ws[r][: len(COLUMNS)]), (ws.title, r)
        assert all(c.protection.locked for c in ws[HEADER_ROW][: len(COLUMNS)]), ws.title
        rows = _rows(ws)
        # whole rows moved (each row's district, programme and action still together),
        # into descending order of district
        assert sorted(r[:3] for r in rows) == sorted(r[:3] for r in before[ws.title])
        districts = [r[0].casefold() for r in rows]
        assert districts == sorted(districts, reverse=True), (ws.title, districts)
        moved += [r[:3] for r in rows] != [r[:3] for r in before[ws.title]]
        # the filter hid every row of another district on the filtered sheet, only there
        shown = [r[0] for r in rows if not r[3]]
        assert shown == (["Alby"] if ws.title == FILTERED else [r[0] for r in rows]), ws.title
    assert moved >= 3  # Calc's sort changed the order (the export lists districts A to Z)

    res = runner.invoke(app, ["import", "follow-up", str(saved), "-C", str(root)])
    assert res.exit_code == 0, res.output
    assert "lade till 19 och ersatte 0 uppföljningar" in res.stderr
    for rel, content in originals.items():
        assert (root / rel).read_bytes() == content, rel


def test_calc_refuses_to_sort_a_row_with_a_locked_cell(runner, tmp_path: Path) -> None:
    """Why every cell of the exported rows is unlocked: with one locked cell in the rows,
    Calc leaves a protected sheet unsorted (the check above is a real one)."""
    import openpyxl
    from openpyxl.styles import Protection

    from omrade.exchange.followup import FIRST_ROW, META_SHEET
    from tests.exchange.test_followup import PERIOD

    book = tmp_path / "uppfoljning.xlsx"
    res = runner.invoke(app, ["export", "follow-up", PERIOD, "--out", str(book), "-C", str(ROOT)])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        if ws.title != META_SHEET:
            ws.cell(FIRST_ROW, 1).protection = Protection(locked=True)
    wb.save(book)
    before = {ws.title: _rows(ws) for ws in openpyxl.load_workbook(book).worksheets}
    saved = calc_sort_and_filter(book, tmp_path, "district", FILTERED, "district", "Alby")
    for ws in openpyxl.load_workbook(saved).worksheets:
        if ws.title != META_SHEET:
            assert [r[:3] for r in _rows(ws)] == [r[:3] for r in before[ws.title]], ws.title

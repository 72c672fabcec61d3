"""A follow-up workbook is untrusted input: each break found by an attack on
``omrade import follow-up`` (issue 25), kept as a test.

Each test hands the import a workbook made by the export and then changed the way a
careless clerk or a hostile one would (through openpyxl, or byte by byte in the zip), and
asserts what a user cares about: a message that says what is wrong (exit 1), nothing
written, no traceback, no escape sequence reaching the terminal.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from omrade.cli import app
from omrade.exchange.followup import COLUMNS, FIRST_ROW, MAX_PROBLEMS, META_SHEET
from tests.conftest import ROOT
from tests.exchange.test_followup import committed, snapshot, strip_period

PERIOD = "2025-T3"
COL = {key: COLUMNS.index(key) + 1 for key in COLUMNS}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data in git, the 2025-T3 follow-ups taken out (read, never written)."""
    root = tmp_path_factory.mktemp("boundary") / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    for path in sorted((root / "data/programmes").rglob("plan-*.yaml")):
        path.write_text(strip_period(path.read_text(encoding="utf-8"), PERIOD), "utf-8")
    committed(root)
    return root


@pytest.fixture(scope="module")
def exported(plans: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The workbook for every administration, and the one for kof alone."""
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("books")
    books = {"all": out / "t3.xlsx", "kof": out / "t3-kof.xlsx"}
    runner = CliRunner()
    for who, book in books.items():
        extra = [] if who == "all" else ["--responsible", who]
        result = runner.invoke(
            app, ["export", "follow-up", PERIOD, "--out", str(book), "-C", str(plans), *extra]
        )
        assert result.exit_code == 0, result.output
    return books


def run_import(runner, book: Path, root: Path, *extra: str):
    before = snapshot(root)
    # --dry-run: the repository is shared by the tests of this module, and a refusal is
    # the same with and without it
    args = ["import", "follow-up", str(book), "-C", str(root), "--dry-run", *extra]
    result = runner.invoke(app, args)
    # an exception that escaped the command is what the user sees as exit 3
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert snapshot(root) == before, "the import wrote"
    return result


def said(result) -> str:
    return " ".join(result.stderr.split())


def copy(book: Path, tmp_path: Path, name: str = "book.xlsx") -> Path:
    target = tmp_path / name
    shutil.copy(book, target)
    return target


def edit_cells(book: Path, fill: dict[tuple[str | int, int, str], object]) -> None:
    """Set cells: (sheet title or index, row, column key) → value."""
    wb = openpyxl.load_workbook(book)
    for (sheet, row, key), value in fill.items():
        ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
        ws.cell(row, COL[key] if key in COL else int(key)).value = value
    wb.save(book)


def edit_meta(book: Path, key: str, value: object) -> None:
    wb = openpyxl.load_workbook(book)
    for row in wb[META_SHEET].iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(book)


def meta_rows(book: Path) -> list[dict]:
    wb = openpyxl.load_workbook(book)
    return json.loads(next(r[1].value for r in wb[META_SHEET].iter_rows() if r[0].value == "rows"))


def rezip(book: Path, change) -> None:
    """Rewrite the archive's parts: ``change(parts)`` edits the dict of name → bytes."""
    with zipfile.ZipFile(book) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    change(parts)
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


# --- cells --------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")  # reads the summary in English
def test_a_number_in_a_comment_cell_is_written_as_text(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)
    edit_cells(book, {(0, FIRST_ROW, "status"): "Pågår", (0, FIRST_ROW, "comment"): 5})
    result = run_import(runner, book, plans)
    assert result.exit_code == 0, result.output
    assert "would add 1 " in said(result)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (True, "är sant/falskt"),
        ("#N/A", "innehåller ett felvärde"),
        ("x" * 10_001, "har över 10"),
    ],
)
def test_a_comment_that_is_no_text_is_refused_by_name(
    runner, plans, exported, tmp_path, value, why
):
    book = copy(exported["kof"], tmp_path)
    edit_cells(book, {(0, FIRST_ROW, "status"): "Pågår", (0, FIRST_ROW, "comment"): value})
    result = run_import(runner, book, plans)
    assert result.exit_code == 1, result.output
    assert f"rad {FIRST_ROW}: 'Kommentar {PERIOD}' {why}" in said(result)
    assert "x" * 100 not in result.stderr  # the text is named, not repeated


def test_an_invalid_status_is_named_in_swedish_with_the_glossary_words(
    runner, plans, exported, tmp_path
):
    book = copy(exported["kof"], tmp_path)
    title = openpyxl.load_workbook(book).worksheets[0].title
    edit_cells(book, {(0, FIRST_ROW, "status"): "Klar"})
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert (
        f"blad '{title}', rad {FIRST_ROW}: 'Klar' är inte en giltig status; välj en av: "
        "Ej påbörjad, Pågår, Genomförd, Försenad, Avbruten"
    ) in said(result)


# --- the hidden record ----------------------------------------------------------------------


def _rows_json(book: Path, change) -> None:
    rows = meta_rows(book)
    change(rows)
    edit_meta(book, "rows", json.dumps(rows))


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param(lambda rows: rows[0].update(action=["A4"]), id="list-for-an-id"),
        pytest.param(lambda rows: rows[0].update(sheet=5), id="sheet-number"),
        pytest.param(lambda rows: rows[0].update(year=int("9" * 5000)), id="5000-digits"),
        pytest.param(lambda rows: rows[0].update(row=[[[[]]]]), id="nested"),
        pytest.param(lambda rows: rows.append("[" * 50_000), id="string-not-record"),
    ],
)
def test_a_hidden_record_that_is_not_the_schema_is_refused(
    runner, plans, exported, tmp_path, hostile
):
    import sys

    book = copy(exported["kof"], tmp_path)
    digits = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # so that the test can write 5 000 digits
    try:
        _rows_json(book, hostile)
    finally:
        sys.set_int_max_str_digits(digits)
    edit_cells(book, {(0, FIRST_ROW, "status"): "Pågår"})
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "det dolda bladet 'omrade' har ändrats" in said(result)


def test_a_deeply_nested_hidden_record_is_refused(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)
    edit_meta(book, "rows", "[" * 30_000 + "]" * 30_000)
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "det dolda bladet 'omrade' har ändrats" in said(result)


def test_a_row_the_export_never_made_for_this_administration_is_refused(
    runner, plans, exported, tmp_path
):
    """The workbook was exported for kof; its hidden record is made to claim an action of
    sbf (alby A3), and a row with those ids is filled in: refused and named."""
    book = copy(exported["kof"], tmp_path)
    sheet = openpyxl.load_workbook(book).worksheets[0].title
    rows = meta_rows(book)
    last = max(r["row"] for r in rows) + 1
    claim = {
        "sheet": sheet,
        "row": last,
        "programme": "alby-2024-2028",
        "year": 2025,
        "action": "A3",
        "file": "data/programmes/alby-2024-2028/plan-2025.yaml",
    }
    edit_meta(book, "rows", json.dumps([*rows, claim]))
    edit_cells(
        book,
        {
            (0, last, "programme"): "alby-2024-2028",
            (0, last, "action"): "A3",
            (0, last, "status"): "Avbruten",
        },
    )
    result = run_import(runner, book, plans)
    assert result.exit_code == 1, result.output
    assert f"rad {last}: A3 i alby-2024-2028 är inte en insats som kof följer upp {PERIOD}" in said(
        result
    )


def test_a_row_moved_to_another_administrations_sheet_is_refused(runner, plans, exported, tmp_path):
    book = copy(exported["all"], tmp_path)
    wb = openpyxl.load_workbook(book)
    first, second = wb.worksheets[0], wb.worksheets[1]
    ids = (
        second.cell(FIRST_ROW, COL["programme"]).value,
        second.cell(FIRST_ROW, COL["action"]).value,
    )
    free = first.max_row + 1
    first.cell(free, COL["programme"]).value, first.cell(free, COL["action"]).value = ids
    first.cell(free, COL["status"]).value = "Pågår"
    wb.save(book)
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert (
        f"blad '{first.title}', rad {free}: raden exporterades inte av omrade på det här bladet"
        in said(result)
    )


def test_a_sheet_that_was_not_exported_is_refused(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("Anteckningar").cell(FIRST_ROW, 2).value = "alby-2024-2028"
    wb.save(book)
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "blad 'Anteckningar', rad 5: bladet exporterades inte av omrade" in said(result)


# --- the archive --------------------------------------------------------------------------


def test_an_xml_part_that_does_not_parse_is_refused(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)
    rezip(
        book, lambda p: p.update({"xl/worksheets/sheet1.xml": p["xl/worksheets/sheet1.xml"][:-40]})
    )
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "inte en .xlsx-arbetsbok som kan läsas" in said(result)


def test_a_bad_number_format_id_in_the_styles_is_refused(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)

    def bad_style(parts: dict[str, bytes]) -> None:
        parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(b'numFmtId="0"', b'numFmtId="x"', 1)

    rezip(book, bad_style)
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "inte en .xlsx-arbetsbok som kan läsas" in said(result)


def _append_rows(parts: dict[str, bytes], n: int) -> None:
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    extra = "".join(
        f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(100, 100 + n)
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", extra + "</sheetData>"
    ).encode()


def test_a_sheet_with_appended_rows_is_refused_before_it_is_read(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)
    rezip(book, lambda p: _append_rows(p, 300_000))
    assert book.stat().st_size < 2_000_000  # small on disk, large inside
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "för stor" in said(result) and "10" in said(result)
    assert len(result.stderr.splitlines()) < 5


def test_a_part_that_claims_to_be_huge_is_refused_from_the_zip_directory(
    runner, plans, exported, tmp_path
):
    book = copy(exported["kof"], tmp_path)
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/bomb.bin", b"\0" * (60 * 1024 * 1024))  # compresses to ~60 kB
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "för stor" in said(result)


def test_an_archive_of_many_parts_is_refused(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)
    with zipfile.ZipFile(book, "a") as z:
        for i in range(1_100):
            z.writestr(f"xl/x/{i}.xml", b"")
    result = run_import(runner, book, plans)
    assert result.exit_code == 1 and "delar i arkivet" in said(result)


def test_problems_are_listed_up_to_one_cap(runner, plans, exported, tmp_path):
    book = copy(exported["all"], tmp_path)

    def many_bad_rows(parts: dict[str, bytes]) -> None:
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        extra = "".join(
            f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>p{r}</t></is></c></row>'
            for r in range(100, 400)
        )
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(
            "</sheetData>", extra + "</sheetData>"
        ).encode()

    rezip(book, many_bad_rows)
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    listed = [ln for ln in result.stderr.splitlines() if re.search(r"rad \d+:", ln)]
    assert len(listed) == MAX_PROBLEMS
    assert "och 250 problem till" in said(result)


# --- the terminal -------------------------------------------------------------------------


def test_escape_sequences_from_a_workbook_never_reach_the_terminal(
    runner, plans, exported, tmp_path
):
    book = copy(exported["kof"], tmp_path)
    wb = openpyxl.load_workbook(book)
    title = wb.worksheets[0].title
    wb.close()
    hostile_title = "\u009b2J\u202eRÖD"

    def hostile(parts: dict[str, bytes]) -> None:
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            title.encode(), hostile_title.encode()
        )
        meta = [
            n for n, d in parts.items() if n.startswith("xl/worksheets/") and b"format_version" in d
        ]
        for name in [*meta, "xl/sharedStrings.xml"]:
            if name in parts:
                parts[name] = (
                    parts[name]
                    .replace(
                        json.dumps(title)[1:-1].encode(), json.dumps(hostile_title)[1:-1].encode()
                    )
                    .replace(title.encode(), hostile_title.encode())
                )
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        # a status typed as an escape sequence (Excel's _x001B_ notation for ESC)
        cell = (
            f'<c r="K{FIRST_ROW}" t="inlineStr"><is><t>_x001B_]8;;http://x/_x0007_Klar</t></is></c>'
        )
        sheet = re.sub(
            rf'<c r="K{FIRST_ROW}"[^>]*/>|<c r="K{FIRST_ROW}"[^>]*>.*?</c>', cell, sheet, count=1
        )
        parts["xl/worksheets/sheet1.xml"] = sheet.encode()

    rezip(book, hostile)
    result = run_import(runner, book, plans)
    assert result.exit_code == 1, result.output
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in result.stderr, repr(result.stderr)
    assert "Klar" in result.stderr


def test_a_line_separator_in_a_plan_file_is_named_not_a_failed_edit(runner, tmp_path):
    """U+2028 in a plan file made every later import fail with "the edit … did not produce
    the intended data" (the editor counted lines at LF, the parser at LS too). Now the file
    is refused where it is read: validate names the line, and the import names the plan."""
    root = tmp_path / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    plan = root / "data/programmes/alby-2024-2028/plan-2025.yaml"
    for path in sorted((root / "data/programmes").rglob("plan-*.yaml")):
        path.write_text(strip_period(path.read_text(encoding="utf-8"), PERIOD), "utf-8")
    committed(root)
    book = tmp_path / "t3.xlsx"
    result = runner.invoke(
        app, ["export", "follow-up", PERIOD, "-C", str(root), "--out", str(book)]
    )
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "title:" in ln)
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].rstrip("\n") + "\u2028\n"  # a PR plants it
    plan.write_text("".join(lines), encoding="utf-8")
    checked = runner.invoke(app, ["validate", str(root)])
    assert checked.exit_code == 1
    assert re.search(
        rf"alby-2024-2028/plan-2025.yaml\n\s+{line}:\d+\s+fel\s+OMR018", checked.stdout
    ) or re.search(
        rf"alby-2024-2028/plan-2025.yaml\n\s+{line}:\d+\s+error\s+OMR018", checked.stdout
    ), checked.stdout
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        for r in range(FIRST_ROW, ws.max_row + 1):
            if ws.cell(r, COL["programme"]).value == "alby-2024-2028":
                ws.cell(r, COL["status"]).value = "Pågår"
    wb.save(book)
    result = run_import(runner, book, root)
    assert result.exit_code == 1
    assert "did not produce" not in result.output
    assert "det finns ingen giltig plan alby-2024-2028 2025" in said(result)


def test_a_sheet_stored_under_another_name_is_scanned_too(runner, plans, exported, tmp_path):
    """The workbook's relations may name any part as a sheet: a row of 5 000 cells in a
    part called xl/media/s.bin is counted before openpyxl reads it."""
    book = copy(exported["kof"], tmp_path)

    def hide(parts: dict[str, bytes]) -> None:
        sheet = parts.pop("xl/worksheets/sheet1.xml").decode()
        wide = "".join(f'<c r="{chr(65 + i % 26)}{FIRST_ROW}"/>' for i in range(5_000))
        sheet = sheet.replace("</sheetData>", f'<row r="90">{wide}</row></sheetData>')
        parts["xl/media/s.bin"] = sheet.encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        parts["xl/_rels/workbook.xml.rels"] = (
            rels.replace("/xl/worksheets/sheet1.xml", "/xl/media/s.bin")
            .replace("worksheets/sheet1.xml", "media/s.bin")
            .encode()
        )

    rezip(book, hide)
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "xl/media/s.bin har över 1" in said(result).replace("\xa0", " ")


def test_a_damaged_compressed_part_is_refused(runner, plans, exported, tmp_path):
    """Found by the archive fuzzer: a part whose deflate stream is damaged (the zip
    directory intact) raised zlib's own error, which is not an OSError."""
    book = copy(exported["kof"], tmp_path)
    raw = bytearray(book.read_bytes())
    with zipfile.ZipFile(book) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(8, 40):
        raw[start + i] ^= 0xFF
    book.write_bytes(bytes(raw))
    result = run_import(runner, book, plans)
    assert result.exit_code == 1
    assert "inte en .xlsx-arbetsbok som kan läsas" in said(result)


def test_the_refusals_are_in_english_with_lang_en(runner, plans, exported, tmp_path):
    book = copy(exported["kof"], tmp_path)
    title = openpyxl.load_workbook(book).worksheets[0].title
    edit_cells(book, {(0, FIRST_ROW, "status"): "Klar"})
    result = run_import(runner, book, plans, "--lang", "en")
    assert result.exit_code == 1
    assert f"sheet '{title}', row {FIRST_ROW}: 'Klar' is not a valid status" in said(result)

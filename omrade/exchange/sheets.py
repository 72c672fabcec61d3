"""Spreadsheets that open right: CSV for Swedish Excel, XLSX with numbers as numbers.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
what a spreadsheet runs as a formula ("CSV injection"). Text from the data never becomes
a formula here:

- in CSV, such text gets a leading apostrophe (:func:`neutralise`);
- in XLSX, every text is written as a text cell (never a formula cell), and such text
  also gets Excel's quote-prefix style, so that editing the cell keeps it text. The
  value itself is unchanged, so a workbook can be read back exactly.

Numbers are written as numbers, never as text, so ``-5`` stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from omrade.present.plain import formula_like, spreadsheet_cell

if TYPE_CHECKING:
    from omrade.allocation.compute import Allocation

Cell = str | int | float | Decimal | Fraction | None

KRONOR = '#,##0 "kr"'
RATIO = "0.0000"
PERCENT = "0.00%"
DECIMAL = "0.0##"


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe
    (``omrade.present.plain.spreadsheet_cell``: the one rule, also for ``allocate --format csv``;
    control and bidi characters shown, no workflow command in a CI log)."""
    return str(spreadsheet_cell(text))


def _number_text(value: int | float | Decimal | Fraction, decimal_comma: bool) -> str:
    if isinstance(value, bool):
        raise TypeError("a true/false value is not a number here")
    if isinstance(value, int):
        text = str(value)
    else:
        if isinstance(value, Fraction):
            value = Decimal(value.numerator) / Decimal(value.denominator)
        exact = Decimal(str(value)) if isinstance(value, float) else value
        text = format(exact.quantize(Decimal("1e-10")).normalize(), "f")
    return text.replace(".", ",") if decimal_comma else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, excel: bool) -> str:
    """CSV: plain (comma, decimal point, LF) or for Swedish Excel (semicolon, decimal
    comma, CRLF; the caller adds the byte-order mark). Text is neutralised either way."""
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        cells: list[str] = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, str):
                cells.append(neutralise(value))
            else:
                cells.append(_number_text(value, decimal_comma=excel))
        writer.writerow(cells)
    return out.getvalue()


def allocation_header(
    header: Sequence[str], lang: str, indicator_names: dict[str, str] | None = None
) -> list[str]:
    """``allocation_rows``' column keys as the people reading a spreadsheet call them
    ('need_index' → 'Behovsindex'; 'child-poverty_ratio' → 'Barnfattigdom (kvot)')."""
    from omrade.labels import Messages

    t = Messages(lang)
    names = indicator_names or {}
    words = {
        "district": t("district") + " (id)",
        "name": t("district"),
        "volume": t("volume"),
        "need_index": t("need_index"),
        "share": t("share"),
        "base": t("base"),
        "compensatory": t("compensatory"),
        "total": t("total"),
    }
    out = []
    for key in header:
        if key in words:
            out.append(words[key])
            continue
        ident, _, part = key.rpartition("_")
        said = t("value") if part == "value" else t("ratio") if part == "ratio" else part
        out.append(f"{names.get(ident, ident)} ({said.lower()})")
    return out


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """CSV that Swedish Excel opens into columns: UTF-8 with a byte-order mark."""
    return b"\xef\xbb\xbf" + csv_text(header, rows, excel=True).encode("utf-8")


def put(ws: Any, row: int, column: int, value: Cell, number_format: str | None = None) -> Any:
    """Write one XLSX cell: numbers as numbers, text always as text (never a formula)."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store '=…' as a formula
        if formula_like(value):
            cell.quotePrefix = True
        return cell
    if isinstance(value, Fraction | Decimal):
        value = float(value)
    cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def autosize(ws: Any, widths: dict[int, int] | None = None, cap: int = 60) -> None:
    """Column widths from the longest text in each column (Excel has no auto-fit on open)."""
    from openpyxl.utils import get_column_letter

    longest: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                n = len(str(cell.value)) if not isinstance(cell.value, float) else 12
                longest[cell.column] = max(longest.get(cell.column, 0), n)
    for col, n in longest.items():
        ws.column_dimensions[get_column_letter(col)].width = min(cap, max(8, n + 2))
    for col, n in (widths or {}).items():
        ws.column_dimensions[get_column_letter(col)].width = n


def workbook_bytes(wb: Any) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the allocation ---------------------------------------------------------------------


def allocation_workbook(a: Allocation, indicator_names: dict[str, str], lang: str) -> bytes:
    """The allocation as a workbook: the result on the first sheet, the working on the second."""
    from omrade.exchange import require

    require("openpyxl")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from omrade.labels import Messages

    t = Messages(lang)
    sv = lang == "sv"
    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = t("allocation")
    put(ws, 1, 1, f"{t('allocation')} {a.year}").font = Font(bold=True, size=14)
    head = [
        t("district"),
        "Id",
        t("volume"),
        t("need_index"),
        t("share"),
        t("base"),
        t("compensatory"),
        t("total"),
    ]
    for col, label in enumerate(head, start=1):
        put(ws, 3, col, label).font = bold
    row = 4
    for d in a.districts:
        put(ws, row, 1, d.name)
        put(ws, row, 2, d.district)
        put(ws, row, 3, d.volume, "#,##0")
        put(ws, row, 4, d.need_index, RATIO)
        put(ws, row, 5, d.share, PERCENT)
        put(ws, row, 6, d.base, KRONOR)
        put(ws, row, 7, d.compensatory, KRONOR)
        put(ws, row, 8, d.total, KRONOR)
        row += 1
    put(ws, row, 1, t("sum")).font = bold
    put(ws, row, 5, sum((d.share for d in a.districts), Fraction(0)), PERCENT).font = bold
    put(ws, row, 6, a.base_total, KRONOR).font = bold
    put(ws, row, 7, sum(d.compensatory for d in a.districts), KRONOR).font = bold
    put(ws, row, 8, a.total, KRONOR).font = bold
    ws.freeze_panes = "A4"
    autosize(ws)

    w = wb.create_sheet("Underlag" if sv else "Working")
    put(
        w,
        1,
        1,
        ("Så räknades fördelningen " if sv else "How the allocation was computed ") + str(a.year),
    ).font = Font(bold=True, size=14)
    facts: list[tuple[str, Cell, str | None]] = [
        (t("appropriation"), a.appropriation, KRONOR),
        ("Enhet" if sv else "Unit", a.unit, KRONOR),
        ("Grundanslag totalt" if sv else "Base grants in total", a.base_total, KRONOR),
        ("Att fördela kompensatoriskt" if sv else "Remainder shared", a.remainder, KRONOR),
        (t("volume"), t.enum("volume", a.volume), None),
        ("Dataår" if sv else "Data year", a.data_year, None),
        ("Budgetfil" if sv else "Budget file", a.budget_file, None),
    ]
    if a.transition:
        facts.append(("Övergång från år" if sv else "Transition from", a.transition[0], None))
        facts.append(("Övergångens alfa" if sv else "Transition alpha", a.transition[1], RATIO))
    for i, (label, value, fmt) in enumerate(facts, start=3):
        put(w, i, 1, label).font = bold
        put(w, i, 2, value, fmt)
    start = 4 + len(facts)
    cols = [
        t("district"),
        t("indicator"),
        "Vikt" if sv else "Weight",
        t("year"),
        t("value"),
        "Medelvärde" if sv else "Mean",
        "Behovskvot" if sv else "Need ratio",
        "Källa" if sv else "Source",
    ]
    for col, label in enumerate(cols, start=1):
        put(w, start, col, label).font = bold
    r = start + 1
    for d in a.districts:
        for iw in d.indicators:
            put(w, r, 1, d.name)
            put(w, r, 2, indicator_names.get(iw.indicator, iw.indicator))
            put(w, r, 3, iw.weight, RATIO)
            put(w, r, 4, iw.year)
            put(w, r, 5, iw.value, DECIMAL)
            put(w, r, 6, iw.mean, RATIO)
            put(w, r, 7, iw.ratio, RATIO)
            put(w, r, 8, iw.source)
            r += 1
    r += 1
    share_cols = [
        t("district"),
        "Volymkälla" if sv else "Volume source",
        "Beräknad andel" if sv else "Computed share",
        "Föregående andel" if sv else "Previous share",
        t("share"),
        "Exakt kvot (kr)" if sv else "Exact quota (kr)",
    ]
    for col, label in enumerate(share_cols, start=1):
        put(w, r, col, label).font = bold
    for d in a.districts:
        r += 1
        put(w, r, 1, d.name)
        put(w, r, 2, d.volume_source)
        put(w, r, 3, d.computed_share, PERCENT)
        put(w, r, 4, d.previous_share, PERCENT)
        put(w, r, 5, d.share, PERCENT)
        put(w, r, 6, d.quota, "#,##0.00")
    autosize(w, {1: 24})
    return workbook_bytes(wb)

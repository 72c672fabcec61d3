"""The allocation shown with its working: Rich table, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from omrade.allocation.compute import Allocation, DistrictAllocation
from omrade.i18n import Translator
from omrade.present import markdown as md
from omrade.present import plain
from omrade.present.plain import spreadsheet_cell
from omrade.repo.names import Names

JSON_FORMAT_VERSION = 1


def exact(x: Fraction) -> str:
    """An exact value as text: '3/5', or '12' for a whole number."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def dec(x: Fraction, places: int = 6) -> float:
    return round(float(x), places)


def kr(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def to_dict(a: Allocation) -> dict[str, Any]:
    """The documented JSON structure (docs/allocate.md, "Allocation output")."""
    return {
        "format_version": JSON_FORMAT_VERSION,
        "year": a.year,
        "budget_file": a.budget_file,
        "appropriation": a.appropriation,
        "unit": a.unit,
        "base_total": a.base_total,
        "remainder": a.remainder,
        "volume": a.volume,
        "data_year": a.data_year,
        "weights": [{"indicator": i, "weight": exact(w)} for i, w in a.weights],
        "transition": (
            {"previous": a.transition[0], "alpha": exact(a.transition[1])} if a.transition else None
        ),
        "prioritised": {
            "factor": exact(a.priority_factor) if a.priority_factor is not None else None,
            "base": a.priority_base,
        },
        "districts": [
            {
                "district": d.district,
                "name": d.name,
                "prioritised": d.prioritised,
                "priority_factor": exact(d.priority_factor),
                "volume": d.volume,
                "volume_source": d.volume_source,
                "indicators": [
                    {
                        "indicator": iw.indicator,
                        "year": iw.year,
                        "value": exact(iw.value),
                        "mean": exact(iw.mean),
                        "ratio": exact(iw.ratio),
                        "ratio_decimal": dec(iw.ratio),
                        "weight": exact(iw.weight),
                        "source": iw.source,
                    }
                    for iw in d.indicators
                ],
                "need_index": exact(d.need_index),
                "need_index_decimal": dec(d.need_index),
                "computed_share": exact(d.computed_share),
                "previous_share": exact(d.previous_share) if d.previous_share is not None else None,
                "share": exact(d.share),
                "share_decimal": dec(d.share),
                "quota": exact(d.quota),
                "base": d.base,
                "compensatory": d.compensatory,
                "total": d.total,
            }
            for d in a.districts
        ],
        "total": a.total,
    }


def as_json(a: Allocation) -> str:
    return plain.dumps(to_dict(a))


def _indicator_ids(a: Allocation) -> list[str]:
    return [i for i, _w in a.weights]


def allocation_rows(a: Allocation) -> tuple[list[str], list[list[Any]]]:
    """One row per district with typed values: the columns of ``allocate --format csv``
    and of the spreadsheet outputs."""
    inds = _indicator_ids(a)
    header = [
        "district",
        "name",
        "volume",
        *[f"{i}_{part}" for i in inds for part in ("value", "ratio")],
        "need_index",
        "share",
        "base",
        "compensatory",
        "total",
    ]
    rows: list[list[Any]] = []
    for d in a.districts:
        by = {iw.indicator: iw for iw in d.indicators}
        row: list[Any] = [d.district, d.name, d.volume]
        for i in inds:
            row += [by[i].value, by[i].ratio]
        row += [d.need_index, d.share, d.base, d.compensatory, d.total]
        rows.append(row)
    return header, rows


def as_csv(a: Allocation) -> str:
    """One row per district. Text cells cannot be formulas (``plain.spreadsheet_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header, rows = allocation_rows(a)
    pairs = len(_indicator_ids(a))
    writer.writerow([spreadsheet_cell(h) for h in header])
    for row in rows:
        cells: list[object] = row[:3]
        for k in range(pairs):
            value, ratio = row[3 + 2 * k : 5 + 2 * k]
            cells += [f"{float(value):g}", f"{float(ratio):.6f}"]
        need, share, *money = row[3 + 2 * pairs :]
        cells += [f"{float(need):.6f}", f"{float(share):.6f}", *money]
        writer.writerow([spreadsheet_cell(c) for c in cells])
    return out.getvalue()


def _working(d: DistrictAllocation, inds: list[str], v: Voice) -> list[str]:
    """One district's row as shown in the table and in Markdown."""
    by = {iw.indicator: iw for iw in d.indicators}
    f = v.f
    return [
        v.names.district(d.district, v.lang) if d.district in v.names.districts else d.name,
        kr(d.volume),
        # one precision per kind: a value as written, ratios and the index to two
        # decimals, the share in per cent to two
        *[f"{f.number(by[i].value)} → {f.number(by[i].ratio, 2)}" for i in inds],
        f.number(d.need_index, 2),
        f"{f.number(d.share * 100, 2)}\u00a0%",
        kr(d.base),
        kr(d.compensatory),
        kr(d.total),
    ]


class Voice:
    """The reader's language: messages, number format and the names of ids."""

    def __init__(self, lang: str, names: Names | None):
        from omrade.present.site.fmt import Formatter

        self.lang = lang
        self.t = Translator(lang)
        self.f = Formatter(lang)
        self.names = names or Names()

    def indicator(self, ident: str) -> str:
        return self.names.indicator(ident, self.lang)

    def columns(self) -> list[str]:
        t = self.t
        return [
            t._("Need index"),
            t._("Share"),
            t._("Base grant"),
            t._("Compensatory part"),
            t._("Total"),
        ]


def as_markdown(a: Allocation, lang: str = "sv", names: Names | None = None) -> str:
    """A Markdown table for a pull request or a report; every value through the writer."""
    v = Voice(lang, names)
    t = v.t
    inds = _indicator_ids(a)
    heading = t._("Allocation {year}", year=a.year)
    lines = [f"## {md.text(heading)}", "", *(md.text(x) for x in _preamble(a, v)), ""]
    head = [
        t._("District"),
        t._("Volume"),
        *[t._("{indicator} (value → ratio)", indicator=v.indicator(i)) for i in inds],
        *v.columns(),
    ]
    rows = [[md.text(cell) for cell in _working(d, inds, v)] for d in a.districts]
    total = [md.text(kr(a.base_total)), md.text(kr(a.remainder)), f"**{md.text(kr(a.total))}**"]
    sum_label = t._("Sum")
    rows.append([f"**{md.text(sum_label)}**", "", *["" for _ in inds], "", "100 %", *total])
    lines += md.table(head, "l" + "r" * (len(head) - 1), rows)
    return "\n".join(lines) + "\n"


def _preamble(a: Allocation, v: Voice) -> list[str]:
    t = v.t
    shared = (
        t._("population × need index")
        if a.volume == "population" and a.weights
        else t._("population")
        if a.volume == "population"
        else t._("equal volume × need index")
        if a.weights
        else t._("equal volume")
    )
    lines = [
        t._(
            "Appropriation {appropriation} kr in units of {unit} kr ({file}).",
            appropriation=kr(a.appropriation),
            unit=kr(a.unit),
            file=a.budget_file,
        ),
        t._(
            "Base grants {base} kr; remainder {remainder} kr shared by {shared}.",
            base=kr(a.base_total),
            remainder=kr(a.remainder),
            shared=shared,
        ),
    ]
    if a.weights:
        formula = " + ".join(f"{v.f.number(w)} × r({v.indicator(i)})" for i, w in a.weights)
        lines.append(
            t._("Need index = {formula}, values from {year}.", formula=formula, year=a.data_year)
        )
    if a.priority_factor is not None or a.priority_base is not None:
        parts = []
        if a.priority_base is not None:
            parts.append(t._("a base grant of {amount} kr", amount=kr(a.priority_base)))
        if a.priority_factor is not None:
            parts.append(
                t._(
                    "volume × need multiplied by {factor}",
                    factor=v.f.number(a.priority_factor),
                )
            )
        names = ", ".join(d.name for d in a.districts if d.prioritised) or t._("none")
        lines.append(
            t._(
                "Prioritised districts ({names}): {settings}.",
                names=names,
                settings=t._(" and ").join(parts),
            )
        )
    if a.transition:
        prev, alpha = a.transition
        lines.append(
            t._(
                "Transition: share = {alpha} × computed share + {rest} × the {previous} share.",
                alpha=v.f.number(alpha),
                rest=v.f.number(1 - alpha),
                previous=prev,
            )
        )
    return lines


def as_table(a: Allocation, lang: str = "sv", names: Names | None = None) -> Group:
    v = Voice(lang, names)
    t = v.t
    inds = _indicator_ids(a)
    table = Table(title=t._("Allocation {year}", year=a.year), title_justify="left")
    table.add_column(t._("District"))
    table.add_column(t._("Volume"), justify="right")
    ratio = t._("value → ratio")
    for i in inds:
        table.add_column(Text(f"{plain.line(v.indicator(i))}\n{ratio}"), justify="right")
    for name in v.columns():
        table.add_column(name, justify="right")
    for d in a.districts:
        table.add_row(*(Text(plain.line(cell)) for cell in _working(d, inds, v)))
    table.add_section()
    table.add_row(
        t._("Sum"),
        "",
        *["" for _ in inds],
        "",
        "100 %",
        kr(a.base_total),
        kr(a.remainder),
        kr(a.total),
        style="bold",
    )
    sources = sorted(
        {iw.source for d in a.districts for iw in d.indicators}
        | {d.volume_source for d in a.districts if a.volume == "population"}
    )
    notes = [Text(plain.line(line)) for line in _preamble(a, v)]
    inputs = t._("Inputs: {sources}", sources="; ".join(plain.line(s) for s in sources))
    notes.append(Text(inputs, style="dim"))
    return Group(*notes, table)

"""The allocation shown with its working: Rich table, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from omrade.allocate import Allocation, DistrictAllocation

JSON_FORMAT_VERSION = 1


def exact(x: Fraction) -> str:
    """An exact value as text: '3/5', or '12' for a whole number."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def dec(x: Fraction, places: int = 6) -> float:
    return round(float(x), places)


def kr(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def to_dict(a: Allocation) -> dict[str, Any]:
    """The documented JSON structure (README: 'Allocation JSON')."""
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
    return json.dumps(to_dict(a), ensure_ascii=False, indent=2)


def _indicator_ids(a: Allocation) -> list[str]:
    return [i for i, _w in a.weights]


def as_csv(a: Allocation) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    inds = _indicator_ids(a)
    writer.writerow(
        [
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
    )
    for d in a.districts:
        by = {iw.indicator: iw for iw in d.indicators}
        cells: list[object] = [d.district, d.name, d.volume]
        for i in inds:
            cells += [f"{float(by[i].value):g}", f"{float(by[i].ratio):.6f}"]
        cells += [
            f"{float(d.need_index):.6f}",
            f"{float(d.share):.6f}",
            d.base,
            d.compensatory,
            d.total,
        ]
        writer.writerow(cells)
    return out.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _working(d: DistrictAllocation, inds: list[str]) -> list[str]:
    """One district's row as shown in the table and in Markdown."""
    by = {iw.indicator: iw for iw in d.indicators}
    return [
        d.name,
        kr(d.volume),
        *[f"{float(by[i].value):g} → {float(by[i].ratio):.4f}" for i in inds],
        f"{float(d.need_index):.4f}",
        f"{float(d.share) * 100:.4f} %",
        kr(d.base),
        kr(d.compensatory),
        kr(d.total),
    ]


def as_markdown(a: Allocation) -> str:
    inds = _indicator_ids(a)
    lines = [f"## Allocation {a.year}", "", *_preamble(a), ""]
    head = [
        "District",
        "Volume",
        *[f"{i} (value → ratio)" for i in inds],
        "Need index",
        "Share",
        "Base",
        "Compensatory",
        "Total",
    ]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    for d in a.districts:
        cells = [_md_cell(d.name), *_working(d, inds)[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(
        "| **Sum** | | " + " | " * len(inds) + f" | 100 % | {kr(a.base_total)} | "
        f"{kr(a.remainder)} | **{kr(a.total)}** |"
    )
    return "\n".join(lines) + "\n"


def _preamble(a: Allocation) -> list[str]:
    lines = [
        f"Appropriation {kr(a.appropriation)} kr in units of {kr(a.unit)} kr ({a.budget_file}).",
        f"Base grants {kr(a.base_total)} kr; remainder {kr(a.remainder)} kr shared by "
        + ("population" if a.volume == "population" else "equal volume")
        + (" × need index." if a.weights else "."),
    ]
    if a.weights:
        lines.append(
            "Need index = "
            + " + ".join(f"{float(w):g} × r({i})" for i, w in a.weights)
            + f", values from {a.data_year}."
        )
    if a.priority_factor is not None or a.priority_base is not None:
        parts = []
        if a.priority_base is not None:
            parts.append(f"a base grant of {kr(a.priority_base)} kr")
        if a.priority_factor is not None:
            parts.append(f"volume × need multiplied by {float(a.priority_factor):g}")
        names = ", ".join(d.name for d in a.districts if d.prioritised) or "none"
        lines.append(f"Prioritised districts ({names}): " + " and ".join(parts) + ".")
    if a.transition:
        prev, alpha = a.transition
        lines.append(
            f"Transition: share = {float(alpha):g} × computed share + "
            f"{float(1 - alpha):g} × the {prev} share."
        )
    return lines


def as_table(a: Allocation) -> Group:
    inds = _indicator_ids(a)
    table = Table(title=f"Allocation {a.year}", title_justify="left")
    table.add_column("District")
    table.add_column("Volume", justify="right")
    for i in inds:
        table.add_column(f"{i}\nvalue → ratio", justify="right")
    for name in ("Need index", "Share", "Base", "Compensatory", "Total"):
        table.add_column(name, justify="right")
    for d in a.districts:
        table.add_row(*_working(d, inds))
    table.add_section()
    table.add_row(
        "Sum",
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
    notes = [Text(line) for line in _preamble(a)]
    notes.append(Text("Inputs: " + "; ".join(sources), style="dim"))
    return Group(*notes, table)

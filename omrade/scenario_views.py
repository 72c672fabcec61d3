"""A scenario beside the adopted allocation, district by district: table, JSON, CSV, Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from omrade.allocation_views import JSON_FORMAT_VERSION, dec, exact, kr, to_dict
from omrade.scenario import Comparison


def _signed(amount: int) -> str:
    return ("+" if amount > 0 else "−" if amount < 0 else "±") + kr(abs(amount))


def rows(c: Comparison) -> list[dict[str, Any]]:
    """One row per district in either allocation, in the adopted order."""
    adopted = c.adopted.by_district()
    tried = c.scenario.by_district()
    order = [d.district for d in c.adopted.districts]
    order += [d.district for d in c.scenario.districts if d.district not in adopted]
    out = []
    for ident in order:
        a, s = adopted.get(ident), tried.get(ident)
        out.append(
            {
                "district": ident,
                "name": (a or s).name,  # type: ignore[union-attr]
                "adopted": a.total if a else 0,
                "scenario": s.total if s else 0,
                "difference": (s.total if s else 0) - (a.total if a else 0),
                "adopted_need_index": a.need_index if a else None,
                "scenario_need_index": s.need_index if s else None,
                "adopted_share": a.share if a else None,
                "scenario_share": s.share if s else None,
            }
        )
    return out


def _header(c: Comparison) -> list[str]:
    lines = [f"Scenario: {c.title} ({c.scenario_file}) beside the adopted {c.adopted.year} budget."]
    lines += [f"  {key}: {before} → {after}" for key, before, after in c.changes]
    lines.append("The repository is not changed.")
    return lines


def as_table(c: Comparison) -> Group:
    table = Table(title=f"Allocation {c.adopted.year}: adopted and scenario", title_justify="left")
    for name in ("District", "Need index", "Scenario need", "Adopted", "Scenario", "Difference"):
        table.add_column(name, justify="left" if name == "District" else "right")
    for r in rows(c):
        table.add_row(
            r["name"],
            f"{float(r['adopted_need_index']):.4f}" if r["adopted_need_index"] is not None else "–",
            f"{float(r['scenario_need_index']):.4f}"
            if r["scenario_need_index"] is not None
            else "–",
            kr(r["adopted"]),
            kr(r["scenario"]),
            _signed(r["difference"]),
        )
    table.add_section()
    table.add_row(
        "Sum",
        "",
        "",
        kr(c.adopted.total),
        kr(c.scenario.total),
        _signed(c.scenario.total - c.adopted.total),
        style="bold",
    )
    return Group(*[Text(line) for line in _header(c)], table)


def as_json(c: Comparison) -> str:
    data = {
        "format_version": JSON_FORMAT_VERSION,
        "year": c.adopted.year,
        "scenario_file": c.scenario_file,
        "title": c.title,
        "changes": [{"key": k, "adopted": a, "scenario": s} for k, a, s in c.changes],
        "districts": [
            {
                "district": r["district"],
                "name": r["name"],
                "adopted": r["adopted"],
                "scenario": r["scenario"],
                "difference": r["difference"],
                "adopted_need_index": exact(r["adopted_need_index"])
                if r["adopted_need_index"] is not None
                else None,
                "scenario_need_index": exact(r["scenario_need_index"])
                if r["scenario_need_index"] is not None
                else None,
                "adopted_share_decimal": dec(r["adopted_share"])
                if r["adopted_share"] is not None
                else None,
                "scenario_share_decimal": dec(r["scenario_share"])
                if r["scenario_share"] is not None
                else None,
            }
            for r in rows(c)
        ],
        "adopted": to_dict(c.adopted),
        "scenario": to_dict(c.scenario),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_csv(c: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "district",
            "name",
            "adopted",
            "scenario",
            "difference",
            "adopted_need_index",
            "scenario_need_index",
        ]
    )
    for r in rows(c):
        writer.writerow(
            [
                r["district"],
                r["name"],
                r["adopted"],
                r["scenario"],
                r["difference"],
                f"{float(r['adopted_need_index']):.6f}"
                if r["adopted_need_index"] is not None
                else "",
                f"{float(r['scenario_need_index']):.6f}"
                if r["scenario_need_index"] is not None
                else "",
            ]
        )
    return out.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def as_markdown(c: Comparison) -> str:
    lines = [f"## Allocation {c.adopted.year}: adopted and scenario", ""]
    lines += [_md_cell(line.strip()) + "  " for line in _header(c)]
    lines += [
        "",
        "| District | Need index | Scenario need | Adopted | Scenario | Difference |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows(c):
        need_a = r["adopted_need_index"]
        need_s = r["scenario_need_index"]
        lines.append(
            f"| {_md_cell(r['name'])} | {f'{float(need_a):.4f}' if need_a is not None else '–'} | "
            f"{f'{float(need_s):.4f}' if need_s is not None else '–'} | {kr(r['adopted'])} | "
            f"{kr(r['scenario'])} | {_signed(r['difference'])} |"
        )
    lines.append(
        f"| **Sum** | | | {kr(c.adopted.total)} | {kr(c.scenario.total)} | "
        f"{_signed(c.scenario.total - c.adopted.total)} |"
    )
    return "\n".join(lines) + "\n"

"""A scenario beside the adopted allocation, district by district: table, JSON, CSV, Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from omrade.present import markdown as md
from omrade.present import plain
from omrade.present.allocation import JSON_FORMAT_VERSION, Voice, dec, exact, kr, to_dict
from omrade.repo.names import Names
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


def _header(c: Comparison, v: Voice) -> list[str]:
    t = v.t
    lines = [
        t._(
            "Scenario: {title} ({file}) beside the adopted {year} budget.",
            title=c.title,
            file=c.scenario_file,
            year=c.adopted.year,
        )
    ]
    lines += [f"  {key}: {before} → {after}" for key, before, after in c.changes]
    lines.append(t._("The repository is not changed."))
    return lines


def _columns(v: Voice) -> list[str]:
    t = v.t
    return [
        t._("District"),
        t._("Need index"),
        t._("Scenario need"),
        t._("Adopted"),
        t._("Scenario"),
        t._("Difference"),
    ]


def _need(v: Voice, value: Any) -> str:
    return v.f.number(value, 4) if value is not None else "–"


def _name(v: Voice, r: dict[str, Any]) -> str:
    ident = r["district"]
    return v.names.district(ident, v.lang) if ident in v.names.districts else r["name"]


def as_table(c: Comparison, lang: str = "sv", names: Names | None = None) -> Group:
    v = Voice(lang, names)
    title = v.t._("Allocation {year}: adopted and scenario", year=c.adopted.year)
    table = Table(title=title, title_justify="left")
    for n, name in enumerate(_columns(v)):
        table.add_column(name, justify="left" if n == 0 else "right")
    for r in rows(c):
        table.add_row(
            Text(plain.line(_name(v, r))),
            _need(v, r["adopted_need_index"]),
            _need(v, r["scenario_need_index"]),
            kr(r["adopted"]),
            kr(r["scenario"]),
            _signed(r["difference"]),
        )
    table.add_section()
    table.add_row(
        v.t._("Sum"),
        "",
        "",
        kr(c.adopted.total),
        kr(c.scenario.total),
        _signed(c.scenario.total - c.adopted.total),
        style="bold",
    )
    return Group(*[Text(plain.line(line)) for line in _header(c, v)], table)


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


def as_markdown(c: Comparison, lang: str = "sv", names: Names | None = None) -> str:
    """The comparison for a pull request; every value through the one Markdown writer."""
    v = Voice(lang, names)
    title = v.t._("Allocation {year}: adopted and scenario", year=c.adopted.year)
    lines = [f"## {md.text(title)}", ""]
    lines += [md.text(line) + "  " for line in _header(c, v)]
    rows_md = [
        [
            md.text(_name(v, r)),
            md.text(_need(v, r["adopted_need_index"])),
            md.text(_need(v, r["scenario_need_index"])),
            md.text(kr(r["adopted"])),
            md.text(kr(r["scenario"])),
            md.text(_signed(r["difference"])),
        ]
        for r in rows(c)
    ]
    rows_md.append(
        [
            f"**{md.text(v.t._('Sum'))}**",
            "",
            "",
            md.text(kr(c.adopted.total)),
            md.text(kr(c.scenario.total)),
            md.text(_signed(c.scenario.total - c.adopted.total)),
        ]
    )
    lines += ["", *md.table(_columns(v), "lrrrrr", rows_md)]
    return "\n".join(lines) + "\n"

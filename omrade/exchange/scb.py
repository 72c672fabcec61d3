"""`omrade import scb`: district values from SCB's statistics database (PxWeb API v1).

Each district lists its regional statistics areas (``areas.regso``); an indicator says in
``source.scb`` which table and content codes hold its numerator (a count) and, for a
rate, its denominator. omrade asks for the numbers of every RegSO area with one POST per
measure::

    POST {base}/{table}
    {"query": [{"code": "Region", "selection": {"filter": "item", "values": [...]}},
               {"code": "ContentsCode", "selection": {"filter": "item", "values": [...]}},
               {"code": "Tid", "selection": {"filter": "item", "values": ["2023"]}}, ...],
     "response": {"format": "json"}}

and reads the answer's ``columns`` (``type`` d: dimension, t: time, c: measure) and
``data`` rows (``key``: one code per dimension, in the columns' order; ``values``: one
text per measure, ".." where SCB has no figure). A district's count is the sum over its
areas; a rate is the summed numerator over the summed denominator — never an average of
the areas' rates, which would weigh a small area like a large one.
"""

from __future__ import annotations

import urllib.parse
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from omrade.exchange import ExchangeError, UsageError
from omrade.exchange.stats import Found, Key, decimal_of, request_json
from omrade.model import documents as m

DEFAULT_BASE = "https://api.scb.se/OV0104/v1/doris/sv/ssd"
SERVICE = "SCB"
DEFAULT_DECIMALS = {"percent": 1, "ratio": 3, "count": 0, "sek": 0, "days": 1, "index": 2}
Cell = tuple[str, int, str | None]  # (region, year, sex)


def _sexes(scb: m.ScbSource) -> dict[str, str | None]:
    if scb.sex is None:
        return {}
    return {scb.sex.total: None, scb.sex.female: "female", scb.sex.male: "male"}


def query(
    scb: m.ScbSource, part: m.ScbPart, regions: list[str], years: list[int]
) -> dict[str, Any]:
    """The PxWeb v1 query for one measure."""

    def item(code: str, values: list[str]) -> dict[str, Any]:
        return {"code": code, "selection": {"filter": "item", "values": values}}

    q = [
        item(scb.region, regions),
        item("ContentsCode", [part.contents]),
        item(scb.time, [str(y) for y in years]),
    ]
    for variable, value in part.select.items():
        if scb.sex is not None and variable == scb.sex.variable:
            raise UsageError(
                f"source.scb selects {variable} and imports values by sex; remove "
                f"{variable} from 'select'"
            )
        q.append(item(variable, [value]))
    if scb.sex is not None:
        q.append(item(scb.sex.variable, list(_sexes(scb))))
    return {"query": q, "response": {"format": "json"}}


def fetch_part(
    base: str, scb: m.ScbSource, part: m.ScbPart, regions: list[str], years: list[int]
) -> dict[Cell, Decimal]:
    """One measure for every area, year (and sex): complete, or an ExchangeError."""
    table = part.table or scb.table
    url = f"{base.rstrip('/')}/{urllib.parse.quote(table.strip('/'))}"
    answer = request_json(SERVICE, url, query(scb, part, regions, years))
    if (
        not isinstance(answer, dict)
        or not isinstance(answer.get("columns"), list)
        or not (isinstance(answer.get("data"), list))
    ):
        raise ExchangeError(
            f"{SERVICE}'s answer from {url} has no 'columns' and 'data' (PxWeb JSON); "
            "is the base URL right? Nothing was changed"
        )
    columns = [c for c in answer["columns"] if isinstance(c, dict)]
    dims = [str(c.get("code")) for c in columns if c.get("type", "d") != "c"]
    measures = [str(c.get("code")) for c in columns if c.get("type") == "c"]
    wanted = [scb.region, scb.time] + ([scb.sex.variable] if scb.sex else [])
    for code in wanted:
        if code not in dims:
            raise ExchangeError(
                f"{SERVICE}'s answer from {url} has no variable '{code}' (it has "
                f"{', '.join(dims) or 'none'}); check source.scb; nothing was changed"
            )
    if part.contents not in measures and len(measures) != 1:
        raise ExchangeError(
            f"{SERVICE}'s answer from {url} has no measure '{part.contents}'; nothing was changed"
        )
    mi = measures.index(part.contents) if part.contents in measures else 0
    ri, ti = dims.index(scb.region), dims.index(scb.time)
    si = dims.index(scb.sex.variable) if scb.sex else None
    sexes = _sexes(scb)
    got: dict[Cell, Decimal | None] = {}
    for row in answer["data"]:
        key, values = row.get("key"), row.get("values")
        if not isinstance(key, list) or not isinstance(values, list) or len(key) != len(dims):
            raise ExchangeError(f"{SERVICE}: a row of the answer from {url} is malformed")
        try:
            year = int(key[ti])
        except ValueError:
            raise ExchangeError(
                f"{SERVICE}: '{key[ti]}' is not a year; the table is not yearly"
            ) from None
        sex = sexes.get(key[si]) if si is not None else None
        text = values[mi] if mi < len(values) else None
        missing = text is None or str(text).strip() in ("..", ".", "", "-", "–")
        got[(key[ri], year, sex)] = (
            None if missing else decimal_of(text, f"{SERVICE} {table} {key[ri]} {year}")
        )
    wanted_cells = [
        (r, y, s) for r in regions for y in years for s in (list(sexes.values()) or [None])
    ]
    absent = [c for c in wanted_cells if got.get(c) is None]
    if absent:
        shown = ", ".join(f"{r} {y}" + (f" ({s})" if s else "") for r, y, s in absent[:6]) + (
            f" and {len(absent) - 6} more" if len(absent) > 6 else ""
        )
        raise ExchangeError(
            f"{SERVICE} has no figure for {shown} in {table} ({part.contents}) — a partial "
            "answer: check the RegSO codes in the district files and --years; nothing was "
            "changed"
        )
    return {c: v for c, v in got.items() if v is not None and c in set(wanted_cells)}


def aggregate(
    indicator: m.Indicator,
    scb: m.ScbSource,
    areas: dict[str, list[str]],
    years: list[int],
    numerator: dict[Cell, Decimal],
    denominator: dict[Cell, Decimal] | None,
) -> dict[str, dict[Key, Decimal]]:
    """Per district: counts summed; a rate as Σ numerator / Σ denominator (× 100 for
    percent), rounded once at the end."""
    decimals = scb.decimals if scb.decimals is not None else DEFAULT_DECIMALS[indicator.unit]
    step = Decimal(1).scaleb(-decimals)
    scale = 100 if indicator.unit == "percent" else 1
    sexes = list(_sexes(scb).values()) or [None]
    out: dict[str, dict[Key, Decimal]] = {}
    for district, regions in areas.items():
        values: dict[Key, Decimal] = {}
        for year in years:
            for sex in sexes:
                num = sum((Fraction(numerator[(r, year, sex)]) for r in regions), Fraction(0))
                if denominator is None:
                    exact = num
                else:
                    den = sum((Fraction(denominator[(r, year, sex)]) for r in regions), Fraction(0))
                    if den == 0:
                        raise ExchangeError(
                            f"{indicator.id}: the denominator is zero for {district} in {year}"
                            f"{f' ({sex})' if sex else ''}; nothing was changed"
                        )
                    exact = num / den * scale
                value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
                    step, rounding=ROUND_HALF_UP
                )
                values[(year, sex)] = value.normalize() if decimals == 0 else value
        out[district] = values
    return out


def check_indicator(indicator: m.Indicator) -> m.ScbSource:
    scb = indicator.source.scb
    if scb is None:
        raise UsageError(
            f"indicator '{indicator.id}' has no source.scb (table and content codes); see "
            "the README's 'Official statistics in'"
        )
    if scb.denominator is None and indicator.unit != "count":
        raise UsageError(
            f"indicator '{indicator.id}' is a {indicator.unit}: SCB's per-area figures can "
            "only be combined from counts, so source.scb needs a numerator and a "
            "denominator (rates are never averaged)"
        )
    return scb


def collect(
    indicators: list[m.Indicator],
    areas: dict[str, list[str]],
    years_of: dict[str, list[int]],
    base: str,
) -> list[Found]:
    """Fetch and aggregate every indicator; the first failure stops everything."""
    regions = sorted({r for codes in areas.values() for r in codes})
    out = []
    for ind in indicators:
        scb = check_indicator(ind)
        years = years_of[ind.id]
        num = fetch_part(base, scb, scb.numerator, regions, years)
        den = fetch_part(base, scb, scb.denominator, regions, years) if scb.denominator else None
        tables = sorted(
            {p.table or scb.table for p in (scb.numerator, scb.denominator) if p is not None}
        )
        found = Found(ind.id, f"SCB {', '.join(tables)}")
        for district, values in aggregate(ind, scb, areas, years, num, den).items():
            found.districts[district] = values
            found.district_sources[district] = (
                f"SCB {', '.join(tables)}, RegSO {', '.join(areas[district])}"
            )
        out.append(found)
    return out

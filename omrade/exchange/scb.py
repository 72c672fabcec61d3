"""`omrade import scb`: district values from SCB's statistics database.

Each district lists its regional statistics areas (``areas.regso``); an indicator says in
``source.scb`` which table and content codes hold its numerator (a count) and, for a
rate, its denominator. omrade asks for the numbers of every RegSO area with one request
per measure, in the form of the API version:

- **PxWebApi 2.0** (the default): tables by id (``source.scb.table: TAB1234``), the
  selection as ``valueCodes[variable]`` query parameters, the answer a JSON-stat 2.0
  dataset::

      GET {base}/tables/{id}/data?lang=sv&outputFormat=json-stat2
          &valueCodes[Region]=0127R001,0127R002&valueCodes[ContentsCode]=000006MM
          &valueCodes[Tid]=2023,2024&valueCodes[Kon]=1%2B2,2,1 ...

  read through the dataset's ``id``/``size`` (the dimensions, in row-major order), each
  dimension's ``category.index`` (code → position) and the flat ``value`` array (``null``
  where SCB has no figure, with a ``status`` such as ``..``);
- **PxWeb API v1** (``--api-version 1``, while SCB serves it): tables by path
  (``source.scb.table: AM/AM0210/AM0210D/ArRegDesoStatusN``), one POST per measure::

      POST {base}/{table}
      {"query": [{"code": "Region", "selection": {"filter": "item", "values": [...]}}, ...],
       "response": {"format": "json"}}

  read through the answer's ``columns`` (``type`` d: dimension, t: time, c: measure) and
  ``data`` rows (``key``: one code per dimension, in the columns' order; ``values``: one
  text per measure, ".." where SCB has no figure).

A district's count is the sum over its areas; a rate is the summed numerator over the
summed denominator — never an average of the areas' rates, which would weigh a small area
like a large one.
"""

from __future__ import annotations

import math
import re
import urllib.parse
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from pydantic_core import PydanticCustomError

from omrade.exchange import ExchangeError, UsageError
from omrade.exchange.answers import JsonStatDataset, PxWebV1, figure, parse, problems_text
from omrade.exchange.http import Client, shown
from omrade.exchange.stats import Found, Key, Progress
from omrade.i18n import Translator
from omrade.model import documents as m
from omrade.model.scalars import NUMBER_MAX_DIGITS

VERSIONS = ("2", "1")
DEFAULT_BASE = {
    "2": "https://statistikdatabasen.scb.se/api/v2",
    "1": "https://api.scb.se/OV0104/v1/doris/sv/ssd",
}
SERVICE = "SCB"
DEFAULT_DECIMALS = {"percent": 1, "ratio": 3, "count": 0, "sek": 0, "days": 1, "index": 2}
MISSING = ("..", ".", "", "-", "–")  # SCB's marks for a figure it does not have
LIMIT = 10**NUMBER_MAX_DIGITS
TABLE_ID = re.compile(r"[A-Za-z0-9_]{1,60}")
Cell = tuple[str, int, str | None]  # (region, year, sex)


def _sexes(scb: m.ScbSource) -> dict[str, str | None]:
    if scb.sex is None:
        return {}
    return {scb.sex.total: None, scb.sex.female: "female", scb.sex.male: "male"}


def selection(
    scb: m.ScbSource, part: m.ScbPart, regions: list[str], years: list[int], t: Translator
) -> list[tuple[str, list[str]]]:
    """Variable → value codes for one measure (the same in both API versions)."""
    chosen = [
        (scb.region, list(regions)),
        ("ContentsCode", [part.contents]),
        (scb.time, [str(y) for y in years]),
    ]
    for variable, value in part.select.items():
        if scb.sex is not None and variable == scb.sex.variable:
            raise UsageError(
                t._(
                    "source.scb selects {variable} and imports values by sex; remove "
                    "{variable} from 'select'",
                    variable=variable,
                )
            )
        chosen.append((variable, [value]))
    if scb.sex is not None:
        chosen.append((scb.sex.variable, list(_sexes(scb))))
    return chosen


def query(
    scb: m.ScbSource,
    part: m.ScbPart,
    regions: list[str],
    years: list[int],
    t: Translator | None = None,
) -> dict[str, Any]:
    """The PxWeb v1 query for one measure."""
    chosen = selection(scb, part, regions, years, t or Translator("sv"))
    return {
        "query": [
            {"code": code, "selection": {"filter": "item", "values": values}}
            for code, values in chosen
        ],
        "response": {"format": "json"},
    }


def data_url(base: str, table: str, chosen: list[tuple[str, list[str]]]) -> str:
    """The PxWebApi 2.0 address of one measure: the selection as ``valueCodes[…]``."""

    def code(value: str) -> str:  # a code with a comma in it is written in brackets
        return f"[{value}]" if "," in value else value

    params = [("lang", "sv"), ("outputFormat", "json-stat2")] + [
        (f"valueCodes[{variable}]", ",".join(code(v) for v in values))
        for variable, values in chosen
    ]
    return f"{base.rstrip('/')}/tables/{urllib.parse.quote(table)}/data?" + urllib.parse.urlencode(
        params, safe="[],"
    )


def table_of(scb: m.ScbSource, part: m.ScbPart, version: str, indicator: str, t: Translator) -> str:
    table = (part.table or scb.table).strip()
    if version == "2" and not TABLE_ID.fullmatch(table):
        raise UsageError(
            t._(
                "indicator '{id}': source.scb.table '{table}' is not a table id. "
                "PxWebApi 2.0 names tables by id (like TAB5974; Statistikdatabasen shows it "
                "beside the table): write that id, or import with --api-version 1 while SCB "
                "serves its PxWeb API v1 (which names tables by path)",
                id=indicator,
                table=shown(table, 80),
            )
        )
    return table


def fetch_part(
    client: Client,
    version: str,
    scb: m.ScbSource,
    part: m.ScbPart,
    regions: list[str],
    years: list[int],
    indicator: str = "",
) -> dict[Cell, Decimal]:
    """One measure for every area, year (and sex): complete, or an ExchangeError."""
    t = client.t
    table = table_of(scb, part, version, indicator, t)
    chosen = selection(scb, part, regions, years, t)
    if version == "2":
        url = data_url(client.base, table, chosen)
        data = client.get_json(url)
        dataset = parse(JsonStatDataset, data, t, SERVICE, url, "PxWebApi 2.0, JSON-stat 2.0")
        got = _cells_jsonstat(dataset, scb, part, regions, years, url, t)
    else:
        url = f"{client.base}/{urllib.parse.quote(table.strip('/'))}"
        data = client.get_json(url, query(scb, part, regions, years, t))
        answer = parse(PxWebV1, data, t, SERVICE, url, "PxWeb API v1")
        got = _cells_v1(answer, scb, part, regions, years, url, t)
    sexes = list(_sexes(scb).values()) or [None]
    wanted = [(r, y, s) for r in regions for y in years for s in sexes]
    absent = [c for c in wanted if got.get(c) is None]
    if absent:
        listed = ", ".join(f"{r} {y}" + (f" ({s})" if s else "") for r, y, s in absent[:6])
        if len(absent) > 6:
            listed += t._(" and {n} more", n=len(absent) - 6)
        raise ExchangeError(
            t._(
                "{service} has no figure for {cells} in {table} ({contents}) — a partial "
                "answer: check the RegSO codes in the district files and --years; nothing "
                "was changed",
                service=SERVICE,
                cells=listed,
                table=table,
                contents=part.contents,
            )
        )
    return {c: v for c in wanted if (v := got.get(c)) is not None}


def _malformed(url: str, t: Translator, lines: list[str], form: str) -> ExchangeError:
    return ExchangeError(
        t._(
            "{service}'s answer to {url} is not in the documented form ({form}); is the "
            "base URL right, and --api-version? Nothing was changed",
            service=SERVICE,
            url=shown(url),
            form=form,
        )
        + "\n"
        + problems_text(t, [shown(line) for line in lines])
    )


def _number(text: Any, place: str, problems: list[str], t: Translator) -> Decimal | None:
    try:
        return figure(text)
    except PydanticCustomError as exc:
        what = {
            "omr_not_finite": t._("not a finite number"),
            "omr_too_large": t._("too large a number for a statistic"),
        }.get(exc.type, t._("not a number"))
        problems.append(f"{place}: {what}")
        return None


def _cells_jsonstat(
    ds: JsonStatDataset,
    scb: m.ScbSource,
    part: m.ScbPart,
    regions: list[str],
    years: list[int],
    url: str,
    t: Translator,
) -> dict[Cell, Decimal | None]:
    """The wanted cells of a JSON-stat 2.0 dataset, after checking its shape."""
    form = "PxWebApi 2.0, JSON-stat 2.0"
    problems: list[str] = []
    if len(ds.id) != len(ds.size) or len(set(ds.id)) != len(ds.id):
        problems.append(t._("id and size: one size per dimension, each dimension once"))
    positions: dict[str, dict[str, int]] = {}
    for dim, size in zip(ds.id, ds.size, strict=False):
        spec = ds.dimension.get(dim)
        if spec is None:
            problems.append(t._("dimension.{dim}: missing", dim=dim))
            continue
        pos = spec.category.positions()
        if sorted(pos.values()) != list(range(size)):
            problems.append(
                t._(
                    "dimension.{dim}.category.index: not the positions 0–{last}",
                    dim=shown(dim, 40),
                    last=size - 1,
                )
            )
        positions[dim] = pos
    cells = math.prod(ds.size) if ds.size else 0
    if cells > 1_000_000:
        problems.append(t._("size: more cells than a statistics answer can have"))
    elif isinstance(ds.value, list) and len(ds.value) != cells:
        problems.append(
            t._("value: {got} figures where the sizes make {cells}", got=len(ds.value), cells=cells)
        )
    elif isinstance(ds.value, dict) and any(int(k) >= cells for k in ds.value):
        problems.append(t._("value: a position beyond the dataset's {cells} cells", cells=cells))
    sex = scb.sex.variable if scb.sex else None
    for dim in (scb.region, scb.time, *([sex] if sex else [])):
        if dim not in ds.id:
            problems.append(
                t._(
                    "id: no variable '{dim}' (the dataset has {dims}); check source.scb",
                    dim=dim,
                    dims=", ".join(shown(d, 40) for d in ds.id) or "–",
                )
            )
    fixed: dict[str, int] = {}
    for dim in ds.id:
        if dim in (scb.region, scb.time, sex) or dim not in positions:
            continue
        want = part.contents if dim == "ContentsCode" else part.select.get(dim)
        pos = positions[dim]
        if want is not None and want in pos:
            fixed[dim] = pos[want]
        elif len(pos) == 1:
            fixed[dim] = 0
        else:
            problems.append(
                t._(
                    "dimension.{dim}: {n} values where the query asked for one",
                    dim=shown(dim, 40),
                    n=len(pos),
                )
            )
    if problems:
        raise _malformed(url, t, problems, form)
    strides = [math.prod(ds.size[i + 1 :]) for i in range(len(ds.size))]
    where = {dim: i for i, dim in enumerate(ds.id)}
    sexes = _sexes(scb) or {"": None}
    got: dict[Cell, Decimal | None] = {}
    for r in regions:
        for y in years:
            for sex_code, s in sexes.items():
                codes = {scb.region: r, scb.time: str(y), **({sex: sex_code} if sex else {})}
                index = 0
                for dim, code in codes.items():
                    at = positions[dim].get(code)
                    if at is None:
                        break
                    index += at * strides[where[dim]]
                else:
                    index += sum(p * strides[where[d]] for d, p in fixed.items())
                    values = ds.value
                    got[(r, y, s)] = (
                        values[index] if isinstance(values, list) else values.get(str(index))
                    )
    return got


def _cells_v1(
    answer: PxWebV1,
    scb: m.ScbSource,
    part: m.ScbPart,
    regions: list[str],
    years: list[int],
    url: str,
    t: Translator,
) -> dict[Cell, Decimal | None]:
    """The wanted cells of a PxWeb v1 answer, after checking each row's shape."""
    form = "PxWeb API v1"
    dims = [c.code for c in answer.columns if c.type != "c"]
    measures = [c.code for c in answer.columns if c.type == "c"]
    problems: list[str] = []
    wanted_dims = [scb.region, scb.time] + ([scb.sex.variable] if scb.sex else [])
    for code in wanted_dims:
        if code not in dims:
            problems.append(
                t._(
                    "columns: no variable '{dim}' (the answer has {dims}); check source.scb",
                    dim=code,
                    dims=", ".join(shown(d, 40) for d in dims) or "–",
                )
            )
    if part.contents not in measures and len(measures) != 1:
        problems.append(t._("columns: no measure '{code}'", code=part.contents))
    if problems:
        raise _malformed(url, t, problems, form)
    mi = measures.index(part.contents) if part.contents in measures else 0
    ri, ti = dims.index(scb.region), dims.index(scb.time)
    si = dims.index(scb.sex.variable) if scb.sex else None
    sexes = _sexes(scb)
    wanted_regions, wanted_years = set(regions), {str(y) for y in years}
    got: dict[Cell, Decimal | None] = {}
    for n, row in enumerate(answer.data):
        if len(row.key) != len(dims) or len(row.values) != len(measures):
            problems.append(
                t._(
                    "data[{n}]: {keys} codes and {values} values where the columns make "
                    "{dims} and {measures}",
                    n=n,
                    keys=len(row.key),
                    values=len(row.values),
                    dims=len(dims),
                    measures=len(measures),
                )
            )
            continue
        region, period = row.key[ri], row.key[ti]
        if si is not None and row.key[si] not in sexes:
            continue  # a sex SCB added that was not asked for
        if region not in wanted_regions or period not in wanted_years:
            continue
        text = row.values[mi]
        sex = sexes.get(row.key[si]) if si is not None else None
        if text is None or text.strip() in MISSING:
            got[(region, int(period), sex)] = None
            continue
        got[(region, int(period), sex)] = _number(text, f"data[{n}].values[{mi}]", problems, t)
    if problems:
        raise _malformed(url, t, problems, form)
    return got


def aggregate(
    indicator: m.Indicator,
    scb: m.ScbSource,
    areas: dict[str, list[str]],
    years: list[int],
    numerator: dict[Cell, Decimal],
    denominator: dict[Cell, Decimal] | None,
    t: Translator | None = None,
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
                            (t or Translator("sv"))._(
                                "{id}: the denominator is zero for {district} in {year}; "
                                "nothing was changed",
                                id=indicator.id,
                                district=district,
                                year=f"{year} ({sex})" if sex else year,
                            )
                        )
                    exact = num / den * scale
                if abs(exact) >= LIMIT:
                    raise ExchangeError(
                        (t or Translator("sv"))._(
                            "{id}: the value for {district} in {year} comes out at more "
                            "than {digits} digits, too large for a statistic; check the "
                            "figures SCB gave. Nothing was changed",
                            id=indicator.id,
                            district=district,
                            year=f"{year} ({sex})" if sex else year,
                            digits=NUMBER_MAX_DIGITS,
                        )
                    )
                value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
                    step, rounding=ROUND_HALF_UP
                )
                values[(year, sex)] = value.normalize() if decimals == 0 else value
        out[district] = values
    return out


def check_indicator(indicator: m.Indicator, t: Translator) -> m.ScbSource:
    scb = indicator.source.scb
    if scb is None:
        raise UsageError(
            t._(
                "indicator '{id}' has no source.scb (table and content codes); see the "
                "data reference's 'Official statistics in'",
                id=indicator.id,
            )
        )
    if scb.denominator is None and indicator.unit != "count":
        raise UsageError(
            t._(
                "indicator '{id}' is a {unit}: SCB's per-area figures can only be combined "
                "from counts, so source.scb needs a numerator and a denominator (rates are "
                "never averaged)",
                id=indicator.id,
                unit=indicator.unit,
            )
        )
    return scb


def collect(
    indicators: list[m.Indicator],
    areas: dict[str, list[str]],
    years_of: dict[str, list[int]],
    base: str,
    *,
    version: str = "2",
    t: Translator | None = None,
    progress: Progress | None = None,
) -> list[Found]:
    """Fetch and aggregate every indicator; the first failure stops everything.
    ``progress`` (done, total, indicator) is told before each indicator and when all are
    fetched."""
    t = t or Translator("sv")
    client = Client(SERVICE, base, t)
    regions = sorted({r for codes in areas.values() for r in codes})
    out = []
    for done, ind in enumerate(indicators):
        if progress is not None:
            progress(done, len(indicators), ind.id)
        scb = check_indicator(ind, t)
        years = years_of[ind.id]
        num = fetch_part(client, version, scb, scb.numerator, regions, years, ind.id)
        den = (
            fetch_part(client, version, scb, scb.denominator, regions, years, ind.id)
            if scb.denominator
            else None
        )
        tables = sorted(
            {p.table or scb.table for p in (scb.numerator, scb.denominator) if p is not None}
        )
        found = Found(ind.id, f"SCB {', '.join(tables)}")
        for district, values in aggregate(ind, scb, areas, years, num, den, t).items():
            found.districts[district] = values
            found.district_sources[district] = (
                f"SCB {', '.join(tables)}, RegSO {', '.join(areas[district])}"
            )
        out.append(found)
    if progress is not None:
        progress(len(indicators), len(indicators), "")
    return out

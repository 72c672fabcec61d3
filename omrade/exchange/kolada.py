"""`omrade import kolada`: municipality-wide values from Kolada's open API.

For each indicator whose source is Kolada, the KPI id is read from ``source.ref`` (e.g.
``"N15428 (per skola …)"``) and the municipality's values (its SCB code) are fetched:

- **API v3** (the default; released 2025-04-04): ``GET {base}/data?kpi_id=N15428&
  municipality_id=0127&year=2023,2024``, paged with ``next_url``;
- **API v2** (``--api-version 2``, while Kolada serves it): ``GET {base}/data/kpi/N15428/
  municipality/0127/year/2023,2024``, paged with ``next_page``.

Both answer ``{"values": [{"kpi", "municipality", "period", "values": [{"gender": "T|K|M",
"value", "count", "status"}]}], "count", "next_url"|"next_page"}``; T is the total, K women
and M men. The values go into the ``municipality`` column of the analyses' rows for the
same indicator, year and sex. Page links are followed on the configured server only.
"""

from __future__ import annotations

import re
import urllib.parse
from decimal import Decimal

from omrade.exchange import ExchangeError, UsageError
from omrade.exchange.answers import KoladaRow, KoladaV2, KoladaV3, parse
from omrade.exchange.http import Client, shown
from omrade.exchange.stats import Found, Key, Progress
from omrade.i18n import Translator
from omrade.model import documents as m

VERSIONS = ("3", "2")
DEFAULT_BASE = {"3": "https://api.kolada.se/v3", "2": "https://api.kolada.se/v2"}
SERVICE = "Kolada"
KPI_ID = re.compile(r"\b([A-Z]\d{5})\b")
GENDER: dict[str, str | None] = {"T": None, "K": "female", "M": "male"}
MAX_PAGES = 100


def kpi_of(indicator: m.Indicator, t: Translator) -> str:
    match = KPI_ID.search(indicator.source.ref or "")
    if match is None:
        raise UsageError(
            t._(
                "indicator '{id}': source.ref has no Kolada KPI id (like N15428); write it "
                "first in 'ref', e.g. ref: \"N15428\"",
                id=indicator.id,
            )
        )
    return match.group(1)


def first_url(base: str, version: str, kpi: str, code: str, years: list[int]) -> str:
    """The first page's address in the API version's documented form."""
    span = ",".join(map(str, years))
    if version == "2":
        return (
            f"{base.rstrip('/')}/data/kpi/{urllib.parse.quote(kpi)}/municipality/"
            f"{urllib.parse.quote(code)}/year/{span}"
        )
    query = urllib.parse.urlencode({"kpi_id": kpi, "municipality_id": code, "year": span}, safe=",")
    return f"{base.rstrip('/')}/data?{query}"


def fetch(
    client: Client, version: str, kpi: str, code: str, years: list[int]
) -> dict[Key, Decimal]:
    """Every value (total, women, men) of ``kpi`` for the municipality in ``years``."""
    t = client.t
    url = first_url(client.base, version, kpi, code, years)
    found: dict[Key, Decimal] = {}
    seen: set[str] = set()
    next_url: str | None = url
    while next_url:
        if len(seen) >= MAX_PAGES or next_url in seen:
            raise ExchangeError(
                t._(
                    "{service} kept sending pages for {url}; nothing was changed",
                    service=SERVICE,
                    url=shown(url),
                )
            )
        seen.add(next_url)
        data = client.get_json(next_url)
        link: str | None
        if version == "2":
            v2 = parse(KoladaV2, data, t, SERVICE, next_url, "Kolada API v2")
            rows, link = v2.values, v2.next_page
        else:
            v3 = parse(KoladaV3, data, t, SERVICE, next_url, "Kolada API v3")
            rows, link = v3.values, v3.next_url
        for row in rows:
            _read(row, kpi, code, years, found, t)
        next_url = client.check(link, via=next_url) if link else None
    if not found:
        raise ExchangeError(
            t._(
                "{service} has no values of {kpi} for municipality {code} in {years}: is "
                "'{kpi}' a Kolada KPI id for municipalities (see kolada.se)? Nothing was "
                "changed",
                service=SERVICE,
                kpi=kpi,
                code=code,
                years=_span(years),
            )
        )
    missing = [y for y in years if (y, None) not in found]
    if missing:
        raise ExchangeError(
            t._(
                "{service} has no value of {kpi} for municipality {code} in {years} (a "
                "partial answer: not published yet?). Ask for the other years with "
                "--years; nothing was changed",
                service=SERVICE,
                kpi=kpi,
                code=code,
                years=", ".join(map(str, missing)),
            )
        )
    return found


def _read(
    row: KoladaRow,
    kpi: str,
    code: str,
    years: list[int],
    found: dict[Key, Decimal],
    t: Translator,
) -> None:
    if row.kpi != kpi or row.municipality != code:
        raise ExchangeError(
            t._(
                "{service} answered with {got_kpi} for {got_code}, not {kpi} for {code}; "
                "nothing was changed",
                service=SERVICE,
                got_kpi=shown(row.kpi, 40),
                got_code=shown(row.municipality, 40),
                kpi=kpi,
                code=code,
            )
        )
    if row.period not in years:
        return
    for v in row.values:
        if v.value is not None:  # None: not published for this year or sex
            found[(row.period, GENDER[v.gender])] = v.value


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def collect(
    indicators: list[m.Indicator],
    code: str,
    years_of: dict[str, list[int]],
    base: str,
    *,
    version: str = "3",
    t: Translator | None = None,
    progress: Progress | None = None,
) -> list[Found]:
    """Fetch every indicator's values; the first failure stops everything. ``progress``
    (done, total, indicator) is told before each indicator and when all are fetched."""
    t = t or Translator("sv")
    client = Client(SERVICE, base, t)
    out = []
    for done, ind in enumerate(indicators):
        if progress is not None:
            progress(done, len(indicators), ind.id)
        kpi = kpi_of(ind, t)
        values = fetch(client, version, kpi, code, years_of[ind.id])
        out.append(Found(ind.id, f"Kolada {kpi}", municipality=values))
    if progress is not None:
        progress(len(indicators), len(indicators), "")
    return out

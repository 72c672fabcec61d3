"""`omrade import kolada`: municipality-wide values from Kolada's open API (v2).

For each indicator whose source is Kolada, the KPI id is read from ``source.ref`` (e.g.
``"N15428 (per skola …)"``) and the values for the municipality (its SCB code) are
fetched from ``/data/kpi/{kpi}/municipality/{code}/year/{years}``. Kolada answers
``{"values": [{"kpi", "municipality", "period", "values": [{"gender": "T|K|M",
"value", "count", "status"}]}], "count", "next_page"?}``; T is the total, K women and
M men. The values go into the ``municipality`` column of the analyses' rows for the
same indicator, year and sex.
"""

from __future__ import annotations

import re
import urllib.parse
from decimal import Decimal

from omrade.exchange import ExchangeError, UsageError
from omrade.exchange.stats import Found, Key, decimal_of, request_json
from omrade.model import documents as m

DEFAULT_BASE = "https://api.kolada.se/v2"
SERVICE = "Kolada"
KPI_ID = re.compile(r"\b([A-Z]\d{5})\b")
GENDER: dict[str, str | None] = {"T": None, "K": "female", "M": "male"}
MAX_PAGES = 100


def kpi_of(indicator: m.Indicator) -> str:
    match = KPI_ID.search(indicator.source.ref or "")
    if match is None:
        raise UsageError(
            f"indicator '{indicator.id}': source.ref has no Kolada KPI id (like N15428); "
            "write it first in 'ref', e.g. ref: \"N15428\""
        )
    return match.group(1)


def fetch(base: str, kpi: str, code: str, years: list[int]) -> dict[Key, Decimal]:
    """Every value (total, women, men) of ``kpi`` for the municipality in ``years``."""
    url = (
        f"{base.rstrip('/')}/data/kpi/{urllib.parse.quote(kpi)}/municipality/"
        f"{urllib.parse.quote(code)}/year/{','.join(map(str, years))}"
    )
    found: dict[Key, Decimal] = {}
    pages = 0
    next_url: str | None = url
    while next_url:
        pages += 1
        if pages > MAX_PAGES:
            raise ExchangeError(f"{SERVICE} kept sending pages for {url}; nothing was changed")
        answer = request_json(SERVICE, next_url)
        if not isinstance(answer, dict) or not isinstance(answer.get("values"), list):
            raise ExchangeError(
                f"{SERVICE}'s answer to {next_url} has no 'values' list; is the base URL "
                "right? Nothing was changed"
            )
        for obj in answer["values"]:
            _read(obj, kpi, code, years, found, next_url)
        nxt = answer.get("next_page")
        next_url = nxt if isinstance(nxt, str) and nxt.startswith(("http://", "https://")) else None
    if not found:
        raise ExchangeError(
            f"{SERVICE} has no values of {kpi} for municipality {code} in "
            f"{_span(years)}: is '{kpi}' a Kolada KPI id for municipalities (see kolada.se)? "
            "Nothing was changed"
        )
    missing = [y for y in years if (y, None) not in found]
    if missing:
        raise ExchangeError(
            f"{SERVICE} has no value of {kpi} for municipality {code} in "
            f"{', '.join(map(str, missing))} (a partial answer: not published yet?). "
            "Ask for the other years with --years; nothing was changed"
        )
    return found


def _read(
    obj: object, kpi: str, code: str, years: list[int], found: dict[Key, Decimal], url: str
) -> None:
    if not isinstance(obj, dict):
        raise ExchangeError(f"{SERVICE}'s answer to {url} is not in the documented form")
    if obj.get("kpi") != kpi or str(obj.get("municipality")) != code:
        raise ExchangeError(
            f"{SERVICE} answered with {obj.get('kpi')} for {obj.get('municipality')}, "
            f"not {kpi} for {code}; nothing was changed"
        )
    try:
        year = int(str(obj.get("period")))
    except ValueError:
        raise ExchangeError(f"{SERVICE}: {obj.get('period')!r} is not a year") from None
    if year not in years:
        return
    for v in obj.get("values") or []:
        gender = v.get("gender") if isinstance(v, dict) else None
        if gender not in GENDER:
            raise ExchangeError(f"{SERVICE}: unknown gender {gender!r} in the answer to {url}")
        if v.get("value") is None:  # not published for this year or sex
            continue
        found[(year, GENDER[gender])] = decimal_of(v["value"], f"{SERVICE} {kpi} {year}")


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def collect(
    indicators: list[m.Indicator], code: str, years_of: dict[str, list[int]], base: str
) -> list[Found]:
    """Fetch every indicator's values; the first failure stops everything."""
    out = []
    for ind in indicators:
        kpi = kpi_of(ind)
        years = years_of[ind.id]
        values = fetch(base, kpi, code, years)
        out.append(Found(ind.id, f"Kolada {kpi}", municipality=values))
    return out

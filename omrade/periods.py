"""Follow-up periods: tertials (T1 to 30 April, T2 to 31 August, T3 the year-end),
quarters, half years and years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CYCLE_PREFIX = {"tertial": "T", "quarter": "Q", "half_year": "H", "year": ""}
_END_MONTH = {
    "T": (4, 8, 12),
    "Q": (3, 6, 9, 12),
    "H": (6, 12),
}


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def periods(year: int, cycle: str) -> list[Period]:
    """The follow-up periods of ``year`` in the municipality's cycle, in order."""
    prefix = CYCLE_PREFIX[cycle]
    if not prefix:
        return [Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))]
    out = []
    start = dt.date(year, 1, 1)
    for n, month in enumerate(_END_MONTH[prefix], start=1):
        end = _month_end(year, month)
        out.append(Period(f"{year}-{prefix}{n}", start, end))
        start = end + dt.timedelta(days=1)
    return out


def parse(label: str) -> tuple[int, str]:
    """'2025-T2' → (2025, 'T2'); '2025' → (2025, '')."""
    year, _, part = label.partition("-")
    return int(year), part

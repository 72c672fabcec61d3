"""Follow-up periods: tertials (T1 to 30 April, T2 to 31 August, T3 the year-end),
quarters, half years and years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=4096)  # asked for every follow-up of every action; a Period is frozen
def bounds(label: str) -> Period | None:
    """The period a label names, in any cycle ('2025-T2', '2025-Q3', '2025-H1', '2025')."""
    year, part = parse(label)
    prefix = part[:1]
    cycle = {v: k for k, v in CYCLE_PREFIX.items()}.get(prefix)
    if cycle is None:
        return None
    return next((p for p in periods(year, cycle) if p.label == label), None)


def parse(label: str) -> tuple[int, str]:
    """'2025-T2' → (2025, 'T2'); '2025' → (2025, '')."""
    year, _, part = label.partition("-")
    return int(year), part


def missing_follow_ups(
    reported: Mapping[str, str], start: dt.date | None, end: dt.date | None, ended: list[Period]
) -> list[Period]:
    """The ended periods an action ran in but has no follow-up for.

    ``reported`` maps period label → status. A follow-up saying 'done' or 'cancelled'
    closes the action: nothing is due after it.
    """
    missing = []
    for p in ended:
        if p.label in reported:
            if reported[p.label] in ("done", "cancelled"):
                break
            continue
        if (start is None or start <= p.end) and (end is None or end >= p.start):
            missing.append(p)
    return missing

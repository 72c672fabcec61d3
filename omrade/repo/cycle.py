"""The yearly cycle (årshjul): when plans, budgets, follow-ups and reports are due.

One place answers the date questions of the cycle; the rules (OMR308, OMR316–OMR319) and
``omrade status`` ask it. Every answer depends on the day given (``--as-of``), never on
the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from omrade.model import periods
from omrade.model.documents import Calendar, Deadline, MonthDay
from omrade.repo.repository import Repository


def calendar(repo: Repository) -> Calendar:
    """The municipality's calendar, or the tertial-practice defaults."""
    mun = repo.municipality
    return mun.calendar if mun and mun.calendar else Calendar()


def cycle(repo: Repository) -> str:
    mun = repo.municipality
    return mun.follow_up if mun else "tertial"


def due(period: periods.Period, cal: Calendar) -> dt.date:
    """The last day on which a period's follow-up is on time."""
    return period.end + dt.timedelta(days=cal.follow_up_due_days)


def overdue(period: periods.Period, cal: Calendar, as_of: dt.date) -> bool:
    """The follow-up of ``period`` is late when it is missing as of ``as_of``."""
    return due(period, cal) < as_of


def latest_passed_year(deadline: Deadline, as_of: dt.date) -> int:
    """The latest year whose deadline has passed by ``as_of`` (the day after it, or later)."""
    year = as_of.year + 1
    while deadline.date_for(year) >= as_of:
        year -= 1
    return year


def next_year_due(deadline: Deadline, as_of: dt.date) -> tuple[int, dt.date]:
    """The first year whose deadline is on or after ``as_of``, and that deadline."""
    year = latest_passed_year(deadline, as_of) + 1
    return year, deadline.date_for(year)


def _on_or_after(day: MonthDay, as_of: dt.date) -> dt.date:
    month, dom = (int(x) for x in day.split("-"))
    for year in (as_of.year, as_of.year + 1, as_of.year + 2):
        try:
            when = dt.date(year, month, dom)
        except ValueError:  # 02-29 outside a leap year
            when = dt.date(year, month, 28)
        if when >= as_of:
            return when
    raise AssertionError("unreachable: a day of the year recurs within two years")


@dataclass(frozen=True)
class CalendarDate:
    """One coming date of the cycle: what is due, and by when."""

    date: dt.date
    what: str  # plan | budget | follow_up | steering_group
    subject: str  # the year or the period it concerns ('' for a steering group meeting)


def next_dates(repo: Repository, as_of: dt.date) -> list[CalendarDate]:
    """The next date of each kind in the cycle, on or after ``as_of``, in date order."""
    cal = calendar(repo)
    out: list[CalendarDate] = []
    year, when = next_year_due(cal.plan, as_of)
    out.append(CalendarDate(when, "plan", str(year)))
    year, when = next_year_due(cal.budget, as_of)
    out.append(CalendarDate(when, "budget", str(year)))
    upcoming = [
        p
        for y in (as_of.year - 1, as_of.year, as_of.year + 1)
        for p in periods.periods(y, cycle(repo))
        if due(p, cal) >= as_of
    ]
    follow = min(upcoming, key=lambda p: due(p, cal))
    out.append(CalendarDate(due(follow, cal), "follow_up", follow.label))
    if cal.steering_group:
        meeting = min(_on_or_after(day, as_of) for day in cal.steering_group)
        out.append(CalendarDate(meeting, "steering_group", ""))
    else:
        # by default the steering group hears each period's follow-up when it is due
        out.append(CalendarDate(due(follow, cal), "steering_group", follow.label))
    return sorted(out, key=lambda c: (c.date, c.what))

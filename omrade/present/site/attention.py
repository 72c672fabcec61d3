"""What needs attention and the next dates of the yearly cycle, over a repository.

``omrade status`` shows these lists and the report's overview and district pages show the
same items; neither needs the rest of the report (no allocation, no pages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from omrade.diagnostics import Diagnostic, Outcome, rule_url
from omrade.labels import Messages
from omrade.present.site.fmt import Formatter
from omrade.present.site.lang import text
from omrade.present.site.pages import AttentionItem, CalendarEntry
from omrade.repo import cycle
from omrade.repo.repository import Repository


def attention_items(
    repo: Repository,
    warnings: list[Diagnostic],
    as_of: dt.date,
    lang: str,
    *,
    public: bool = False,
) -> list[AttentionItem]:
    """The warnings, and the actions whose latest follow-up is delayed or red, by
    district name (municipality-wide first) and place.

    ``public``: for residents: no finding of validate, no rule code and no file, only the
    actions that are delayed or off track, said as a resident reads it."""
    look = repo.queries
    t = Messages(lang)
    owner = look.district_of_file

    def district_name(ident: str | None) -> str:
        if not ident:
            return ""
        doc = repo.districts.get(ident)
        return text(doc.model, "name", lang) if doc and doc.model else ident

    items = []
    for d in [] if public else warnings:
        district = owner.get(d.file)
        items.append(
            AttentionItem(
                district,
                district_name(district),
                d.message,
                f"{d.file}:{d.line}",
                d.code,
                rule_url(d.code, lang),
            )
        )
    for doc, plan in repo.valid(repo.plans):
        district = owner.get(doc.file)
        for a in plan.actions:
            latest = look.latest_follow_up(a, as_of)
            if latest is None or (latest.status != "delayed" and latest.rating != "red"):
                continue
            label = (
                t.enum("status", latest.status)
                if latest.status == "delayed"
                else t.enum("rating", latest.rating)
            )
            if public:
                key = "resident_delayed" if latest.status == "delayed" else "resident_off_track"
                what = t(key, action=text(a, "title", lang), period=latest.period)
                items.append(AttentionItem(district, district_name(district), what, "", ""))
                continue
            what = f"{a.id} {text(a, 'title', lang)}: {label} ({latest.period})"
            items.append(AttentionItem(district, district_name(district), what, doc.file, ""))
    return sorted(items, key=lambda i: (i.district_name, i.where))


def calendar_entries(repo: Repository, as_of: dt.date, lang: str) -> list[CalendarEntry]:
    """The next date of each kind in the yearly cycle, as of ``as_of``."""
    t, f = Messages(lang), Formatter(lang)
    out = []
    for c in cycle.next_dates(repo, as_of):
        if c.what == "steering_group":
            what = t("cal_steering_period", period=c.subject) if c.subject else t("cal_steering")
        elif c.what == "follow_up":
            what = t("cal_follow_up", period=c.subject)
        else:
            what = t(f"cal_{c.what}", year=c.subject)
        out.append(CalendarEntry(f.date(c.date), c.date.isoformat(), what))
    return out


@dataclass(frozen=True)
class Attention:
    """``omrade status``: the calendar's next dates and what needs attention as of a day.
    With errors in the repository (or no municipality), the lists are empty."""

    as_of: dt.date
    calendar: list[CalendarEntry]
    items: list[AttentionItem]
    outcome: Outcome


def needs_attention(
    repo: Repository, outcome: Outcome, as_of: dt.date, lang: str = "sv"
) -> Attention:
    """What needs attention as of ``as_of`` in a validated repository (``outcome``: its
    diagnostics)."""
    if outcome.errors or repo.municipality is None:
        return Attention(as_of, [], [], outcome)
    warnings = [d for d in outcome.diagnostics if d.severity == "warning"]
    return Attention(
        as_of,
        calendar_entries(repo, as_of, lang),
        attention_items(repo, warnings, as_of, lang),
        outcome,
    )


def as_dict(item: AttentionItem | CalendarEntry) -> dict[str, Any]:
    """A list entry as a plain mapping (field name → value)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}

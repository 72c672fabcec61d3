"""The report's view model: everything the templates show, built once from the Repository.

Values arrive formatted for the language; templates only lay them out. Personal data
is filtered here, so no template can leak it in public mode.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from omrade import installed_version
from omrade.allocation.compute import Allocation
from omrade.diagnostics import Diagnostic
from omrade.model import documents as m
from omrade.model import periods
from omrade.present import plain
from omrade.present.site.charts import (
    DISTRICT,
    MUNICIPALITY,
    bar_chart,
    district_summary,
    line_chart,
)
from omrade.present.site.fmt import Formatter
from omrade.present.site.messages import SYMBOLS, Messages
from omrade.repo import cycle
from omrade.repo.git import Provenance
from omrade.repo.repository import Doc, Repository

STATUS_ORDER = ["done", "ongoing", "not_started", "delayed", "cancelled", "missing"]
RATING_ORDER = ["green", "yellow", "red", "not_assessed"]


@dataclass
class Options:
    as_of: dt.date
    lang: str = "sv"
    public: bool = False


@dataclass
class Site:
    """What the templates render: shared context and one entry per page."""

    context: dict[str, Any]
    pages: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # path, template


# The language the data's plain text fields are written in: the municipality's locale.
DATA_LANG: ContextVar[str] = ContextVar("DATA_LANG", default="sv")


class Foreign(str):
    """Data text in another language than the page's (WCAG 3.1.2, Language of Parts).

    Jinja's autoescape, ``~`` and ``join`` and Markup's ``format`` call ``__html__``, so the
    text reaches the HTML page in an element with its own ``lang``; ``str()`` of it (what
    the Markdown writer and the SVG text use) is the plain text.
    """

    lang: str

    def __new__(cls, value: str, lang: str) -> Foreign:
        obj = super().__new__(cls, value)
        obj.lang = lang
        return obj

    def __html__(self) -> Markup:
        return Markup('<span lang="{}">{}</span>').format(self.lang, plain.visible(str(self)))


class Mixed(str):
    """Text joined from pieces of which some are Foreign: ``str()`` is the plain text (for
    Markdown), ``__html__`` keeps each Foreign piece in its own ``lang``."""

    html: Markup

    def __new__(cls, *parts: str) -> Mixed:
        obj = super().__new__(cls, "".join(str(p) for p in parts))
        obj.html = Markup("").join(
            p.__html__() if isinstance(p, Foreign) else plain.visible(str(p)) for p in parts
        )
        return obj

    def __html__(self) -> Markup:
        return self.html


def in_data_lang(value: str, lang: str) -> str:
    """Data text for a page in ``lang``: marked Foreign when the data is in another."""
    source = DATA_LANG.get()
    return Foreign(value, source) if value and source != lang else value


def text(model: Any, name: str, lang: str) -> str:
    """A text field in the report's language: the ``_en`` twin when English and present,
    else the field itself, marked with its language when that is not the page's."""
    if lang == "en":
        twin = getattr(model, f"{name}_en", None)
        if twin:
            return str(twin)
    value = getattr(model, name, None)
    return "" if value is None else in_data_lang(str(value), lang)


class Builder:
    def __init__(
        self,
        repo: Repository,
        diagnostics: list[Diagnostic],
        opts: Options,
        prov: Provenance,
        allocations: dict[int, Allocation] | None = None,
    ):
        self.repo = repo
        self.diagnostics = diagnostics
        self.opts = opts
        self.prov = prov
        self.t = Messages(opts.lang)
        self.f = Formatter(opts.lang)
        mun = repo.municipality
        assert mun is not None  # an invalid repository is refused before this
        self.mun = mun
        self.cycle = mun.follow_up
        if allocations is None:  # the run's, when the caller has none (omrade.run)
            from omrade.run import Run

            allocations = Run(repo, opts.as_of).allocations()
        self.allocations = allocations

    # --- names --------------------------------------------------------------------------

    def org(self, ident: str) -> str:
        o = self.repo.organisations.get(ident)
        if o:
            return text(o, "name", self.opts.lang)
        b = self.repo.bodies.get(ident)
        return text(b, "name", self.opts.lang) if b else ident

    def district_name(self, ident: str) -> str:
        doc = self.repo.districts.get(ident)
        return text(doc.model, "name", self.opts.lang) if doc and doc.model else ident

    def status_label(self, status: str) -> dict[str, str]:
        return {
            "key": status,
            "symbol": SYMBOLS.get(status, ""),
            "label": self.t.enum("status", status),
        }

    def rating_label(self, rating: str) -> dict[str, str]:
        return {
            "key": rating,
            "symbol": SYMBOLS.get(rating, ""),
            "label": self.t.enum("rating", rating),
        }

    # --- selection ----------------------------------------------------------------------

    def current_programme(self, district: str) -> m.Programme | None:
        return self.repo.queries.current_programme(district, self.opts.as_of)

    def plan_for(self, programme: m.Programme) -> m.Plan | None:
        return self.repo.queries.plan_for(programme.id, self.opts.as_of)

    def latest_analysis(self, district: str) -> m.Analysis | None:
        return self.repo.queries.latest_analysis(district)

    def budget_year(self) -> int | None:
        years = sorted(self.allocations)
        now = [y for y in years if y <= self.opts.as_of.year]
        pool = now or years
        return pool[-1] if pool else None

    # --- actions and follow-up ---------------------------------------------------------

    def latest_follow_up(self, action: m.Action) -> m.FollowUp | None:
        """The newest follow-up of a period that had started by --as-of."""
        return self.repo.queries.latest_follow_up(action, self.opts.as_of)

    def action_row(self, action: m.Action) -> dict[str, Any]:
        latest = self.latest_follow_up(action)
        return {
            "id": action.id,
            "title": text(action, "title", self.opts.lang),
            "main_task": action.main_task,
            "responsible": self.org(action.responsible),
            "partners": [self.org(p) for p in action.partners],
            "type": self.t.enum("type", action.type),
            "type_key": action.type,
            "funding": [
                f"{self.t.enum('source', f.source)}: {self.f.money(f.amount)}"
                for f in action.funding
            ],
            "status": self.status_label(latest.status if latest else "not_started"),
            "rating": self.rating_label(latest.rating if latest else "not_assessed"),
            "trend": self.t.enum("trend", latest.trend if latest else "not_assessable"),
            "period": latest.period if latest else "",
            "comment": text(latest, "comment", self.opts.lang) if latest else "",
            "start": self.f.date(action.start),
            "end": self.f.date(action.end),
            "answers": self.answered_themes(action),
            "serves": [
                {
                    "body": self.org(goal.body),
                    "ref": in_data_lang(goal.ref or "", self.opts.lang),
                    "text": text(goal, "text", self.opts.lang),
                }
                for goal in action.serves
            ],
        }

    def answered_themes(self, action: m.Action) -> list[dict[str, str]]:
        """The dialogue themes an action answers: what residents said, and where to read it."""
        ddoc = self.repo.dialogues.get(action.dialogue) if action.dialogue else None
        if ddoc is None or ddoc.model is None:
            return []
        themes = {theme.id: theme for theme in ddoc.model.themes}
        return [
            {
                "dialogue": ddoc.model.id,
                "dialogue_title": text(ddoc.model, "title", self.opts.lang),
                "theme": ident,
                "said": text(themes[ident], "said", self.opts.lang),
            }
            for ident in action.answers
            if ident in themes
        ]

    def calendar(self) -> list[dict[str, str]]:
        """The next date of each kind in the yearly cycle, as of --as-of."""
        out = []
        for c in cycle.next_dates(self.repo, self.opts.as_of):
            if c.what == "steering_group":
                what = (
                    self.t("cal_steering_period", period=c.subject)
                    if c.subject
                    else self.t("cal_steering")
                )
            elif c.what == "follow_up":
                what = self.t("cal_follow_up", period=c.subject)
            else:
                what = self.t(f"cal_{c.what}", year=c.subject)
            out.append({"date": self.f.date(c.date), "iso": c.date.isoformat(), "what": what})
        return out

    def notes(self, docs: list[tuple[str, Any]]) -> list[dict[str, str]]:
        """What is illustrative in the documents a page shows: (label, model) → notes."""
        return [
            {"what": label, "note": in_data_lang(str(model.illustrative), self.opts.lang)}
            for label, model in docs
            if model is not None and getattr(model, "illustrative", None)
        ]

    def progress(self, plan: m.Plan | None) -> dict[str, Any]:
        if plan is None:
            return {"total": 0, "status": [], "rating": []}
        statuses: Counter[str] = Counter()
        ratings: Counter[str] = Counter()
        for a in plan.actions:
            latest = self.latest_follow_up(a)
            statuses[latest.status if latest else "not_started"] += 1
            ratings[latest.rating if latest else "not_assessed"] += 1
        return {
            "total": len(plan.actions),
            "year": plan.year,
            "status": [
                {**self.status_label(s), "count": statuses[s]} for s in STATUS_ORDER if statuses[s]
            ],
            "rating": [
                {**self.rating_label(r), "count": ratings[r]} for r in RATING_ORDER if ratings[r]
            ],
        }

    # --- attention ----------------------------------------------------------------------

    def district_of_file(self) -> dict[str, str]:
        return self.repo.queries.district_of_file

    def attention(self) -> list[dict[str, Any]]:
        owner = self.district_of_file()
        items = []
        for d in self.diagnostics:
            district = owner.get(d.file)
            items.append(
                {
                    "district": district,
                    "district_name": self.district_name(district) if district else "",
                    "what": d.message,
                    "where": f"{d.file}:{d.line}",
                    "code": d.code,
                }
            )
        for doc, plan in self.repo.valid(self.repo.plans):
            district = owner.get(doc.file)
            for a in plan.actions:
                latest = self.latest_follow_up(a)
                if latest and (latest.status == "delayed" or latest.rating == "red"):
                    label = (
                        self.t.enum("status", latest.status)
                        if latest.status == "delayed"
                        else self.t.enum("rating", latest.rating)
                    )
                    items.append(
                        {
                            "district": district,
                            "district_name": self.district_name(district) if district else "",
                            "what": f"{a.id} {text(a, 'title', self.opts.lang)}: {label} "
                            f"({latest.period})",
                            "where": doc.file,
                            "code": "",
                        }
                    )
        return sorted(items, key=lambda i: (i["district_name"], i["where"]))


# --- pages ---------------------------------------------------------------------------------


def build_site(
    repo: Repository,
    diagnostics: list[Diagnostic],
    opts: Options,
    prov: Provenance,
    allocations: dict[int, Allocation] | None = None,
) -> Site:
    b = Builder(repo, diagnostics, opts, prov, allocations)
    DATA_LANG.set(b.mun.locale)
    t, f, lang = b.t, b.f, opts.lang
    districts = sorted(
        (model for _d, model in repo.valid(repo.districts)), key=lambda d: text(d, "name", lang)
    )
    budget_year = b.budget_year()
    alloc = b.allocations.get(budget_year) if budget_year else None
    by_alloc = alloc.by_district() if alloc else {}
    period_labels = _follow_up_periods(b)
    context = {
        "t": t,
        "lang": lang,
        "site": _site_settings(b),
        "municipality": text(b.mun, "name", lang),
        "as_of": f.date(opts.as_of),
        "public": opts.public,
        "version": installed_version(),
        "nav_districts": [{"id": d.id, "name": text(d, "name", lang)} for d in districts],
        "nav_periods": period_labels,
        "nav_allocations": sorted(b.allocations),
    }
    site = Site(context)

    # overview
    rows = []
    for d in districts:
        prog = b.current_programme(d.id)
        plan = b.plan_for(prog) if prog else None
        row = by_alloc.get(d.id)
        rows.append(
            {
                "id": d.id,
                "name": text(d, "name", lang),
                "population": f.number(d.population.value),
                "population_year": d.population.year,
                "need_index": f.number(row.need_index, 2) if row else "–",
                "allocated": f.money(row.total) if row else "–",
                "progress": b.progress(plan),
                "prioritised": d.prioritised,
            }
        )
    attention = b.attention()
    for r in rows:
        _glance(b, r, [a for a in attention if a["district"] == r["id"]], by_alloc.get(r["id"]))
    dialogues = sorted(
        (dl for _d, dl in repo.valid(repo.dialogues)), key=lambda dl: text(dl, "title", lang)
    )
    site.pages.append(
        (
            "index",
            "overview",
            {
                "title": t("overview"),
                "rows": rows,
                "any_prioritised": any(r["prioritised"] for r in rows),
                "attention": attention,
                "budget_year": budget_year,
                "calendar": b.calendar(),
                "guidelines": _guidelines(b),
                "dialogues": [{"id": dl.id, "title": text(dl, "title", lang)} for dl in dialogues],
                "no_allocation": ""
                if budget_year
                else t("no_allocation" if repo.budgets else "no_budget"),
            },
        )
    )

    # districts
    for d in districts:
        site.pages.append((f"districts/{d.id}", "district", _district_page(b, d, attention)))

    # one "Ni sa – vi gjorde" page per dialogue
    for dl in dialogues:
        site.pages.append((f"dialogues/{dl.id}", "dialogue", _dialogue_page(b, dl)))

    # follow-up periods
    for label in period_labels:
        site.pages.append((f"follow-up/{label}", "follow_up", _follow_up_page(b, label)))

    # allocations
    for year, allocation in sorted(b.allocations.items()):
        site.pages.append((f"allocation/{year}", "allocation", _allocation_page(b, allocation)))

    site.pages.append(("accessibility", "accessibility", {"title": t("accessibility")}))
    site.pages.append(("about", "about", _about_page(b)))
    return site


def _glance(b: Builder, row: dict[str, Any], attention: list[Any], alloc: Any) -> None:
    """The overview's picture of one district: the plan's statuses and ratings as stacked
    bars, the need index against the municipality's 1, and what needs attention."""
    t, f = b.t, b.f
    progress = row["progress"]
    bars = []
    words = []
    for kind in ("status", "rating"):
        segments = [(i["key"], i["count"], i["symbol"]) for i in progress[kind]]
        if segments:
            bars.append((t(kind), segments))
            words.append(
                f"{t(kind)}: " + ", ".join(f"{i['label']} {i['count']}" for i in progress[kind])
            )
    need = None
    if alloc is not None:
        need_text = f.number(alloc.need_index, 2)
        need = (t("need_short"), float(alloc.need_index), need_text, t("municipality_one"))
        words.append(f"{t('need_index')} {need_text} ({t('municipality_one')})")
    row["glance"] = (
        district_summary(
            f"glance-{row['id']}",
            t("glance_of", name=row["name"]),
            "; ".join(words) or t("no_plan"),
            bars,
            need,
        )
        if bars or need
        else None
    )
    n = len(attention)
    row["attention_count"] = n
    row["attention_text"] = t("attention_one") if n == 1 else t("attention_many", n=n) if n else ""


def _district_page(b: Builder, d: m.District, attention: list[dict[str, Any]]) -> dict[str, Any]:
    t, f, lang, repo = b.t, b.f, b.opts.lang, b.repo
    catalogue = repo.indicators
    page: dict[str, Any] = {
        "title": text(d, "name", lang),
        "id": d.id,
        "population": f.number(d.population.value),
        "population_year": d.population.year,
        "description": text(d, "description", lang),
    }
    page["attention"] = [a for a in attention if a["district"] == d.id]
    # every part is optional in a valid repository: None means "not yet", and the
    # templates say so in words
    page["analysis"] = page["programme"] = page["plan"] = None

    def sex_values(values: list[Any], unit: str) -> str:
        """' (kvinnor 59,0 %, män 63,1 %)' where the analysis has values by sex."""
        if not values:
            return ""
        words = {"female": ("kvinnor", "women"), "male": ("män", "men")}
        parts = [
            f"{words[v.sex][0 if lang == 'sv' else 1]} {f.value(v.value, unit)}"
            for v in sorted(values, key=lambda v: v.sex)
        ]
        return " (" + ", ".join(parts) + ")"

    prog = b.current_programme(d.id)
    plan = b.plan_for(prog) if prog else None
    # the programme's goal per indicator: the chart draws its target
    targets: dict[str, Any] = {}
    for task in prog.main_tasks if prog else []:
        for g in task.goals:
            if g.indicator and g.target and g.indicator not in targets:
                targets[g.indicator] = g.target

    analysis = b.latest_analysis(d.id)
    latest_value: dict[str, tuple[int, Any]] = {}
    if analysis:
        series: dict[str, dict[int, Any]] = defaultdict(dict)
        by_sex: dict[tuple[str, int], list[Any]] = defaultdict(list)
        for v in analysis.values:
            if v.sex is not None:  # shown beside the total, not as a series of its own
                by_sex[(v.indicator, v.year)].append(v)
                continue
            series[v.indicator][v.year] = v
            if v.indicator not in latest_value or v.year > latest_value[v.indicator][0]:
                latest_value[v.indicator] = (v.year, v.value)
        indicators = []
        for ident, per_year in series.items():
            ind = catalogue.get(ident)
            if ind is None:
                continue
            years = sorted(per_year)
            name = text(ind, "name", lang)
            rows = [
                {
                    "year": y,
                    "value": f.value(per_year[y].value, ind.unit)
                    + ("*" if per_year[y].illustrative else "")
                    + sex_values(by_sex.get((ident, y), []), ind.unit),
                    "municipality": f.value(per_year[y].municipality, ind.unit)
                    if per_year[y].municipality is not None
                    else "–",
                }
                for y in years
            ]
            desc = "; ".join(
                f"{r['year']}: {text(d, 'name', lang)} {r['value']}, "
                f"{t('municipality')} {r['municipality']}"
                for r in rows
            )
            goal = targets.get(ident)
            if goal is not None:
                desc += f"; {t('chart_target', year=goal.year)}: {f.value(goal.value, ind.unit)}"
            chart = line_chart(
                f"chart-{ident}",
                t("chart_of", name=name),
                desc,
                years,
                [
                    (
                        text(d, "name", lang),
                        [float(per_year[y].value) for y in years],
                        DISTRICT,
                        False,
                    ),
                    (
                        t("municipality"),
                        [
                            float(per_year[y].municipality)
                            if per_year[y].municipality is not None
                            else None
                            for y in years
                        ],
                        MUNICIPALITY,
                        True,
                    ),
                ],
                axis_label=t.enum("unit", ind.unit),
                tick=functools.partial(_tick, f, ind.unit),
                target=(float(goal.value), t("chart_target", year=goal.year))
                if goal is not None
                else None,
            )
            indicators.append(
                {
                    "id": ident,
                    "name": name,
                    "title": t("chart_of", name=name),
                    "rows": rows,
                    "chart": chart,
                    "illustrative": any(per_year[y].illustrative for y in years),
                }
            )
        page["analysis"] = {
            "year": analysis.year,
            "updated": f.date(analysis.updated),
            "summary": text(analysis, "summary", lang),
            "indicators": indicators,
            "illustrative": any(i["illustrative"] for i in indicators),
            "dimensions": [
                {
                    "name": t.enum("dimension", k),
                    "assessment": text(v, "assessment", lang),
                    "strengths": [in_data_lang(x, lang) for x in v.strengths],
                    "challenges": [in_data_lang(x, lang) for x in v.challenges],
                }
                for k, v in analysis.dimensions.items()
            ],
            "needs": [in_data_lang(x, lang) for x in analysis.needs],
            "resources": [in_data_lang(x, lang) for x in analysis.resources],
            "recommendations": [
                {"to": b.org(r.to), "text": text(r, "text", lang)} for r in analysis.recommendations
            ],
        }

    if prog:
        tasks = []
        for task in prog.main_tasks:
            goals = []
            for g in task.goals:
                ind = catalogue.get(g.indicator) if g.indicator else None
                unit = ind.unit if ind else "count"
                latest = latest_value.get(g.indicator or "")
                goals.append(
                    {
                        "id": g.id,
                        "text": text(g, "text", lang),
                        "indicator": text(ind, "name", lang) if ind else "",
                        "baseline": f"{f.value(g.baseline.value, unit)} ({g.baseline.year})"
                        if g.baseline
                        else "–",
                        "latest": f"{f.value(latest[1], unit)} ({latest[0]})" if latest else "–",
                        "target": f"{f.value(g.target.value, unit)} ({g.target.year})"
                        if g.target
                        else "–",
                    }
                )
            actions = (
                [b.action_row(a) for a in plan.actions if a.main_task == task.id] if plan else []
            )
            tasks.append(
                {
                    "id": task.id,
                    "title": text(task, "title", lang),
                    "dimension": t.enum("dimension", task.dimension),
                    "goals": goals,
                    "actions": actions,
                }
            )
        page["programme"] = {
            "title": text(prog, "title", lang),
            "vision": text(prog, "vision", lang),
            "valid": f"{f.date(prog.valid_from)} – {f.date(prog.valid_to)}",
            "tasks": tasks,
        }
    if plan:
        types = Counter(a.type for a in plan.actions)
        page["plan"] = {
            "year": plan.year,
            "progress": b.progress(plan),
            "balance": [
                {"label": t.enum("type", k), "count": types[k]}
                for k in ("promoting", "preventive", "intervention")
            ],
        }

    groups = []
    for _doc, g in repo.valid(repo.groups):
        if g.district != d.id:
            continue
        shown = [mem for mem in g.members if mem.public or not b.opts.public]
        groups.append(
            {
                "id": g.id,
                "order": _group_order(b, g),
                "name": text(g, "name", lang),
                "type": t.enum("group_type", g.type),
                "purpose": text(g, "purpose", lang),
                "members": [
                    {
                        "name": mem.name,
                        "organisation": b.org(mem.organisation),
                        "role": t.enum("role", mem.role),
                        "mandate": t("yes") if mem.mandate else t("no"),
                        "contact": ""
                        if b.opts.public
                        else ", ".join(c for c in (mem.email, mem.phone) if c),
                    }
                    for mem in shown
                ],
                "hidden": len(g.members) - len(shown),
            }
        )
    page["groups"] = sorted(groups, key=lambda g: (g["order"], g["name"]))

    dialogues = []
    for _doc, dl in repo.valid(repo.dialogues):
        if d.id not in dl.districts:
            continue
        steps = []
        for step in m.STEP_ORDER:
            value = getattr(dl.steps, step)
            if value is None:
                continue
            when = (
                f"{f.date(value.from_)} – {f.date(value.to)}"
                if step == "conduct"
                else f.date(value)
            )
            steps.append({"name": t.enum("step", step), "date": when})
        dialogues.append(
            {
                "id": dl.id,
                "title": text(dl, "title", lang),
                "purpose": text(dl, "purpose", lang),
                "level": t.enum("level", dl.level),
                "target_groups": [t.enum("target_group", g) for g in dl.target_groups],
                "steps": steps,
                "results": text(dl, "results", lang),
                "feedback": _feedback(b, dl.feedback_to_residents),
                "themes": len(dl.themes),
            }
        )
    page["dialogues"] = dialogues
    documents: list[tuple[str, Any]] = [(t("district"), d), (t("analysis"), analysis)]
    documents += [(t("programme"), prog), (t("plan"), plan)]
    documents += [
        (text(g, "name", lang), g) for _doc, g in repo.valid(repo.groups) if g.district == d.id
    ]
    documents += [
        (text(dl, "title", lang), dl)
        for _doc, dl in repo.valid(repo.dialogues)
        if d.id in dl.districts
    ]
    page["notes"] = b.notes(documents)
    return page


FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="{accent}"/>'
    '<path d="M7 23 13 13l5 6 3-4 4 8z" fill="#ffffff"/></svg>'
)
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _site_settings(b: Builder) -> dict[str, Any]:
    """The municipality's ``site:`` settings for the page head, header and statement.
    Images are inlined as data: URIs, so the site stays one folder of text files with
    nothing fetched from elsewhere; the favicon is drawn in the accent colour."""
    from omrade.rules.site import LOGO_LIMIT, logo_file

    settings = b.mun.site
    accent = settings.accent if settings and settings.accent else None
    logo = None
    if settings and settings.logo:
        path = logo_file(b.repo.root, settings.logo)
        if path is not None and path.stat().st_size <= LOGO_LIMIT:
            logo = _data_uri(IMAGE_TYPES[path.suffix.lower()], path.read_bytes())
    favicon = FAVICON.format(accent=accent or "#0b4f8a").encode("utf-8")
    return {
        "accent": accent,
        "logo": logo,
        "favicon": logo or _data_uri("image/svg+xml", favicon),
        "contact": in_data_lang(settings.contact, b.opts.lang)
        if settings and settings.contact
        else "",
        "base_url": settings.base_url if settings else None,
    }


def _natural(ident: str) -> tuple[Any, ...]:
    """HU2 before HU10: digits compare as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", ident))


def _group_order(b: Builder, g: m.Group) -> tuple[Any, ...]:
    """Groups without a main task (the network group) first, then in main-task order:
    the order the programme lists its main tasks (HU1, HU2, ...)."""
    if g.main_task is None:
        return (0,)
    doc = b.repo.programmes.get(g.main_task.programme)
    ids = [t.id for t in doc.model.main_tasks] if doc and doc.model else []
    position = ids.index(g.main_task.id) if g.main_task.id in ids else len(ids)
    return (1, g.main_task.programme, position, _natural(g.main_task.id))


def _tick(f: Formatter, unit: str, value: float) -> str:
    """A chart's axis value in the page's number format (decimal comma in Swedish)."""
    return f.value(Decimal(str(value)).normalize(), unit)


def _feedback(b: Builder, fb: m.Feedback | None) -> str:
    """How and when residents were told, or when they will be."""
    if fb is None:
        return ""
    channel = text(fb, "channel", b.opts.lang)
    if fb.date is not None:
        return Mixed(f"{b.f.date(fb.date)}: ", channel)
    return Mixed(f"{b.t('planned')} {b.f.date(fb.planned)}: ", channel)


def _guidelines(b: Builder) -> list[dict[str, Any]]:
    """The governing documents, with whether each is in force as of --as-of."""
    out = []
    for _doc, g in sorted(b.repo.valid(b.repo.guidelines), key=lambda dg: dg[1].id):
        expired = g.valid_to is not None and g.valid_to < b.opts.as_of
        out.append(
            {
                "title": text(g, "title", b.opts.lang),
                "reference": g.decision.reference if g.decision else "",
                "decided": b.f.date(g.decision.date) if g.decision else "",
                "body": b.org(g.decision.body) if g.decision else "",
                "valid": b.t("until_further_notice")
                if g.until_further_notice
                else b.f.date(g.valid_to),
                "expired": expired and g.status == "adopted",
                "status": b.t.enum("doc_status", g.status),
                "owner": b.org(g.owner),
                "summary": text(g, "summary", b.opts.lang),
            }
        )
    return out


def _dialogue_page(b: Builder, dl: m.Dialogue) -> dict[str, Any]:
    """'Ni sa – vi gjorde': what residents said, what was answered and done, who was told."""
    t, f, lang, repo = b.t, b.f, b.opts.lang, b.repo
    owner = b.district_of_file()
    # the actions that answer each theme, with their latest status
    answered: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc, plan in repo.valid(repo.plans):
        for a in plan.actions:
            if a.dialogue != dl.id:
                continue
            row = b.action_row(a)
            row["district"] = b.district_name(owner.get(doc.file, ""))
            row["district_id"] = owner.get(doc.file, "")
            row["year"] = plan.year
            for theme in a.answers:
                answered[theme].append(row)
    themes = [
        {
            "id": th.id,
            "said": text(th, "said", lang),
            "answer": text(th, "answer", lang),
            "response": t.enum("response", th.response) if th.response else "",
            "actions": answered.get(th.id, []),
        }
        for th in dl.themes
    ]
    steps = []
    for step in m.STEP_ORDER:
        value = getattr(dl.steps, step)
        if value is None:
            continue
        when = f"{f.date(value.from_)} – {f.date(value.to)}" if step == "conduct" else f.date(value)
        steps.append({"name": t.enum("step", step), "date": when})
    return {
        "title": f"{t('you_said')}: {text(dl, 'title', lang)}",
        "id": dl.id,
        "dialogue_title": text(dl, "title", lang),
        "districts": [{"id": d, "name": b.district_name(d)} for d in dl.districts],
        "purpose": text(dl, "purpose", lang),
        "level": t.enum("level", dl.level),
        "target_groups": [t.enum("target_group", g) for g in dl.target_groups],
        "steps": steps,
        "themes": themes,
        "results": text(dl, "results", lang),
        "feedback": _feedback(b, dl.feedback_to_residents),
        "evaluation": {
            "date": f.date(dl.evaluation.date) if dl.evaluation.date else "",
            "text": text(dl.evaluation, "text", lang),
        }
        if dl.evaluation
        else None,
        "notes": b.notes([(text(dl, "title", lang), dl)]),
    }


def _follow_up_periods(b: Builder) -> list[str]:
    """Periods of the plan years that have started by --as-of, or have follow-ups."""
    labels: set[str] = set()
    for _doc, plan in b.repo.valid(b.repo.plans):
        for p in periods.periods(plan.year, b.cycle):
            if p.start <= b.opts.as_of:
                labels.add(p.label)
        for a in plan.actions:
            labels.update(fu.period for fu in a.follow_up)
    return sorted(labels)


def _follow_up_page(b: Builder, label: str) -> dict[str, Any]:
    t, lang = b.t, b.opts.lang
    year, _part = periods.parse(label)
    cycle_periods = periods.periods(year, b.cycle)
    cal = cycle.calendar(b.repo)
    ended = [p for p in cycle_periods if cycle.overdue(p, cal, b.opts.as_of)]
    this = next((p for p in cycle_periods if p.label == label), None)
    by_district: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_responsible: dict[str, list[dict[str, Any]]] = defaultdict(list)
    missing = []
    owner = b.district_of_file()
    for doc, plan in b.repo.valid(b.repo.plans):
        if plan.year != year:
            continue
        district = owner.get(doc.file, "")
        for a in plan.actions:
            reported = {fu.period: fu for fu in a.follow_up}
            fu = reported.get(label)
            due = periods.missing_follow_ups(
                {k: v.status for k, v in reported.items()}, a.start, a.end, ended
            )
            is_missing = fu is None and this is not None and this in due
            if fu is None and not is_missing:
                continue
            row = {
                "district": b.district_name(district),
                "id": a.id,
                "title": text(a, "title", lang),
                "responsible": b.org(a.responsible),
                "status": b.status_label("missing" if is_missing else fu.status),  # type: ignore[union-attr]
                "rating": b.rating_label("not_assessed" if fu is None else fu.rating),
                "trend": t.enum("trend", fu.trend) if fu else "–",
                "comment": text(fu, "comment", lang) if fu else "",
            }
            by_district[row["district"]].append(row)
            by_responsible[row["responsible"]].append(row)
            if is_missing:
                missing.append(row)
    # what area development contributes to each board's goals (nämndmål, mål och budget)
    by_board: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc, plan in b.repo.valid(b.repo.plans):
        if plan.year != year:
            continue
        district = owner.get(doc.file, "")
        for a in plan.actions:
            fu = next((x for x in a.follow_up if x.period == label), None)
            for goal in a.serves:
                by_board[b.org(goal.body)].append(
                    {
                        "goal": text(goal, "text", lang),
                        "ref": in_data_lang(goal.ref or "", lang),
                        "district": b.district_name(district),
                        "id": a.id,
                        "title": text(a, "title", lang),
                        "status": b.status_label(fu.status) if fu else None,
                        "rating": b.rating_label(fu.rating) if fu else None,
                    }
                )
    return {
        "title": f"{t('follow_up')} {label}",
        "period": label,
        "by_board": sorted(by_board.items()),
        "ended": f"{b.f.date(this.end)}" if this else "",
        "dates": f"{b.f.date(this.start)} – {b.f.date(this.end)}" if this else "",
        "by_district": sorted(by_district.items()),
        "by_responsible": sorted(by_responsible.items()),
        "missing": missing,
    }


def _allocation_page(b: Builder, a: Allocation) -> dict[str, Any]:
    t, f, lang = b.t, b.f, b.opts.lang
    catalogue = b.repo.indicators
    names = {i: text(catalogue[i], "name", lang) if i in catalogue else i for i, _w in a.weights}
    rows = []
    for d in a.districts:
        by = {iw.indicator: iw for iw in d.indicators}
        rows.append(
            {
                "name": b.district_name(d.district),
                "volume": f.number(d.volume),
                "indicators": [
                    f"{f.number(by[i].value)} → {f.number(by[i].ratio, 3)}" for i, _w in a.weights
                ],
                "need_index": f.number(d.need_index, 3),
                "share": f.percent_share(d.share, 2),
                "base": f.money(d.base),
                "compensatory": f.money(d.compensatory),
                "total": f.money(d.total),
            }
        )
    bars = [(b.district_name(d.district), float(d.total), f.money(d.total)) for d in a.districts]
    chart = bar_chart(
        f"alloc-{a.year}",
        t("bar_chart"),
        "; ".join(f"{label}: {txt}" for label, _v, txt in bars),
        bars,
    )
    weights = [{"name": names[i], "weight": f.number(w, 2)} for i, w in a.weights]
    sources = sorted(
        {iw.source for d in a.districts for iw in d.indicators}
        | {d.volume_source for d in a.districts if a.volume == "population"}
    )
    bdoc = b.repo.budgets.get(a.year)
    budget = bdoc.model if bdoc else None
    return {
        "title": f"{t('allocation')} {a.year}",
        "year": a.year,
        "prioritised": {
            "names": [b.district_name(d.district) for d in a.districts if d.prioritised],
            "factor": f.number(a.priority_factor, 2) if a.priority_factor is not None else "",
            "base": f.money(a.priority_base) if a.priority_base is not None else "",
        }
        if a.priority_factor is not None or a.priority_base is not None
        else None,
        "notes": b.notes([(f"{t('allocation')} {a.year}", budget)]),
        "appropriation": f.money(a.appropriation),
        "unit": f.money(a.unit),
        "base_total": f.money(a.base_total),
        "remainder": f.money(a.remainder),
        "volume": a.volume,
        "data_year": a.data_year,
        "weights": weights,
        "indicator_names": [names[i] for i, _w in a.weights],
        "transition": {"previous": a.transition[0], "alpha": f.number(a.transition[1], 2)}
        if a.transition
        else None,
        "rows": rows,
        "chart": chart,
        "sources": sources,
        "sum": {
            "base": f.money(a.base_total),
            "compensatory": f.money(a.remainder),
            "total": f.money(a.total),
        },
    }


def _about_page(b: Builder) -> dict[str, Any]:
    prov = b.prov
    docs: list[Doc] = sorted(b.repo.docs, key=lambda d: d.file)
    return {
        "title": b.t("about"),
        "commit": prov.commit or b.t("not_in_git"),
        "commit_date": b.f.date(prov.commit_date.date()) if prov.commit_date else "–",
        "dirty": prov.dirty,
        "documents": [
            {
                "file": d.file,
                "kind": d.kind,
                "changed": b.f.date(prov.last_changed[d.file].date())
                if d.file in prov.last_changed
                else b.t("not_in_git"),
            }
            for d in docs
        ],
    }

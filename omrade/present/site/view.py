"""The report's view model: everything the templates show, built once from the Repository.

Values arrive formatted for the language; templates only lay them out. Personal data
is filtered here, so no template can leak it in public mode. The page and part types are
in ``pages.py``; this module fills them, one small function per part. Every lookup goes
through an index built once, so the report grows linearly with the repository.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, TypeVar

from markupsafe import Markup

from omrade import installed_version
from omrade.allocation.compute import Allocation, DistrictAllocation
from omrade.diagnostics import Diagnostic
from omrade.labels import SYMBOLS, Messages
from omrade.model import documents as m
from omrade.model import periods
from omrade.present.site.attention import attention_items, calendar_entries
from omrade.present.site.charts import (
    DISTRICT,
    MUNICIPALITY,
    bar_chart,
    district_summary,
    line_chart,
)
from omrade.present.site.fmt import Formatter
from omrade.present.site.lang import DATA_LANG, Foreign, Mixed, in_data_lang, text
from omrade.present.site.pages import (
    AboutPage,
    AccessibilityPage,
    ActionRow,
    AllocationPage,
    AllocationRow,
    AnalysisView,
    AnsweredTheme,
    AnsweringAction,
    AttentionItem,
    Badge,
    Balance,
    BoardRow,
    Context,
    Count,
    DecisionView,
    DialogueLink,
    DialoguePage,
    Dimension,
    DistrictDialogue,
    DistrictLink,
    DistrictPage,
    DocumentRow,
    Evaluation,
    FollowUpPage,
    FollowUpRow,
    GoalView,
    GroupView,
    Guideline,
    IndicatorView,
    Member,
    Note,
    OverviewPage,
    OverviewRow,
    PageEntry,
    PlanView,
    Prioritised,
    ProgrammeView,
    Progress,
    Recommendation,
    Served,
    SiteSettings,
    Step,
    Sums,
    TaskView,
    Theme,
    Transition,
    ValueRow,
    Weight,
)
from omrade.repo import cycle
from omrade.repo.git import Provenance
from omrade.repo.repository import Doc, Repository

__all__ = ["DATA_LANG", "Builder", "Foreign", "Mixed", "Options", "Site", "build_site", "text"]

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

    context: Context
    pages: list[PageEntry] = field(default_factory=list)

    def globals(self) -> dict[str, Any]:
        """The shared context as the names a template sees."""
        return {f.name: getattr(self.context, f.name) for f in fields(self.context)}


class Builder:
    """Names, labels and indexed selections shared by the page builders."""

    def __init__(
        self,
        repo: Repository,
        diagnostics: list[Diagnostic],
        opts: Options,
        prov: Provenance,
        allocations: dict[int, Allocation],
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
        self.allocations = allocations
        # the repository builds these mappings on each access
        self.organisations = repo.organisations
        self.bodies = repo.bodies
        self.indicators = repo.indicators
        self._rows: dict[int, ActionRow] = {}
        # the report's own indexes: each list keeps the repository's order
        self.groups_of: dict[str, list[m.Group]] = defaultdict(list)
        for _doc, g in repo.valid(repo.groups):
            self.groups_of[g.district].append(g)
        self.dialogues_of: dict[str, list[m.Dialogue]] = defaultdict(list)
        for _doc, dl in repo.valid(repo.dialogues):
            for ident in dict.fromkeys(dl.districts):
                self.dialogues_of[ident].append(dl)
        self.plans_of_year: dict[int, list[tuple[Doc, m.Plan]]] = defaultdict(list)
        self.answering: dict[str, list[tuple[Doc, m.Plan, m.Action]]] = defaultdict(list)
        for doc, plan in repo.valid(repo.plans):
            self.plans_of_year[plan.year].append((doc, plan))
            for a in plan.actions:
                if a.dialogue is not None:
                    self.answering[a.dialogue].append((doc, plan, a))

    # --- names --------------------------------------------------------------------------

    def text(self, model: object, name: str) -> str:
        return text(model, name, self.opts.lang)

    def data(self, value: str) -> str:
        return in_data_lang(value, self.opts.lang)

    def org(self, ident: str) -> str:
        o = self.organisations.get(ident)
        if o:
            return self.text(o, "name")
        b = self.bodies.get(ident)
        return self.text(b, "name") if b else ident

    def district_name(self, ident: str) -> str:
        doc = self.repo.districts.get(ident)
        return self.text(doc.model, "name") if doc and doc.model else ident

    def status_label(self, status: str) -> Badge:
        return Badge(status, SYMBOLS.get(status, ""), self.t.enum("status", status))

    def rating_label(self, rating: str) -> Badge:
        return Badge(rating, SYMBOLS.get(rating, ""), self.t.enum("rating", rating))

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

    def district_of_file(self) -> dict[str, str]:
        return self.repo.queries.district_of_file

    # --- actions and follow-up ---------------------------------------------------------

    def latest_follow_up(self, action: m.Action) -> m.FollowUp | None:
        """The newest follow-up of a period that had started by --as-of."""
        return self.repo.queries.latest_follow_up(action, self.opts.as_of)

    def action_row(self, action: m.Action) -> ActionRow:
        """An action's row (built once: the district and dialogue pages both show it)."""
        row = self._rows.get(id(action))
        if row is None:
            row = self._rows[id(action)] = self._action_row(action)
        return row

    def _action_row(self, action: m.Action) -> ActionRow:
        latest = self.latest_follow_up(action)
        t, f = self.t, self.f
        return ActionRow(
            id=action.id,
            title=self.text(action, "title"),
            main_task=action.main_task,
            responsible=self.org(action.responsible),
            partners=tuple(self.org(p) for p in action.partners),
            type=t.enum("type", action.type),
            type_key=action.type,
            funding=tuple(
                f"{t.enum('source', fu.source)}: {f.money(fu.amount)}" for fu in action.funding
            ),
            status=self.status_label(latest.status if latest else "not_started"),
            rating=self.rating_label(latest.rating if latest else "not_assessed"),
            trend=t.enum("trend", latest.trend if latest else "not_assessable"),
            period=latest.period if latest else "",
            comment=self.text(latest, "comment") if latest else "",
            start=f.date(action.start),
            end=f.date(action.end),
            answers=self.answered_themes(action),
            serves=tuple(
                Served(self.org(goal.body), self.data(goal.ref or ""), self.text(goal, "text"))
                for goal in action.serves
            ),
        )

    def answered_themes(self, action: m.Action) -> tuple[AnsweredTheme, ...]:
        """The dialogue themes an action answers: what residents said, and where to read it."""
        ddoc = self.repo.dialogues.get(action.dialogue) if action.dialogue else None
        if ddoc is None or ddoc.model is None:
            return ()
        dl = ddoc.model
        themes = {theme.id: theme for theme in dl.themes}
        return tuple(
            AnsweredTheme(dl.id, self.text(dl, "title"), ident, self.text(themes[ident], "said"))
            for ident in action.answers
            if ident in themes
        )

    def notes(self, docs: Iterable[tuple[str, object]]) -> tuple[Note, ...]:
        """What is illustrative in the documents a page shows: (label, model) → notes."""
        return tuple(
            Note(label, self.data(str(illustrative)))
            for label, model in docs
            if model is not None and (illustrative := getattr(model, "illustrative", None))
        )

    def progress(self, plan: m.Plan | None) -> Progress:
        if plan is None:
            return Progress(0, (), ())
        statuses: Counter[str] = Counter()
        ratings: Counter[str] = Counter()
        for a in plan.actions:
            latest = self.latest_follow_up(a)
            statuses[latest.status if latest else "not_started"] += 1
            ratings[latest.rating if latest else "not_assessed"] += 1
        return Progress(
            total=len(plan.actions),
            year=plan.year,
            status=tuple(
                _count(self.status_label(s), statuses[s]) for s in STATUS_ORDER if statuses[s]
            ),
            rating=tuple(
                _count(self.rating_label(r), ratings[r]) for r in RATING_ORDER if ratings[r]
            ),
        )

    def steps(self, dl: m.Dialogue) -> tuple[Step, ...]:
        """A dialogue's steps that have dates, in the order they happen."""
        out = []
        for step in m.STEP_ORDER:
            value = getattr(dl.steps, step)
            if value is None:
                continue
            f = self.f
            when = (
                f"{f.date(value.from_)} – {f.date(value.to)}"
                if step == "conduct"
                else f.date(value)
            )
            out.append(Step(self.t.enum("step", step), when))
        return tuple(out)

    def decision(self, model: m.Lifecycle, kind: str, replaces: str = "") -> DecisionView | None:
        """Who decided a programme, plan or analysis, when, under which reference, what it
        replaces, and who follows it up (the governing guideline's authority)."""
        d = model.decision
        if d is None:
            return None
        guideline = self.repo.queries.governing_guideline(model)
        authority = (
            getattr(guideline.authority, kind) if guideline and guideline.authority else None
        )
        follow_up = authority.follow_up_by if authority and authority.follow_up_by else ""
        reference = d.reference + (f" {d.paragraph}" if d.paragraph else "")
        return DecisionView(
            body=self.org(d.body),
            date=self.f.date(d.date),
            reference=reference,
            replaces=replaces,
            follow_up=self.org(follow_up) if follow_up else "",
        )

    def reached(self, reach: m.Reach | None) -> str:
        """Whom a dialogue or an action reached: '38 flickor, 41 pojkar; Barn och unga, …'."""
        if reach is None:
            return ""
        counts = [
            f"{self.f.number(n)} {self.t(word)}"
            for word in ("girls", "boys", "women", "men")
            if (n := getattr(reach, word)) is not None
        ]
        parts = [", ".join(counts)] if counts else []
        if reach.groups:
            parts.append(", ".join(self.t.enum("target_group", g) for g in reach.groups))
        said = "; ".join(parts)
        note = self.text(reach, "note")
        if not note:
            return said
        return Mixed(f"{said} (", note, ")") if said else note

    def feedback(self, fb: m.Feedback | None) -> str:
        """How and when residents were told, or when they will be."""
        if fb is None:
            return ""
        channel = self.text(fb, "channel")
        if fb.date is not None:
            return Mixed(f"{self.f.date(fb.date)}: ", channel)
        return Mixed(f"{self.t('planned')} {self.f.date(fb.planned)}: ", channel)


def _count(badge: Badge, n: int) -> Count:
    return Count(badge.key, badge.symbol, badge.label, n)


# --- the site ------------------------------------------------------------------------------


def build_site(
    repo: Repository,
    diagnostics: list[Diagnostic],
    opts: Options,
    prov: Provenance,
    allocations: dict[int, Allocation],
) -> Site:
    b = Builder(repo, diagnostics, opts, prov, allocations)
    DATA_LANG.set(b.mun.locale)
    districts = sorted(
        (model for _d, model in repo.valid(repo.districts)), key=lambda d: b.text(d, "name")
    )
    period_labels = _follow_up_periods(b)
    site = Site(_context(b, districts, period_labels))
    attention = attention_items(repo, diagnostics, opts.as_of, opts.lang, public=opts.public)
    by_district: dict[str | None, list[AttentionItem]] = defaultdict(list)
    for item in attention:
        by_district[item.district].append(item)
    dialogues = sorted(
        (dl for _d, dl in repo.valid(repo.dialogues)), key=lambda dl: b.text(dl, "title")
    )

    site.pages.append(
        PageEntry("index", "overview", _overview(b, districts, attention, by_district, dialogues))
    )
    for d in districts:
        district = _district_page(b, d, tuple(by_district.get(d.id, ())))
        site.pages.append(PageEntry(f"districts/{d.id}", "district", district))
    for dl in dialogues:  # one "Ni sa – vi gjorde" page per dialogue
        site.pages.append(PageEntry(f"dialogues/{dl.id}", "dialogue", _dialogue_page(b, dl)))
    for label in period_labels:
        site.pages.append(PageEntry(f"follow-up/{label}", "follow_up", _follow_up_page(b, label)))
    for year, allocation in sorted(b.allocations.items()):
        money = _allocation_page(b, allocation)
        site.pages.append(PageEntry(f"allocation/{year}", "allocation", money))
    site.pages.append(
        PageEntry("accessibility", "accessibility", AccessibilityPage(b.t("accessibility")))
    )
    site.pages.append(PageEntry("about", "about", _about_page(b)))
    return site


def _context(b: Builder, districts: list[m.District], period_labels: list[str]) -> Context:
    return Context(
        t=b.t,
        lang=b.opts.lang,
        site=_site_settings(b),
        municipality=b.text(b.mun, "name"),
        as_of=b.f.date(b.opts.as_of),
        public=b.opts.public,
        version=installed_version(),
        nav_districts=tuple(DistrictLink(d.id, b.text(d, "name")) for d in districts),
        nav_periods=tuple(period_labels),
        nav_allocations=tuple(sorted(b.allocations)),
    )


# --- overview ------------------------------------------------------------------------------


def _overview(
    b: Builder,
    districts: list[m.District],
    attention: list[AttentionItem],
    by_district: dict[str | None, list[AttentionItem]],
    dialogues: list[m.Dialogue],
) -> OverviewPage:
    t = b.t
    budget_year = b.budget_year()
    alloc = b.allocations.get(budget_year) if budget_year else None
    by_alloc = alloc.by_district() if alloc else {}
    rows = tuple(
        _overview_row(b, d, by_alloc.get(d.id), len(by_district.get(d.id, ()))) for d in districts
    )
    return OverviewPage(
        title=t("overview"),
        rows=rows,
        any_prioritised=any(r.prioritised for r in rows),
        attention=tuple(attention),
        budget_year=budget_year,
        calendar=tuple(calendar_entries(b.repo, b.opts.as_of, b.opts.lang)),
        guidelines=_guidelines(b),
        dialogues=tuple(DialogueLink(dl.id, b.text(dl, "title")) for dl in dialogues),
        no_allocation="" if budget_year else t("no_allocation" if b.repo.budgets else "no_budget"),
    )


def _overview_row(
    b: Builder, d: m.District, alloc: DistrictAllocation | None, attention: int
) -> OverviewRow:
    t, f = b.t, b.f
    prog = b.current_programme(d.id)
    progress = b.progress(b.plan_for(prog) if prog else None)
    name = b.text(d, "name")
    return OverviewRow(
        id=d.id,
        name=name,
        population=f.number(d.population.value),
        population_year=d.population.year,
        need_index=f.number(alloc.need_index, 2) if alloc else "–",
        allocated=f.money(alloc.total) if alloc else "–",
        progress=progress,
        prioritised=d.prioritised,
        glance=_glance(b, d.id, name, progress, alloc),
        attention_count=attention,
        attention_text=""
        if not attention
        else t("resident_count_one")
        if b.opts.public and attention == 1
        else t("resident_count_many", n=attention)
        if b.opts.public
        else t("attention_one")
        if attention == 1
        else t("attention_many", n=attention),
    )


def _glance(
    b: Builder, ident: str, name: str, progress: Progress, alloc: DistrictAllocation | None
) -> Markup | None:
    """The overview's picture of one district: the plan's statuses and ratings as stacked
    bars, and the need index against the municipality's 1."""
    t, f = b.t, b.f
    bars = []
    words = []
    for kind, counts in (("status", progress.status), ("rating", progress.rating)):
        if counts:
            bars.append((t(kind), [(c.key, c.count, c.symbol) for c in counts]))
            words.append(f"{t(kind)}: " + ", ".join(f"{c.label} {c.count}" for c in counts))
    need = None
    if alloc is not None:
        need_text = f.number(alloc.need_index, 2)
        need = (t("need_short"), float(alloc.need_index), need_text, t("municipality_one"))
        words.append(f"{t('need_index')} {need_text} ({t('municipality_one')})")
    if not bars and not need:
        return None
    return district_summary(
        f"glance-{ident}", t("glance_of", name=name), "; ".join(words) or t("no_plan"), bars, need
    )


def _replaced(replaces: m.ReplacedDocument | None) -> str:
    """What a guideline replaces, in words: its title and diarienummer, or its id."""
    if replaces is None:
        return ""
    named = [x for x in (replaces.title, replaces.reference) if x]
    return ", ".join(named) if named else (replaces.guideline or "")


def _guidelines(b: Builder) -> tuple[Guideline, ...]:
    """The governing documents, with whether each is in force as of --as-of."""
    out = []
    for _doc, g in sorted(b.repo.valid(b.repo.guidelines), key=lambda dg: dg[1].id):
        expired = g.valid_to is not None and g.valid_to < b.opts.as_of
        out.append(
            Guideline(
                title=b.text(g, "title"),
                reference=g.decision.reference if g.decision else "",
                decided=b.f.date(g.decision.date) if g.decision else "",
                body=b.org(g.decision.body) if g.decision else "",
                valid=b.t("until_further_notice")
                if g.until_further_notice
                else b.f.date(g.valid_to),
                expired=expired and g.status == "adopted",
                status=b.t.enum("doc_status", g.status),
                owner=b.org(g.owner),
                summary=b.text(g, "summary"),
                replaces=_replaced(g.replaces),
                follow_up=b.org(g.follow_up_by) if g.follow_up_by else "",
                revised_by=b.org(g.revised_by) if g.revised_by else "",
            )
        )
    return tuple(out)


# --- district page -------------------------------------------------------------------------


def _district_page(b: Builder, d: m.District, attention: tuple[AttentionItem, ...]) -> DistrictPage:
    prog = b.current_programme(d.id)
    plan = b.plan_for(prog) if prog else None
    analysis = b.latest_analysis(d.id)
    groups = b.groups_of.get(d.id, [])
    dialogues = b.dialogues_of.get(d.id, [])
    documents: list[tuple[str, object]] = [(b.t("district"), d), (b.t("analysis"), analysis)]
    documents += [(b.t("programme"), prog), (b.t("plan"), plan)]
    documents += [(b.text(g, "name"), g) for g in groups]
    documents += [(b.text(dl, "title"), dl) for dl in dialogues]
    return DistrictPage(
        title=b.text(d, "name"),
        id=d.id,
        population=b.f.number(d.population.value),
        population_year=d.population.year,
        description=b.text(d, "description"),
        attention=attention,
        analysis=_analysis(b, d, analysis, _targets(prog)) if analysis else None,
        programme=_programme(b, prog, plan, _latest_values(analysis)) if prog else None,
        plan=_plan(b, plan) if plan else None,
        groups=tuple(sorted((_group(b, g) for g in groups), key=lambda g: (g.order, g.name))),
        dialogues=tuple(_district_dialogue(b, dl) for dl in dialogues),
        notes=b.notes(documents),
    )


def _targets(prog: m.Programme | None) -> dict[str, m.Measure]:
    """The programme's goal per indicator: the chart draws its target."""
    targets: dict[str, m.Measure] = {}
    for task in prog.main_tasks if prog else []:
        for g in task.goals:
            if g.indicator and g.target and g.indicator not in targets:
                targets[g.indicator] = g.target
    return targets


def _latest_values(analysis: m.Analysis | None) -> dict[str, tuple[int, Decimal]]:
    """Indicator → (year, value) of the analysis's latest total (not by sex)."""
    latest: dict[str, tuple[int, Decimal]] = {}
    for v in analysis.values if analysis else []:
        if v.sex is None and (v.indicator not in latest or v.year > latest[v.indicator][0]):
            latest[v.indicator] = (v.year, v.value)
    return latest


def _analysis(
    b: Builder, d: m.District, analysis: m.Analysis, targets: dict[str, m.Measure]
) -> AnalysisView:
    series: dict[str, dict[int, m.IndicatorValue]] = defaultdict(dict)
    by_sex: dict[tuple[str, int], list[m.IndicatorValue]] = defaultdict(list)
    for v in analysis.values:
        if v.sex is not None:  # shown beside the total, not as a series of its own
            by_sex[(v.indicator, v.year)].append(v)
            continue
        series[v.indicator][v.year] = v
    indicators = tuple(
        _indicator(b, d, ident, per_year, by_sex, targets.get(ident))
        for ident, per_year in series.items()
        if ident in b.indicators
    )
    return AnalysisView(
        year=analysis.year,
        updated=b.f.date(analysis.updated),
        summary=b.text(analysis, "summary"),
        indicators=indicators,
        illustrative=any(i.illustrative for i in indicators),
        dimensions=tuple(
            Dimension(
                name=b.t.enum("dimension", k),
                assessment=b.text(v, "assessment"),
                strengths=tuple(b.data(x) for x in v.strengths),
                challenges=tuple(b.data(x) for x in v.challenges),
            )
            for k, v in analysis.dimensions.items()
        ),
        needs=tuple(b.data(x) for x in analysis.needs),
        resources=tuple(b.data(x) for x in analysis.resources),
        recommendations=tuple(
            Recommendation(b.org(r.to), b.text(r, "text")) for r in analysis.recommendations
        ),
        decision=b.decision(analysis, "analysis"),
    )


def _sex_values(b: Builder, values: list[m.IndicatorValue], unit: str) -> str:
    """' (kvinnor 59,0 %, män 63,1 %)' where the analysis has values by sex."""
    if not values:
        return ""
    words = {"female": ("kvinnor", "women"), "male": ("män", "men")}
    parts = [
        f"{words[v.sex or ''][0 if b.opts.lang == 'sv' else 1]} {b.f.value(v.value, unit)}"
        for v in sorted(values, key=lambda v: v.sex or "")
    ]
    by_sex = {v.sex: v.value for v in values}
    if "female" in by_sex and "male" in by_sex:
        # the gap between women and men: what following an indicator by sex is for
        gap = abs(by_sex["female"] - by_sex["male"])
        shown = (
            f"{b.f.number(gap, 1)} {b.t('percentage_points')}"
            if unit == "percent"
            else b.f.value(gap, unit)
        )
        parts.append(f"{b.t('gap')} {shown}")
    return " (" + ", ".join(parts) + ")"


def _indicator(
    b: Builder,
    d: m.District,
    ident: str,
    per_year: dict[int, m.IndicatorValue],
    by_sex: dict[tuple[str, int], list[m.IndicatorValue]],
    goal: m.Measure | None,
) -> IndicatorView:
    """One indicator of the analysis: its values by year as a table and a line chart."""
    t, f = b.t, b.f
    ind = b.indicators[ident]
    years = sorted(per_year)
    name = b.text(ind, "name")
    district = b.text(d, "name")
    rows = tuple(
        ValueRow(
            year=y,
            value=f.value(per_year[y].value, ind.unit)
            + ("*" if per_year[y].illustrative else "")
            + _sex_values(b, by_sex.get((ident, y), []), ind.unit),
            municipality=_municipality_value(f, per_year[y], ind.unit),
        )
        for y in years
    )
    desc = "; ".join(
        f"{r.year}: {district} {r.value}, {t('municipality')} {r.municipality}" for r in rows
    )
    if goal is not None:
        desc += f"; {t('chart_target', year=goal.year)}: {f.value(goal.value, ind.unit)}"
    municipality = [
        float(v.municipality) if v.municipality is not None else None
        for v in (per_year[y] for y in years)
    ]
    chart = line_chart(
        f"chart-{ident}",
        t("chart_of", name=name),
        desc,
        years,
        [
            (district, [float(per_year[y].value) for y in years], DISTRICT, False),
            (t("municipality"), municipality, MUNICIPALITY, True),
        ],
        axis_label=t.enum("unit", ind.unit),
        tick=functools.partial(_tick, f, ind.unit),
        target=(float(goal.value), t("chart_target", year=goal.year)) if goal is not None else None,
    )
    return IndicatorView(
        id=ident,
        name=name,
        title=t("chart_of", name=name),
        rows=rows,
        chart=chart,
        illustrative=any(per_year[y].illustrative for y in years),
    )


def _municipality_value(f: Formatter, value: m.IndicatorValue, unit: str) -> str:
    if value.municipality is None:
        return "–"
    # an invented comparison value is marked like an invented district value
    return f.value(value.municipality, unit) + ("*" if value.municipality_illustrative else "")


def _programme(
    b: Builder,
    prog: m.Programme,
    plan: m.Plan | None,
    latest_value: dict[str, tuple[int, Decimal]],
) -> ProgrammeView:
    f = b.f
    actions: dict[str, list[ActionRow]] = defaultdict(list)
    for a in plan.actions if plan else []:
        actions[a.main_task].append(b.action_row(a))
    tasks = tuple(
        TaskView(
            id=task.id,
            title=b.text(task, "title"),
            dimension=b.t.enum("dimension", task.dimension),
            goals=tuple(_goal(b, g, latest_value) for g in task.goals),
            actions=tuple(actions.get(task.id, ())),
        )
        for task in prog.main_tasks
    )
    replaced = b.repo.programmes.get(prog.replaces) if prog.replaces else None
    return ProgrammeView(
        title=b.text(prog, "title"),
        vision=b.text(prog, "vision"),
        valid=f"{f.date(prog.valid_from)} – {f.date(prog.valid_to)}",
        tasks=tasks,
        decision=b.decision(
            prog,
            "programme",
            b.text(replaced.model, "title")
            if replaced and replaced.model
            else (prog.replaces or ""),
        ),
    )


def _goal(b: Builder, g: m.Goal, latest_value: dict[str, tuple[int, Decimal]]) -> GoalView:
    f = b.f
    ind = b.indicators.get(g.indicator) if g.indicator else None
    unit = ind.unit if ind else "count"
    latest = latest_value.get(g.indicator or "")
    return GoalView(
        id=g.id,
        text=b.text(g, "text"),
        indicator=b.text(ind, "name") if ind else "",
        baseline=f"{f.value(g.baseline.value, unit)} ({g.baseline.year})" if g.baseline else "–",
        latest=f"{f.value(latest[1], unit)} ({latest[0]})" if latest else "–",
        target=f"{f.value(g.target.value, unit)} ({g.target.year})" if g.target else "–",
    )


def _plan(b: Builder, plan: m.Plan) -> PlanView:
    types = Counter(a.type for a in plan.actions)
    reaches = [a.reaches for a in plan.actions if a.reaches is not None]
    summed = (
        m.Reach(
            **{
                word: sum(getattr(r, word) or 0 for r in reaches)
                for word in ("girls", "boys", "women", "men")
                if any(getattr(r, word) is not None for r in reaches)
            }
        )
        if reaches
        else None
    )
    return PlanView(
        year=plan.year,
        progress=b.progress(plan),
        balance=tuple(
            Balance(b.t.enum("type", k), types[k])
            for k in ("promoting", "preventive", "intervention")
        ),
        decision=b.decision(plan, "plan"),
        reached=b.reached(summed),
    )


def _group(b: Builder, g: m.Group) -> GroupView:
    t, public = b.t, b.opts.public
    shown = [mem for mem in g.members if mem.public or not public]
    return GroupView(
        id=g.id,
        order=_group_order(b, g),
        name=b.text(g, "name"),
        type=t.enum("group_type", g.type),
        purpose=b.text(g, "purpose"),
        members=tuple(
            Member(
                name=mem.name,
                organisation=b.org(mem.organisation),
                role=t.enum("role", mem.role),
                mandate=t("yes") if mem.mandate else t("no"),
                contact="" if public else ", ".join(c for c in (mem.email, mem.phone) if c),
            )
            for mem in shown
        ),
        hidden=len(g.members) - len(shown),
    )


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


def _district_dialogue(b: Builder, dl: m.Dialogue) -> DistrictDialogue:
    t = b.t
    return DistrictDialogue(
        id=dl.id,
        title=b.text(dl, "title"),
        purpose=b.text(dl, "purpose"),
        level=t.enum("level", dl.level),
        target_groups=tuple(t.enum("target_group", g) for g in dl.target_groups),
        steps=b.steps(dl),
        results=b.text(dl, "results"),
        feedback=b.feedback(dl.feedback_to_residents),
        themes=len(dl.themes),
        reached=b.reached(dl.reaches),
    )


def _tick(f: Formatter, unit: str, value: float) -> str:
    """A chart's axis value in the page's number format (decimal comma in Swedish)."""
    return f.value(Decimal(str(value)).normalize(), unit)


# --- dialogue page -------------------------------------------------------------------------


def _dialogue_page(b: Builder, dl: m.Dialogue) -> DialoguePage:
    """'Ni sa – vi gjorde': what residents said, what was answered and done, who was told."""
    t = b.t
    owner = b.district_of_file()
    # the actions that answer each theme, with their latest status
    answered: dict[str, list[AnsweringAction]] = defaultdict(list)
    for doc, plan, a in b.answering.get(dl.id, []):
        district = owner.get(doc.file, "")
        row = _answering(b.action_row(a), b.district_name(district), district, plan.year)
        for theme in a.answers:
            answered[theme].append(row)
    themes = tuple(
        Theme(
            id=th.id,
            title=b.text(th, "title") or _headline(b.text(th, "said")),
            said=b.text(th, "said"),
            answer=b.text(th, "answer"),
            response=t.enum("response", th.response) if th.response else "",
            actions=tuple(answered.get(th.id, ())),
        )
        for th in dl.themes
    )
    ev = dl.evaluation
    return DialoguePage(
        title=f"{t('you_said')}: {b.text(dl, 'title')}",
        id=dl.id,
        dialogue_title=b.text(dl, "title"),
        districts=tuple(DistrictLink(d, b.district_name(d)) for d in dl.districts),
        purpose=b.text(dl, "purpose"),
        level=t.enum("level", dl.level),
        target_groups=tuple(t.enum("target_group", g) for g in dl.target_groups),
        steps=b.steps(dl),
        themes=themes,
        results=b.text(dl, "results"),
        feedback=b.feedback(dl.feedback_to_residents),
        evaluation=Evaluation(b.f.date(ev.date) if ev.date else "", b.text(ev, "text"))
        if ev
        else None,
        notes=b.notes([(b.text(dl, "title"), dl)]),
        reached=b.reached(dl.reaches),
    )


def _headline(said: str, limit: int = 60) -> str:
    """The start of what residents said, as a theme's heading: its first sentence, cut at
    a word near ``limit`` characters."""
    first = said.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _answering(row: ActionRow, district: str, district_id: str, year: int) -> AnsweringAction:
    values = {f.name: getattr(row, f.name) for f in fields(ActionRow)}
    return AnsweringAction(**values, district=district, district_id=district_id, year=year)


# --- follow-up pages -----------------------------------------------------------------------


def _follow_up_periods(b: Builder) -> list[str]:
    """Periods of the plan years that have started by --as-of, or have follow-ups."""
    labels: set[str] = set()
    for year, plans in b.plans_of_year.items():
        for p in periods.periods(year, b.cycle):
            if p.start <= b.opts.as_of:
                labels.add(p.label)
        for _doc, plan in plans:
            for a in plan.actions:
                labels.update(fu.period for fu in a.follow_up)
    return sorted(labels)


def _follow_up_page(b: Builder, label: str) -> FollowUpPage:
    year, _part = periods.parse(label)
    cycle_periods = periods.periods(year, b.cycle)
    cal = cycle.calendar(b.repo)
    ended = [p for p in cycle_periods if cycle.overdue(p, cal, b.opts.as_of)]
    this = next((p for p in cycle_periods if p.label == label), None)
    by_district: dict[str, list[FollowUpRow]] = defaultdict(list)
    by_responsible: dict[str, list[FollowUpRow]] = defaultdict(list)
    by_board: dict[str, list[BoardRow]] = defaultdict(list)
    missing = []
    owner = b.district_of_file()
    plans = b.plans_of_year.get(year, [])
    for doc, plan in plans:
        district = b.district_name(owner.get(doc.file, ""))
        for a in plan.actions:
            reported = {fu.period: fu for fu in a.follow_up}
            fu = reported.get(label)
            due = periods.missing_follow_ups(
                {k: v.status for k, v in reported.items()}, a.start, a.end, ended
            )
            is_missing = fu is None and this is not None and this in due
            if fu is None and not is_missing:
                continue
            row = _follow_up_row(b, district, a, fu)
            by_district[row.district].append(row)
            by_responsible[row.responsible].append(row)
            if is_missing:
                missing.append(row)
    # what area development contributes to each board's goals (nämndmål, mål och budget)
    for doc, plan in plans:
        district = b.district_name(owner.get(doc.file, ""))
        for a in plan.actions:
            fu = next((x for x in a.follow_up if x.period == label), None)
            for goal in a.serves:
                by_board[b.org(goal.body)].append(_board_row(b, district, a, goal, fu))
    return FollowUpPage(
        title=f"{b.t('follow_up')} {label}",
        period=label,
        by_board=_grouped(by_board),
        ended=f"{b.f.date(this.end)}" if this else "",
        dates=f"{b.f.date(this.start)} – {b.f.date(this.end)}" if this else "",
        by_district=_grouped(by_district),
        by_responsible=_grouped(by_responsible),
        missing=tuple(missing),
    )


R = TypeVar("R")


def _grouped(groups: dict[str, list[R]]) -> tuple[tuple[str, tuple[R, ...]], ...]:
    return tuple((name, tuple(rows)) for name, rows in sorted(groups.items()))


def _follow_up_row(b: Builder, district: str, a: m.Action, fu: m.FollowUp | None) -> FollowUpRow:
    """An action's follow-up of the period; without one, the follow-up is missing."""
    return FollowUpRow(
        district=district,
        id=a.id,
        title=b.text(a, "title"),
        responsible=b.org(a.responsible),
        status=b.status_label(fu.status if fu else "missing"),
        rating=b.rating_label(fu.rating if fu else "not_assessed"),
        trend=b.t.enum("trend", fu.trend) if fu else "–",
        comment=b.text(fu, "comment") if fu else "",
    )


def _board_row(
    b: Builder, district: str, a: m.Action, goal: m.BoardGoal, fu: m.FollowUp | None
) -> BoardRow:
    return BoardRow(
        goal=b.text(goal, "text"),
        ref=b.data(goal.ref or ""),
        district=district,
        id=a.id,
        title=b.text(a, "title"),
        status=b.status_label(fu.status) if fu else None,
        rating=b.rating_label(fu.rating) if fu else None,
    )


# --- allocation page -----------------------------------------------------------------------


def _allocation_page(b: Builder, a: Allocation) -> AllocationPage:
    t, f = b.t, b.f
    catalogue = b.indicators
    names = {i: b.text(catalogue[i], "name") if i in catalogue else i for i, _w in a.weights}
    bars = [(b.district_name(d.district), float(d.total), f.money(d.total)) for d in a.districts]
    chart = bar_chart(
        f"alloc-{a.year}",
        t("bar_chart"),
        "; ".join(f"{label}: {txt}" for label, _v, txt in bars),
        bars,
    )
    sources = sorted(
        {iw.source for d in a.districts for iw in d.indicators}
        | {d.volume_source for d in a.districts if a.volume == "population"}
    )
    if b.opts.public:  # what the figures come from, by name: residents see no file
        sources = sorted(_public_sources(b, a))
    bdoc = b.repo.budgets.get(a.year)
    budget = bdoc.model if bdoc else None
    prioritised = a.priority_factor is not None or a.priority_base is not None
    return AllocationPage(
        title=f"{t('allocation')} {a.year}",
        year=a.year,
        prioritised=Prioritised(
            names=tuple(b.district_name(d.district) for d in a.districts if d.prioritised),
            factor=f.number(a.priority_factor, 2) if a.priority_factor is not None else "",
            base=f.money(a.priority_base) if a.priority_base is not None else "",
        )
        if prioritised
        else None,
        notes=b.notes([(f"{t('allocation')} {a.year}", budget)]),
        appropriation=f.money(a.appropriation),
        unit=f.money(a.unit),
        base_total=f.money(a.base_total),
        remainder=f.money(a.remainder),
        volume=a.volume,
        data_year=a.data_year,
        weights=tuple(Weight(names[i], f.number(w, 2)) for i, w in a.weights),
        indicator_names=tuple(names[i] for i, _w in a.weights),
        transition=Transition(a.transition[0], f.number(a.transition[1], 2))
        if a.transition
        else None,
        rows=tuple(_allocation_row(b, a, d) for d in a.districts),
        chart=chart,
        sources=tuple(sources),
        sum=Sums(f.money(a.base_total), f.money(a.remainder), f.money(a.total)),
    )


def _public_sources(b: Builder, a: Allocation) -> set[str]:
    t = b.t
    out: set[str] = set()
    for d in a.districts:
        name = b.district_name(d.district)
        if a.volume == "population":
            year = d.volume_source.rpartition("(")[2].rstrip(")")
            out.add(f"{t('population')}, {name}" + (f" ({year})" if year.isdigit() else ""))
        if d.indicators:
            out.add(f"{t.enum('kind', 'analysis')}, {name} ({a.data_year})")
    return out


def _allocation_row(b: Builder, a: Allocation, d: DistrictAllocation) -> AllocationRow:
    f = b.f
    by = {iw.indicator: iw for iw in d.indicators}
    return AllocationRow(
        name=b.district_name(d.district),
        volume=f.number(d.volume),
        indicators=tuple(
            f"{f.number(by[i].value)} → {f.number(by[i].ratio, 2)}" for i, _w in a.weights
        ),
        need_index=f.number(d.need_index, 2),
        share=f.percent_share(d.share, 2),
        base=f.money(d.base),
        compensatory=f.money(d.compensatory),
        total=f.money(d.total),
    )


# --- about page and the site's settings ----------------------------------------------------


def _document_name(b: Builder, doc: Doc) -> str:
    """A document as a resident would name it: its title or name, else its kind and year."""
    model = doc.model
    for attr in ("title", "name"):
        if model is not None and getattr(model, attr, None):
            return b.text(model, attr)
    kind = b.t.enum("kind", doc.kind)
    year = getattr(model, "year", None)
    district = getattr(model, "district", None) or getattr(model, "programme", None)
    parts = [kind]
    if isinstance(district, str):
        parts.append(b.district_name(district) if district in b.repo.districts else district)
    if year:
        parts.append(str(year))
    return " ".join(parts)


def _about_page(b: Builder) -> AboutPage:
    prov = b.prov
    docs: list[Doc] = sorted(b.repo.docs, key=lambda d: d.file)
    return AboutPage(
        title=b.t("about"),
        commit=prov.commit or b.t("not_in_git"),
        commit_date=b.f.date(prov.commit_date.date()) if prov.commit_date else "–",
        dirty=prov.dirty,
        documents=tuple(
            DocumentRow(
                # residents read what a document is called; the file is for the office
                file=_document_name(b, d) if b.opts.public else d.file,
                kind=b.t.enum("kind", d.kind),
                changed=b.f.date(prov.last_changed[d.file].date())
                if d.file in prov.last_changed
                else b.t("not_in_git"),
            )
            for d in docs
        ),
    )


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


def _site_settings(b: Builder) -> SiteSettings:
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
    return SiteSettings(
        accent=accent,
        logo=logo,
        favicon=logo or _data_uri("image/svg+xml", favicon),
        contact=b.data(settings.contact) if settings and settings.contact else "",
        base_url=settings.base_url if settings else None,
    )

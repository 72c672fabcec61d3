"""The domain questions asked of a repository, each answered in one place and indexed once.

"The current programme of a district", "the plan of a year", "the latest analysis",
"the latest follow-up", "money by district", "the district of a file" and "a district's
value of an indicator": the rules, the allocation, the report, scaffolding and diff all
ask these. Each index is built the first time it is asked for and then shared, so a
question inside a per-district loop costs a dictionary lookup, not a scan.

Get the one instance of a repository with ``repo.queries``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from omrade.model import documents as m
from omrade.model import periods

if TYPE_CHECKING:
    from omrade.model.doc import Doc
    from omrade.repo.index import Index


class Queries:
    """Indexed answers over one repository (built lazily; the repository is not changed)."""

    def __init__(self, repo: Index) -> None:
        self.repo = repo

    # --- programmes and plans ---------------------------------------------------------------

    @cached_property
    def _programmes(self) -> dict[str, list[m.Programme]]:
        out: dict[str, list[m.Programme]] = defaultdict(list)
        for _doc, prog in self.repo.valid(self.repo.programmes):
            out[prog.district].append(prog)
        return out

    def programmes_of(self, district: str) -> list[m.Programme]:
        """A district's schema-valid programmes, in the order they were read."""
        return self._programmes.get(district, [])

    def current_programme(self, district: str, as_of: dt.date) -> m.Programme | None:
        """The adopted programme in force at ``as_of``; else the newest not withdrawn."""
        progs = [p for p in self.programmes_of(district) if p.status not in ("withdrawn",)]
        current = [
            p for p in progs if p.valid_from <= as_of <= p.valid_to and p.status == "adopted"
        ]
        pool = current or progs
        return max(pool, key=lambda p: p.valid_from) if pool else None

    @cached_property
    def _plans(self) -> dict[str, list[tuple[Doc, m.Plan]]]:
        out: dict[str, list[tuple[Doc, m.Plan]]] = defaultdict(list)
        for doc, plan in self.repo.valid(self.repo.plans):
            out[plan.programme].append((doc, plan))
        return out

    def plans_of(self, programme: str) -> list[tuple[Doc, m.Plan]]:
        """A programme's schema-valid plans (document, model), in the order they were read."""
        return self._plans.get(programme, [])

    def plan(self, programme: str, year: int) -> m.Plan | None:
        """The schema-valid plan of a programme for a year."""
        doc = self.repo.plans.get((programme, year))
        return doc.model if doc is not None else None

    def plan_for(self, programme: str, as_of: dt.date) -> m.Plan | None:
        """The plan of the latest year up to ``as_of``'s; else the earliest plan there is."""
        plans = [p for _d, p in self.plans_of(programme)]
        now = [p for p in plans if p.year <= as_of.year]
        pool = now or plans
        return max(pool, key=lambda p: p.year) if pool else None

    def district_of_plan(self, plan: m.Plan) -> str | None:
        """The district of a plan, through its (schema-valid) programme."""
        pdoc = self.repo.programmes.get(plan.programme)
        return pdoc.model.district if pdoc is not None and pdoc.model is not None else None

    # --- follow-up --------------------------------------------------------------------------

    @staticmethod
    def latest_follow_up(action: m.Action, as_of: dt.date | None = None) -> m.FollowUp | None:
        """The newest follow-up of an action; with ``as_of``, of a period started by then."""
        known = [
            f
            for f in action.follow_up
            if as_of is None or (p := periods.bounds(f.period)) is None or p.start <= as_of
        ]
        return max(known, key=lambda f: f.period) if known else None

    # --- analyses and indicator values ------------------------------------------------------

    @cached_property
    def _analyses(self) -> dict[str, list[tuple[Doc, m.Analysis]]]:
        out: dict[str, list[tuple[Doc, m.Analysis]]] = defaultdict(list)
        for (district, _year), doc in self.repo.analyses.items():
            if doc.model is not None:
                out[district].append((doc, doc.model))
        for found in out.values():
            found.sort(key=lambda da: da[1].year, reverse=True)
        return out

    def analyses_of(self, district: str) -> list[tuple[Doc, m.Analysis]]:
        """A district's schema-valid analyses (document, model), newest first."""
        return self._analyses.get(district, [])

    def latest_analysis(self, district: str) -> m.Analysis | None:
        found = self.analyses_of(district)
        return found[0][1] if found else None

    @cached_property
    def _values(self) -> dict[tuple[str, int], dict[str, tuple[Decimal, str]]]:
        # (indicator, year) → district → (value, file): the newest analysis that has the
        # value wins, and in it the first entry; only totals (no sex) count
        out: dict[tuple[str, int], dict[str, tuple[Decimal, str]]] = defaultdict(dict)
        for district, found in self._analyses.items():
            for doc, analysis in found:
                for v in analysis.values:
                    if v.sex is None:
                        out[(v.indicator, v.year)].setdefault(district, (v.value, doc.file))
        return out

    def values_of(self, indicator: str, year: int) -> dict[str, tuple[Decimal, str]]:
        """District → (value, file) of an indicator's total for a year, from each district's
        newest analysis that has it."""
        return self._values.get((indicator, year), {})

    def value(self, district: str, indicator: str, year: int) -> tuple[Decimal, str] | None:
        """A district's value of an indicator for a year, and the analysis file it is in."""
        return self.values_of(indicator, year).get(district)

    @cached_property
    def _value_years(self) -> dict[tuple[str, str], list[int]]:
        years: dict[tuple[str, str], set[int]] = defaultdict(set)
        for (indicator, year), by_district in self._values.items():
            for district in by_district:
                years[(district, indicator)].add(year)
        return {key: sorted(found) for key, found in years.items()}

    def latest_value_year(self, district: str, indicator: str, before: int) -> int | None:
        """The latest year before ``before`` with a value of the indicator for the district."""
        years = self._value_years.get((district, indicator), [])
        i = bisect.bisect_left(years, before)
        return years[i - 1] if i else None

    # --- money ------------------------------------------------------------------------------

    @cached_property
    def money_by_district(self) -> dict[tuple[str, int, str], int]:
        """(district, year, funding source) → the amount the plans fund from it."""
        out: dict[tuple[str, int, str], int] = defaultdict(int)
        for _doc, plan in self.repo.valid(self.repo.plans):
            for key, amount in self.money_of_plan(plan):
                out[key] += amount
        return dict(out)

    def money_of_plan(self, plan: m.Plan) -> list[tuple[tuple[str, int, str], int]]:
        """What one plan adds to ``money_by_district``: ((district, year, source), amount)
        for each funding of each action (none when its district is unknown)."""
        district = self.district_of_plan(plan)
        if district is None:
            return []
        return [
            ((district, plan.year, f.source), f.amount) for a in plan.actions for f in a.funding
        ]

    @cached_property
    def area_grant_spending(self) -> dict[tuple[str, int], list[tuple[int, Doc]]]:
        """(district, year) → [(area_grant amount of a plan, plan document)], for the plans
        that spend any."""
        out: dict[tuple[str, int], list[tuple[int, Doc]]] = defaultdict(list)
        for doc, plan in self.repo.valid(self.repo.plans):
            district = self.district_of_plan(plan)
            if district is None:
                continue
            amount = sum(
                f.amount for a in plan.actions for f in a.funding if f.source == "area_grant"
            )
            if amount:
                out[(district, plan.year)].append((amount, doc))
        return dict(out)

    # --- decisions, dialogues and the organisation --------------------------------------

    @cached_property
    def _guidelines(self) -> list[m.Guideline]:
        return [g for _d, g in self.repo.valid(self.repo.guidelines)]

    def guideline_for(self, named: str | None, decided: dt.date | None) -> m.Guideline | None:
        """The guideline a document follows: the one it names; else the adopted (or
        replaced) guideline in force on the day of its decision; else, when the repository
        holds only one guideline, that one."""
        if named is not None:
            doc = self.repo.guidelines.get(named)
            return doc.model if doc is not None else None
        adopted = [g for g in self._guidelines if g.status in ("adopted", "replaced")]
        if decided is not None:
            in_force = [
                g
                for g in adopted
                if (g.valid_from or (g.decision.date if g.decision else decided)) <= decided
                and (g.valid_to is None or decided <= g.valid_to)
            ]
            if in_force:
                return max(in_force, key=lambda g: g.decision.date if g.decision else decided)
        return self._guidelines[0] if len(self._guidelines) == 1 else None

    def governing_guideline(self, model: m.Lifecycle) -> m.Guideline | None:
        """The guideline a programme, plan, analysis or budget follows: the one it names (a
        plan without one follows its programme's), else ``guideline_for`` its decision's
        day."""
        named: str | None = None
        if isinstance(model, m.Programme):
            named = model.guideline
        elif isinstance(model, m.Plan):
            named = model.guideline
            pdoc = self.repo.programmes.get(model.programme)
            if named is None and pdoc is not None and pdoc.model is not None:
                named = pdoc.model.guideline
        return self.guideline_for(named, model.decision.date if model.decision else None)

    @staticmethod
    def collected(dialogue: m.Dialogue) -> dt.date | None:
        """The day a dialogue began to collect what residents said: its conduct's start, else
        its launch (None when neither is recorded)."""
        steps = dialogue.steps
        return steps.conduct.from_ if steps.conduct else steps.launch

    @cached_property
    def focus_periods(self) -> dict[str, list[m.FocusPeriod]]:
        """District → the dialogue commission's focus periods there, earliest first."""
        out: dict[str, list[m.FocusPeriod]] = defaultdict(list)
        for _doc, group in self.repo.valid(self.repo.groups):
            for period in group.focus_periods:
                out[period.district].append(period)
        for found in out.values():
            found.sort(key=lambda p: p.from_)
        return dict(out)

    @staticmethod
    def current_members(group: m.Group, as_of: dt.date) -> list[m.Member]:
        """The members of a group appointed on ``as_of``."""
        return [
            mem
            for mem in group.members
            if (mem.from_ is None or mem.from_ <= as_of)
            and (mem.until is None or mem.until >= as_of)
        ]

    # --- files ------------------------------------------------------------------------------

    @cached_property
    def district_of_file(self) -> dict[str, str]:
        """File → the district its (schema-valid) document belongs to."""
        repo = self.repo
        owner: dict[str, str] = {}
        for doc, model in repo.valid(repo.districts):
            owner[doc.file] = model.id
        for index in (repo.analyses, repo.programmes, repo.groups):
            for doc, model in repo.valid(index):
                if model.district is not None:  # a group of the whole municipality has none
                    owner[doc.file] = model.district
        for doc, plan in repo.valid(repo.plans):
            district = self.district_of_plan(plan)
            if district is not None:
                owner[doc.file] = district
        for doc, dialogue in repo.valid(repo.dialogues):
            owner[doc.file] = dialogue.districts[0]
        return owner

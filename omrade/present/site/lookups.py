"""Indexed lookups over a repository for the report and ``omrade status``.

Temporary home: the same questions get one home in ``omrade/repo/queries.py`` (being
written on another branch); the names and signatures here are that module's, so the
report switches to it by replacing ``Lookups(repo)`` with ``repo.queries``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property

from omrade.model import documents as m
from omrade.model import periods
from omrade.repo.repository import Repository


class Lookups:
    """Each index is built the first time it is asked for, so a lookup inside a
    per-district loop costs a dictionary lookup, not a scan of the repository."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    @cached_property
    def _programmes(self) -> dict[str, list[m.Programme]]:
        out: dict[str, list[m.Programme]] = defaultdict(list)
        for _doc, prog in self.repo.valid(self.repo.programmes):
            out[prog.district].append(prog)
        return out

    def current_programme(self, district: str, as_of: dt.date) -> m.Programme | None:
        """The adopted programme in force at ``as_of``; else the newest not withdrawn."""
        progs = [p for p in self._programmes.get(district, []) if p.status != "withdrawn"]
        current = [
            p for p in progs if p.valid_from <= as_of <= p.valid_to and p.status == "adopted"
        ]
        pool = current or progs
        return max(pool, key=lambda p: p.valid_from) if pool else None

    @cached_property
    def _plans(self) -> dict[str, list[m.Plan]]:
        out: dict[str, list[m.Plan]] = defaultdict(list)
        for _doc, plan in self.repo.valid(self.repo.plans):
            out[plan.programme].append(plan)
        return out

    def plan_for(self, programme: str, as_of: dt.date) -> m.Plan | None:
        """The plan of the latest year up to ``as_of``'s; else the earliest plan there is."""
        plans = self._plans.get(programme, [])
        now = [p for p in plans if p.year <= as_of.year]
        pool = now or plans
        return max(pool, key=lambda p: p.year) if pool else None

    @cached_property
    def _analyses(self) -> dict[str, list[m.Analysis]]:
        out: dict[str, list[m.Analysis]] = defaultdict(list)
        for _doc, analysis in self.repo.valid(self.repo.analyses):
            out[analysis.district].append(analysis)
        return out

    def latest_analysis(self, district: str) -> m.Analysis | None:
        found = self._analyses.get(district, [])
        return max(found, key=lambda a: a.year) if found else None

    @staticmethod
    def latest_follow_up(action: m.Action, as_of: dt.date) -> m.FollowUp | None:
        """The newest follow-up of a period that had started by ``as_of``."""
        known = [
            f
            for f in action.follow_up
            if (p := periods.bounds(f.period)) is None or p.start <= as_of
        ]
        return max(known, key=lambda f: f.period) if known else None

    @cached_property
    def district_of_file(self) -> dict[str, str]:
        """File → the district its (schema-valid) document belongs to."""
        repo = self.repo
        owner: dict[str, str] = {}
        for doc, model in repo.valid(repo.districts):
            owner[doc.file] = model.id
        for index in (repo.analyses, repo.programmes, repo.groups):
            for doc, model in repo.valid(index):
                owner[doc.file] = model.district
        for doc, plan in repo.valid(repo.plans):
            prog = repo.programmes.get(plan.programme)
            if prog and prog.model:
                owner[doc.file] = prog.model.district
        for doc, dialogue in repo.valid(repo.dialogues):
            owner[doc.file] = dialogue.districts[0]
        return owner

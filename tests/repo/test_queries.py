"""The domain questions (omrade.repo.queries): each answered once, from an index."""

from __future__ import annotations

import datetime as dt

from omrade.repo.repository import load_repository
from tests.conftest import ROOT
from tests.helpers import base_files, district, repo_from_texts


def _analysis(ident: str, year: int, values: list[tuple[str, int, str]]) -> str:
    rows = "".join(f"  - {{indicator: {i}, year: {y}, value: {v}}}\n" for i, y, v in values)
    return (
        f"kind: analysis\ndistrict: {ident}\nyear: {year}\nstatus: draft\nupdated: {year}-01-01\n"
        f"values:\n{rows}summary: x\ndimensions: {{social: {{assessment: x}}, "
        f"economic: {{assessment: x}}}}\n"
    )


def _two_analyses():
    files = base_files()
    files["data/districts/a.yaml"] = district("a", 100)
    # the older analysis has 2023's value and 2022's; the newer corrects 2023's
    files["data/districts/a/analysis-2024.yaml"] = _analysis(
        "a", 2024, [("work", 2023, "50"), ("work", 2022, "40")]
    )
    files["data/districts/a/analysis-2025.yaml"] = _analysis("a", 2025, [("work", 2023, "55")])
    return repo_from_texts(files)


def test_a_value_comes_from_the_newest_analysis_that_has_it() -> None:
    q = _two_analyses().queries
    assert q.value("a", "work", 2023) == (55, "data/districts/a/analysis-2025.yaml")
    # only the older analysis has 2022: it is still found
    assert q.value("a", "work", 2022) == (40, "data/districts/a/analysis-2024.yaml")
    assert q.value("a", "work", 2021) is None
    assert q.value("b", "work", 2023) is None
    assert q.latest_analysis("a") is not None and q.latest_analysis("a").year == 2025


def test_latest_value_year_is_the_latest_before_the_given_year() -> None:
    q = _two_analyses().queries
    assert q.latest_value_year("a", "work", 2025) == 2023
    assert q.latest_value_year("a", "work", 2023) == 2022
    assert q.latest_value_year("a", "work", 2022) is None
    assert q.latest_value_year("a", "poor", 2025) is None


def test_the_queries_are_built_once_per_repository() -> None:
    repo = _two_analyses()
    assert repo.queries is repo.queries


def test_answers_match_a_scan_of_the_bundled_data() -> None:
    repo = load_repository(ROOT)
    q = repo.queries
    as_of = dt.date(2025, 10, 1)
    plans = [p for _d, p in repo.valid(repo.plans)]
    progs = [p for _d, p in repo.valid(repo.programmes)]
    for ident in repo.districts:
        mine = [p for p in progs if p.district == ident and p.status != "withdrawn"]
        current = [p for p in mine if p.valid_from <= as_of <= p.valid_to]
        prog = q.current_programme(ident, as_of)
        assert prog is not None and prog in (current or mine)
        plan = q.plan_for(prog.id, as_of)
        expected = max(
            (p for p in plans if p.programme == prog.id and p.year <= as_of.year),
            key=lambda p: p.year,
        )
        assert plan is expected
    money: dict[tuple[str, int, str], int] = {}
    for plan in plans:
        district_id = repo.programmes[plan.programme].model.district
        for a in plan.actions:
            for f in a.funding:
                key = (district_id, plan.year, f.source)
                money[key] = money.get(key, 0) + f.amount
    assert q.money_by_district == money and money
    owner = q.district_of_file
    assert owner["data/districts/alby.yaml"] == "alby"
    assert all(owner[d.file] == p.district for d, p in repo.valid(repo.programmes))

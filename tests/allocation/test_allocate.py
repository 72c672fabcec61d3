"""The allocation: known answers, worked examples and properties that hold for any input."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrade.allocation.compute import AllocationError, largest_remainder
from omrade.cli import app
from omrade.run import allocation_of
from tests.conftest import FIXTURES, ROOT
from tests.helpers import analysis, base_files, district, repo_from_texts


def hamilton(sizes: dict[str, int], seats: int) -> dict[str, int]:
    total = sum(sizes.values())
    return largest_remainder(seats, [(k, Fraction(v, total)) for k, v in sizes.items()])


# --- known answers from published apportionment examples -------------------------------


def test_alabama_paradox_toy_example() -> None:
    """Electowiki, 'Alabama paradox' (also academickids.com/encyclopedia 'Alabama paradox'):
    sizes 5670, 3850, 420, 60; Hamilton gives 183, 124, 14, 2 seats of 323 but
    184, 125, 13, 2 of 324 — state C loses a seat when the house grows."""
    sizes = {"A": 5670, "B": 3850, "C": 420, "D": 60}
    assert hamilton(sizes, 323) == {"A": 183, "B": 124, "C": 14, "D": 2}
    assert hamilton(sizes, 324) == {"A": 184, "B": 125, "C": 13, "D": 2}


def test_saari_three_states() -> None:
    """net.math, 15 March 1982, citing D. Saari, 'Apportionment Methods and the House of
    Representatives', Amer. Math. Monthly, Dec. 1978: shares 3 %, 7 %, 90 % give 2, 3, 44
    of 49 seats and 1, 4, 46 of 51."""
    sizes = {"A": 3, "B": 7, "C": 90}
    assert hamilton(sizes, 49) == {"A": 2, "B": 3, "C": 44}
    assert hamilton(sizes, 51) == {"A": 1, "B": 4, "C": 46}


def test_simple_quota_example() -> None:
    """infinitelexicon.com, 'largest remainder': populations 50, 30, 20 and 7 seats give
    quotas 3.5, 2.1, 1.4, so 4, 2, 1."""
    assert hamilton({"a": 50, "b": 30, "c": 20}, 7) == {"a": 4, "b": 2, "c": 1}


def test_ties_go_to_larger_quota_then_to_id() -> None:
    # equal fractions .5 and .5: the larger quota (1.5 vs 0.5) wins the one leftover unit
    assert largest_remainder(2, [("a", Fraction(3, 4)), ("b", Fraction(1, 4))]) == {"a": 2, "b": 0}
    # exact ties on both: the id that sorts first
    assert largest_remainder(1, [("b", Fraction(1, 2)), ("a", Fraction(1, 2))]) == {"a": 1, "b": 0}


def test_alabama_example_through_the_whole_allocation() -> None:
    files = base_files()
    for ident, pop in {"a": 5670, "b": 3850, "c": 420, "d": 60}.items():
        files[f"data/districts/{ident}.yaml"] = district(ident, pop)
    files["data/budget/2025.yaml"] = (
        "kind: budget\nyear: 2025\nappropriation: 3230\nunit: 10\nstatus: draft\n"
        "base_grant: {per_district: 0}\n"
    )
    result = allocation_of(repo_from_texts(files), 2025)
    assert {d.district: d.total for d in result.districts} == {
        "a": 1830,
        "b": 1240,
        "c": 140,
        "d": 20,
    }


# --- the worked example in docs/allocate.md (the base fixture) --------------------------


def test_worked_example_of_the_readme(runner) -> None:
    """norr: 10 000 residents, employment 60 %, child poverty 25 %; syd: 30 000, 80 %, 5 %.
    Means (population-weighted): 75 % and 10 %. Ratios norr (100−60)/(100−75) = 1.6 and
    25/10 = 2.5, index 2.05; syd 0.8 and 0.5, index 0.65. Shares 20 500/40 000 and
    19 500/40 000 of 300 units: quotas 153.75 and 146.25 → 154 and 146."""
    result = runner.invoke(
        app, ["allocate", "2025", "-C", str(FIXTURES / "base"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    rows = {d["district"]: d for d in out["districts"]}
    assert rows["norr"]["need_index"] == "41/20"
    assert rows["syd"]["need_index"] == "13/20"
    assert [r["ratio"] for r in rows["norr"]["indicators"]] == ["8/5", "5/2"]
    assert rows["norr"]["share"] == "41/80"
    assert (rows["norr"]["total"], rows["syd"]["total"]) == (254000, 246000)
    assert out["total"] == out["appropriation"] == 500000
    assert rows["norr"]["indicators"][0]["source"] == "data/districts/norr/analysis-2025.yaml"


def test_bundled_botkyrka_allocation_sums_exactly(runner) -> None:
    result = runner.invoke(app, ["allocate", "2025", "-C", str(ROOT), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["total"] == 1570000
    assert sum(d["total"] for d in out["districts"]) == 1570000
    assert all(d["base"] == 150000 for d in out["districts"])
    assert {d["district"] for d in out["districts"]} == {
        "alby",
        "fittja",
        "hallunda-norsborg",
        "tullinge",
        "tumba-grodinge",
    }
    # Fittja has the highest need index, Tullinge the lowest
    need = {d["district"]: Fraction(d["need_index"]) for d in out["districts"]}
    assert max(need, key=need.get) == "fittja"
    assert min(need, key=need.get) == "tullinge"


@pytest.mark.parametrize(
    "fmt, marker",
    [
        ("csv", "district,name,volume"),
        ("md", "| Stadsdel |"),
        ("table", "Kompensatorisk del"),
        ("md", "Förvärvsfrekvens"),
        ("table", "Förvärvsfrekvens"),
    ],
)
def test_other_formats_show_the_working(runner, fmt: str, marker: str) -> None:
    result = runner.invoke(app, ["allocate", "-C", str(FIXTURES / "base"), "-f", fmt])
    assert result.exit_code == 0, result.output
    assert marker in result.stdout
    assert "254" in result.stdout and "246" in result.stdout


@pytest.mark.parametrize("fmt", ["md", "table"])
def test_the_table_speaks_the_municipalitys_language_or_lang(swedish, runner, fmt: str) -> None:
    """Swedish by default with the indicators' names and decimal commas; English on request."""
    base = ["allocate", "-C", str(ROOT), "2025", "-f", fmt]
    sv = runner.invoke(app, base, env={"COLUMNS": "300"})
    assert sv.exit_code == 0, sv.output
    assert "Förvärvsfrekvens 20–64 år" in sv.stdout and "employment-rate" not in sv.stdout
    assert "Behovsindex" in sv.stdout and "Kompensatorisk del" in sv.stdout
    assert "Summa" in sv.stdout and "Need index" not in sv.stdout
    assert "1,56" in sv.stdout and "1,5602" not in sv.stdout  # Alby's need index, 2 decimals
    en = runner.invoke(app, [*base, "--lang", "en"], env={"COLUMNS": "300"})
    assert en.exit_code == 0, en.output
    assert "Need index" in en.stdout and "Compensatory part" in en.stdout
    assert "1.56" in en.stdout and "Behovsindex" not in en.stdout
    assert "employment-rate" not in en.stdout


@pytest.mark.usefixtures("english")
def test_missing_value_is_an_error_naming_district_indicator_and_year(runner, tmp_path) -> None:
    from tests.conftest import build_case

    repo, _ = build_case(FIXTURES / "invalid" / "budget-missing-value", tmp_path)
    result = runner.invoke(app, ["allocate", "2025", "-C", str(repo)])
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "Syd has no value for Barnfattigdom in 2024" in said  # the catalogue's name
    assert "add {indicator: child-poverty, year: 2024, value: ...}" in said  # and its id
    assert "Traceback" not in result.output


# --- share-based base, transition ------------------------------------------------------


def _two_districts(budget: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    files = base_files()
    files["data/districts/a.yaml"] = district("a", 100)
    files["data/districts/b.yaml"] = district("b", 300)
    files["data/districts/a/analysis-2025.yaml"] = analysis("a", {"work": "50", "poor": "30"})
    files["data/districts/b/analysis-2025.yaml"] = analysis("b", {"work": "90", "poor": "10"})
    files["data/budget/2025.yaml"] = budget
    files.update(extra or {})
    return files


def test_share_base_is_split_equally_in_whole_units() -> None:
    budget = (
        "kind: budget\nyear: 2025\nappropriation: 1000\nunit: 100\nstatus: draft\n"
        "base_grant: {share: 0.35}\nweighting: {volume: equal}\n"
    )
    result = allocation_of(repo_from_texts(_two_districts(budget)), 2025)
    # 0.35 × 1000 = 350 → 4 units (half rounds up) → 200 each; 600 left, equal shares
    assert [d.base for d in result.districts] == [200, 200]
    assert [d.total for d in result.districts] == [500, 500]


def test_transition_smooths_against_last_years_shares() -> None:
    previous = (
        "kind: budget\nyear: 2024\nappropriation: 1000\nunit: 1\nstatus: draft\n"
        "base_grant: {per_district: 0}\nweighting: {volume: equal}\n"
    )
    budget = (
        "kind: budget\nyear: 2025\nappropriation: 1000\nunit: 1\nstatus: draft\n"
        "base_grant: {per_district: 0}\nweighting:\n  volume: population\n"
        "  transition: {previous: 2024, alpha: 0.5}\n"
    )
    repo = repo_from_texts(_two_districts(budget, {"data/budget/2024.yaml": previous}))
    result = allocation_of(repo, 2025)
    by = result.by_district()
    # population shares 1/4 and 3/4; last year 1/2 each; half of each → 3/8 and 5/8
    assert by["a"].share == Fraction(3, 8)
    assert (by["a"].total, by["b"].total) == (375, 625)
    assert by["a"].previous_share == Fraction(1, 2)


def test_lower_is_need_for_non_percent_divides_the_mean_by_the_value() -> None:
    budget = (
        "kind: budget\nyear: 2025\nappropriation: 900\nunit: 1\nstatus: draft\n"
        "base_grant: {per_district: 0}\nweighting:\n  volume: equal\n"
        "  indicators: [{indicator: income, weight: 1}]\n"
    )
    files = _two_districts(budget)
    files["data/districts/a/analysis-2025.yaml"] = analysis("a", {"income": "100"})
    files["data/districts/b/analysis-2025.yaml"] = analysis("b", {"income": "200"})
    result = allocation_of(repo_from_texts(files), 2025).by_district()
    # mean 150: ratios 1.5 and 0.75 → shares 2/3 and 1/3
    assert (result["a"].total, result["b"].total) == (600, 300)


def test_zero_where_a_ratio_divides_is_an_error() -> None:
    budget = (
        "kind: budget\nyear: 2025\nappropriation: 900\nunit: 1\nstatus: draft\n"
        "base_grant: {per_district: 0}\nweighting:\n"
        "  indicators: [{indicator: income, weight: 1}]\n"
    )
    files = _two_districts(budget)
    files["data/districts/a/analysis-2025.yaml"] = analysis("a", {"income": "0"})
    files["data/districts/b/analysis-2025.yaml"] = analysis("b", {"income": "200"})
    with pytest.raises(AllocationError) as err:
        allocation_of(repo_from_texts(files), 2025)
    assert [d.code for d in err.value.diagnostics] == ["OMR405"]
    assert "A's Inkomst (income) in 2024 is 0" in err.value.diagnostics[0].message


# --- properties ------------------------------------------------------------------------


@st.composite
def budgets(draw: st.DrawFn) -> tuple[dict[str, str], int, int]:
    n = draw(st.integers(1, 7))
    unit = draw(st.sampled_from([1, 10, 100, 1000, 5000]))
    per_district_units = draw(st.integers(0, 50))
    spare_units = draw(st.integers(0, 5000))
    appropriation = unit * (per_district_units * n + spare_units)
    weights = draw(st.lists(st.integers(1, 999), min_size=2, max_size=2))
    w_work = Fraction(weights[0], sum(weights))
    # weights must be finite decimals that sum to exactly 1: use thousandths
    w1 = Fraction(round(w_work * 1000), 1000)
    w1 = min(max(w1, Fraction(1, 1000)), Fraction(999, 1000))
    files = base_files()
    for i in range(n):
        ident = f"d{i}"
        files[f"data/districts/{ident}.yaml"] = district(ident, draw(st.integers(1, 10**6)))
        work = draw(st.integers(0, 990)) / 10
        poor = draw(st.integers(1, 1000)) / 10
        files[f"data/districts/{ident}/analysis-2025.yaml"] = analysis(
            ident, {"work": f"{work}", "poor": f"{poor}"}
        )
    files["data/budget/2025.yaml"] = (
        f"kind: budget\nyear: 2025\nappropriation: {appropriation}\nunit: {unit}\n"
        f"status: draft\nbase_grant: {{per_district: {per_district_units * unit}}}\n"
        f"weighting:\n  volume: {draw(st.sampled_from(['population', 'equal']))}\n"
        f"  indicators:\n    - {{indicator: work, weight: {float(w1)}}}\n"
        f"    - {{indicator: poor, weight: {float(1 - w1)}}}\n"
    )
    return files, appropriation, unit


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets())
def test_parts_sum_exactly_are_whole_units_and_within_one_unit_of_quota(case) -> None:
    files, appropriation, unit = case
    result = allocation_of(repo_from_texts(files), 2025)
    assert sum(d.total for d in result.districts) == appropriation
    assert sum(d.share for d in result.districts) == 1
    for d in result.districts:
        assert d.total % unit == 0 and d.compensatory % unit == 0 and d.base % unit == 0
        assert d.compensatory >= 0
        assert abs(d.compensatory - d.quota) < unit


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=12), st.integers(0, 10**5))
def test_largest_remainder_respects_quota(sizes: list[int], units: int) -> None:
    total = sum(sizes)
    if total == 0:
        return
    shares = [(f"k{i:02d}", Fraction(s, total)) for i, s in enumerate(sizes)]
    result = largest_remainder(units, shares)
    assert sum(result.values()) == units
    for key, share in shares:
        assert abs(result[key] - units * share) < 1


# --- what blocks the allocation -------------------------------------------------------


def test_a_plan_spending_too_much_does_not_block_its_own_allocation(runner, tmp_path) -> None:
    """OMR406 tells the analyst to see `omrade allocate`; that must then work."""
    from tests.conftest import build_case

    repo, _ = build_case(FIXTURES / "invalid" / "budget-overspend", tmp_path)
    checked = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", "2025-10-01"])
    diagnostics = json.loads(checked.stdout)["diagnostics"]
    [error] = [d for d in diagnostics if d["severity"] == "error"]  # and OMR316: a draft plan
    assert error["code"] == "OMR406" and "se omrade allocate 2025" in error["hint"]
    result = runner.invoke(app, ["allocate", "2025", "-C", str(repo), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {d["district"]: d["total"] for d in json.loads(result.stdout)["districts"]}
    assert rows == {"norr": 254000, "syd": 246000}  # the 254 000 kr the hint compares with
    assert "fel (OMR406) utanför fördelningens underlag" in result.stderr


@pytest.mark.usefixtures("english")
def test_errors_in_the_allocations_inputs_still_block_it(runner, tmp_path) -> None:
    from tests.conftest import build_case

    repo, _ = build_case(FIXTURES / "invalid" / "budget-overspend", tmp_path)
    analysis = repo / "data" / "districts" / "syd" / "analysis-2025.yaml"
    analysis.write_text(analysis.read_text().replace("value: 80,", 'value: "80 %",'))
    result = runner.invoke(app, ["allocate", "2025", "-C", str(repo)])
    assert result.exit_code == 1
    assert "data/districts/syd/analysis-2025.yaml" in result.stderr and "OMR103" in result.stderr
    assert "OMR406" not in result.stderr
    # computing without the broken analysis would take no value, or an older one
    with pytest.raises(AllocationError) as err:
        from omrade.repo.repository import load_repository

        allocation_of(load_repository(repo), 2025)
    assert "data/districts/syd/analysis-2025.yaml has errors" in str(err.value)


def test_an_unknown_weighted_indicator_is_never_silently_dropped() -> None:
    budget = (
        "kind: budget\nyear: 2025\nappropriation: 900\nunit: 1\nstatus: draft\n"
        "base_grant: {per_district: 0}\nweighting:\n  volume: equal\n"
        "  indicators: [{indicator: income, weight: 0.5}, {indicator: nosuch, weight: 0.5}]\n"
    )
    files = _two_districts(budget)
    files["data/districts/a/analysis-2025.yaml"] = analysis("a", {"income": "100"})
    files["data/districts/b/analysis-2025.yaml"] = analysis("b", {"income": "200"})
    with pytest.raises(AllocationError) as err:
        allocation_of(repo_from_texts(files), 2025)
    assert "unknown indicator 'nosuch'" in str(err.value)


def test_the_tables_ratios_index_and_share_have_one_precision_each(runner) -> None:
    """A ratio is never shown to four places beside a value shown to one ('0,7570' beside
    '52,1'): ratios, need indices and shares have two decimals in every row."""
    result = runner.invoke(app, ["allocate", "-C", str(ROOT), "2025", "-f", "md"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| Alby")]
    assert rows, result.stdout
    ratios = re.findall(r"→ (\d+,\d+)", rows[0])
    assert ratios and all(len(r.split(",")[1]) == 2 for r in ratios), rows[0]
    assert re.search(r"\| \d+,\d\d \| \d+,\d\d\u00a0% \|", rows[0]), rows[0]

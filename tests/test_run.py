"""One run: the allocation of a budget year is computed once and shared by the rules, the
report and diff; whether it can be computed is decided once, from the diagnostics."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from omrade import api
from omrade.allocation import compute
from omrade.diff import compare
from omrade.repo.git import open_git
from omrade.validation import check
from tests.conftest import BASE_AS_OF, FIXTURES
from tests.test_diff import committed, edit

AS_OF = dt.date.fromisoformat(BASE_AS_OF)
BUDGET_2024 = """kind: budget
year: 2024
appropriation: 400000
unit: 1000
status: adopted
decision: {body: ks, date: 2023-12-10, reference: KS/2023:9}
base_grant: {per_district: 100000}
"""


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Budget year → how many times the allocation's arithmetic ran for it."""
    counted: Counter[int] = Counter()
    real = compute.allocate

    def counting(inputs: compute.Inputs, previous: compute.Allocation | None = None):
        counted[inputs.year] += 1
        return real(inputs, previous)

    monkeypatch.setattr(compute, "allocate", counting)
    return counted


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    """The base fixture with a 2024 budget that 2025's transition smooths against."""
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    (root / "data/budget/2024.yaml").write_text(BUDGET_2024, encoding="utf-8")
    budget = root / "data/budget/2025.yaml"
    budget.write_text(
        budget.read_text(encoding="utf-8") + "  transition: {previous: 2024, alpha: 0.5}\n",
        encoding="utf-8",
    )
    return root


def test_validate_computes_each_year_once(two_years: Path, calls: Counter[int]) -> None:
    run, outcome = check(two_years, AS_OF)
    assert outcome.errors == 0, outcome.diagnostics
    # OMR406 needs 2025's allocation, which needs 2024's: each computed once
    assert calls == Counter({2024: 1, 2025: 1})
    assert run.allocations().keys() == {2024, 2025}
    assert calls == Counter({2024: 1, 2025: 1})  # asked again: shared, not recomputed


def test_report_computes_each_year_once(
    two_years: Path, tmp_path: Path, calls: Counter[int]
) -> None:
    result = api.report(two_years, tmp_path / "out", AS_OF, "sv", formats=("md",))
    assert result.written is not None
    assert {"md/allocation/2024.md", "md/allocation/2025.md"} <= set(result.written.files)
    assert calls == Counter({2024: 1, 2025: 1})


def test_diff_computes_each_year_once_per_revision(two_years: Path, calls: Counter[int]) -> None:
    r = committed(two_years, "two budgets")
    edit(r, "data/budget/2025.yaml", "per_district: 100000", "per_district: 150000")
    result = compare(open_git(two_years), "main", None, AS_OF)
    assert result.allocation, "the change moves money"
    assert calls == Counter({2024: 2, 2025: 2})  # base and working tree


def test_an_error_in_an_input_blocks_the_allocation_in_every_command(
    tmp_path: Path, calls: Counter[int]
) -> None:
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    district = root / "data/districts/norr.yaml"
    district.write_text(
        district.read_text(encoding="utf-8").replace(
            "source: test}", 'source: "ring anna.svensson@example.org"}'
        ),
        encoding="utf-8",
    )
    run, outcome = check(root, AS_OF)
    assert outcome.errors == 1
    blocked = run.blocked(2025)
    assert blocked is not None
    assert [d.code for d in blocked.diagnostics] == ["OMR702"]
    assert blocked.diagnostics[0].file == "data/districts/norr.yaml"
    assert run.allocations() == {}
    assert calls == Counter()  # never computed on inputs with an error

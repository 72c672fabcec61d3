"""The library API (omrade/api.py): one function per command, data in and out, usable
without the command line; and the renderer registries the command line picks from."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from omrade import api
from omrade.cli import app
from omrade.present import registry
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case

AS_OF = dt.date.fromisoformat(BASE_AS_OF)


def _future_decision(tmp_path: Path) -> Path:
    """The base repository with its 2025 budget decided on 2025-06-01, and a decision in
    the future (OMR310) configured as an error: it blocks the allocation before that day."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    budget = repo / "data" / "budget" / "2025.yaml"
    budget.write_text(budget.read_text().replace("date: 2024-12-10", "date: 2025-06-01"))
    mun = repo / "data" / "municipality.yaml"
    mun.write_text(mun.read_text() + "rules: {OMR310: error}\n")
    return repo


def test_as_of_decides_what_blocks_the_allocation(tmp_path: Path) -> None:
    """The bug this fixes: allocate validated as of the day it ran, whatever the date."""
    repo = _future_decision(tmp_path)
    before = api.allocation(repo, None, dt.date(2025, 5, 1))
    assert before.blocked
    assert [d.code for d in before.blocking] == ["OMR310"]
    after = api.allocation(repo, None, dt.date(2025, 7, 1))
    assert not after.blocked and after.allocation is not None
    assert sum(d.total for d in after.allocation.districts) == 500_000


def test_allocate_takes_as_of(runner, tmp_path: Path) -> None:
    repo = _future_decision(tmp_path)
    early = runner.invoke(app, ["allocate", "-C", str(repo), "--as-of", "2025-05-01"])
    assert early.exit_code == 1 and "OMR310" in early.stderr
    late = runner.invoke(app, ["allocate", "-C", str(repo), "--as-of", "2025-07-01", "-f", "json"])
    assert late.exit_code == 0, late.output
    assert json.loads(late.stdout)["appropriation"] == 500_000


def test_the_api_returns_data_and_prints_nothing(tmp_path: Path, capsys) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    checked = api.validate([repo], AS_OF)
    assert checked.root == repo.resolve() and checked.failed()
    assert any(d.code == "OMR203" for d in checked.outcome.diagnostics)
    plan = repo / "data" / "programmes" / "norr-2024-2027" / "plan-2025.yaml"
    only = api.validate([plan], AS_OF)
    assert {d.file for d in only.outcome.diagnostics} == {
        "data/programmes/norr-2024-2027/plan-2025.yaml"
    }
    clean = api.validate([FIXTURES / "base"], AS_OF)
    assert not clean.failed(strict=True)
    state = api.status(FIXTURES / "base", AS_OF, "en")
    assert state.calendar and state.outcome.errors == 0
    assert {i["code"] for i in state.due_soon} <= {"OMR318"}
    assert all(i["code"] != "OMR318" for i in state.attention)
    assert capsys.readouterr() == ("", "")


def test_usage_errors_are_exceptions_not_exits(tmp_path: Path) -> None:
    with pytest.raises(api.UsageError, match="no such file or folder"):
        api.validate([tmp_path / "missing"], AS_OF)
    with pytest.raises(api.UsageError, match="no budget for 1999"):
        api.allocation(FIXTURES / "base", 1999, AS_OF)
    with pytest.raises(api.UsageError, match="not a date"):
        api.parse_date("yesterday")
    with pytest.raises(api.UsageError, match="not a valid id"):
        api.new_district(FIXTURES / "base", "Norra Stan", None, AS_OF)


def test_new_district_says_what_the_budget_needs(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    made = api.new_district(repo, "norra-stan", "Norra stan", AS_OF)
    assert [p.name for p in made.paths] == ["norra-stan.yaml", "norra-stan-natverksgrupp.yaml"]
    # the base budget weights indicators, and districts by population (the default)
    assert made.needs_indicator_values and made.needs_population
    budget = repo / "data" / "budget" / "2025.yaml"
    text = budget.read_text().replace(
        "weighting:\n  indicators:", "weighting:\n  volume: equal\n  indicators:"
    )
    budget.write_text(text)
    other = api.new_district(repo, "sodra-stan", None, AS_OF)
    assert other.needs_indicator_values and not other.needs_population


def test_the_cli_formats_are_the_registries() -> None:
    from omrade.cli import allocate, common, diff, validate

    assert {f.value for f in validate.DiagFormat} == set(registry.DIAGNOSTICS)
    # the console entry point answers cached validates in these, before typer exists
    assert set(registry.DIAGNOSTICS) == set(common.FORMATS)
    assert {f.value for f in diff.DiffFormat} == set(registry.DIFF)
    # xlsx writes a file (omrade.exchange); every other format is a renderer
    assert {f.value for f in allocate.AllocFormat} - {"xlsx"} == set(registry.ALLOCATION)
    assert set(registry.SCENARIO) == set(registry.ALLOCATION)


def test_each_diagnostics_renderer_renders_the_same_outcome() -> None:
    checked = api.validate([ROOT], dt.date(2025, 12, 15))
    rendered = {
        fmt: render(checked.outcome, checked.root, checked.as_of)
        for fmt, render in registry.DIAGNOSTICS.items()
    }
    assert json.loads(rendered["json"])["diagnostics"][0]["code"] == "OMR314"
    assert json.loads(rendered["sarif"])["runs"][0]["results"][0]["ruleId"] == "OMR314"
    assert "title=OMR314" in rendered["github"]
    assert not isinstance(rendered["text"], str)  # a Rich renderable, printed by the console

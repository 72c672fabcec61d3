"""Renderers in registries keyed by format: the command line picks one by ``--format``.

The same data — diagnostics, an allocation, a scenario beside it, a diff — becomes each
output through one function per format. A renderer returns text (written as it is) or
a Rich renderable (printed to the terminal). Each imports its module when it runs, so
that a command loads only the renderer it uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from rich.console import RenderableType

    from omrade.allocation.compute import Allocation
    from omrade.diagnostics import Outcome
    from omrade.diff import DiffResult
    from omrade.repo.names import Names
    from omrade.scenario import Comparison

    Output: TypeAlias = "str | RenderableType"


# --- diagnostics: (outcome, repository root, as-of date) ------------------------------------


def _diag_text(outcome: Outcome, root: Path, as_of: dt.date) -> Output:
    from omrade.present.diagnostics import as_text

    return as_text(outcome.diagnostics, outcome.omitted, (outcome.per_file, outcome.per_run))


def _diag_json(outcome: Outcome, root: Path, as_of: dt.date) -> Output:
    from omrade.present.diagnostics import as_json

    return as_json(outcome, as_of.isoformat()) + "\n"


def _diag_github(outcome: Outcome, root: Path, as_of: dt.date) -> Output:
    from omrade.present.diagnostics import as_github

    limits = (outcome.per_file, outcome.per_run)
    text = as_github(outcome.diagnostics, root, outcome.omitted, limits)
    return text + "\n" if text else ""


def _diag_sarif(outcome: Outcome, root: Path, as_of: dt.date) -> Output:
    from omrade.present.sarif import as_sarif

    return as_sarif(outcome, as_of, root) + "\n"


DiagnosticsRenderer: TypeAlias = "Callable[[Outcome, Path, dt.date], Output]"
DIAGNOSTICS: dict[str, DiagnosticsRenderer] = {
    "text": _diag_text,
    "json": _diag_json,
    "github": _diag_github,
    "sarif": _diag_sarif,
}


# --- an allocation, and a scenario beside it: (data, language, names) ----------------------


def _alloc_table(a: Allocation, lang: str, names: Names) -> Output:
    from omrade.present.allocation import as_table

    return as_table(a, lang, names)


def _alloc_json(a: Allocation, lang: str, names: Names) -> Output:
    from omrade.present.allocation import as_json

    return as_json(a) + "\n"


def _alloc_csv(a: Allocation, lang: str, names: Names) -> Output:
    from omrade.present.allocation import as_csv

    return as_csv(a)


def _alloc_md(a: Allocation, lang: str, names: Names) -> Output:
    from omrade.present.allocation import as_markdown

    return as_markdown(a, lang, names)


AllocationRenderer: TypeAlias = "Callable[[Allocation, str, Names], Output]"
ALLOCATION: dict[str, AllocationRenderer] = {
    "table": _alloc_table,
    "json": _alloc_json,
    "csv": _alloc_csv,
    "md": _alloc_md,
}


def _scenario_table(c: Comparison, lang: str, names: Names) -> Output:
    from omrade.present.scenario import as_table

    return as_table(c, lang, names)


def _scenario_json(c: Comparison, lang: str, names: Names) -> Output:
    from omrade.present.scenario import as_json

    return as_json(c) + "\n"


def _scenario_csv(c: Comparison, lang: str, names: Names) -> Output:
    from omrade.present.scenario import as_csv

    return as_csv(c)


def _scenario_md(c: Comparison, lang: str, names: Names) -> Output:
    from omrade.present.scenario import as_markdown

    return as_markdown(c, lang, names)


ScenarioRenderer: TypeAlias = "Callable[[Comparison, str, Names], Output]"
SCENARIO: dict[str, ScenarioRenderer] = {
    "table": _scenario_table,
    "json": _scenario_json,
    "csv": _scenario_csv,
    "md": _scenario_md,
}


# --- a diff: (result, language) ---------------------------------------------------------------


def _diff_md(result: DiffResult, lang: str) -> Output:
    from omrade.present.diagnostics import valid_utf8
    from omrade.present.diff import as_markdown

    return valid_utf8(as_markdown(result, lang=lang)) + "\n"


def _diff_text(result: DiffResult, lang: str) -> Output:
    from omrade.present.diagnostics import valid_utf8
    from omrade.present.diff import as_text

    return valid_utf8(as_text(result, lang)) + "\n"


def _diff_json(result: DiffResult, lang: str) -> Output:
    from omrade.present.diagnostics import valid_utf8
    from omrade.present.diff import as_json

    return valid_utf8(as_json(result)) + "\n"


DiffRenderer: TypeAlias = "Callable[[DiffResult, str], Output]"
DIFF: dict[str, DiffRenderer] = {"md": _diff_md, "text": _diff_text, "json": _diff_json}

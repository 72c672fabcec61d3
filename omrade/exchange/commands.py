"""The `omrade export` and `omrade import` commands (registered in omrade.cli).

Like every command, each parses its options, calls one library function and maps the
outcome to an exit code; heavy imports happen inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from omrade.allocation.compute import Allocation
    from omrade.repo.repository import Repository

T = TypeVar("T")

RepoOption = Annotated[
    Path, typer.Option("--repo", "-C", help="The plan repository (default: the current one).")
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Date the date rules use (YYYY-MM-DD). Default: today.", metavar="DATE"
    ),
]


def _run(fn: Callable[[], T]) -> T:
    """Run a library call; its refusals become messages and exit codes, never tracebacks."""
    from omrade.cli import EXIT_FINDINGS, _stderr, fail_usage
    from omrade.exchange import ExchangeError, UsageError
    from omrade.repo.repository import ConfigError

    try:
        return fn()
    except (UsageError, ConfigError) as exc:
        fail_usage(str(exc))
        raise  # fail_usage exits; this line is for the type checker
    except ExchangeError as exc:
        from rich.markup import escape

        _stderr().print(f"[bold red]omrade:[/] {escape(str(exc))}", markup=True, highlight=False)
        raise typer.Exit(EXIT_FINDINGS) from None


def _repository(repo_path: Path) -> Repository:
    from omrade.cli import _resolve
    from omrade.repo.repository import load_repository

    root, _ = _resolve([repo_path])
    return load_repository(root)


export_app = typer.Typer(
    help="Write data out: the follow-up workbook (export follow-up), or the whole repository "
    "as database tables (export --format duckdb|parquet --out PATH).",
    no_args_is_help=True,
    invoke_without_command=True,
)
import_app = typer.Typer(
    help="Read data in: a filled follow-up workbook, or official statistics.",
    no_args_is_help=True,
)


class DatabaseFormat(StrEnum):
    duckdb = "duckdb"
    parquet = "parquet"


@export_app.callback()
def export_database(
    ctx: typer.Context,
    fmt: Annotated[
        DatabaseFormat | None,
        typer.Option("--format", "-f", help="duckdb (one file) or parquet (a folder)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The DuckDB file, or the Parquet folder.")
    ] = None,
    repository: Annotated[
        str | None,
        typer.Option(
            "--repository",
            help="The name written on every row (default: the git remote, or the folder name).",
        ),
    ] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """The repository as database tables, for comparisons across municipalities."""
    from omrade.cli import EXIT_FINDINGS, _resolve, _stderr, fail_usage, parse_as_of
    from omrade.exchange.database import export
    from omrade.present import diagnostics as reporters
    from omrade.rules.validate import validate

    if ctx.invoked_subcommand is not None:
        if fmt is not None or out is not None or repository is not None:
            fail_usage("--format, --out and --repository belong to 'omrade export' itself")
        return
    if fmt is None or out is None:
        fail_usage("write --format duckdb|parquet --out PATH (or: omrade export follow-up …)")
        return
    root, _ = _resolve([repo_path])
    date = parse_as_of(as_of)
    repo, outcome = _run(lambda: validate(root, date))
    err = _stderr()
    if outcome.errors:
        err.print(reporters.as_text(d for d in outcome.diagnostics if d.severity == "error"))
        err.print(f"omrade export: not exported: {reporters.summary(outcome)}; fix the errors")
        raise typer.Exit(EXIT_FINDINGS)
    result = _run(lambda: export(repo, fmt.value, out, repository))
    total = sum(result.counts.values())
    who = result.identity
    err.print(
        f"omrade export: {total} rows in {len(result.counts)} tables → {result.path} "
        f"(repository {who.repository}, commit {who.commit[:10] or 'none'}, "
        f"municipality {who.municipality_code})",
        highlight=False,
    )


@export_app.command("follow-up")
def export_follow_up(
    period: Annotated[str, typer.Argument(help="The follow-up period, e.g. 2025-T2.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The workbook to write (.xlsx).")],
    responsible: Annotated[
        str | None,
        typer.Option("--responsible", "-r", help="Only this organisation's actions (its id)."),
    ] = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """A workbook for the administrations: one sheet each, a row per action to follow up."""
    from omrade.cli import _stderr
    from omrade.exchange.followup import export_workbook

    repo = _repository(repo_path)
    result = _run(lambda: export_workbook(repo, period, out, responsible))
    rows = sum(result.sheets.values())
    where = (
        f"commit {result.provenance.commit[:10]}"
        + (" with uncommitted changes" if result.provenance.dirty else "")
        if result.provenance.commit
        else "a repository outside git"
    )
    _stderr().print(
        f"omrade export: {out}: {rows} actions on {len(result.sheets)} sheets "
        f"({', '.join(result.sheets)}), from {where}"
    )


@import_app.command("follow-up")
def import_follow_up(
    workbook: Annotated[Path, typer.Argument(help="A workbook from omrade export follow-up.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace follow-ups that differ from the workbook's.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """Write the filled rows into the plan files as follow-up entries (all or nothing)."""
    from omrade.cli import _stderr, parse_as_of
    from omrade.exchange.followup import import_workbook, summary_text, write_files

    date = parse_as_of(as_of)
    repo = _repository(repo_path)
    result = _run(lambda: import_workbook(repo, workbook, force=force, as_of=date))
    err = _stderr()
    for note in result.notes:
        err.print(f"omrade import: note: {note}", highlight=False)
    if result.changed:
        typer.echo(summary_text(result, repo), nl=False)
    if result.changed and not dry_run:
        _run(lambda: write_files(repo.root, result.changed))
    verb = "would add" if dry_run else "added"
    err.print(
        f"omrade import: {verb} {result.added} and "
        f"{'would replace' if dry_run else 'replaced'} {result.replaced} follow-ups for "
        f"{result.period} in {len(result.changed)} files; {result.unchanged} rows already "
        "as in the plans" + (" (dry run: nothing written)" if dry_run else ""),
        highlight=False,
    )


# --- allocate --format xlsx and --excel ---------------------------------------------------


def write_allocation(
    repo: Repository, allocation: Allocation, fmt: str, excel: bool, out: Path | None
) -> None:
    """``allocate --format xlsx`` and ``--format csv --excel``: to a file, or CSV to stdout."""
    import sys

    from omrade.cli import fail_usage
    from omrade.exchange import write_atomically
    from omrade.exchange.sheets import allocation_workbook, excel_csv
    from omrade.present.allocation import allocation_rows

    if fmt == "xlsx":
        if out is None:
            fail_usage("--format xlsx writes a file: add --out FILE.xlsx")
            return
        mun = repo.municipality
        names = {i: ind.name for i, ind in repo.indicators.items()}
        data = _run(lambda: allocation_workbook(allocation, names, mun.locale if mun else "sv"))
    elif excel and fmt == "csv":
        data = excel_csv(*allocation_rows(allocation))
    elif excel:
        fail_usage("--excel applies to --format csv")
        return
    elif fmt in ("json", "csv", "md"):
        from omrade.present import allocation as views

        render = {"json": views.as_json, "csv": views.as_csv, "md": views.as_markdown}[fmt]
        text = render(allocation)
        data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    else:
        fail_usage("--out writes json, csv, md or xlsx: add --format")
        return
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        _run(lambda: write_atomically(out, data))


# --- official statistics in ---------------------------------------------------------------

Years = Annotated[
    str | None,
    typer.Option(
        "--years",
        help="Years to fetch: 2024, 2020-2024 or 2021,2023. Default: the years the analyses "
        "already have for each indicator.",
    ),
]
IndicatorIds = Annotated[
    list[str] | None,
    typer.Option("--indicator", "-i", help="Only this indicator (repeatable)."),
]
AnalysisYear = Annotated[
    int | None,
    typer.Option(
        "--analysis", help="Write into each district's analysis of this year (default: newest)."
    ),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")]


def _chosen_indicators(repo: Repository, wanted: list[str] | None, provider: str) -> list[Any]:
    from omrade.diagnostics import choices_hint
    from omrade.exchange import UsageError

    catalogue = repo.indicators
    if wanted:
        unknown = [i for i in wanted if i not in catalogue]
        if unknown:
            raise UsageError(
                f"no indicator '{unknown[0]}' in data/indicators.yaml "
                f"({choices_hint(unknown[0], catalogue)})"
            )
        return [catalogue[i] for i in wanted]
    if provider == "scb":
        chosen = [i for i in catalogue.values() if i.source.scb is not None]
    else:
        chosen = [i for i in catalogue.values() if i.source.provider == provider]
    if not chosen:
        raise UsageError(
            f"no indicator in data/indicators.yaml has its source at {provider.upper()}"
            + (" with a source.scb block" if provider == "scb" else "")
            + "; name one with --indicator"
        )
    return chosen


def _years_of(
    repo: Repository, indicators: list[Any], years: str | None, analysis_year: int | None
) -> dict[str, list[int]]:
    from omrade.exchange import UsageError
    from omrade.exchange.stats import parse_years, target_analyses

    if years is not None:
        chosen = parse_years(years)
        return {i.id: chosen for i in indicators}
    targets = target_analyses(repo, analysis_year)
    out: dict[str, list[int]] = {}
    for ind in indicators:
        present = sorted(
            {
                v.year
                for doc in targets.values()
                for v in doc.model.values
                if v.indicator == ind.id and v.sex is None
            }
        )
        if not present:
            raise UsageError(
                f"the analyses have no values of '{ind.id}' yet: say which years with --years"
            )
        out[ind.id] = present
    return out


def _import_statistics(
    service: str,
    repo: Repository,
    fetch: Callable[[list[Any], dict[str, list[int]]], Any],
    indicators: list[str] | None,
    years: str | None,
    analysis_year: int | None,
    dry_run: bool,
    as_of: str | None,
) -> None:

    from omrade.cli import _stderr, parse_as_of
    from omrade.exchange import stats

    date = parse_as_of(as_of)
    err = _stderr()

    def run() -> stats.Outcome:
        chosen = _chosen_indicators(repo, indicators, service)
        years_of = _years_of(repo, chosen, years, analysis_year)
        found = fetch(chosen, years_of)
        return stats.apply_found(repo, found, today=date, analysis_year=analysis_year, as_of=date)

    outcome = _run(run)
    for note in outcome.notes:
        err.print(f"omrade import: note: {note}", highlight=False)
    if outcome.changed:
        typer.echo(stats.summary_text(outcome, f"import from {service.upper()}", repo), nl=False)
        if not dry_run:
            _run(lambda: stats.write(repo.root, outcome))
    err.print(
        f"omrade import {service}: {'would write' if dry_run else 'wrote'} {outcome.written} "
        f"values in {len(outcome.changed)} files; {outcome.unchanged} already as the source "
        "says" + (" (dry run: nothing written)" if dry_run else ""),
        highlight=False,
    )


@import_app.command("kolada")
def import_kolada(
    years: Years = None,
    indicator: IndicatorIds = None,
    analysis: AnalysisYear = None,
    dry_run: DryRun = False,
    base_url: Annotated[
        str,
        typer.Option("--base-url", envvar="OMRADE_KOLADA_URL", help="Kolada's API (v2)."),
    ] = "https://api.kolada.se/v2",
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """Municipality-wide values from Kolada into the analyses' 'municipality' column."""
    from omrade.exchange import kolada

    repo = _repository(repo_path)
    mun = repo.municipality
    if mun is None:
        from omrade.cli import fail_usage

        fail_usage("data/municipality.yaml is missing or has errors: run omrade validate")
        return
    code = mun.code

    def fetch(chosen: list[Any], years_of: dict[str, list[int]]) -> Any:
        return kolada.collect(chosen, code, years_of, base_url)

    _import_statistics("kolada", repo, fetch, indicator, years, analysis, dry_run, as_of)


@import_app.command("scb")
def import_scb(
    years: Years = None,
    indicator: IndicatorIds = None,
    analysis: AnalysisYear = None,
    dry_run: DryRun = False,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", envvar="OMRADE_SCB_URL", help="SCB's statistics database (PxWeb v1)."
        ),
    ] = "https://api.scb.se/OV0104/v1/doris/sv/ssd",
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """District values from SCB for each district's RegSO areas (counts summed, rates
    recomputed from numerator and denominator)."""
    from omrade.exchange import UsageError, scb

    repo = _repository(repo_path)

    def fetch(chosen: list[Any], years_of: dict[str, list[int]]) -> Any:
        areas = {
            ident: list(doc.model.areas.regso)
            for ident, doc in sorted(repo.districts.items())
            if doc.model is not None and doc.model.areas and doc.model.areas.regso
        }
        if not areas:
            raise UsageError(
                "no district lists its RegSO areas: add 'areas: {regso: [...]}' to the "
                "district files (SCB's codes, e.g. 0127R001)"
            )
        return scb.collect(chosen, areas, years_of, base_url)

    _import_statistics("scb", repo, fetch, indicator, years, analysis, dry_run, as_of)

"""`omrade export` and `omrade import`: the follow-up workbook out and in, official
statistics in, the repository out as database tables.

Like every command, each parses its options, calls ``omrade.api`` and maps the outcome to
an exit code; heavy imports happen inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from omrade.cli.common import EXIT_FINDINGS, stderr
from omrade.cli.options import (
    AsOf,
    Lang,
    LangOption,
    OmradeTyper,
    RepoOption,
    app,
    fail_usage,
    parse_as_of,
    speak,
)
from omrade.i18n import N_

if TYPE_CHECKING:
    from omrade.allocation.compute import Allocation
    from omrade.repo.repository import Repository

T = TypeVar("T")


def _run(fn: Callable[[], T]) -> T:
    """Run a library call; its refusals become messages and exit codes, never tracebacks."""
    from omrade import api
    from omrade.exchange import ExchangeError, UsageError
    from omrade.repo.repository import ConfigError

    try:
        return fn()
    except (api.UsageError, UsageError, ConfigError) as exc:
        fail_usage(str(exc))
    except ExchangeError as exc:
        from rich.markup import escape

        stderr().print(f"[bold red]omrade:[/] {escape(str(exc))}", markup=True, highlight=False)
        raise typer.Exit(EXIT_FINDINGS) from None


export_app = OmradeTyper(
    short_help=N_("Write data out: the follow-up workbook, or database tables."),
    help=N_(
        "Write data out: the follow-up workbook (export follow-up), or the whole repository "
        "as database tables (export --format duckdb|parquet --out PATH)."
    ),
    no_args_is_help=True,
    invoke_without_command=True,
)
import_app = OmradeTyper(
    help=N_("Read data in: a filled follow-up workbook, or official statistics."),
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
        typer.Option("--format", "-f", help=N_("duckdb (one file) or parquet (a folder).")),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=N_("The DuckDB file, or the Parquet folder."))
    ] = None,
    repository: Annotated[
        str | None,
        typer.Option(
            "--repository",
            help=N_("The name written on every row (default: the git remote, or the folder name)."),
        ),
    ] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    """The repository as database tables, for comparisons across municipalities."""
    from omrade import api
    from omrade.i18n import Translator
    from omrade.present import diagnostics as reporters

    if ctx.invoked_subcommand is not None:
        if fmt is not None or out is not None or repository is not None or lang is not None:
            t = Translator(speak(lang, repo_path))
            fail_usage(
                t._(
                    "--format, --out, --repository and --lang before '{command}' belong to "
                    "'omrade export' itself; put --lang after '{command}'",
                    command=ctx.invoked_subcommand,
                )
            )
        return
    t = Translator(speak(lang, repo_path))
    if fmt is None or out is None:
        fail_usage(t._("write --format duckdb|parquet --out PATH (or: omrade export follow-up …)"))
        return
    date = parse_as_of(as_of)
    chosen, path = fmt.value, out
    from omrade.cli.progress import shown

    with shown("omrade export") as progress:
        done = _run(
            lambda: api.export_database(repo_path, chosen, path, repository, date, progress)
        )
    err = stderr()
    if done.refused is not None:
        outcome = done.refused
        err.print(reporters.as_text(d for d in outcome.diagnostics if d.severity == "error"))
        err.print(
            t._(
                "omrade export: not exported: {summary}; fix the errors",
                summary=reporters.summary(outcome),
            ),
            highlight=False,
            markup=False,
        )
        raise typer.Exit(EXIT_FINDINGS)
    result = done.written
    who = result.identity
    rows = t.ngettext("{n} row", "{n} rows", sum(result.counts.values()))
    tables = t.ngettext("{n} table", "{n} tables", len(result.counts))
    err.print(
        t._(
            "omrade export: {rows} in {tables} → {path} (repository {repository}, {commit}, "
            "municipality {code})",
            rows=rows,
            tables=tables,
            path=result.path,
            repository=who.repository,
            commit=t._("commit {commit}", commit=who.commit[:10])
            if who.commit
            else t._("no commit"),
            code=who.municipality_code,
        ),
        highlight=False,
        markup=False,
    )


@export_app.command(
    "follow-up",
    short_help=N_("A workbook per administration, a row per action to follow up."),
    help=N_("A workbook for the administrations: one sheet each, a row per action to follow up."),
)
def export_follow_up(
    period: Annotated[str, typer.Argument(help=N_("The follow-up period, e.g. 2025-T2."))],
    out: Annotated[Path, typer.Option("--out", "-o", help=N_("The workbook to write (.xlsx)."))],
    responsible: Annotated[
        str | None,
        typer.Option("--responsible", "-r", help=N_("Only this organisation's actions (its id).")),
    ] = None,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api
    from omrade.i18n import Translator
    from omrade.present.plain import line

    t = Translator(speak(lang, repo_path))
    result = _run(lambda: api.export_follow_up(repo_path, period, out, responsible))
    rows = sum(result.sheets.values())
    where = (
        (
            t._("commit {commit} with uncommitted changes", commit=result.provenance.commit[:10])
            if result.provenance.dirty
            else t._("commit {commit}", commit=result.provenance.commit[:10])
        )
        if result.provenance.commit
        else t._("a repository outside git")
    )
    sheets = ", ".join(line(title) for title in result.sheets)  # names from the data
    stderr().print(
        t._(
            "omrade export: {out}: {rows} actions on {sheets} sheets ({names}), from {where}",
            out=out,
            rows=rows,
            sheets=len(result.sheets),
            names=sheets,
            where=where,
        ),
        markup=False,
        highlight=False,
    )


@import_app.command(
    "follow-up",
    short_help=N_("A filled follow-up workbook into the plans (all or nothing)."),
    help=N_("Write the filled rows into the plan files as follow-up entries (all or nothing)."),
)
def import_follow_up(
    workbook: Annotated[Path, typer.Argument(help=N_("A workbook from omrade export follow-up."))],
    force: Annotated[
        bool,
        typer.Option("--force", help=N_("Replace follow-ups that differ from the workbook's.")),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show what would change; write nothing."))
    ] = False,
    as_of: AsOf = None,
    lang: LangOption = None,
    repo_path: RepoOption = Path("."),
) -> None:
    from omrade import api
    from omrade.exchange.followup import summary_text
    from omrade.i18n import Translator

    language = speak(lang, repo_path)
    t = Translator(language)
    date = parse_as_of(as_of)
    repo, result = _run(lambda: api.import_follow_up(repo_path, workbook, force, date, language))
    err = stderr()
    for note in result.notes:
        err.print(t._("omrade import: note: {note}", note=note), highlight=False, markup=False)
    if result.changed:
        typer.echo(summary_text(result, repo), nl=False)
    if result.changed and not dry_run:
        _run(lambda: api.write_follow_up(repo, result))
    counts = {
        "added": result.added,
        "replaced": result.replaced,
        "period": result.period,
        "files": len(result.changed),
        "unchanged": result.unchanged,
    }
    said = (
        t._(
            "omrade import: would add {added} and would replace {replaced} follow-ups for "
            "{period} in {files} files; {unchanged} rows already as in the plans (dry run: "
            "nothing written)",
            **counts,
        )
        if dry_run
        else t._(
            "omrade import: added {added} and replaced {replaced} follow-ups for {period} in "
            "{files} files; {unchanged} rows already as in the plans",
            **counts,
        )
    )
    err.print(said, highlight=False, markup=False)


# --- allocate --format xlsx and --excel ---------------------------------------------------


def write_allocation(
    repo: Repository, allocation: Allocation, fmt: str, excel: bool, out: Path | None
) -> None:
    """``allocate --format xlsx`` and ``--format csv --excel``: to a file, or CSV to stdout."""
    import sys

    from omrade import api

    data = _run(lambda: api.allocation_file(repo, allocation, fmt, excel, out is not None))
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        target = out
        _run(lambda: api.write_file(target, data))


# --- official statistics in ---------------------------------------------------------------

Years = Annotated[
    str | None,
    typer.Option(
        "--years",
        help=N_(
            "Years to fetch: 2024, 2020-2024 or 2021,2023. Default: the years the analyses "
            "already have for each indicator."
        ),
    ),
]
IndicatorIds = Annotated[
    list[str] | None,
    typer.Option("--indicator", "-i", help=N_("Only this indicator (repeatable).")),
]
AnalysisYear = Annotated[
    int | None,
    typer.Option(
        "--analysis", help=N_("Write into each district's analysis of this year (default: newest).")
    ),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help=N_("Show what would change; write nothing."))
]


def _import_statistics(
    service: str,
    repo_path: Path,
    base_url: str | None,
    indicators: list[str] | None,
    years: str | None,
    analysis_year: int | None,
    dry_run: bool,
    as_of: str | None,
    api_version: str | None,
    lang: Lang | None,
) -> None:
    from omrade import api
    from omrade.exchange import stats
    from omrade.i18n import Translator

    date = parse_as_of(as_of)
    language = speak(lang, repo_path)
    t = Translator(language)
    err = stderr()
    from omrade.cli.progress import shown

    with shown(f"omrade import {service}") as progress:
        repo, outcome = _run(
            lambda: api.import_statistics(
                repo_path,
                service,
                base_url,
                indicators,
                years,
                analysis_year,
                date,
                api_version=api_version,
                lang=language,
                progress=progress,
            )
        )
    for note in outcome.notes:
        err.print(t._("omrade import: note: {note}", note=note), highlight=False)
    if outcome.changed:
        from omrade.diagnostics import say

        label = say("import from {service}", "import från {service}").format(
            service=service.upper()
        )
        typer.echo(stats.summary_text(outcome, label, repo), nl=False)
        if not dry_run:
            _run(lambda: api.write_statistics(repo, outcome))
    said = (
        t._(
            "omrade import {service}: would write {written} values in {files} files; "
            "{unchanged} already as the source says (dry run: nothing written)",
            service=service,
            written=outcome.written,
            files=len(outcome.changed),
            unchanged=outcome.unchanged,
        )
        if dry_run
        else t._(
            "omrade import {service}: wrote {written} values in {files} files; {unchanged} "
            "already as the source says",
            service=service,
            written=outcome.written,
            files=len(outcome.changed),
            unchanged=outcome.unchanged,
        )
    )
    err.print(said, highlight=False)


@import_app.command(
    "kolada",
    short_help=N_("Municipality-wide values from Kolada into the analyses."),
    help=N_("Municipality-wide values from Kolada into the analyses' 'municipality' column."),
)
def import_kolada(
    years: Years = None,
    indicator: IndicatorIds = None,
    analysis: AnalysisYear = None,
    dry_run: DryRun = False,
    api_version: Annotated[
        str | None,
        typer.Option(
            "--api-version",
            help=N_("Kolada's API version: 3 (default) or 2 (while Kolada serves it)."),
            metavar="3|2",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="OMRADE_KOLADA_URL",
            help=N_(
                "Kolada's API. Default: https://api.kolada.se/v3 (v2: https://api.kolada.se/v2)."
            ),
        ),
    ] = None,
    lang: LangOption = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    _import_statistics(
        "kolada",
        repo_path,
        base_url,
        indicator,
        years,
        analysis,
        dry_run,
        as_of,
        api_version,
        lang,
    )


@import_app.command(
    "scb",
    short_help=N_("District values from SCB into the analyses."),
    help=N_(
        "District values from SCB for each district's RegSO areas (counts "
        "summed, rates recomputed from numerator and denominator)."
    ),
)
def import_scb(
    years: Years = None,
    indicator: IndicatorIds = None,
    analysis: AnalysisYear = None,
    dry_run: DryRun = False,
    api_version: Annotated[
        str | None,
        typer.Option(
            "--api-version",
            help=N_(
                "SCB's API version: 2 (PxWebApi 2.0, default) or 1 (PxWeb v1, while SCB serves it)."
            ),
            metavar="2|1",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="OMRADE_SCB_URL",
            help=N_(
                "SCB's statistics database. Default: "
                "https://statistikdatabasen.scb.se/api/v2 (v1: "
                "https://api.scb.se/OV0104/v1/doris/sv/ssd)."
            ),
        ),
    ] = None,
    lang: LangOption = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    _import_statistics(
        "scb",
        repo_path,
        base_url,
        indicator,
        years,
        analysis,
        dry_run,
        as_of,
        api_version,
        lang,
    )


app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

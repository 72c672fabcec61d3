"""The `omrade export` and `omrade import` commands (registered in omrade.cli).

Like every command, each parses its options, calls one library function and maps the
outcome to an exit code; heavy imports happen inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from omrade.allocate import Allocation
    from omrade.repository import Repository

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
    from omrade.repository import ConfigError

    try:
        return fn()
    except (UsageError, ConfigError) as exc:
        fail_usage(str(exc))
        raise  # fail_usage exits; this line is for the type checker
    except ExchangeError as exc:
        _stderr().print(f"[bold red]omrade:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(EXIT_FINDINGS) from None


def _repository(repo_path: Path) -> Repository:
    from omrade.cli import _resolve
    from omrade.repository import load_repository

    root, _ = _resolve([repo_path])
    return load_repository(root)


export_app = typer.Typer(
    help="Write data out: the follow-up workbook, or the whole repository as a database.",
    no_args_is_help=True,
)
import_app = typer.Typer(
    help="Read data in: a filled follow-up workbook, or official statistics.",
    no_args_is_help=True,
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
        typer.echo(summary_text(result), nl=False)
    if result.changed and not dry_run:
        write_files(repo.root, result.changed)
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
    from omrade.exchange.sheets import allocation_rows, allocation_workbook, excel_csv

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
        from omrade import allocation_views as views

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
        write_atomically(out, data)

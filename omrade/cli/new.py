"""`omrade new …`: a new file that follows the repository's conventions; `omrade init`: a
new plan repository."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from omrade.cli.common import (
    EXIT_FINDINGS,
    stderr,
)
from omrade.cli.options import (
    AsOf,
    RepoOption,
    app,
    call,
    parse_as_of,
)

T = TypeVar("T")


new_app = typer.Typer(
    help="Create a new plan, district, dialogue or guideline file.", no_args_is_help=True
)
app.add_typer(new_app, name="new")


def _scaffold(fn: Callable[[], T]) -> T:
    """Run a scaffold: its refusals are usage errors (exit 2), a file it cannot write
    ends the command (exit 1)."""
    try:
        return call(fn)
    except OSError as exc:
        stderr().print(f"omrade: cannot write {exc.filename or 'the file'}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FINDINGS) from None


@new_app.command("plan")
def new_plan(
    programme: Annotated[str, typer.Option("--programme", "-p", help="Programme id.")],
    year: Annotated[int, typer.Option("--year", "-y", help="The plan's year.")],
    repo_path: RepoOption = Path("."),
) -> None:
    """Next year's plan: a placeholder action per main task, unfinished actions carried over."""
    from omrade import api

    path = _scaffold(lambda: api.new_plan(repo_path, programme, year))
    stderr().print(f"omrade new: wrote {path}; fill in what says FYLL I")


@new_app.command("district")
def new_district(
    ident: Annotated[str, typer.Argument(help="District id (a slug, e.g. norra-stan).")],
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """A district file and its network group."""
    from omrade import api

    date = parse_as_of(as_of)
    result = _scaffold(lambda: api.new_district(repo_path, ident, name, date))
    for path in result.paths:
        stderr().print(f"omrade new: wrote {path}")
    if result.needs_indicator_values:
        stderr().print(
            "omrade new: the budget weights indicators: add the district's values "
            f"to data/districts/{ident}/analysis-<year>.yaml (else OMR404)"
        )
    if result.needs_population:
        stderr().print(
            "omrade new: the budget weights by population: fill in population.value "
            f"in data/districts/{ident}.yaml (else OMR410)"
        )


@new_app.command("dialogue")
def new_dialogue(
    ident: Annotated[str, typer.Argument(help="Dialogue id (a slug).")],
    district: Annotated[list[str], typer.Option("--district", "-d", help="District id.")],
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """A citizen dialogue with the target groups that must always be considered."""
    from omrade import api

    date = parse_as_of(as_of)
    path = _scaffold(lambda: api.new_dialogue(repo_path, ident, district, date))
    stderr().print(f"omrade new: wrote {path}")


@new_app.command("guideline")
def new_guideline(
    ident: Annotated[str, typer.Argument(help="Guideline id (a slug).")],
    title: Annotated[str | None, typer.Option("--title", help="The guideline's name.")] = None,
    replaces: Annotated[
        str | None, typer.Option("--replaces", help="The id of the guideline it replaces.")
    ] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """A draft guideline (riktlinjer), e.g. the revision of one that has expired."""
    from omrade import api

    date = parse_as_of(as_of)
    path = _scaffold(lambda: api.new_guideline(repo_path, ident, title, replaces, date))
    stderr().print(f"omrade new: wrote {path}; fill in what says FYLL I")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="A new folder for the plan repository.")],
    name: Annotated[str | None, typer.Option("--name", help="The municipality's name.")] = None,
    source_url: Annotated[
        str | None,
        typer.Option(
            "--source-url",
            help="omrade's git repository, for the pin CI installs "
            "(default: $OMRADE_SOURCE_URL, else the project's own).",
            metavar="URL",
        ),
    ] = None,
) -> None:
    """Create a new, empty plan repository with CI workflows, schemas and editor settings."""
    from omrade import api

    result = _scaffold(lambda: api.init(directory, name, source_url))
    found = result.pin
    err = stderr()
    err.print(f"omrade init: CI installs {found.requirement}", markup=False)
    for note in found.notes:
        err.print(f"omrade init: note: {note}", markup=False)
    err.print(
        f"omrade init: {len(result.paths)} files in {directory}. Next: git init, "
        "fill in data/municipality.yaml, then omrade new district …"
    )

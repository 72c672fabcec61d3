"""`omrade validate`: every file against its schema and every cross-file rule."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from omrade.cli.common import (
    MAX_DIAGNOSTICS,
    MAX_FILE_SIZE_LIMIT,
    show_validation,
)
from omrade.cli.options import (
    AsOf,
    LangOption,
    NoCache,
    app,
    asked_lang,
    call,
    no_cache_option,
    parse_as_of,
)
from omrade.i18n import N_


class DiagFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command(help=N_("Check every file against its schema and every cross-file rule."))
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=N_(
                "Plan repository (default: the current one), or files and folders in it to "
                "report on."
            )
        ),
    ] = None,
    fmt: Annotated[
        DiagFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "text (default), json, github (default when GITHUB_ACTIONS=true), or "
                "sarif (SARIF 2.1.0, for GitHub code scanning and editors)."
            ),
        ),
    ] = None,
    as_of: AsOf = None,
    strict: Annotated[
        bool, typer.Option("--strict", help=N_("Warnings fail too (exit 1)."))
    ] = False,
    max_file_size: Annotated[
        int,
        typer.Option(
            "--max-file-size",
            help=N_("Largest file read, in bytes (at most 1 GiB)."),
            min=1,
            max=MAX_FILE_SIZE_LIMIT,
        ),
    ] = 5 * 1024 * 1024,
    max_diagnostics: Annotated[
        int,
        typer.Option(
            "--max-diagnostics",
            help=N_(
                "Most diagnostics listed in all (default 1000; 100 per file); the rest are counted."
            ),
            min=1,
        ),
    ] = MAX_DIAGNOSTICS,
    lang: LangOption = None,
    no_cache: NoCache = False,
) -> None:
    no_cache_option(no_cache)
    from omrade import api
    from omrade.diagnostics import speaking

    date = parse_as_of(as_of)
    chosen = asked_lang(lang)
    with speaking(chosen or "sv"):  # until the municipality's locale is read: Swedish
        result = call(
            lambda: api.validate(paths or [], date, max_file_size, max_diagnostics, chosen)
        )
    raise typer.Exit(show_validation(result, fmt.value if fmt else None, strict))

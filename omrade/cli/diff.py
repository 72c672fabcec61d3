"""`omrade diff`: what a change means for the plans, for reviewers."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from omrade.cli.options import (
    AsOf,
    LangOption,
    NoCache,
    RepoOption,
    app,
    call,
    emit,
    no_cache_option,
    parse_as_of,
    speak,
)
from omrade.i18n import N_


class DiffFormat(StrEnum):
    md = "md"
    text = "text"
    json = "json"


@app.command(help=N_("Summarise what changed in the plans between two revisions, for reviewers."))
def diff(
    base: Annotated[str, typer.Argument(help=N_("The base revision (branch, tag or commit)."))],
    head: Annotated[
        str | None,
        typer.Argument(
            help=N_("The new revision (default: the working tree, uncommitted edits included).")
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help=N_("md, text or json."))
    ] = DiffFormat.text,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help=N_("Hide members' names, and any personal data the changed text holds."),
        ),
    ] = False,
    as_of: AsOf = None,
    lang: LangOption = None,
    repo_path: RepoOption = Path("."),
    no_cache: NoCache = False,
) -> None:
    no_cache_option(no_cache)
    from omrade import api
    from omrade.present.registry import DIFF

    date = parse_as_of(as_of)
    language = speak(lang, repo_path)
    result = call(lambda: api.diff(repo_path, base, head, date, public))
    emit(DIFF[fmt.value](result, language))

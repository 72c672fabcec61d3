"""`omrade rules`: the rule catalogue, or one rule explained."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from omrade.cli.options import (
    LangOption,
    RepoOption,
    app,
    fail_usage,
    speak,
)
from omrade.i18n import N_


class RulesFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command(
    help=N_(
        "List every rule (code, default severity, title), or explain one.\n\n"
        "With a code: what the rule checks, its messages and hints, and an "
        "example."
    )
)
def rules(
    code: Annotated[
        str | None, typer.Argument(help=N_("A rule code (OMR203): explain that rule."))
    ] = None,
    fmt: Annotated[
        RulesFormat, typer.Option("--format", "-f", help=N_("text, md or json."))
    ] = RulesFormat.text,
    lang: LangOption = None,
    repo_path: RepoOption = Path("."),
) -> None:
    from omrade import api
    from omrade.present import rules as docs

    language = speak(lang, repo_path)
    api.rules()  # every rule defined (the catalogue), before it is listed
    if code is None:
        typer.echo(docs.rule_catalogue(fmt.value, language))
        return
    try:
        typer.echo(docs.rule_text(code, fmt.value, language), nl=False)
    except LookupError as exc:
        fail_usage(str(exc.args[0]))

"""`omrade rules`: the rule catalogue, or one rule explained."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from omrade.cli.options import (
    app,
    fail_usage,
)


class RulesFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A rule code (OMR203): explain that rule.")
    ] = None,
    fmt: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="text, md or json.")
    ] = RulesFormat.text,
) -> None:
    """List every rule (code, default severity, title), or explain one.

    With a code: what the rule checks, its messages and hints, and an example."""
    from omrade import api
    from omrade.present import rules as docs

    api.rules()  # every rule defined (the catalogue), before it is listed
    if code is None:
        typer.echo(docs.rule_catalogue(fmt.value))
        return
    try:
        typer.echo(docs.rule_text(code, fmt.value), nl=False)
    except LookupError as exc:
        fail_usage(str(exc.args[0]))

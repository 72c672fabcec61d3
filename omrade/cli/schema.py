"""`omrade schema`: JSON Schema for every kind, for editors and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from omrade.cli.common import (
    EXIT_FINDINGS,
    stderr,
)
from omrade.cli.options import (
    Lang,
    app,
    call,
)


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <kind>.schema.json.")] = Path(
        "schemas"
    ),
    lang: Annotated[
        Lang,
        typer.Option("--lang", help="The language of each key's description: sv or en."),
    ] = Lang.sv,
) -> None:
    """Write JSON Schema (draft 2020-12) for every kind, for editors and other tools."""
    from omrade import api

    try:
        paths = call(lambda: api.schema(out, lang.value))
    except OSError as exc:
        stderr().print(f"omrade schema: cannot write {out}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FINDINGS) from None
    stderr().print(f"omrade schema: {len(paths)} schemas in {out}")

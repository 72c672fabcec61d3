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
    speak,
)


@app.command(short_help="Write JSON Schema for every kind (for editors and tools).")
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
    from omrade.i18n import Translator

    t = Translator(speak(lang, out.parent))
    try:
        paths = call(lambda: api.schema(out, lang.value))
    except OSError as exc:
        said = t._("omrade schema: cannot write {out}: {why}", out=out, why=exc.strerror or exc)
        stderr().print(said, markup=False)
        raise typer.Exit(EXIT_FINDINGS) from None
    said = t._("omrade schema: {n} schemas in {out}", n=len(paths), out=out)
    stderr().print(said, markup=False)

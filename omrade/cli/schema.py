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
    LangOption,
    RepoOption,
    app,
    call,
    speak,
)
from omrade.i18n import N_


@app.command(
    short_help=N_("Write JSON Schema for every kind (for editors and tools)."),
    help=N_(
        "Write JSON Schema (draft 2020-12) for every kind, for editors and "
        "other tools.\n\n"
        "Each key's description is in the run's language, as every command's "
        "text: --lang, else $OMRADE_LANG, else the municipality's locale "
        "(Swedish where there is none)."
    ),
)
def schema(
    out: Annotated[
        Path, typer.Option("--out", "-o", help=N_("Folder for <kind>.schema.json."))
    ] = Path("schemas"),
    lang: LangOption = None,
    repo_path: RepoOption = Path("."),
) -> None:
    from omrade import api
    from omrade.i18n import Translator, os_reason

    language = speak(lang, repo_path)
    t = Translator(language)
    try:
        paths = call(lambda: api.schema(out, language))
    except OSError as exc:
        why = os_reason(exc, language)
        said = t._("omrade schema: cannot write {out}: {why}", out=out, why=why)
        stderr().print(said, markup=False)
        raise typer.Exit(EXIT_FINDINGS) from None
    said = t._("omrade schema: {n} schemas in {out}", n=len(paths), out=out)
    stderr().print(said, markup=False)

"""`omrade allocate`: the year's allocation, exactly, with its working; scenarios beside it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from omrade.cli.common import (
    EXIT_FINDINGS,
    stderr,
)
from omrade.cli.options import (
    AsOf,
    LangOption,
    NoCache,
    RepoOption,
    app,
    call,
    emit,
    fail_usage,
    no_cache_option,
    parse_as_of,
    speak,
)
from omrade.i18n import N_

if TYPE_CHECKING:
    from omrade import api


class AllocFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    xlsx = "xlsx"


@app.command(help=N_("Compute the year's allocation exactly and show its working."))
def allocate(
    year: Annotated[
        int | None, typer.Argument(help=N_("Budget year (default: the latest)."))
    ] = None,
    fmt: Annotated[
        AllocFormat, typer.Option("--format", "-f", help=N_("table, json, csv, md or xlsx."))
    ] = AllocFormat.table,
    excel: Annotated[
        bool, typer.Option("--excel", help=N_("CSV for Swedish Excel (semicolons, decimal comma)."))
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=N_("Write to this file (needed for xlsx)."))
    ] = None,
    lang: LangOption = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            help=N_(
                "A partial budget (kind: scenario) to compute beside the adopted one; "
                "nothing is written."
            ),
            metavar="FILE.yaml",
        ),
    ] = None,
    no_cache: NoCache = False,
) -> None:
    no_cache_option(no_cache)
    from omrade import api
    from omrade.i18n import Translator
    from omrade.present import diagnostics as reporters
    from omrade.present import plain
    from omrade.present.registry import ALLOCATION
    from omrade.repo.names import Names

    date = parse_as_of(as_of)
    language = speak(lang, repo_path)
    result = call(lambda: api.allocation(repo_path, year, date))
    repo = result.repo
    t = Translator(language)
    if result.blocked or result.allocation is None:
        err = stderr()
        if result.blocking:
            err.print(reporters.as_text(result.blocking))
        why = [result.reason] if result.reason else []
        if result.blocking or not why:
            why.append(t._("fix the errors above"))
        cannot = t._("cannot allocate {year}", year=result.year)
        err.print(f"omrade allocate: {cannot}: {plain.line('; '.join(why))}")
        raise typer.Exit(EXIT_FINDINGS)
    if result.elsewhere:
        note = t._(
            "the repository has errors ({codes}) outside this allocation's inputs; "
            "they do not change it (see omrade validate)",
            codes=", ".join(result.elsewhere),
        )
        stderr().print(f"omrade allocate: {note}", markup=False)
    if scenario is not None:
        if fmt == AllocFormat.xlsx or excel or out is not None:
            fail_usage(
                "a scenario is shown beside the adopted allocation as table, json, csv or md; "
                "--excel, --out and xlsx write the adopted allocation only"
            )
        # like --out: relative to the repository named by -C
        _allocate_scenario(result, api.beside(repo_path, repo.root, scenario), fmt, language)
        return
    if fmt == AllocFormat.xlsx or excel or out is not None:
        from omrade.cli.exchange import write_allocation

        write_allocation(repo, result.allocation, fmt.value, excel, out)
    else:
        emit(ALLOCATION[fmt.value](result.allocation, language, Names.of(repo)))


def _allocate_scenario(
    adopted: api.AllocationResult, path: Path, fmt: AllocFormat, lang: str
) -> None:
    """The scenario beside the adopted allocation; reads the scenario, writes nothing."""
    from omrade import api
    from omrade.i18n import Translator
    from omrade.present import diagnostics as reporters
    from omrade.present.registry import SCENARIO
    from omrade.repo.names import Names

    result = call(lambda: api.scenario(adopted, path))
    if result.comparison is None:
        if result.diagnostics:
            stderr().print(reporters.as_text(result.diagnostics))
        t = Translator(lang)
        why = result.reason or t._("fix the errors above")
        cannot = t._("cannot compute the scenario for {year}", year=adopted.year)
        stderr().print(f"omrade allocate: {cannot}: {why}", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    emit(SCENARIO[fmt.value](result.comparison, lang, Names.of(adopted.repo)))

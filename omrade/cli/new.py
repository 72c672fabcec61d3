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
    Lang,
    LangOption,
    OmradeTyper,
    RepoOption,
    app,
    asked_lang,
    call,
    parse_as_of,
    speak,
)
from omrade.i18n import N_

T = TypeVar("T")


new_app = OmradeTyper(
    short_help=N_("Create a new file of any kind, its blanks marked FYLL I."),
    help=N_(
        "Create a new file: district, indicator, analysis, programme, group, budget, plan, "
        "dialogue or guideline."
    ),
    no_args_is_help=True,
)
app.add_typer(new_app, name="new")


def _scaffold(fn: Callable[[], T]) -> T:
    """Run a scaffold: its refusals are usage errors (exit 2), a file it cannot write
    ends the command (exit 1)."""
    from omrade.diagnostics import current_lang, say
    from omrade.i18n import os_reason

    try:
        return call(fn)
    except OSError as exc:
        said = say("omrade: cannot write {file}: {why}", "omrade: kan inte skriva {file}: {why}")
        what = exc.filename or say("the file", "filen")
        stderr().print(said.format(file=what, why=os_reason(exc, current_lang())), markup=False)
        raise typer.Exit(EXIT_FINDINGS) from None


def _wrote(path: Path, blanks: bool = True) -> None:
    from omrade.diagnostics import current_lang
    from omrade.i18n import Translator

    t = Translator(current_lang())
    said = (
        t._("omrade new: wrote {path}; fill in what says FYLL I", path=path)
        if blanks
        else t._("omrade new: wrote {path}", path=path)
    )
    stderr().print(said, markup=False)


@new_app.command(
    "plan",
    short_help=N_("Next year's action plan, unfinished actions carried over."),
    help=N_(
        "Next year's plan: a placeholder action per main task, unfinished actions carried over."
    ),
)
def new_plan(
    programme: Annotated[str, typer.Option("--programme", "-p", help=N_("Programme id."))],
    year: Annotated[int, typer.Option("--year", "-y", help=N_("The plan's year."))],
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    _wrote(_scaffold(lambda: api.new_plan(repo_path, programme, year)))


@new_app.command("district", help=N_("A district file and its network group."))
def new_district(
    ident: Annotated[str, typer.Argument(help=N_("District id (a slug, e.g. norra-stan)."))],
    name: Annotated[str | None, typer.Option("--name", help=N_("Display name."))] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api
    from omrade.i18n import Translator

    t = Translator(speak(lang, repo_path))
    date = parse_as_of(as_of)
    result = _scaffold(lambda: api.new_district(repo_path, ident, name, date))
    for path in result.paths:
        _wrote(path)
    if result.needs_indicator_values:
        stderr().print(
            t._(
                "omrade new: the budget weights indicators: add the district's values "
                "to data/districts/{ident}/analysis-<year>.yaml (else OMR404)",
                ident=ident,
            ),
            markup=False,
        )
    if result.needs_population:
        stderr().print(
            t._(
                "omrade new: the budget weights by population: fill in population.value "
                "in data/districts/{ident}.yaml (else OMR410)",
                ident=ident,
            ),
            markup=False,
        )


@new_app.command(
    "dialogue", help=N_("A citizen dialogue with the target groups that must always be considered.")
)
def new_dialogue(
    ident: Annotated[str, typer.Argument(help=N_("Dialogue id (a slug)."))],
    district: Annotated[list[str], typer.Option("--district", "-d", help=N_("District id."))],
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    date = parse_as_of(as_of)
    _wrote(_scaffold(lambda: api.new_dialogue(repo_path, ident, district, date)))


@new_app.command(
    "guideline",
    short_help=N_("A draft guideline (riktlinjer)."),
    help=N_("A draft guideline (riktlinjer), for instance the revision of one that has expired."),
)
def new_guideline(
    ident: Annotated[str, typer.Argument(help=N_("Guideline id (a slug)."))],
    title: Annotated[str | None, typer.Option("--title", help=N_("The guideline's name."))] = None,
    replaces: Annotated[
        str | None, typer.Option("--replaces", help=N_("The id of the guideline it replaces."))
    ] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    date = parse_as_of(as_of)
    _wrote(_scaffold(lambda: api.new_guideline(repo_path, ident, title, replaces, date)))


@new_app.command(
    "programme", help=N_("A draft strategic development programme: main tasks, each with a goal.")
)
def new_programme(
    district: Annotated[str, typer.Argument(help=N_("The district's id."))],
    start: Annotated[int, typer.Option("--from", help=N_("The first year it is valid."))],
    end: Annotated[int, typer.Option("--to", help=N_("The last year it is valid."))],
    tasks: Annotated[
        int, typer.Option("--tasks", help=N_("How many main tasks to name."), min=1, max=12)
    ] = 3,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    _wrote(_scaffold(lambda: api.new_programme(repo_path, district, start, end, tasks)))


@new_app.command(
    "analysis",
    short_help=N_("A draft district analysis (stadsdelsanalys)."),
    help=N_("A draft district analysis: a value for every indicator, an assessment per dimension."),
)
def new_analysis(
    district: Annotated[str, typer.Argument(help=N_("The district's id."))],
    year: Annotated[int, typer.Option("--year", "-y", help=N_("The analysis's year."))],
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    date = parse_as_of(as_of)
    _wrote(_scaffold(lambda: api.new_analysis(repo_path, district, year, date)))


@new_app.command(
    "budget",
    short_help=N_("A draft budget: the yearly grant and how it is shared."),
    help=N_("A draft budget: the yearly grant, a base grant per district, the rest by need."),
)
def new_budget(
    year: Annotated[int, typer.Argument(help=N_("The budget's year."))],
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    _wrote(_scaffold(lambda: api.new_budget(repo_path, year)))


@new_app.command(
    "group", help=N_("A group of a district; a coordination group carries one main task.")
)
def new_group(
    district: Annotated[str, typer.Argument(help=N_("The district's id."))],
    group_type: Annotated[
        str,
        typer.Option(
            "--type", help=N_("network, coordination, area_group, dialogue_forum or other.")
        ),
    ],
    main_task: Annotated[
        str | None,
        typer.Option("--main-task", help=N_("The main task a coordination group carries (HU1).")),
    ] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    date = parse_as_of(as_of)
    _wrote(_scaffold(lambda: api.new_group(repo_path, district, group_type, main_task, date)))


@new_app.command(
    "indicator", help=N_("An indicator added to the catalogue (data/indicators.yaml).")
)
def new_indicator(
    ident: Annotated[str, typer.Argument(help=N_("The indicator's id (a slug)."))],
    name: Annotated[str | None, typer.Option("--name", help=N_("Its name."))] = None,
    unit: Annotated[
        str, typer.Option("--unit", help=N_("percent, count, sek, days, ratio or index."))
    ] = "percent",
    need: Annotated[
        str, typer.Option("--need", help=N_("higher_is_need, lower_is_need or none."))
    ] = "higher_is_need",
    dimension: Annotated[
        str, typer.Option("--dimension", help=N_("The sustainability dimension it measures."))
    ] = "social",
    repo_path: RepoOption = Path("."),
    lang: LangOption = None,
) -> None:
    from omrade import api

    speak(lang, repo_path)
    path = _scaffold(lambda: api.new_indicator(repo_path, ident, name, unit, need, dimension))
    _wrote(path, blanks=name is None)


@app.command(
    short_help=N_("Create a new, empty plan repository."),
    help=N_("Create a new, empty plan repository with CI workflows, schemas and editor settings."),
)
def init(
    directory: Annotated[Path, typer.Argument(help=N_("A new folder for the plan repository."))],
    name: Annotated[str | None, typer.Option("--name", help=N_("The municipality's name."))] = None,
    source_url: Annotated[
        str | None,
        typer.Option(
            "--source-url",
            help=N_(
                "omrade's git repository, for the pin CI installs "
                "(default: $OMRADE_SOURCE_URL, else the project's own)."
            ),
            metavar="URL",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    from omrade import api
    from omrade.i18n import Translator

    # a new repository speaks Swedish (its locale: sv) unless --lang says otherwise
    t = Translator(speak(Lang(asked_lang(lang) or "sv")))
    result = _scaffold(lambda: api.init(directory, name, source_url))
    found = result.pin
    err = stderr()
    err.print(
        t._("omrade init: CI installs {requirement}", requirement=found.requirement), markup=False
    )
    for note in found.notes:
        err.print(t._("omrade init: note: {note}", note=note), markup=False)
    err.print(
        t._(
            "omrade init: {n} files in {directory}. Next: git init, fill in "
            "data/municipality.yaml, then omrade new district …",
            n=len(result.paths),
            directory=directory,
        ),
        markup=False,
    )

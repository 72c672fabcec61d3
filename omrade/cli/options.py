"""The shared typer app, the options several commands take, and how a command calls the
library (its refusals become exit 2, never a traceback).

Heavy imports happen inside the commands so that ``omrade --help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from omrade.cli.common import EXIT_OK, EXIT_USAGE, stderr, stdout
from omrade.i18n import N_

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class OmradeTyper(typer.Typer):
    """A typer app whose commands and groups speak the run's language: their help, usage
    line and usage errors (``omrade.cli.words``)."""

    def __init__(self, **kwargs: Any) -> None:
        from omrade.cli.words import OmradeGroup

        kwargs.setdefault("cls", OmradeGroup)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
        from omrade.cli.words import OmradeCommand

        kwargs.setdefault("cls", OmradeCommand)
        return super().command(name, **kwargs)


app = OmradeTyper(
    name="omrade",
    help=N_("Plan, allocate and follow up områdesutveckling from a git repository of YAML files."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: importing Rich's help renderer doubles start-up
    # help laid out for 88 columns whatever the terminal, so that it is the same everywhere
    # and what the command reference in docs/cli.md shows (tools/readme.py)
    context_settings={"terminal_width": 88, "max_content_width": 88},
)


class Lang(StrEnum):
    sv = "sv"
    en = "en"


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=N_("sv or en. Default: the municipality's locale (data/municipality.yaml)."),
    ),
]


def lang_of(lang: Lang | None, repo_path: Path) -> str:
    """--lang, else the municipality's ``locale``."""
    from omrade import api

    return call(lambda: api.language(repo_path, lang.value if lang is not None else None))


# ``omrade --lang en COMMAND``: the language asked for before the command, for this run
_ASKED: ContextVar[str | None] = ContextVar("omrade_asked_lang", default=None)


def asked_lang(lang: Lang | None) -> str | None:
    """The language asked for: the command's ``--lang``, else ``omrade --lang``, else
    ``$OMRADE_LANG`` (sv or en), else None (the municipality's ``locale`` decides)."""
    if lang is not None:
        return lang.value
    if _ASKED.get() is not None:
        return _ASKED.get()
    env = os.environ.get("OMRADE_LANG", "")
    return env if env in ("sv", "en") else None


def speak(lang: Lang | None, repo_path: Path | None = None) -> str:
    """The command's language — ``--lang``, else the municipality's ``locale`` (Swedish
    where there is no repository to ask) — chosen for everything the command says from
    here on: messages, hints, labels, workbook headings; the choice ends with the command."""
    from omrade import api
    from omrade.diagnostics import set_lang

    asked = asked_lang(lang)
    if asked is not None:
        chosen = asked
    else:
        try:
            chosen = api.language(repo_path or Path("."), None)
        except api.UsageError:
            chosen = "sv"  # no repository here: the command itself says what is wrong
    set_lang(chosen)  # until the command ends (main_callback puts the language back)
    return chosen


def parse_as_of(value: str | None) -> dt.date:
    """--as-of: a date (YYYY-MM-DD); default today, so every run can be replayed."""
    from omrade import api
    from omrade.cli.words import help_lang
    from omrade.diagnostics import speaking

    try:
        with speaking(help_lang()):  # said before the command knows its language
            return api.parse_date(value)
    except api.UsageError as exc:
        raise typer.BadParameter(str(exc)) from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help=N_("Date the date rules use (YYYY-MM-DD). Default: today."), metavar="DATE"
    ),
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help=N_("Read every file afresh: neither use nor write the cache in .cache/omrade/."),
    ),
]


def no_cache_option(no_cache: bool) -> None:
    if no_cache:
        from omrade.load import cache

        cache.set_enabled(False)


def fail_usage(message: str) -> NoReturn:
    """Say what is wrong with the request and exit 2."""
    from rich.text import Text

    from omrade.present import plain

    stderr().print(Text.assemble(("omrade:", "bold red"), " ", plain.line(message)))
    raise typer.Exit(EXIT_USAGE)


def call(fn: Callable[[], T]) -> T:
    """Call the library; a request it cannot run as asked is a usage error (exit 2)."""
    from omrade import api

    try:
        return fn()
    except api.UsageError as exc:
        fail_usage(str(exc))
        raise  # fail_usage exits; this line is for the type checker


def emit(output: object) -> None:
    """A renderer's output: text as it is, a Rich renderable through the console."""
    if isinstance(output, str):
        typer.echo(output, nl=False)
    else:
        stdout().print(output)


def resolve(paths: list[Path]) -> tuple[Path, list[Path]]:
    """The repository root shared by ``paths``, and the paths to report on ([] = all)."""
    from omrade import api

    return call(lambda: api.resolve(paths))


def _print_version(value: bool) -> None:
    # eager: runs before Click asks for a command, so ``omrade --version`` alone works
    if value:
        from omrade import installed_version

        typer.echo(f"omrade {installed_version()}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_callback(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=N_("Print the version and exit."),
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help=N_("Show tracebacks of internal errors."))
    ] = False,
    lang: LangOption = None,
) -> None:
    """omrade — områdesutveckling as code."""
    from omrade.load import cache

    # the command line reads through the repository's cache (--no-cache or
    # OMRADE_NO_CACHE=1: not); the library does not unless asked; the setting ends with
    # the run
    token = cache.set_enabled(os.environ.get("OMRADE_NO_CACHE", "") in ("", "0"))
    ctx.call_on_close(lambda: cache.reset(token))
    from omrade.diagnostics import reset_lang, unset_lang

    # each command chooses its own language (speak); none is left from another, and the
    # one it chose ends with it
    before = unset_lang()
    ctx.call_on_close(lambda: reset_lang(before))
    asked = _ASKED.set(lang.value if lang is not None else None)  # for every command
    ctx.call_on_close(lambda: _ASKED.reset(asked))


RepoOption = Annotated[
    Path, typer.Option("--repo", "-C", help=N_("The plan repository (default: the current one)."))
]

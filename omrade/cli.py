"""The command line: parse options, call one function of ``omrade.api``, pick a renderer
from ``omrade.present.registry``, map the outcome to an exit code. Nothing is computed here.

Heavy imports happen inside the commands so that ``omrade --help`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from omrade.entry import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    MAX_DIAGNOSTICS,
    MAX_FILE_SIZE_LIMIT,
    show_validation,
)

if TYPE_CHECKING:
    from rich.console import Console

    from omrade import api

T = TypeVar("T")

app = typer.Typer(
    name="omrade",
    help="Plan, allocate and follow up områdesutveckling from a git repository of YAML files.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: importing Rich's help renderer doubles start-up
    # help laid out for 88 columns whatever the terminal, so that it is the same everywhere
    # and what the README's command reference shows (tools/readme.py)
    context_settings={"terminal_width": 88, "max_content_width": 88},
)


# the formats of the renderer registries (omrade.present.registry; a test keeps them equal)
class DiagFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def _stderr() -> Console:
    from rich.console import Console

    # no markup or emoji codes: what is printed may hold data ("[/x]", ":smile:")
    return Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def _stdout() -> Console:
    from rich.console import Console

    # piped output (a file, a CI log) is not squeezed to 80 columns
    return Console(
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
        width=None if sys.stdout.isatty() else 200,
    )


class Lang(StrEnum):
    sv = "sv"
    en = "en"


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="sv or en. Default: the municipality's locale (data/municipality.yaml).",
    ),
]


def _lang(lang: Lang | None, repo_path: Path) -> str:
    """--lang, else the municipality's ``locale``."""
    from omrade import api

    return _api(lambda: api.language(repo_path, lang.value if lang is not None else None))


def parse_as_of(value: str | None) -> dt.date:
    """--as-of: a date (YYYY-MM-DD); default today, so every run can be replayed."""
    from omrade import api

    try:
        return api.parse_date(value)
    except api.UsageError as exc:
        raise typer.BadParameter(str(exc)) from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Date the date rules use (YYYY-MM-DD). Default: today.", metavar="DATE"
    ),
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file afresh: neither use nor write the cache in .cache/omrade/.",
    ),
]


def _no_cache(no_cache: bool) -> None:
    if no_cache:
        from omrade.load import cache

        cache.set_enabled(False)


def fail_usage(message: str) -> None:
    from rich.text import Text

    from omrade.present import plain

    _stderr().print(Text.assemble(("omrade:", "bold red"), " ", plain.line(message)))
    raise typer.Exit(EXIT_USAGE)


def _api(call: Callable[[], T]) -> T:
    """Call the library; a request it cannot run as asked is a usage error (exit 2)."""
    from omrade import api

    try:
        return call()
    except api.UsageError as exc:
        fail_usage(str(exc))
        raise  # fail_usage exits; this line is for the type checker


def _emit(output: object) -> None:
    """A renderer's output: text as it is, a Rich renderable through the console."""
    if isinstance(output, str):
        typer.echo(output, nl=False)
    else:
        _stdout().print(output)


def _resolve(paths: list[Path]) -> tuple[Path, list[Path]]:
    """The repository root shared by ``paths``, and the paths to report on ([] = all)."""
    from omrade import api

    return _api(lambda: api.resolve(paths))


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
            help="Print the version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """omrade — områdesutveckling as code."""
    from omrade.load import cache

    # the command line reads through the repository's cache (--no-cache or
    # OMRADE_NO_CACHE=1: not); the library does not unless asked; the setting ends with
    # the run
    token = cache.set_enabled(os.environ.get("OMRADE_NO_CACHE", "") in ("", "0"))
    ctx.call_on_close(lambda: cache.reset(token))


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Plan repository (default: the current one), or files and folders in it to "
            "report on."
        ),
    ] = None,
    fmt: Annotated[
        DiagFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text (default), json, github (default when GITHUB_ACTIONS=true), or "
            "sarif (SARIF 2.1.0, for GitHub code scanning and editors).",
        ),
    ] = None,
    as_of: AsOf = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    max_file_size: Annotated[
        int,
        typer.Option(
            "--max-file-size",
            help="Largest file read, in bytes (at most 1 GiB).",
            min=1,
            max=MAX_FILE_SIZE_LIMIT,
        ),
    ] = 5 * 1024 * 1024,
    max_diagnostics: Annotated[
        int,
        typer.Option(
            "--max-diagnostics",
            help="Most diagnostics listed in all (default 1000; 100 per file); the rest "
            "are counted.",
            min=1,
        ),
    ] = MAX_DIAGNOSTICS,
    no_cache: NoCache = False,
) -> None:
    """Check every file against its schema and every cross-file rule."""
    _no_cache(no_cache)
    from omrade import api

    date = parse_as_of(as_of)
    result = _api(lambda: api.validate(paths or [], date, max_file_size, max_diagnostics))
    raise typer.Exit(show_validation(result, fmt.value if fmt else None, strict))


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
    from omrade.present import rules as docs

    if code is None:
        typer.echo(docs.rule_catalogue(fmt.value))
        return
    try:
        typer.echo(docs.rule_text(code, fmt.value), nl=False)
    except LookupError as exc:
        fail_usage(str(exc.args[0]))


class AllocFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    xlsx = "xlsx"


RepoOption = Annotated[
    Path, typer.Option("--repo", "-C", help="The plan repository (default: the current one).")
]


@app.command()
def allocate(
    year: Annotated[int | None, typer.Argument(help="Budget year (default: the latest).")] = None,
    fmt: Annotated[
        AllocFormat, typer.Option("--format", "-f", help="table, json, csv, md or xlsx.")
    ] = AllocFormat.table,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV for Swedish Excel (semicolons, decimal comma).")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (needed for xlsx).")
    ] = None,
    lang: LangOption = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            help="A partial budget (kind: scenario) to compute beside the adopted one; "
            "nothing is written.",
            metavar="FILE.yaml",
        ),
    ] = None,
    no_cache: NoCache = False,
) -> None:
    """Compute the year's allocation exactly and show its working."""
    _no_cache(no_cache)
    from omrade import api
    from omrade.i18n import Names, Translator, default_lang
    from omrade.present import diagnostics as reporters
    from omrade.present import plain
    from omrade.present.registry import ALLOCATION

    date = parse_as_of(as_of)
    result = _api(lambda: api.allocation(repo_path, year, date))
    repo = result.repo
    language = lang.value if lang is not None else default_lang(repo)
    t = Translator(language)
    if result.blocked or result.allocation is None:
        err = _stderr()
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
        _stderr().print(f"omrade allocate: {note}", markup=False)
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
        from omrade.exchange.commands import write_allocation

        write_allocation(repo, result.allocation, fmt.value, excel, out)
    else:
        _emit(ALLOCATION[fmt.value](result.allocation, language, Names.of(repo)))


def _allocate_scenario(
    adopted: api.AllocationResult, path: Path, fmt: AllocFormat, lang: str
) -> None:
    """The scenario beside the adopted allocation; reads the scenario, writes nothing."""
    from omrade import api
    from omrade.i18n import Names, Translator
    from omrade.present import diagnostics as reporters
    from omrade.present.registry import SCENARIO

    result = _api(lambda: api.scenario(adopted, path))
    if result.comparison is None:
        if result.diagnostics:
            _stderr().print(reporters.as_text(result.diagnostics))
        t = Translator(lang)
        why = result.reason or t._("fix the errors above")
        cannot = t._("cannot compute the scenario for {year}", year=adopted.year)
        _stderr().print(f"omrade allocate: {cannot}: {why}", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    _emit(SCENARIO[fmt.value](result.comparison, lang, Names.of(adopted.repo)))


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    all = "all"


@app.command()
def report(
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="html, md or all.")
    ] = ReportFormat.all,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder (replaced whole).")
    ] = Path("reports"),
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="Leave out emails, phone numbers and members with public: false."
        ),
    ] = False,
    lang: LangOption = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    no_overrides: Annotated[
        bool,
        typer.Option(
            "--no-overrides",
            help="Use the built-in templates only; the repository's templates/ is not read.",
        ),
    ] = False,
    no_cache: NoCache = False,
) -> None:
    """Render Markdown and an accessible HTML site (Swedish by default)."""
    _no_cache(no_cache)
    import time

    from rich.progress import Progress

    from omrade import api
    from omrade.i18n import Translator
    from omrade.present import diagnostics as reporters

    date = parse_as_of(as_of)
    formats = ("html", "md") if fmt == ReportFormat.all else (fmt.value,)
    language = _lang(lang, repo_path)
    t = Translator(language)
    err = _stderr()
    started = time.monotonic()
    progress = Progress(console=err, transient=True)
    task = None

    def on_page(done: int, total: int, _path: str) -> None:
        nonlocal task
        # a bar only when rendering takes longer than a moment
        if task is None and time.monotonic() - started > 0.5 and err.is_terminal:
            progress.start()
            task = progress.add_task(t._("Rendering"), total=total)
        if task is not None:
            progress.update(task, completed=done)

    def run() -> api.Report:
        return api.report(
            repo_path, out, date, language, public, formats, on_page, overrides=not no_overrides
        )

    try:
        result = _api(run)
    except OSError as exc:
        cannot = t._(
            "cannot write {out}: {error}; the previous reports are untouched",
            out=api.beside(repo_path, api.root_of(repo_path), out),
            error=exc.strerror or exc,
        )
        err.print(f"omrade report: {cannot}")
        raise typer.Exit(EXIT_FINDINGS) from None
    finally:
        progress.stop()
    if result.refused is not None:
        _stdout().print(reporters.as_text(result.refused.diagnostics, result.refused.omitted))
        refused = t._(
            "not rendered: {summary}; fix the errors first (the previous reports are untouched)",
            summary=reporters.summary(result.refused),
        )
        err.print(f"omrade report: {refused}")
        raise typer.Exit(EXIT_FINDINGS)
    if result.leaks:
        for leak in result.leaks[:20]:
            err.print(f"{leak.file}:{leak.line}: {t._(leak.what)}", markup=False)
        if len(result.leaks) > 20:
            err.print(t.ngettext("… and {n} more", "… and {n} more", len(result.leaks) - 20))
        not_written = t._(
            "not written: the public pages above would show personal data (a repository "
            "template, or text the rules cannot see); the previous reports are untouched"
        )
        err.print(f"omrade report: {not_written}", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    written_result = result.written
    assert written_result is not None  # neither refused nor leaking: written
    pages = sum(1 for f in written_result.files if f.endswith((".html", ".md")))
    written = t.ngettext(
        "{n} page written to {out}", "{n} pages written to {out}", pages, out=written_result.out
    )
    public_note = " (" + t._("public") + ")" if public else ""
    listed = (
        "; "
        + t.ngettext(
            "{n} warning listed under 'needs attention'",
            "{n} warnings listed under 'needs attention'",
            written_result.warnings,
        )
        if written_result.warnings
        else ""
    )
    err.print(f"omrade report: {written}{public_note}{listed}")


@app.command()
def status(
    as_of: AsOf = None,
    lang: LangOption = None,
    repo_path: RepoOption = Path("."),
    no_cache: NoCache = False,
) -> None:
    """What needs attention: expiring documents, missing follow-ups, warnings, late actions."""
    _no_cache(no_cache)
    from rich.text import Text

    from omrade import api
    from omrade.i18n import Translator
    from omrade.present import diagnostics as reporters
    from omrade.present import plain
    from omrade.present.site.messages import Messages

    date = parse_as_of(as_of)
    language = _lang(lang, repo_path)
    t = Translator(language)
    result = _api(lambda: api.status(repo_path, date, language))
    outcome, calendar, items = result.outcome, result.calendar, result.items
    out = _stdout()
    if outcome.errors:
        errors = (d for d in outcome.diagnostics if d.severity == "error")
        out.print(reporters.as_text(errors, outcome.omitted))
        fix = t._("fix the errors first")
        _stderr().print(f"omrade status: {reporters.summary(outcome)}; {fix}")
        raise typer.Exit(EXIT_FINDINGS)
    label = Messages(language)
    out.print(Text(label("calendar"), style="bold underline"))
    for c in calendar:
        out.print(Text(f"  {c['iso']}  {plain.line(c['what'])}"))
    for title, group in (
        (label("due_soon"), result.due_soon),
        (label("attention"), result.attention),
    ):
        if not group:
            continue
        out.print()
        out.print(Text(title, style="bold underline"))
        current = None
        for item in group:
            if item["district_name"] != current:
                current = item["district_name"]
                name = plain.line(current or label("municipality_wide"))
                out.print(Text("  " + name, style="bold"))
            line = Text("    • " + plain.line(item["what"]))
            line.append(f"  ({plain.line(item['where'])})", style="dim")
            out.print(line)
    if not items:
        out.print()
        out.print(t._("Nothing needs attention as of {date}.", date=date))
        return
    counted = t.ngettext(
        "{n} item needs attention as of {date}",
        "{n} items need attention as of {date}",
        len(items),
        date=date,
    )
    _stderr().print(f"omrade status: {counted}")


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <kind>.schema.json.")] = Path(
        "schemas"
    ),
) -> None:
    """Write JSON Schema (draft 2020-12) for every kind, for editors and other tools."""
    from omrade import api

    try:
        paths = _api(lambda: api.schema(out))
    except OSError as exc:
        _stderr().print(f"omrade schema: cannot write {out}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FINDINGS) from None
    _stderr().print(f"omrade schema: {len(paths)} schemas in {out}")


class DiffFormat(StrEnum):
    md = "md"
    text = "text"
    json = "json"


@app.command()
def diff(
    base: Annotated[str, typer.Argument(help="The base revision (branch, tag or commit).")],
    head: Annotated[
        str | None,
        typer.Argument(
            help="The new revision (default: the working tree, uncommitted edits included)."
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="md, text or json.")
    ] = DiffFormat.text,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Hide members' names, and any personal data the changed text holds.",
        ),
    ] = False,
    as_of: AsOf = None,
    lang: LangOption = None,
    repo_path: RepoOption = Path("."),
    no_cache: NoCache = False,
) -> None:
    """Summarise what changed in the plans between two revisions, for reviewers."""
    _no_cache(no_cache)
    from omrade import api
    from omrade.present.registry import DIFF

    date = parse_as_of(as_of)
    result = _api(lambda: api.diff(repo_path, base, head, date, public))
    _emit(DIFF[fmt.value](result, _lang(lang, repo_path)))


new_app = typer.Typer(
    help="Create a new plan, district, dialogue or guideline file.", no_args_is_help=True
)
app.add_typer(new_app, name="new")


def _scaffold(fn: Callable[[], T]) -> T:
    """Run a scaffold: its refusals are usage errors (exit 2), a file it cannot write
    ends the command (exit 1)."""
    try:
        return _api(fn)
    except OSError as exc:
        _stderr().print(f"omrade: cannot write {exc.filename or 'the file'}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FINDINGS) from None


@new_app.command("plan")
def new_plan(
    programme: Annotated[str, typer.Option("--programme", "-p", help="Programme id.")],
    year: Annotated[int, typer.Option("--year", "-y", help="The plan's year.")],
    repo_path: RepoOption = Path("."),
) -> None:
    """Next year's plan: a placeholder action per main task, unfinished actions carried over."""
    from omrade import api

    path = _scaffold(lambda: api.new_plan(repo_path, programme, year))
    _stderr().print(f"omrade new: wrote {path}; fill in what says FYLL I")


@new_app.command("district")
def new_district(
    ident: Annotated[str, typer.Argument(help="District id (a slug, e.g. norra-stan).")],
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """A district file and its network group."""
    from omrade import api

    date = parse_as_of(as_of)
    result = _scaffold(lambda: api.new_district(repo_path, ident, name, date))
    for path in result.paths:
        _stderr().print(f"omrade new: wrote {path}")
    if result.needs_indicator_values:
        _stderr().print(
            "omrade new: the budget weights indicators: add the district's values "
            f"to data/districts/{ident}/analysis-<year>.yaml (else OMR404)"
        )
    if result.needs_population:
        _stderr().print(
            "omrade new: the budget weights by population: fill in population.value "
            f"in data/districts/{ident}.yaml (else OMR410)"
        )


@new_app.command("dialogue")
def new_dialogue(
    ident: Annotated[str, typer.Argument(help="Dialogue id (a slug).")],
    district: Annotated[list[str], typer.Option("--district", "-d", help="District id.")],
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """A citizen dialogue with the target groups that must always be considered."""
    from omrade import api

    date = parse_as_of(as_of)
    path = _scaffold(lambda: api.new_dialogue(repo_path, ident, district, date))
    _stderr().print(f"omrade new: wrote {path}")


@new_app.command("guideline")
def new_guideline(
    ident: Annotated[str, typer.Argument(help="Guideline id (a slug).")],
    title: Annotated[str | None, typer.Option("--title", help="The guideline's name.")] = None,
    replaces: Annotated[
        str | None, typer.Option("--replaces", help="The id of the guideline it replaces.")
    ] = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
) -> None:
    """A draft guideline (riktlinjer), e.g. the revision of one that has expired."""
    from omrade import api

    date = parse_as_of(as_of)
    path = _scaffold(lambda: api.new_guideline(repo_path, ident, title, replaces, date))
    _stderr().print(f"omrade new: wrote {path}; fill in what says FYLL I")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="A new folder for the plan repository.")],
    name: Annotated[str | None, typer.Option("--name", help="The municipality's name.")] = None,
    source_url: Annotated[
        str | None,
        typer.Option(
            "--source-url",
            help="omrade's git repository, for the pin CI installs "
            "(default: $OMRADE_SOURCE_URL, else the project's own).",
            metavar="URL",
        ),
    ] = None,
) -> None:
    """Create a new, empty plan repository with CI workflows, schemas and editor settings."""
    from omrade import api

    result = _scaffold(lambda: api.init(directory, name, source_url))
    found = result.pin
    err = _stderr()
    err.print(f"omrade init: CI installs {found.requirement}", markup=False)
    for note in found.notes:
        err.print(f"omrade init: note: {note}", markup=False)
    err.print(
        f"omrade init: {len(result.paths)} files in {directory}. Next: git init, "
        "fill in data/municipality.yaml, then omrade new district …"
    )


cache_app = typer.Typer(
    help="The cache of read files in the repository's .cache/omrade/.", no_args_is_help=True
)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear(repo_path: RepoOption = Path(".")) -> None:
    """Remove the cache (it is rebuilt by the next command that reads)."""
    from omrade.load import cache
    from omrade.repo.repository import ConfigError, find_root

    try:
        root = find_root(repo_path)
    except ConfigError as exc:
        fail_usage(str(exc))
        return
    try:
        removed = cache.clear(root)
    except OSError as exc:
        fail_usage(f"cannot remove {root / cache.FOLDER}: {exc.strerror or exc}")
        return
    _stderr().print(f"omrade cache clear: {removed} entries removed from {root / cache.FOLDER}")


from omrade.exchange.commands import export_app, import_app  # noqa: E402

app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


# the console entry point (omrade.entry) answers a cached validate before typer is imported
from omrade.entry import main  # noqa: E402, F401

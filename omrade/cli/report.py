"""`omrade report`: Markdown and an accessible HTML site."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from omrade.cli.common import (
    EXIT_FINDINGS,
    stderr,
    stdout,
)
from omrade.cli.options import (
    AsOf,
    LangOption,
    NoCache,
    RepoOption,
    app,
    call,
    no_cache_option,
    parse_as_of,
    speak,
)
from omrade.i18n import N_


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    all = "all"


@app.command(help=N_("Render Markdown and an accessible HTML site (Swedish by default)."))
def report(
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help=N_("html, md or all."))
    ] = ReportFormat.all,
    out: Annotated[
        Path, typer.Option("--out", "-o", help=N_("Output folder (replaced whole)."))
    ] = Path("reports"),
    public: Annotated[
        bool,
        typer.Option(
            "--public", help=N_("Leave out emails, phone numbers and members with public: false.")
        ),
    ] = False,
    lang: LangOption = None,
    as_of: AsOf = None,
    repo_path: RepoOption = Path("."),
    no_overrides: Annotated[
        bool,
        typer.Option(
            "--no-overrides",
            help=N_("Use the built-in templates only; the repository's templates/ is not read."),
        ),
    ] = False,
    no_cache: NoCache = False,
) -> None:
    no_cache_option(no_cache)
    from omrade import api
    from omrade.cli.progress import shown
    from omrade.i18n import Translator, os_reason
    from omrade.present import diagnostics as reporters

    date = parse_as_of(as_of)
    formats = ("html", "md") if fmt == ReportFormat.all else (fmt.value,)
    language = speak(lang, repo_path)
    t = Translator(language)
    err = stderr()

    try:
        # a bar on a terminal (not in CI), page by page; nothing in a pipe or a log
        with shown(t._("Rendering")) as on_page:
            result = call(
                lambda: api.report(
                    repo_path,
                    out,
                    date,
                    language,
                    public,
                    formats,
                    on_page,
                    overrides=not no_overrides,
                )
            )
    except OSError as exc:
        cannot = t._(
            "cannot write {out}: {error}; the previous reports are untouched",
            out=api.beside(repo_path, api.root_of(repo_path), out),
            error=os_reason(exc, t.lang),
        )
        err.print(f"omrade report: {cannot}")
        raise typer.Exit(EXIT_FINDINGS) from None
    if result.refused is not None:
        stdout().print(reporters.as_text(result.refused.diagnostics, result.refused.omitted))
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

"""`omrade status`: the yearly calendar's next dates and what needs attention."""

from __future__ import annotations

from pathlib import Path

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


@app.command(
    short_help=N_("What needs attention, and the next dates of the yearly calendar."),
    help=N_(
        "What needs attention: expiring documents, missing follow-ups, warnings, late actions."
    ),
)
def status(
    as_of: AsOf = None,
    lang: LangOption = None,
    repo_path: RepoOption = Path("."),
    no_cache: NoCache = False,
) -> None:
    no_cache_option(no_cache)
    from rich.text import Text

    from omrade import api
    from omrade.i18n import Translator
    from omrade.labels import Messages
    from omrade.present import diagnostics as reporters
    from omrade.present import plain

    date = parse_as_of(as_of)
    language = speak(lang, repo_path)
    t = Translator(language)
    result = call(lambda: api.status(repo_path, date, language))
    outcome, calendar, items = result.outcome, result.calendar, result.items
    out = stdout()
    if outcome.errors:
        errors = (d for d in outcome.diagnostics if d.severity == "error")
        out.print(reporters.as_text(errors, outcome.omitted))
        fix = t._("fix the errors first")
        stderr().print(f"omrade status: {reporters.summary(outcome)}; {fix}")
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
    stderr().print(f"omrade status: {counted}")

"""Renderers: the same list of diagnostics as text (Rich), JSON or GitHub annotations."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from itertools import groupby
from pathlib import Path

from rich.console import Group
from rich.text import Text

from omrade import installed_version
from omrade.diagnostics import (
    MAX_PER_FILE,
    MAX_PER_RUN,
    Diagnostic,
    Outcome,
    current_lang,
    say,
)
from omrade.present import plain

JSON_FORMAT_VERSION = 1
STYLE = {"error": "bold red", "warning": "yellow"}


def _more(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def more_line(
    omitted: Mapping[str, int],
    listed_files: Iterable[str],
    per_file: int = MAX_PER_FILE,
    per_run: int = MAX_PER_RUN,
) -> str:
    """The closing line for diagnostics in files none of whose diagnostics is listed."""
    shown = set(listed_files)
    rest = {f: n for f, n in omitted.items() if f not in shown}
    if not rest:
        return ""
    total = sum(rest.values())
    if current_lang() == "sv":
        return (
            f"… och {_more(total)} {'anmärkning' if total == 1 else 'anmärkningar'} till i "
            f"{_more(len(rest))} {'fil' if len(rest) == 1 else 'filer'} till (högst "
            f"{_more(per_file)} per fil och {_more(per_run)} sammanlagt listas)"
        )
    return (
        f"… and {_more(total)} more diagnostic{'' if total == 1 else 's'} in "
        f"{_more(len(rest))} more file{'' if len(rest) == 1 else 's'} (at most "
        f"{_more(per_file)} per file and {_more(per_run)} in all are listed)"
    )


def severity_word(severity: str) -> str:
    """'error' / 'warning' in the run's language ('fel' / 'varning')."""
    return say("error", "fel") if severity == "error" else say("warning", "varning")


def as_text(
    diagnostics: Iterable[Diagnostic],
    omitted: Mapping[str, int] | None = None,
    limits: tuple[int, int] = (MAX_PER_FILE, MAX_PER_RUN),
) -> Group:
    """Diagnostics grouped by file, one line each with its hint underneath; with
    ``omitted`` (file → diagnostics not listed), an '… and N more' line where due.

    Data is printed as data: ``Text`` (never Rich markup), through ``plain.line`` (control
    characters shown, one line, no workflow command), as a CI log reads these lines.
    """
    omitted = omitted or {}
    t = plain.line
    parts: list[Text] = []
    files: list[str] = []
    for file, items in groupby(sorted(diagnostics), key=lambda d: d.file):
        files.append(file)
        parts.append(Text(t(file), style="bold underline"))
        for d in items:
            line = Text("  ")
            line.append(f"{d.line}:{d.column}".ljust(8))
            line.append(severity_word(d.severity).ljust(8), style=STYLE[d.severity])
            line.append(t(d.code) + "  ", style="cyan")
            line.append(t(d.message))
            if d.path:
                line.append(f"  ({t(d.path)})", style="dim")
            parts.append(line)
            if d.hint:
                parts.append(
                    Text(say("          hint: ", "          tips: ") + t(d.hint), style="green")
                )
        if omitted.get(file):
            more = say("  … and {n} more in this file", "  … och {n} till i den här filen")
            parts.append(Text(more.format(n=_more(omitted[file])), style="bold"))
        parts.append(Text(""))
    closing = more_line(omitted, files, *limits)
    if closing:
        parts.append(Text(closing, style="bold"))
    return Group(*parts)


def summary(outcome: Outcome) -> str:
    if current_lang() == "sv":
        errors, warnings, files = outcome.errors, outcome.warnings, outcome.files
        return (
            f"{errors} fel, {warnings} {'varning' if warnings == 1 else 'varningar'} "
            f"i {files} {'fil' if files == 1 else 'filer'}"
        )

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(outcome.errors, 'error')}, {plural(outcome.warnings, 'warning')} "
        f"in {plural(outcome.files, 'file')}"
    )


def as_json(outcome: Outcome, as_of: str) -> str:
    """The documented, versioned JSON structure (docs/validate.md, "JSON output")."""
    doc = {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "omrade", "version": installed_version()},
        "as_of": as_of,
        "summary": {
            "errors": outcome.errors,
            "warnings": outcome.warnings,
            "files": outcome.files,
            "listed": len(outcome.diagnostics),
            "omitted": outcome.omitted_total,
        },
        "diagnostics": [d.to_dict() for d in outcome.diagnostics],
        # the closing "N more": per file, the diagnostics found but not listed
        "omitted": [{"file": f, "count": n} for f, n in outcome.omitted.items()],
        "limits": {"per_file": outcome.per_file, "per_run": outcome.per_run},
    }
    return valid_utf8(plain.dumps(doc))


def valid_utf8(text: str) -> str:
    """``text`` as valid UTF-8: a lone surrogate (the trace of a name that was not UTF-8)
    becomes a visible escape such as \\udcff instead of an invalid byte."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _escape(value: str, *, prop: bool = False) -> str:
    """GitHub's workflow-command escaping (the runner's ActionCommand): ``%``, CR and LF
    in the message, and ``:`` and ``,`` too in a property; control and bidi characters
    shown as symbols, as the annotation is shown to reviewers."""
    value = plain.visible(value)
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(
    diagnostics: Iterable[Diagnostic],
    root: Path,
    omitted: Mapping[str, int] | None = None,
    limits: tuple[int, int] = (MAX_PER_FILE, MAX_PER_RUN),
) -> str:
    """GitHub Actions workflow commands; paths relative to the working directory; a
    closing notice counts what is not listed."""
    cwd = Path.cwd().resolve()
    lines = []
    for d in diagnostics:
        path = (root / d.file).resolve()
        try:
            shown = path.relative_to(cwd).as_posix()
        except ValueError:
            shown = d.file
        level = "error" if d.severity == "error" else "warning"
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        lines.append(
            f"::{level} file={_escape(shown, prop=True)},line={d.line},col={d.column},"
            f"title={_escape(d.code, prop=True)}::{_escape(message)}"
        )
    total = sum((omitted or {}).values())
    if total:
        said = say(
            "… and {n} more diagnostics (at most {per_file} per file and {per_run} in all "
            "are listed; run omrade validate locally for the text output)",
            "… och {n} anmärkningar till (högst {per_file} per fil och {per_run} sammanlagt "
            "listas; kör omrade validate lokalt för att se textutdata)",
        ).format(n=_more(total), per_file=limits[0], per_run=limits[1])
        lines.append(f"::notice title=omrade::{_escape(said)}")
    return "\n".join(lines)


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"

"""Renderers: the same list of diagnostics as text (Rich), JSON or GitHub annotations."""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from rich.console import Group
from rich.text import Text

from omrade import installed_version, plain
from omrade.diagnostics import Diagnostic, Outcome

JSON_FORMAT_VERSION = 1
STYLE = {"error": "bold red", "warning": "yellow"}


def as_text(diagnostics: Iterable[Diagnostic]) -> Group:
    """Diagnostics grouped by file, one line each with its hint underneath.

    Data is printed as data: ``Text`` (never Rich markup), through ``plain.line`` (control
    characters shown, one line, no workflow command), as a CI log reads these lines.
    """
    t = plain.line
    parts: list[Text] = []
    for file, items in groupby(sorted(diagnostics), key=lambda d: d.file):
        parts.append(Text(t(file), style="bold underline"))
        for d in items:
            line = Text("  ")
            line.append(f"{d.line}:{d.column}".ljust(8))
            line.append(d.severity.ljust(8), style=STYLE[d.severity])
            line.append(t(d.code) + "  ", style="cyan")
            line.append(t(d.message))
            if d.path:
                line.append(f"  ({t(d.path)})", style="dim")
            parts.append(line)
            if d.hint:
                parts.append(Text("          hint: " + t(d.hint), style="green"))
        parts.append(Text(""))
    return Group(*parts)


def summary(outcome: Outcome) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(outcome.errors, 'error')}, {plural(outcome.warnings, 'warning')} "
        f"in {plural(outcome.files, 'file')}"
    )


def as_json(outcome: Outcome, as_of: str) -> str:
    """The documented, versioned JSON structure (see README: 'JSON output')."""
    doc = {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "omrade", "version": installed_version()},
        "as_of": as_of,
        "summary": {"errors": outcome.errors, "warnings": outcome.warnings, "files": outcome.files},
        "diagnostics": [d.to_dict() for d in outcome.diagnostics],
    }
    return plain.dumps(doc)


def _escape(value: str, *, prop: bool = False) -> str:
    """GitHub's workflow-command escaping (the runner's ActionCommand): ``%``, CR and LF
    in the message, and ``:`` and ``,`` too in a property; control and bidi characters
    shown as symbols, as the annotation is shown to reviewers."""
    value = plain.visible(value)
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(diagnostics: Iterable[Diagnostic], root: Path) -> str:
    """GitHub Actions workflow commands; paths relative to the working directory."""
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
    return "\n".join(lines)


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"

"""What every command and the fast entry point share, without typer: exit codes, the
consoles, and the one way a validation is printed.

Nothing here imports typer, pydantic, the models or the rules (``omrade.entry`` answers a
cached validate with it before typer is imported).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from omrade.diagnostics import MAX_PER_RUN

if TYPE_CHECKING:
    from rich.console import Console

    from omrade import api

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# validate's --format values (the renderers of omrade.present.registry; a test keeps the
# registry's keys equal to these)
FORMATS = ("text", "json", "github", "sarif")
MAX_FILE_SIZE_LIMIT = 1 << 30  # 1 GiB: beyond that a plan file is not a plan file
MAX_DIAGNOSTICS = MAX_PER_RUN


def stderr() -> Console:
    """The console for messages about the run (stderr): while a progress bar is shown,
    the bar's own, so a message is printed above the bar rather than after it."""
    from rich.console import Console

    from omrade.cli.progress import drawing

    live = drawing()
    if live is not None:
        return live
    # no markup or emoji codes: what is printed may hold data ("[/x]", ":smile:")
    return Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def stdout() -> Console:
    """The console for a command's output (stdout)."""
    from rich.console import Console

    # piped output (a file, a CI log) is not squeezed to 80 columns
    return Console(
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
        width=None if sys.stdout.isatty() else 200,
    )


def show_validation(result: api.Validation, fmt: str | None, strict: bool) -> int:
    """Print a validation as ``fmt`` (None: the default format) and its summary; the exit
    code. The one way validate prints, from the cache or from typer."""
    from omrade.diagnostics import say, speaking
    from omrade.present import diagnostics as reporters
    from omrade.present.registry import DIAGNOSTICS

    render = DIAGNOSTICS[fmt or reporters.default_format()]
    with speaking(result.lang):
        output = render(result.outcome, result.root, result.as_of)
        if isinstance(output, str):
            sys.stdout.write(output)
            sys.stdout.flush()
        else:
            console = stdout()
            lines = _plain_lines(output) if console.color_system is None else None
            if lines is None:
                console.print(output)
            else:  # what rich would print, without its rendering (a tenth of a run)
                sys.stdout.write(lines)
                sys.stdout.flush()
        summary = reporters.summary(result.outcome)
        as_of = say("as of", "per")
    stderr().print(f"omrade validate: {summary} ({as_of} {result.as_of})")
    return EXIT_FINDINGS if result.failed(strict) else EXIT_OK


def _plain_lines(output: object) -> str | None:
    """The text rich prints for ``output`` on a console without styles (not a terminal;
    soft wrap: no line is broken), when it is a group of plain texts, one line each: each
    text and a line break. None for anything else (rich prints it)."""
    from rich.console import Group
    from rich.text import Text

    if type(output) is not Group:
        return None
    parts = output.renderables
    lines = []
    for part in parts:
        if type(part) is not Text:
            return None
        line = part.plain
        if "\n" in line or "\t" in line:  # rich breaks the line; expands the tab
            return None
        lines.append(f"{line}\n")
    return "".join(lines)

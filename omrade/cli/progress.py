"""Progress on a terminal for work that takes more than a moment (an export of a large
repository, an import of many indicators, a report): a rich progress bar on standard error
when standard error is a terminal and the run is not in CI (``CI`` set), nothing otherwise,
so logs, pipes and CI output stay as they were.

The library never prints: it takes a callback (``Progress``: done, total, what) and calls
it as it goes; a command passes the one ``shown`` gives.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

Progress = Callable[[int, int, str], None]

# the console drawing the bar while one is shown: the commands' messages go through it
# (omrade.cli.common.stderr), so they appear above the bar, not glued to its line
live: Console | None = None


def drawing() -> Console | None:
    """The console drawing a progress bar now, if one is shown."""
    return live


def wanted() -> bool:
    """Whether progress is shown: standard error is a terminal and this is not CI."""
    if os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _silent(done: int, total: int, what: str) -> None:
    return None


@contextmanager
def shown(label: str) -> Iterator[Progress]:
    """A callback that draws ``label`` with a bar on standard error (gone when the work
    ends), or does nothing when progress is not wanted."""
    global live
    if not wanted():
        yield _silent
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    # as omrade.cli.common.stderr() makes it (which hands this one out while it is live)
    console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
    bar = Bar(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[what]}", markup=False),
        console=console,
        transient=True,
    )
    task = bar.add_task(label, total=None, what="")

    def update(done: int, total: int, what: str) -> None:
        bar.update(task, completed=done, total=total, what=what)

    with bar:
        live = console
        try:
            yield update
        finally:
            live = None

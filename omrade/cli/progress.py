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

Progress = Callable[[int, int, str], None]


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
    if not wanted():
        yield _silent
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[what]}"),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None, what="")

    def update(done: int, total: int, what: str) -> None:
        bar.update(task, completed=done, total=total, what=what)

    with bar:
        yield update

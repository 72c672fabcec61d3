"""Validation: load a repository, run every rule, apply the configured severities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from omrade.diagnostics import MAX_PER_RUN, Collector, Outcome
from omrade.load.reader import DEFAULT_MAX_BYTES
from omrade.repo.repository import Repository, load_repository
from omrade.run import Run


def validate(
    root: Path,
    as_of: dt.date,
    max_bytes: int = DEFAULT_MAX_BYTES,
    report_on: Callable[[str], bool] | None = None,
    per_run: int = MAX_PER_RUN,
) -> tuple[Repository, Outcome]:
    """Every diagnostic of the repository at ``root`` (see ``check``)."""
    run, outcome = check(root, as_of, max_bytes, report_on, per_run)
    return run.repo, outcome


def check(
    root: Path,
    as_of: dt.date,
    max_bytes: int = DEFAULT_MAX_BYTES,
    report_on: Callable[[str], bool] | None = None,
    per_run: int = MAX_PER_RUN,
) -> tuple[Run, Outcome]:
    """The run over the repository at ``root`` (its allocations are shared with whoever
    needs them) and every diagnostic (raises ConfigError for exit 2).

    The outcome lists at most MAX_PER_FILE diagnostics per file and ``per_run`` in all
    (the first by file and line) and counts the rest; its error and warning counts and
    so the exit code cover every diagnostic found. ``report_on`` limits the outcome to
    some files (the whole repository is still checked).
    """
    repo = load_repository(root, max_bytes)
    collector = Collector(repo.severity_overrides(), report_on=report_on, per_run=per_run)
    collector.add_all(repo.diagnostics)
    for doc in repo.docs:
        for code, count in doc.loaded.omitted.items():
            collector.count(doc.file, code, count)
    run = Run(repo, as_of)
    collector.add_all(run.checks())
    for (file, code), count in run.omitted.items():
        collector.count(file, code, count)
    return run, collector.outcome(files=len(repo.docs))

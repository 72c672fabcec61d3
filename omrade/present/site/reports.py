"""The reports of a valid plan repository: rendered and written whole, and the list of
what needs attention.

Rendering only: the caller (``omrade.api``) validates once, refuses a repository with
errors, reads git, and hands over the run's results; nothing here validates, runs the
rules or reads git."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from omrade.allocation.compute import Allocation
from omrade.diagnostics import Diagnostic, Outcome
from omrade.personal import Leak, public_output_leaks
from omrade.present.site.attention import Attention, as_dict, needs_attention
from omrade.present.site.output import OutputError, prepare, write_atomically
from omrade.present.site.render import render_site
from omrade.present.site.view import Options, build_site
from omrade.repo.git import Provenance
from omrade.repo.repository import Repository
from omrade.rules.personal import hidden_names

__all__ = [
    "Attention",
    "LeakError",
    "OutputError",
    "build_reports",
    "needs_attention",
    "prepare",
    "status",
]


class LeakError(Exception):
    """The public output would show personal data; nothing is written (exit code 1)."""

    def __init__(self, leaks: list[Leak]):
        super().__init__(f"{len(leaks)} pieces of personal data in the public output")
        self.leaks = leaks


@dataclass
class ReportResult:
    out: Path
    files: list[str]
    warnings: int


def build_reports(
    repo: Repository,
    warnings: list[Diagnostic],
    allocations: dict[int, Allocation],
    prov: Provenance,
    out: Path,
    opts: Options,
    formats: tuple[str, ...] = ("html", "md"),
    on_page: Callable[[int, int, str], None] | None = None,
    overrides: bool = True,
) -> ReportResult:
    """Render every page of a valid repository in memory, then replace ``out`` in one step.

    ``warnings`` are the run's (listed under 'needs attention'), ``allocations`` its
    allocations by year and ``prov`` where the data came from (git). ``overrides`` False
    renders with the built-in templates only (the repository's templates/ is not read).
    The caller has refused a dangerous ``out`` (``prepare``) and a repository with errors.
    """
    root = repo.root
    site = build_site(repo, warnings, opts, prov, allocations)
    total = len(site.pages)
    done = 0

    def step(path: str) -> None:
        nonlocal done
        done += 1
        if on_page:
            on_page(done, total, path)

    files = render_site(site, root, formats, step, overrides)
    if opts.public:
        # the source rules (7xx) have passed; this checks what a reader would really see
        settings = repo.municipality.site if repo.municipality else None
        published = [settings.contact] if settings and settings.contact else []
        leaks = public_output_leaks(files, hidden_names(repo), published)
        if leaks:
            raise LeakError(leaks)
    written = write_atomically(out, files, root)
    return ReportResult(out=written, files=sorted(files), warnings=len(warnings))


def status(
    repo: Repository, outcome: Outcome, as_of: dt.date, lang: str = "sv"
) -> tuple[list[dict[str, object]], list[dict[str, object]], Outcome]:
    """What needs attention, and the next dates of the yearly cycle, for ``omrade status``,
    as mappings (``needs_attention`` gives the same as typed values)."""
    found = needs_attention(repo, outcome, as_of, lang)
    return [as_dict(i) for i in found.items], [as_dict(c) for c in found.calendar], found.outcome

"""Reports: Markdown and an accessible HTML site from a valid plan repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from omrade.diagnostics import Outcome
from omrade.present.site.attention import Attention, as_dict, needs_attention
from omrade.present.site.output import OutputError, prepare, write_atomically
from omrade.present.site.render import render_site
from omrade.present.site.view import Options, build_site
from omrade.repo.git import provenance
from omrade.rules.personal import Leak, hidden_names, public_output_leaks
from omrade.rules.validate import check

__all__ = [
    "Attention",
    "LeakError",
    "OutputError",
    "RefusedError",
    "attention",
    "build_reports",
    "needs_attention",
    "status",
]


class RefusedError(Exception):
    """The repository has errors; reports are not rendered from invalid data."""

    def __init__(self, outcome: Outcome):
        super().__init__(f"{outcome.errors} errors")
        self.outcome = outcome


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
    root: Path,
    out: Path,
    opts: Options,
    formats: tuple[str, ...] = ("html", "md"),
    on_page: Callable[[int, int, str], None] | None = None,
    overrides: bool = True,
) -> ReportResult:
    """Validate, render every page in memory, then replace ``out`` in one step.

    ``overrides`` False renders with the built-in templates only (the repository's
    templates/ is not read).
    """
    prepare(out, root)  # refuses a dangerous --out before any work
    run, outcome = check(root, opts.as_of)
    repo = run.repo
    if outcome.errors:
        raise RefusedError(outcome)
    warnings = [d for d in outcome.diagnostics if d.severity == "warning"]
    site = build_site(repo, warnings, opts, provenance(root, history=True), run.allocations())
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


def attention(root: Path, as_of: dt.date, lang: str = "sv") -> tuple[list[dict], Outcome]:
    """What needs attention (warnings, delayed or red actions), for ``omrade status``."""
    items, _calendar, outcome = status(root, as_of, lang)
    return items, outcome


def status(root: Path, as_of: dt.date, lang: str = "sv") -> tuple[list[dict], list[dict], Outcome]:
    """What needs attention, and the next dates of the yearly cycle, for ``omrade status``,
    as mappings (``needs_attention`` gives the same as typed values)."""
    found = needs_attention(root, as_of, lang)
    return [as_dict(i) for i in found.items], [as_dict(c) for c in found.calendar], found.outcome

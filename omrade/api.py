"""What each command asks of the library: a repository and options in, data out.

One function per command. Each takes the plan repository (a path in it, as the user
named it) and the command's options — ``as_of`` wherever a date decides anything — and
returns data (dataclasses). None prints or exits: a request that cannot be run as asked
raises :class:`UsageError` (the command line's exit 2), and findings are part of the
returned data (the command line's exit 1). ``omrade/cli.py`` parses options, calls one
of these, picks a renderer from ``omrade.present.registry`` and maps the outcome to an
exit code.

Heavy imports (git, jinja2, openpyxl) happen inside the functions that need them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from omrade.diagnostics import MAX_PER_RUN, Diagnostic, Outcome, Rule

if TYPE_CHECKING:
    from omrade.allocation.compute import Allocation
    from omrade.allocation.scenario import Comparison
    from omrade.diff import DiffResult
    from omrade.present.site import ReportResult
    from omrade.repo.repository import Repository
    from omrade.rules.personal import Leak
    from omrade.write.source import Pin

# the dates a command accepts (a plan file's years: models.Year); date rules count from it
AS_OF_RANGE = (dt.date(1900, 1, 1), dt.date(2200, 12, 31))
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024

T = TypeVar("T")


class UsageError(Exception):
    """The request cannot be run as asked (exit 2): no plan repository, a bad option, a
    configuration error, a refusal to write somewhere. The message says what to do."""


def parse_date(value: str | None) -> dt.date:
    """``--as-of``: a date (YYYY-MM-DD) within AS_OF_RANGE; None is today."""
    if value is None:
        return dt.date.today()
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"'{value}' is not a date; write YYYY-MM-DD") from None
    low, high = AS_OF_RANGE
    if not low <= date <= high:
        raise UsageError(f"'{value}' is outside the years plans cover ({low} to {high})")
    return date


# --- the repository a command runs on --------------------------------------------------


def resolve(paths: Sequence[Path]) -> tuple[Path, list[Path]]:
    """The repository root shared by ``paths``, and the paths to report on ([] = all)."""
    from omrade.repo.root import ConfigError, find_root, printable_name

    paths = list(paths) or [Path(".")]
    roots = set()
    for p in paths:
        if not p.exists():
            raise UsageError(f"{printable_name(str(p))}: no such file or folder")
        try:
            roots.add(find_root(p))
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
    if len(roots) > 1:
        raise UsageError("the paths belong to different plan repositories; validate one at a time")
    root = roots.pop()
    selected = [p.resolve() for p in paths if p.resolve() != root]
    return root, selected


def root_of(repo: Path) -> Path:
    """The root of the plan repository ``repo`` is in (``-C``/``--repo``)."""
    return resolve([repo])[0]


def beside(repo: Path, root: Path, path: Path) -> Path:
    """A relative ``--out`` or ``--scenario`` path: relative to the repository named with
    ``-C``, or to the current folder when none was named."""
    if not path.is_absolute() and repo != Path("."):
        return root / path
    return path


def language(repo: Path, lang: str | None) -> str:
    """``--lang``, else the municipality's ``locale`` (read from municipality.yaml alone)."""
    from omrade.i18n import lang_of_root

    return lang if lang is not None else lang_of_root(root_of(repo))


def load(repo: Path) -> Repository:
    """Every document of the repository ``repo`` is in, read and indexed."""
    from omrade.repo.repository import load_repository

    return load_repository(root_of(repo))


def _checked(
    root: Path,
    as_of: dt.date,
    max_bytes: int | None = None,
    report_on: Callable[[str], bool] | None = None,
    per_run: int = MAX_PER_RUN,
) -> tuple[Repository, Outcome]:
    """The repository and every diagnostic as of ``as_of``; configuration errors are
    usage errors."""
    from omrade.load.reader import DEFAULT_MAX_BYTES
    from omrade.repo.repository import ConfigError
    from omrade.rules.validate import validate as run_validate

    try:
        return run_validate(
            root, as_of, DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, report_on, per_run
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


# --- validate ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Validation:
    """Every diagnostic of a repository as of a day (listed within the limits)."""

    root: Path
    as_of: dt.date
    outcome: Outcome

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; with ``strict`` warnings too."""
        return bool(self.outcome.errors or (strict and self.outcome.warnings))


def selection(root: Path, selected: Sequence[Path]) -> Callable[[str], bool] | None:
    """Which diagnostics' files to report on, when files or folders inside the repository
    were named (None: the whole repository)."""
    from omrade.repo.root import printable_name

    if not selected:
        return None
    # a file as diagnostics name it (a name that is not UTF-8 is shown escaped)
    named = [
        printable_name(s.relative_to(root).as_posix()) for s in selected if s.is_relative_to(root)
    ]

    def in_selection(file: str) -> bool:
        if any(file == n or file.startswith(n + "/") for n in named):
            return True
        return any((root / file).resolve().is_relative_to(s) for s in selected)

    return in_selection


def validate(
    paths: Sequence[Path],
    as_of: dt.date,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    max_diagnostics: int = MAX_PER_RUN,
) -> Validation:
    """Check the repository ``paths`` are in; report on those paths (all when they name
    the repository itself). The whole repository is always checked."""
    from omrade.load import runcache

    root, selected = resolve(paths)
    # the whole repository's result may come from the run cache (when the cache is on):
    # then nothing is parsed, and neither the models nor the rules are imported
    store = None if selected else runcache.for_root(root)
    lookup = None
    if store is not None:
        lookup = store.find(as_of.isoformat(), max_file_size, max_diagnostics)
        if lookup.outcome is not None:
            return Validation(root, as_of, lookup.outcome)
    with runcache.recording() as looks:
        _repo, outcome = _checked(
            root, as_of, max_file_size, selection(root, selected), max_diagnostics
        )
    if store is not None and lookup is not None:
        store.save(lookup, outcome, looks)
    return Validation(root, as_of, outcome)


# --- allocate ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AllocationResult:
    """The allocation of a budget year, or what blocks it.

    ``blocking`` are the errors in the files the allocation reads; ``reason`` says why it
    cannot be computed when no diagnostic does. ``elsewhere`` are the codes of errors in
    other files: they do not change the allocation.
    """

    repo: Repository
    year: int
    as_of: dt.date
    allocation: Allocation | None
    blocking: list[Diagnostic] = field(default_factory=list)
    reason: str = ""
    elsewhere: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return self.allocation is None or bool(self.blocking)


def allocation(repo: Path, year: int | None, as_of: dt.date) -> AllocationResult:
    """The allocation of ``year`` (default: the latest budget year) as of ``as_of``.

    Only errors in what the allocation reads block it; checks of what the allocation is
    used for (OMR406: a plan spends more than its share) need it computed, and point here.
    """
    from omrade.allocation.compute import AllocationError, budget_files
    from omrade.repo.repository import ConfigError
    from omrade.rules.validate import check

    try:
        run, outcome = check(root_of(repo), as_of)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    repository = run.repo
    budgets = budget_files(repository)
    if not budgets:
        raise UsageError("the repository has no budget files (data/budget/<year>.yaml)")
    chosen = year if year is not None else max(budgets)
    if chosen not in budgets:
        years = ", ".join(str(y) for y in sorted(budgets))
        raise UsageError(f"no budget for {chosen} (budgets: {years})")
    # what blocks it is decided in one place (omrade.run.Run.blocked), computed once
    found = run.outcome(chosen)
    computed: Allocation | None = None
    blocking: list[Diagnostic] = []
    reason = ""
    if isinstance(found, AllocationError):
        blocking, reason = sorted(found.diagnostics), found.reason
    else:
        computed = found
    elsewhere = sorted({d.code for d in outcome.diagnostics if d.severity == "error"})
    return AllocationResult(repository, chosen, as_of, computed, blocking, reason, elsewhere)


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario beside the adopted allocation, or what keeps it from being computed."""

    comparison: Comparison | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reason: str = ""


def scenario(adopted: AllocationResult, path: Path) -> ScenarioResult:
    """The scenario in ``path`` (kind: scenario) beside ``adopted``; nothing is written."""
    from omrade.allocation.scenario import ScenarioError, compare, read_scenario

    if not path.is_file():
        raise UsageError(f"{path}: no such scenario file")
    repo = adopted.repo
    try:
        sdoc, model = read_scenario(path, repo.root)
        return ScenarioResult(compare(repo, adopted.year, sdoc, model))
    except ScenarioError as exc:
        return ScenarioResult(None, list(exc.diagnostics), exc.reason)


# --- report and status --------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """What ``report`` did: the pages written, or why nothing was (the previous reports
    are untouched then): the repository's errors, or personal data on public pages."""

    out: Path
    written: ReportResult | None = None
    refused: Outcome | None = None
    leaks: list[Leak] = field(default_factory=list)


def report(
    repo: Path,
    out: Path,
    as_of: dt.date,
    lang: str,
    public: bool = False,
    formats: tuple[str, ...] = ("html", "md"),
    on_page: Callable[[int, int, str], None] | None = None,
    overrides: bool = True,
) -> Report:
    """Render the site and Markdown into ``out`` (replaced whole, in one step). Raises
    UsageError for an ``out`` that must not be replaced, OSError when it cannot be written."""
    from omrade.present.site import LeakError, OutputError, RefusedError, build_reports
    from omrade.present.site.view import Options
    from omrade.repo.repository import ConfigError

    root = root_of(repo)
    out = beside(repo, root, out)
    try:
        built = build_reports(
            root,
            out,
            Options(as_of=as_of, lang=lang, public=public),
            formats,
            on_page,
            overrides=overrides,
        )
    except RefusedError as exc:
        return Report(out, refused=exc.outcome)
    except LeakError as exc:
        return Report(out, leaks=exc.leaks)
    except (OutputError, ConfigError) as exc:
        raise UsageError(str(exc)) from None
    return Report(out, written=built)


@dataclass(frozen=True)
class Status:
    """The calendar's next dates and what needs attention as of a day; with errors in the
    repository, only ``outcome`` (the lists are then empty)."""

    as_of: dt.date
    calendar: list[dict[str, Any]]
    items: list[dict[str, Any]]
    outcome: Outcome

    @property
    def due_soon(self) -> list[dict[str, Any]]:
        return [i for i in self.items if i["code"] == "OMR318"]

    @property
    def attention(self) -> list[dict[str, Any]]:
        return [i for i in self.items if i["code"] != "OMR318"]


def status(repo: Path, as_of: dt.date, lang: str) -> Status:
    """What needs attention: expiring documents, missing follow-ups, warnings, late actions."""
    from omrade.present.site import status as run_status
    from omrade.repo.repository import ConfigError

    try:
        items, calendar, outcome = run_status(root_of(repo), as_of, lang)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    return Status(as_of, calendar, items, outcome)


# --- diff and schema ---------------------------------------------------------------------


def diff(repo: Path, base: str, head: str | None, as_of: dt.date, public: bool) -> DiffResult:
    """What changed in the plans between two revisions (head None: the working tree)."""
    from omrade import diff as diffing
    from omrade.repo.git import RevisionError

    root = root_of(repo)
    try:
        return diffing.run(root, base, head, as_of, public)
    except RevisionError as exc:
        raise UsageError(str(exc)) from None


def schema(out: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind into ``out``; OSError when it cannot."""
    from omrade.load.safefs import Refused
    from omrade.model.schema import write_schemas

    try:
        return write_schemas(out)
    except Refused as exc:
        raise UsageError(str(exc)) from None


def rules() -> list[Rule]:
    """Every rule, by code."""
    from omrade.diagnostics import all_rules

    every = all_rules()  # importing the modules that define them
    return [every[code] for code in sorted(every)]


# --- new and init --------------------------------------------------------------------------


def _scaffold(fn: Callable[[], T]) -> T:
    """A scaffold's refusals are usage errors; OSError passes (the file cannot be written)."""
    from omrade.load.safefs import Refused
    from omrade.write.scaffold import ScaffoldError

    try:
        return fn()
    except (ScaffoldError, Refused) as exc:
        raise UsageError(str(exc)) from None


def check_id(ident: str) -> None:
    """An id given on the command line must be a slug, as in the files."""
    from omrade.model.documents import SLUG_PATTERN

    if not re.fullmatch(SLUG_PATTERN, ident):
        raise UsageError(f"'{ident}' is not a valid id: use lowercase a–z, digits and hyphens")


def new_plan(repo: Path, programme: str, year: int) -> Path:
    """Next year's plan: a placeholder action per main task, unfinished actions carried
    over."""
    from omrade.write import scaffold

    repository = load(repo)
    return _scaffold(lambda: scaffold.new_plan(repository, programme, year))


@dataclass(frozen=True)
class NewDistrict:
    """The files written, and what the budgets need filled in for the new district."""

    paths: list[Path]
    needs_indicator_values: bool  # a budget weights indicators (else OMR404)
    needs_population: bool  # a budget weights by population (else OMR410)


def new_district(repo: Path, ident: str, name: str | None, as_of: dt.date) -> NewDistrict:
    """A district file and its network group."""
    from omrade.write import scaffold

    check_id(ident)
    repository = load(repo)
    paths = _scaffold(lambda: scaffold.new_district(repository, ident, name, as_of))
    budgets = [doc.model for doc in repository.budgets.values() if doc.model is not None]
    return NewDistrict(
        paths,
        needs_indicator_values=any(b.weighting.indicators for b in budgets),
        needs_population=any(b.weighting.volume == "population" for b in budgets),
    )


def new_dialogue(repo: Path, ident: str, districts: list[str], as_of: dt.date) -> Path:
    """A citizen dialogue with the target groups that must always be considered."""
    from omrade.write import scaffold

    check_id(ident)
    repository = load(repo)
    return _scaffold(lambda: scaffold.new_dialogue(repository, ident, districts, as_of))


def new_guideline(
    repo: Path, ident: str, title: str | None, replaces: str | None, as_of: dt.date
) -> Path:
    """A draft guideline (riktlinjer), e.g. the revision of one that has expired."""
    from omrade.write import scaffold

    check_id(ident)
    repository = load(repo)
    return _scaffold(lambda: scaffold.new_guideline(repository, ident, title, replaces, as_of))


@dataclass(frozen=True)
class Init:
    """The files of a new plan repository, and the omrade its CI installs."""

    paths: list[Path]
    pin: Pin


def init(directory: Path, name: str | None, source_url: str | None) -> Init:
    """A new, empty plan repository with CI workflows, schemas and editor settings."""
    from omrade import installed_version
    from omrade.write import scaffold
    from omrade.write.source import SourceError, pin

    try:
        found = pin(installed_version(), source_url)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    paths = _scaffold(lambda: scaffold.init_repository(directory, name, found))
    return Init(paths, found)

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

from omrade.diagnostics import MAX_PER_RUN, Diagnostic, Outcome, Rule, say

if TYPE_CHECKING:
    from omrade.allocation.compute import Allocation
    from omrade.diff import DiffResult
    from omrade.i18n import Translator
    from omrade.personal import Leak
    from omrade.present.site.reports import ReportResult
    from omrade.repo.repository import Repository
    from omrade.run import Run
    from omrade.scenario import Comparison
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
        raise UsageError(
            say(
                "'{v}' is not a date; write YYYY-MM-DD", "'{v}' är inget datum; skriv ÅÅÅÅ-MM-DD"
            ).format(v=value)
        ) from None
    low, high = AS_OF_RANGE
    if not low <= date <= high:
        raise UsageError(
            say(
                "'{v}' is outside the years plans cover ({low} to {high})",
                "'{v}' ligger utanför de år planerna gäller ({low} till {high})",
            ).format(v=value, low=low, high=high)
        )
    return date


# --- the repository a command runs on --------------------------------------------------


def resolve(paths: Sequence[Path]) -> tuple[Path, list[Path]]:
    """The repository root shared by ``paths``, and the paths to report on ([] = all)."""
    from omrade.load.root import ConfigError, find_root, printable_name

    paths = list(paths) or [Path(".")]
    roots = set()
    for p in paths:
        if not p.exists():
            raise UsageError(
                say("{p}: no such file or folder", "{p}: filen eller mappen finns inte").format(
                    p=printable_name(str(p))
                )
            )
        try:
            roots.add(find_root(p))
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
    if len(roots) > 1:
        raise UsageError(
            say(
                "the paths belong to different plan repositories; validate one at a time",
                "sökvägarna hör till olika planrepon; validera ett i taget",
            )
        )
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
    from omrade.repo.names import lang_of_root

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
    from omrade.validation import validate as run_validate

    _catalogue()
    try:
        return run_validate(
            root, as_of, DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, report_on, per_run
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _catalogue() -> None:
    """Every rule defined and every check registered, before anything runs the rules."""
    import omrade.catalogue  # noqa: F401  (importing it registers them)


def _run(root: Path, as_of: dt.date) -> tuple[Run, Outcome]:
    """The run over the repository at ``root`` as of ``as_of`` and its outcome, validated
    once (``omrade.validation.check``); configuration errors are usage errors."""
    from omrade.repo.repository import ConfigError
    from omrade.validation import check

    _catalogue()
    try:
        return check(root, as_of)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


# --- validate ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Validation:
    """Every diagnostic of a repository as of a day (listed within the limits)."""

    root: Path
    as_of: dt.date
    outcome: Outcome
    lang: str = "sv"  # the language the messages are said in

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; with ``strict`` warnings too."""
        return bool(self.outcome.errors or (strict and self.outcome.warnings))


def selection(root: Path, selected: Sequence[Path]) -> Callable[[str], bool] | None:
    """Which diagnostics' files to report on, when files or folders inside the repository
    were named (None: the whole repository)."""
    from omrade.load.root import printable_name

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
    lang: str | None = None,
) -> Validation:
    """Check the repository ``paths`` are in; report on those paths (all when they name
    the repository itself). The whole repository is always checked. Its messages are said
    in ``lang``, else in the municipality's ``locale``."""
    from omrade.diagnostics import current_lang, speaking
    from omrade.load import given, runcache

    with speaking(lang or current_lang()):  # (no municipality yet to ask)
        root, selected = resolve(paths)
    # the whole repository's result may come from the run cache (when the cache is on):
    # then nothing is parsed, and neither the models nor the rules are imported
    store = None if selected else runcache.for_root(root)
    lookup = None
    if store is not None:
        lookup = store.find(as_of.isoformat(), max_file_size, max_diagnostics, lang or "")
        if lookup.outcome is not None:
            return Validation(root, as_of, lookup.outcome, lookup.lang)
    said = language(root, lang)
    # the files the lookup read and hashed for its key are parsed from those bytes
    read = None if lookup is None else lookup.contents
    with speaking(said), runcache.recording() as looks, given.given(read):
        _repo, outcome = _checked(
            root, as_of, max_file_size, selection(root, selected), max_diagnostics
        )
        if store is not None and lookup is not None:
            lookup.contents = None
            store.save(lookup, outcome, looks)
    return Validation(root, as_of, outcome, said)


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
    from omrade.allocation.compute import AllocationError
    from omrade.repo.allocation import budget_files

    run, outcome = _run(root_of(repo), as_of)
    repository = run.repo
    budgets = budget_files(repository)
    if not budgets:
        raise UsageError(
            say(
                "the repository has no budget files (data/budget/<year>.yaml)",
                "repot har inga budgetfiler (data/budget/<år>.yaml)",
            )
        )
    chosen = year if year is not None else max(budgets)
    if chosen not in budgets:
        years = ", ".join(str(y) for y in sorted(budgets))
        raise UsageError(
            say(
                "no budget for {y} (budgets: {years})", "ingen budget för {y} (budgetar: {years})"
            ).format(y=chosen, years=years)
        )
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
    from omrade.scenario import ScenarioError, compare, read_scenario

    if not path.is_file():
        raise UsageError(
            say("{p}: no such scenario file", "{p}: scenariofilen finns inte").format(p=path)
        )
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
    from omrade.present.site.reports import LeakError, OutputError, build_reports, prepare
    from omrade.present.site.view import Options
    from omrade.repo.git import provenance
    from omrade.repo.repository import ConfigError

    root = root_of(repo)
    out = beside(repo, root, out)
    try:
        prepare(out, root)  # refuses a dangerous --out before any work
        run, outcome = _run(root, as_of)
        if outcome.errors:
            return Report(out, refused=outcome)
        warnings = [d for d in outcome.diagnostics if d.severity == "warning"]
        built = build_reports(
            run.repo,
            warnings,
            run.allocations(),
            provenance(root, history=True),
            out,
            Options(as_of=as_of, lang=lang, public=public),
            formats,
            on_page,
            overrides=overrides,
        )
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
    from omrade.present.site.reports import status as listed

    run, outcome = _run(root_of(repo), as_of)
    items, calendar, outcome = listed(run.repo, outcome, as_of, lang)
    return Status(as_of, calendar, items, outcome)


# --- diff and schema ---------------------------------------------------------------------


def diff(repo: Path, base: str, head: str | None, as_of: dt.date, public: bool) -> DiffResult:
    """What changed in the plans between two revisions (head None: the working tree)."""
    from omrade import diff as diffing
    from omrade.repo.git import RevisionError

    _catalogue()
    root = root_of(repo)
    try:
        return diffing.run(root, base, head, as_of, public)
    except RevisionError as exc:
        raise UsageError(str(exc)) from None


def schema(out: Path, lang: str = "sv") -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind into ``out``, every property described
    in ``lang``; OSError when it cannot."""
    from omrade.load.safefs import Refused
    from omrade.model.schema import write_schemas

    try:
        return write_schemas(out, lang)
    except Refused as exc:
        raise UsageError(str(exc)) from None


def rules() -> list[Rule]:
    """Every rule, by code."""
    from omrade import catalogue

    return list(catalogue.ordered())


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
    from omrade.model.scalars import SLUG_PATTERN

    if not re.fullmatch(SLUG_PATTERN, ident):
        raise UsageError(
            say(
                "'{ident}' is not a valid id: use lowercase a–z, digits and hyphens",
                "'{ident}' är inget giltigt id: använd gemener a–z, siffror och bindestreck",
            ).format(ident=ident)
        )


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


def new_programme(repo: Path, district: str, start: int, end: int, tasks: int) -> Path:
    """A draft strategic development programme for a district."""
    from omrade.write import scaffold

    repository = load(repo)
    return _scaffold(lambda: scaffold.new_programme(repository, district, start, end, tasks))


def new_analysis(repo: Path, district: str, year: int, as_of: dt.date) -> Path:
    """A draft district analysis with a value to fill in for every indicator."""
    from omrade.write import scaffold

    repository = load(repo)
    return _scaffold(lambda: scaffold.new_analysis(repository, district, year, as_of))


def new_budget(repo: Path, year: int) -> Path:
    """A draft budget shared by every district."""
    from omrade.write import scaffold

    repository = load(repo)
    return _scaffold(lambda: scaffold.new_budget(repository, year))


def new_group(
    repo: Path, district: str, group_type: str, main_task: str | None, as_of: dt.date
) -> Path:
    """A group of a district (a coordination group carries a main task)."""
    from omrade.write import scaffold

    repository = load(repo)
    return _scaffold(lambda: scaffold.new_group(repository, district, group_type, main_task, as_of))


def new_indicator(
    repo: Path, ident: str, name: str | None, unit: str, need: str, dimension: str
) -> Path:
    """An indicator added to the catalogue (data/indicators.yaml)."""
    from omrade.write import scaffold

    check_id(ident)
    repository = load(repo)
    return _scaffold(lambda: scaffold.new_indicator(repository, ident, name, unit, need, dimension))


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


# --- data in and out: workbooks, statistics, a database ------------------------------------
#
# The exchange's own refusals are ``omrade.exchange.UsageError`` (exit 2) and
# ``ExchangeError`` (input that cannot be used, exit 1); they pass through these functions
# as they are, so that the command line maps each to its exit code.


def repository(repo: Path) -> Repository:
    """The repository ``repo`` is in, read and indexed (the rules not run); a configuration
    error is a usage error."""
    from omrade.repo.repository import ConfigError

    try:
        return load(repo)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


@dataclass(frozen=True)
class DatabaseExport:
    """``export --format duckdb|parquet``: what was written, or the outcome that refused it
    (a repository with errors is not exported)."""

    written: Any = None  # omrade.exchange.database.ExportResult
    refused: Outcome | None = None


def export_database(
    repo: Path,
    fmt: str,
    out: Path,
    name: str | None,
    as_of: dt.date,
    progress: Callable[[int, int, str], None] | None = None,
) -> DatabaseExport:
    """The repository as database tables (DuckDB file or Parquet folder), when valid;
    ``progress`` (done, total, what) is told of each table as it is written."""
    from omrade.exchange.database import export

    run, outcome = _run(root_of(repo), as_of)
    repository_ = run.repo
    if outcome.errors:
        return DatabaseExport(refused=outcome)
    return DatabaseExport(written=export(repository_, fmt, out, name, progress))


def export_follow_up(repo: Path, period: str, out: Path, responsible: str | None) -> Any:
    """The follow-up workbook of ``period`` (one sheet per administration) written to
    ``out``; returns ``omrade.exchange.followup.ExportResult``."""
    from omrade.exchange.followup import export_workbook

    return export_workbook(repository(repo), period, out, responsible)


def import_follow_up(
    repo: Path, workbook: Path, force: bool, as_of: dt.date, lang: str | None = None
) -> tuple[Repository, Any]:
    """A filled follow-up workbook read against the plans: the repository and the import
    (``omrade.exchange.followup.ImportResult``: what would change); nothing is written.
    Its refusals are in ``lang`` (default: the municipality's language)."""
    from omrade.exchange.followup import import_workbook

    repository_ = repository(repo)
    result = import_workbook(repository_, workbook, force=force, as_of=as_of, lang=lang)
    return repository_, result


def write_follow_up(repo: Repository, result: Any) -> None:
    """Write an import's changed plan files, all or nothing."""
    from omrade.exchange.followup import write_files

    write_files(repo.root, result.changed)


def allocation_file(
    repo: Repository, allocation: Allocation, fmt: str, excel: bool, to_file: bool
) -> bytes:
    """``allocate --format xlsx`` and ``--format csv --excel`` (and json, csv, md to a file):
    the bytes to write; UsageError for a combination that writes nothing sensible."""
    from omrade.diagnostics import chosen_lang
    from omrade.exchange.sheets import allocation_header, allocation_workbook, excel_csv
    from omrade.present.allocation import allocation_rows

    mun = repo.municipality
    lang = chosen_lang() or (mun.locale if mun else "sv")  # --lang, else the municipality's
    names = {i: ind.name for i, ind in repo.indicators.items()}

    if fmt == "xlsx":
        if not to_file:
            raise UsageError(
                say(
                    "--format xlsx writes a file: add --out FILE.xlsx",
                    "--format xlsx skriver en fil: lägg till --out FIL.xlsx",
                )
            )
        return allocation_workbook(allocation, names, lang)
    if excel and fmt == "csv":
        header, rows = allocation_rows(allocation)
        return excel_csv(allocation_header(header, lang, names), rows)
    if excel:
        raise UsageError(say("--excel applies to --format csv", "--excel gäller --format csv"))
    if fmt in ("json", "csv", "md"):
        from omrade.present import allocation as views

        render = {"json": views.as_json, "csv": views.as_csv, "md": views.as_markdown}[fmt]
        text = render(allocation)
        return (text if text.endswith("\n") else text + "\n").encode("utf-8")
    raise UsageError(
        say(
            "--out writes json, csv, md or xlsx: add --format",
            "--out skriver json, csv, md eller xlsx: lägg till --format",
        )
    )


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole (never half a file); ExchangeError when it cannot."""
    from omrade.exchange import write_atomically

    write_atomically(path, data)


def _chosen_indicators(
    repo: Repository, wanted: list[str] | None, provider: str, t: Translator
) -> list[Any]:
    from omrade.diagnostics import choices_hint

    catalogue_ = repo.indicators
    if wanted:
        unknown = [i for i in wanted if i not in catalogue_]
        if unknown:
            raise UsageError(
                t._(
                    "no indicator '{id}' in data/indicators.yaml ({hint})",
                    id=unknown[0],
                    hint=choices_hint(unknown[0], catalogue_),
                )
            )
        return [catalogue_[i] for i in wanted]
    if provider == "scb":
        chosen = [i for i in catalogue_.values() if i.source.scb is not None]
    else:
        chosen = [i for i in catalogue_.values() if i.source.provider == provider]
    if not chosen:
        raise UsageError(
            t._(
                "no indicator in data/indicators.yaml has its source at SCB with a "
                "source.scb block; name one with --indicator"
            )
            if provider == "scb"
            else t._(
                "no indicator in data/indicators.yaml has its source at Kolada; name one "
                "with --indicator"
            )
        )
    return chosen


def _years_of(
    repo: Repository,
    indicators: list[Any],
    years: str | None,
    analysis_year: int | None,
    t: Translator,
) -> dict[str, list[int]]:
    from omrade.exchange.stats import parse_years, target_analyses

    if years is not None:
        chosen = parse_years(years, t)
        return {i.id: chosen for i in indicators}
    targets = target_analyses(repo, analysis_year)
    out: dict[str, list[int]] = {}
    for ind in indicators:
        present = sorted(
            {
                v.year
                for doc in targets.values()
                for v in doc.model.values
                if v.indicator == ind.id and v.sex is None
            }
        )
        if not present:
            raise UsageError(
                t._(
                    "the analyses have no values of '{id}' yet: say which years with --years",
                    id=ind.id,
                )
            )
        out[ind.id] = present
    return out


def import_statistics(
    repo: Path,
    service: str,
    base_url: str | None,
    indicators: list[str] | None,
    years: str | None,
    analysis_year: int | None,
    as_of: dt.date,
    api_version: str | None = None,
    lang: str = "sv",
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[Repository, Any]:
    """Official statistics (``service``: kolada or scb) fetched for the chosen indicators
    and years and set into the analyses in memory: the repository and the outcome
    (``omrade.exchange.stats.Outcome``: what would change); nothing is written.

    ``api_version`` is the service's API version (Kolada 3 or 2, SCB 2 or 1; by default
    the current one) and ``base_url`` its address (by default the version's own); the
    messages are in ``lang``; ``progress`` (done, total, indicator) is told of each
    indicator as it is fetched."""
    from omrade.exchange import UsageError as ExchangeUsage
    from omrade.exchange import kolada, scb, stats
    from omrade.i18n import Translator

    t = Translator(lang)
    _catalogue()  # the changed analyses are validated before anything is written
    module = kolada if service == "kolada" else scb
    version = api_version or module.VERSIONS[0]
    if version not in module.VERSIONS:
        raise UsageError(
            t._(
                "--api-version {version}: {service} speaks {versions}",
                version=version,
                service="Kolada" if service == "kolada" else "SCB",
                versions=" or ".join(module.VERSIONS),
            )
        )
    address = base_url or module.DEFAULT_BASE[version]
    repository_ = repository(repo)

    def fetch(chosen: list[Any], years_of: dict[str, list[int]]) -> Any:
        if service == "kolada":
            mun = repository_.municipality
            if mun is None:
                raise UsageError(
                    t._("data/municipality.yaml is missing or has errors: run omrade validate")
                )
            return kolada.collect(
                chosen, mun.code, years_of, address, version=version, t=t, progress=progress
            )
        areas = {
            ident: list(doc.model.areas.regso)
            for ident, doc in sorted(repository_.districts.items())
            if doc.model is not None and doc.model.areas and doc.model.areas.regso
        }
        if not areas:
            raise ExchangeUsage(
                t._(
                    "no district lists its RegSO areas: add 'areas: {{regso: [...]}}' to the "
                    "district files (SCB's codes, e.g. 0127R001)"
                )
            )
        return scb.collect(
            chosen, areas, years_of, address, version=version, t=t, progress=progress
        )

    if service == "kolada" and repository_.municipality is None:
        raise UsageError(
            t._("data/municipality.yaml is missing or has errors: run omrade validate")
        )
    chosen = _chosen_indicators(repository_, indicators, service, t)
    years_of = _years_of(repository_, chosen, years, analysis_year, t)
    found = fetch(chosen, years_of)
    outcome = stats.apply_found(
        repository_, found, today=as_of, analysis_year=analysis_year, as_of=as_of, t=t
    )
    return repository_, outcome


def write_statistics(repo: Repository, outcome: Any) -> None:
    """Write an import's changed analyses, all or nothing."""
    from omrade.exchange import stats

    stats.write(repo.root, outcome)

"""The tertial round trip: a follow-up workbook out, the filled rows back into the plans.

``export_workbook`` writes one sheet per responsible organisation with one row per action
that needs a follow-up for the period; the fill-in columns have drop-down lists, the rest
of each sheet is protected, and a hidden sheet records what was exported (repository,
commit, period, and which row is which action).

``import_workbook`` reads the filled rows, refuses every bad row with a message naming
the sheet and row, and, only when every row is good, writes the new entries into the
plan files (see :mod:`omrade.exchange.yamledit`): the result is checked with the strict
loader and the full validator before anything is written, and each file is replaced
atomically; all files are prepared before the first one is replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrade import __version__
from omrade.diagnostics import CYCLES_SV, Diagnostic, choices_hint, chosen_lang, say
from omrade.exchange import ExchangeError, UsageError, require, translator, write_atomically
from omrade.i18n import N_, Translator, os_reason
from omrade.load.safefs import write_all
from omrade.model import documents as m
from omrade.model import periods as per
from omrade.repo.git import Provenance, provenance
from omrade.repo.repository import Doc, Repository

FORMAT_VERSION = 1
META_SHEET = "omrade"
TITLE_ROW, HELP_ROW, HEADER_ROW = 1, 2, 4
FIRST_ROW = HEADER_ROW + 1
FILL_FAMILIES = ("status", "rating", "trend")
CLOSED = ("done", "cancelled")
SKIPPED_PLAN_STATUS = ("withdrawn", "replaced")

LABELS = {
    "sv": {
        "title": "Uppföljning {period} – {org}",
        "help": (
            "Fyll i de gula kolumnerna för perioden {period}: välj status, måluppfyllelse och "
            "trend i listorna och skriv en kommentar. Status krävs; lämna hela raden tom om "
            "insatsen inte följs upp nu. De grå kolumnerna kommer från planerna: ändra dem inte "
            "(raderna får sorteras och filtreras)."
        ),
        "district": "Stadsdel",
        "programme": "Program (id)",
        "action": "Insats (id)",
        "action_title": "Insats",
        "main_task": "Huvuduppgift",
        "previous": "Förra uppföljningen",
        "previous_status": "Status då",
        "previous_rating": "Måluppfyllelse då",
        "previous_trend": "Trend då",
        "previous_comment": "Kommentar då",
        "status": "Status {period}",
        "rating": "Måluppfyllelse {period}",
        "trend": "Trend {period}",
        "comment": "Kommentar {period}",
        "list_error": "Välj ett värde i listan.",
        "list_title": "Ogiltigt värde",
    },
    "en": {
        "title": "Follow-up {period} – {org}",
        "help": (
            "Fill in the yellow columns for {period}: choose status, rating and trend from "
            "the lists and write a comment. Status is required; leave the whole row empty if "
            "the action is not followed up now. The grey columns come from the plans: do not "
            "change them (the rows may be sorted and filtered)."
        ),
        "district": "District",
        "programme": "Programme (id)",
        "action": "Action (id)",
        "action_title": "Action",
        "main_task": "Main task",
        "previous": "Previous follow-up",
        "previous_status": "Status then",
        "previous_rating": "Rating then",
        "previous_trend": "Trend then",
        "previous_comment": "Comment then",
        "status": "Status {period}",
        "rating": "Rating {period}",
        "trend": "Trend {period}",
        "comment": "Comment {period}",
        "list_error": "Choose a value from the list.",
        "list_title": "Invalid value",
    },
}
COLUMNS = (
    "district",
    "programme",
    "action",
    "action_title",
    "main_task",
    "previous",
    "previous_status",
    "previous_rating",
    "previous_trend",
    "previous_comment",
    "status",
    "rating",
    "trend",
    "comment",
)
FILL = ("status", "rating", "trend", "comment")
# the columns that say which action a row is: matched (the ids) or checked (the names)
# against the plans when the workbook is read back
IDENTIFYING = ("district", "programme", "action", "action_title")
# headings of earlier exports, still read (the id columns were "Åtgärd" before the glossary)
OLD_LABELS = {"sv": {"action": ("Åtgärd (id)",)}}
# what a value of each list is called in a message
FAMILY_WORDS = {"status": N_("status"), "rating": N_("rating"), "trend": N_("trend")}


def _lang(repo: Repository) -> str:
    mun = repo.municipality
    return mun.locale if mun else "sv"


def enum_label(family: str, value: str, lang: str) -> str:
    from omrade.labels import ENUMS

    return ENUMS[family][value][0 if lang == "sv" else 1]


def enum_values(family: str) -> list[str]:
    import typing

    model_field = {"status": m.ActionStatus, "rating": m.Rating, "trend": m.Trend}[family]
    return list(typing.get_args(model_field))


def header(key: str, lang: str, period: str) -> str:
    return LABELS[lang][key].format(period=period)


# --- which actions need a follow-up -----------------------------------------------------------


@dataclass
class Row:
    """An action that needs a follow-up for the period."""

    plan: Doc
    action_index: int
    action: m.Action
    district: str
    district_name: str
    programme: str
    year: int
    main_task: str
    previous: m.FollowUp | None
    current: m.FollowUp | None


def check_period(repo: Repository, period: str) -> per.Period:
    """The period, if it is one of the municipality's follow-up cycle; else an error."""
    mun = repo.municipality
    cycle = mun.follow_up if mun else "tertial"
    match = re.fullmatch(r"(\d{4})(-[A-Z]\d)?", period.strip())
    if match:
        year = int(match.group(1))
        for p in per.periods(year, cycle):
            if p.label == period.strip():
                return p
        labels = ", ".join(p.label for p in per.periods(year, cycle))
    else:
        labels = ", ".join(p.label for p in per.periods(dt.date.today().year, cycle))
    raise UsageError(
        translator()._(
            "'{period}' is not a follow-up period of this municipality (it follows up per "
            "{cycle}: e.g. {labels})",
            period=period,
            cycle=say(cycle.replace("_", " "), CYCLES_SV.get(cycle, cycle)),
            labels=labels,
        )
    )


def _organisation(repo: Repository, ident: str) -> str:
    """An organisation as a message names it: its name and, after it, its id."""
    org = repo.organisations.get(ident)
    name = say(org.name_en or org.name, org.name) if org is not None else ""
    return f"{name} ({ident})" if name and name != ident else ident


def rows_for(repo: Repository, period: per.Period, responsible: str | None = None) -> list[Row]:
    """Every action of the period's year that ran in the period and was not closed earlier."""
    if responsible is not None and responsible not in repo.organisations:
        hint = choices_hint(responsible, repo.organisations, limit=20)
        raise UsageError(
            translator()._(
                "'{responsible}' is not an organisation in municipality.yaml ({hint})",
                responsible=responsible,
                hint=hint,
            )
        )
    year = int(period.label[:4])
    rows: list[Row] = []
    for (programme, plan_year), doc in sorted(repo.plans.items()):
        plan = doc.model
        if plan is None or plan_year != year or plan.status in SKIPPED_PLAN_STATUS:
            continue
        prog_doc = repo.programmes.get(programme)
        prog = prog_doc.model if prog_doc else None
        district = prog.district if prog else ""
        district_doc = repo.districts.get(district)
        district_name = district_doc.model.name if district_doc and district_doc.model else district
        tasks = {t.id: t.title for t in prog.main_tasks} if prog else {}
        for index, action in enumerate(plan.actions):
            if responsible is not None and action.responsible != responsible:
                continue
            if action.start is not None and action.start > period.end:
                continue
            if action.end is not None and action.end < period.start:
                continue
            earlier = []
            for f in action.follow_up:
                b = per.bounds(f.period)
                if b is not None and b.end < period.start:
                    earlier.append((b.end, f))
            earlier.sort(key=lambda x: x[0])
            if any(f.status in CLOSED for _end, f in earlier):
                continue
            current = next((f for f in action.follow_up if f.period == period.label), None)
            rows.append(
                Row(
                    plan=doc,
                    action_index=index,
                    action=action,
                    district=district,
                    district_name=district_name,
                    programme=programme,
                    year=plan_year,
                    main_task=f"{action.main_task} {tasks.get(action.main_task, '')}".strip(),
                    previous=earlier[-1][1] if earlier else None,
                    current=current,
                )
            )
    return rows


# --- export -----------------------------------------------------------------------------------


def _sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip().strip("'")[:31] or "Blad"
    title, n = base, 2
    while title.lower() in taken or title.lower() == META_SHEET:
        suffix = f" {n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


@dataclass
class ExportResult:
    sheets: dict[str, int]  # sheet title → rows
    provenance: Provenance


def export_workbook(
    repo: Repository, period_label: str, out: Path, responsible: str | None = None
) -> ExportResult:
    """Write the follow-up workbook for ``period_label`` to ``out`` (atomically)."""
    openpyxl = require("openpyxl")
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from omrade.exchange.sheets import autosize, put, workbook_bytes

    mun = repo.municipality
    if mun is None:
        raise ExchangeError(translator()._("the repository has no valid data/municipality.yaml"))
    period = check_period(repo, period_label)
    rows = rows_for(repo, period, responsible)
    if not rows:
        if responsible:
            raise ExchangeError(
                translator()._(
                    "no action of {who} needs a follow-up for {period}",
                    who=_organisation(repo, responsible),
                    period=period.label,
                )
            )
        raise ExchangeError(
            translator()._("no action needs a follow-up for {period}", period=period.label)
        )
    lang = chosen_lang() or _lang(repo)  # --lang, else the municipality's
    prov = provenance(repo.root)

    by_org: dict[str, list[Row]] = {}
    for row in rows:
        by_org.setdefault(row.action.responsible, []).append(row)
    org_order = list(repo.organisations)
    ordered = sorted(by_org, key=lambda o: (org_order.index(o) if o in org_order else 1_000, o))

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    grey = PatternFill("solid", fgColor="EDEDED")
    yellow = PatternFill("solid", fgColor="FFF2CC")
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    taken: set[str] = set()
    meta_rows: list[dict[str, Any]] = []
    sheets: dict[str, int] = {}
    for org in ordered:
        org_name = repo.organisations[org].name if org in repo.organisations else org
        ws = wb.create_sheet(_sheet_title(org_name, taken))
        sheets[ws.title] = len(by_org[org])
        put(ws, TITLE_ROW, 1, LABELS[lang]["title"].format(period=period.label, org=org_name))
        ws.cell(TITLE_ROW, 1).font = Font(bold=True, size=14)
        put(ws, HELP_ROW, 1, LABELS[lang]["help"].format(period=period.label))
        for col, key in enumerate(COLUMNS, start=1):
            cell = put(ws, HEADER_ROW, col, header(key, lang, period.label))
            cell.font = bold
            cell.alignment = wrap
            cell.fill = yellow if key in FILL else grey
        for r, row in enumerate(by_org[org], start=FIRST_ROW):
            prev = row.previous
            values: dict[str, str | None] = {
                "district": row.district_name,
                "programme": row.programme,
                "action": row.action.id,
                "action_title": row.action.title,
                "main_task": row.main_task,
                "previous": prev.period if prev else None,
                "previous_status": enum_label("status", prev.status, lang) if prev else None,
                "previous_rating": enum_label("rating", prev.rating, lang) if prev else None,
                "previous_trend": enum_label("trend", prev.trend, lang) if prev else None,
                "previous_comment": prev.comment if prev else None,
            }
            cur = row.current
            if cur is not None:  # already reported: shown, so it can be corrected
                values.update(
                    status=enum_label("status", cur.status, lang),
                    rating=enum_label("rating", cur.rating, lang),
                    trend=enum_label("trend", cur.trend, lang),
                    comment=cur.comment,
                )
            for col, key in enumerate(COLUMNS, start=1):
                cell = put(ws, r, col, values.get(key))
                cell.alignment = wrap if "comment" in key or key == "action_title" else top
                # every cell of an exported row is unlocked: Excel sorts a protected
                # sheet's range only when none of its cells is locked. The grey cells are
                # not trusted for that: the import matches a row by its ids and checks
                # them and the name against the plans (see read_rows)
                cell.protection = Protection(locked=False)
                if key in FILL:
                    cell.fill = yellow
            meta_rows.append(
                {
                    "sheet": ws.title,
                    "row": r,
                    "programme": row.programme,
                    "year": row.year,
                    "action": row.action.id,
                    "file": row.plan.file,
                }
            )
        last = FIRST_ROW + len(by_org[org]) - 1
        for family in FILL_FAMILIES:
            labels = [enum_label(family, v, lang) for v in enum_values(family)]
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(labels) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=LABELS[lang]["list_title"],
                error=LABELS[lang]["list_error"],
            )
            col = COLUMNS.index(family) + 1
            letter = openpyxl.utils.get_column_letter(col)
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
        autosize(ws, {1: 16, 4: 40, 5: 28, 10: 40, 14: 50})
        ws.freeze_panes = ws.cell(FIRST_ROW, 4)
        # the header row and every exported row carry a filter: a sheet can be sorted and
        # filtered (rows are found by their ids, not their place, when it is read back)
        last_col = openpyxl.utils.get_column_letter(len(COLUMNS))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last}"
        ws.protection.sheet = True
        # people may still resize, filter and sort (False: not protected); the title,
        # help and heading rows stay locked, and so does everything outside the rows
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.autoFilter = False
        ws.protection.sort = False
        ws.protection.selectLockedCells = False
        ws.protection.selectUnlockedCells = False

    meta = wb.create_sheet(META_SHEET)
    info: list[tuple[str, Any]] = [
        ("format_version", FORMAT_VERSION),
        ("tool", f"omrade {__version__}"),
        ("municipality", mun.id),
        ("municipality_code", mun.code),
        ("commit", prov.commit),
        ("uncommitted_changes", "true" if prov.dirty else "false"),
        ("period", period.label),
        ("responsible", responsible or ""),
        ("language", lang),
        ("exported", dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()),
        ("rows", json.dumps(meta_rows, ensure_ascii=False)),
    ]
    for r, (key, value) in enumerate(info, start=1):
        put(meta, r, 1, key)
        put(meta, r, 2, value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    write_atomically(out, workbook_bytes(wb))
    return ExportResult(sheets, prov)


# --- import -----------------------------------------------------------------------------------
#
# Everything read from a workbook is untrusted: the file may have been edited by anyone
# (the hidden sheet too: its protection has no password). The archive is checked before it
# is opened (omrade.exchange.xlsxin), the hidden record is validated against a schema
# before it is used, every cell's type is checked, and a row is written only when it is
# one the export made: an action the administration the workbook was exported for follows
# up in the period, on that administration's sheet. Text from the workbook reaches the
# terminal cleaned of control characters.

# the one cap on how many problems are listed; the rest are counted
MAX_PROBLEMS = 50
MAX_COMMENT = 10_000  # characters in one comment


@dataclass
class RowProblem:
    sheet: str
    row: int
    message: str
    lang: str = "sv"

    def __str__(self) -> str:
        from omrade.i18n import Translator
        from omrade.present.plain import line

        t = Translator(self.lang)
        return t._(
            "sheet '{sheet}', row {row}: {problem}",
            sheet=line(self.sheet),
            row=self.row,
            problem=self.message,
        )


class ImportRefused(ExchangeError):
    """Rows that cannot be imported; nothing was written. At most :data:`MAX_PROBLEMS`
    are listed, the rest counted."""

    def __init__(self, problems: list[RowProblem] | list[str], lang: str = "sv"):
        from omrade.i18n import Translator

        self.problems = problems
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        more = len(problems) - len(shown)
        if more > 0:
            t = Translator(lang)
            shown.append(
                t.ngettext(
                    "… and {n} more problem (the first {shown} are listed)",
                    "… and {n} more problems (the first {shown} are listed)",
                    more,
                    shown=MAX_PROBLEMS,
                )
            )
        super().__init__("\n".join(shown))


@dataclass
class ImportResult:
    period: str
    changed: dict[str, bytes] = field(default_factory=dict)  # file → new content
    before: dict[str, Any] = field(default_factory=dict)  # file → plan model before
    after: dict[str, Any] = field(default_factory=dict)  # file → plan model after
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    introduced: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)


def _records_adapter() -> Any:
    """The hidden sheet's row records: a schema, checked before any is used."""
    from typing import Annotated

    from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

    short = Annotated[str, Field(min_length=1, max_length=200)]

    class ExportRecord(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
        sheet: Annotated[str, Field(min_length=1, max_length=31)]
        row: Annotated[int, Field(ge=FIRST_ROW, le=1_048_576)]
        programme: short
        year: Annotated[int, Field(ge=1900, le=2200)]
        action: short
        file: Annotated[str, Field(max_length=1000)] = ""

    return TypeAdapter(Annotated[list[ExportRecord], Field(max_length=100_000)])


@dataclass(frozen=True)
class WorkbookMeta:
    """What the hidden sheet says about the export, validated."""

    period: str
    municipality: str
    commit: str
    responsible: str
    language: str
    records: list[Any]  # ExportRecord


META_KEYS = ("format_version", "municipality", "commit", "period", "responsible", "language")


def _read_meta(wb: Any, archive: Any, t: Any) -> WorkbookMeta:
    from pydantic import ValidationError

    from omrade.exchange import xlsxin

    path = archive.path
    if META_SHEET not in wb.sheetnames:
        raise ExchangeError(
            t._(
                "{path}: this workbook was not made by 'omrade export follow-up' (it has no "
                "'{sheet}' sheet); export a new one",
                path=path,
                sheet=META_SHEET,
            )
        )
    edited = ExchangeError(
        t._(
            "{path}: the hidden '{sheet}' sheet was edited and no longer says which row is "
            "which action; export a new workbook",
            path=path,
            sheet=META_SHEET,
        )
    )
    values: dict[str, Any] = {}
    for number, row in xlsxin.rows(wb[META_SHEET], archive, t, max_col=2):
        if number > 100:
            raise edited
        key = row[0].value if row else None
        if isinstance(key, str) and key in (*META_KEYS, "rows") and len(row) > 1:
            values[key] = row[1].value
    version = values.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ExchangeError(
            t._(
                "{path}: workbook format {found} is not the one this omrade reads "
                "({version}); export a new workbook",
                path=path,
                found=_shown(version),
                version=FORMAT_VERSION,
            )
        )
    raw = {k: values.get(k) for k in (*META_KEYS[1:], "rows")}
    for key in ("commit", "responsible", "language"):
        raw[key] = "" if raw[key] is None else raw[key]
    if not all(isinstance(v, str) and len(v) <= 200 for k, v in raw.items() if k != "rows"):
        raise edited
    text: dict[str, str] = {k: v for k, v in raw.items() if isinstance(v, str)}
    if "rows" not in text or not re.fullmatch(r"\d{4}(-[A-Z]\d)?", text["period"]):
        raise edited
    if not re.fullmatch(r"([0-9a-f]{40}|[0-9a-f]{64})?", text["commit"]):
        raise edited
    try:
        records = _records_adapter().validate_json(text["rows"], strict=True)
    except (ValidationError, ValueError, RecursionError):
        raise edited from None
    return WorkbookMeta(
        period=text["period"],
        municipality=text["municipality"],
        commit=text["commit"],
        responsible=text["responsible"],
        language=text["language"] if text["language"] in LABELS else "sv",
        records=records,
    )


def _shown(value: Any) -> str:
    from omrade.present.plain import line

    return repr(line(value)[:40]) if isinstance(value, str) else line(value)[:40]


def _choices(family: str, lang: str) -> dict[str, str]:
    """Accepted spellings (label, short label, code; any case) → code."""
    out: dict[str, str] = {}
    for value in enum_values(family):
        for language in ("sv", "en"):
            label = enum_label(family, value, language)
            out[label.casefold()] = value
            out[label.split(":")[0].strip().casefold()] = value
        out[value.casefold()] = value
        out[value.replace("_", " ").casefold()] = value
    return out


def _cell_text(value: Any, t: Any) -> tuple[str | None, str | None]:
    """A cell's value as text, or why it cannot be one: (text or None when empty, problem)."""
    import math

    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, t._("holds a true/false value; write text")
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat(), None
    if isinstance(value, dt.timedelta):
        return str(value), None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None, t._("holds a number that is not finite; write text")
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:
        return None, t._("holds a value that is not text")
    if len(text) > MAX_COMMENT:
        return None, t._("holds over {n} characters; shorten the text", n=MAX_COMMENT)
    return text or None, None


def _header_cols(row: tuple[Any, ...], lang: str, period: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row, start=1):
        if isinstance(cell.value, str):
            found.setdefault(cell.value.strip(), index)
    cols: dict[str, int] = {}
    for key in (*IDENTIFYING, *FILL):
        for label in header_labels(key, lang, period):
            if label in found:
                cols[key] = found[label]
                break
    return cols


def header_labels(key: str, lang: str, period: str) -> list[str]:
    """The headings a column is known by (the current one first; earlier exports' too)."""
    labels = [header(key, lang, period)]
    labels += [label.format(period=period) for label in OLD_LABELS.get(lang, {}).get(key, ())]
    return labels


def _cell(row: tuple[Any, ...], col: int) -> Any:
    return row[col - 1] if col - 1 < len(row) else None


def _same_text(a: str | None, b: str | None) -> bool:
    """The same words (a spreadsheet may change line ends and spaces around them)."""
    return " ".join((a or "").split()) == " ".join((b or "").split())


def read_rows(
    wb: Any,
    meta: WorkbookMeta,
    archive: Any,
    t: Any,
    names: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> tuple[list[tuple[Any, dict[str, str]]], list[RowProblem]]:
    """(row record, entry) for every filled row, and the problems found in the workbook.

    Rows are found by their ids, not their position: a sheet may have been sorted or
    filtered, and its exported rows are not locked (Excel sorts only unlocked cells). So
    the ids are not trusted either: a row whose ids the hidden sheet does not list for
    its sheet is refused, and so is a row whose district or action name is not the one
    ``names`` ((programme, action) → (district name, action title), from the plans)
    gives for its ids — an id typed over, or a name changed. A sheet that was not
    exported and holds anything below its heading rows is refused too."""
    from omrade.exchange import xlsxin

    period, lang = meta.period, meta.language
    problems: list[RowProblem] = []

    def problem(sheet: str, row: int, message: str) -> None:
        problems.append(RowProblem(sheet, row, message, t.lang))

    by_id: dict[tuple[str, str], Any] = {}
    for rec in meta.records:
        key = (rec.programme, rec.action)
        if key in by_id:
            problem(rec.sheet, rec.row, t._("the hidden sheet lists this action twice"))
        by_id.setdefault(key, rec)
    filled: list[tuple[Any, dict[str, str]]] = []
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    exported = {r.sheet for r in meta.records}
    for sheet in sorted(exported):
        if sheet not in wb.sheetnames or sheet == META_SHEET:
            problem(sheet, HEADER_ROW, t._("the sheet is missing"))
            continue
        cols: dict[str, int] = {}
        for r, row in xlsxin.rows(wb[sheet], archive, t):
            if r == HEADER_ROW:
                cols = _header_cols(row, lang, period)
                missing = [k for k in (*IDENTIFYING, *FILL) if k not in cols]
                for name in missing:
                    problem(
                        sheet,
                        HEADER_ROW,
                        t._(
                            "the column '{label}' is missing; keep the exported columns and "
                            "their headings",
                            label=header(name, lang, period),
                        ),
                    )
                if missing:
                    break
                continue
            if r < FIRST_ROW or not any(c.value not in (None, "") for c in row):
                continue
            ident_texts = [
                _cell_text(_value(_cell(row, cols[k])), t) for k in ("programme", "action")
            ]
            ident = (ident_texts[0][0] or "", ident_texts[1][0] or "")
            rec = by_id.get(ident)
            if rec is None or rec.sheet != sheet:
                problem(
                    sheet,
                    r,
                    t._(
                        "this row was not exported by omrade on this sheet, or its ids were "
                        "changed: put back the programme and action ids as they were "
                        "exported, or delete the row (actions are added in the plan file, "
                        "not in the workbook)"
                    ),
                )
                continue
            # the names first: a row whose id was typed over is that, not a second copy
            changed = _changed_names(row, cols, ident, (names or {}).get(ident), lang, period, t)
            if changed is not None:
                problem(sheet, r, changed)
                continue
            if ident in seen:
                first = seen[ident]
                problem(
                    sheet,
                    r,
                    t._(
                        "{action} of {programme} appears twice (also sheet '{sheet}', row {row})",
                        action=_shown_id(ident[1]),
                        programme=_shown_id(ident[0]),
                        sheet=_shown_id(first[0]),
                        row=first[1],
                    ),
                )
                continue
            seen[ident] = (sheet, r)
            entry, row_problems = _read_entry(row, cols, lang, period, t)
            for p in row_problems:
                problem(sheet, r, p)
            if entry and not row_problems:
                filled.append(((rec, sheet, r), {"period": period, **entry}))
            if len(problems) > 10 * MAX_PROBLEMS:
                break  # enough to list; the rest are not read
    for sheet in wb.sheetnames:
        if sheet in exported or sheet == META_SHEET:
            continue
        for r, row in xlsxin.rows(wb[sheet], archive, t):
            if r >= FIRST_ROW and any(c.value not in (None, "") for c in row):
                problem(
                    sheet,
                    r,
                    t._(
                        "this sheet was not exported by omrade; its rows cannot be imported "
                        "(copy them to their administration's sheet, or delete the sheet)"
                    ),
                )
                break
    return filled, problems


def _changed_names(
    row: tuple[Any, ...],
    cols: dict[str, int],
    ident: tuple[str, str],
    known: tuple[str, str] | None,
    lang: str,
    period: str,
    t: Translator,
) -> str | None:
    """Why the row's district or action name is not the plans' for its ids (an id typed
    over, or a name changed), or None. Nothing to compare with when the plans no longer
    have the action (the import says so for a filled row)."""
    if known is None:
        return None
    for key, expected in zip(("district", "action_title"), known, strict=True):
        text, _why = _cell_text(_value(_cell(row, cols[key])), t)
        if _same_text(text, expected):
            continue
        return t._(
            "'{label}' says '{found}' where the plans say '{expected}' for {action} of "
            "{programme}: the row's id or name was changed. Put back the id and the name as they "
            "were exported (sorting moves whole rows and is fine), or export a new workbook "
            "if the plan has changed since",
            label=header(key, lang, period),
            found=_shown_id(text or ""),
            action=_shown_id(ident[1]),
            programme=_shown_id(ident[0]),
            expected=_shown_id(expected),
        )
    return None


def _value(cell: Any) -> Any:
    return None if cell is None else cell.value


def _shown_id(text: str) -> str:
    from omrade.present.plain import line

    return line(text[:80])


def _read_entry(
    row: tuple[Any, ...], cols: dict[str, int], lang: str, period: str, t: Any
) -> tuple[dict[str, str], list[str]]:
    """The row's follow-up (empty when the row is left empty) and its problems."""
    from omrade.load.reader import Quoted

    entry: dict[str, str] = {}
    problems: list[str] = []
    status_written = False
    for key in FILL:
        cell = _cell(row, cols[key])
        value = _value(cell)
        label = header(key, lang, period)
        status_written |= key == "status" and value not in (None, "")
        kind = getattr(cell, "data_type", None)
        if kind == "f":
            problems.append(
                t._(
                    "'{label}' holds a formula ({formula}); write the value itself",
                    label=label,
                    formula=_shown_id(str(value)),
                )
            )
            continue
        if kind == "e":
            problems.append(
                t._(
                    "'{label}' holds an error value ({value}); write the value itself",
                    label=label,
                    value=_shown_id(str(value)),
                )
            )
            continue
        text, why = _cell_text(value, t)
        if why is not None:
            problems.append(t._("'{label}' {why}", label=label, why=why))
            continue
        if text is None:
            continue
        if key == "comment":
            entry["comment"] = Quoted(text)  # text, even where it looks like a number
            continue
        code = _choices(key, lang).get(text.casefold())
        if code is None:
            allowed = ", ".join(enum_label(key, v, lang) for v in enum_values(key))
            problems.append(
                t._(
                    "'{value}' is not a valid {what}; choose one of: {allowed}",
                    value=_shown_id(text),
                    what=t._(FAMILY_WORDS[key]),
                    allowed=allowed,
                )
            )
        else:
            entry[key] = code
    if (entry or problems) and not status_written:
        problems.append(
            t._(
                "'{label}' is empty; a follow-up needs a status (or leave the whole row empty)",
                label=header("status", lang, period),
            )
        )
    return entry, problems


def import_workbook(
    repo: Repository,
    path: Path,
    *,
    force: bool = False,
    as_of: dt.date | None = None,
    lang: str | None = None,
) -> ImportResult:
    """Check a filled workbook against the repository; the edited texts, not yet written.

    Messages are in ``lang`` (default: the municipality's language)."""
    from omrade.exchange import xlsxin, yamledit
    from omrade.exchange.edits import settle
    from omrade.i18n import Translator
    from omrade.load.reader import parse_text
    from omrade.repo.names import default_lang

    t = Translator(lang or chosen_lang() or default_lang(repo))
    archive = xlsxin.read_archive(path, t)
    wb = xlsxin.open_workbook(archive, t)
    try:
        meta = _read_meta(wb, archive, t)
        mun = repo.municipality
        if mun is None:
            raise ExchangeError(t._("the repository has no valid data/municipality.yaml"))
        if meta.municipality != mun.id:
            raise ExchangeError(
                t._(
                    "{path} was exported from another plan repository (municipality "
                    "'{theirs}', this is '{ours}'); nothing was imported",
                    path=path,
                    theirs=_shown_id(meta.municipality),
                    ours=mun.id,
                )
            )
        result = ImportResult(period=meta.period)
        _check_commit(repo, meta, path, force, result, t)
        expected = _exported_rows(repo, meta, path, t)
        names = {key: (row.district_name, row.action.title) for key, row in expected.items()}
        filled, problems = read_rows(wb, meta, archive, t, names)
    finally:
        wb.close()
    edits: dict[str, list[yamledit.Edit]] = {}
    docs: dict[str, Doc] = {}
    for (rec, sheet, r), entry in filled:
        where = RowProblem(sheet, r, "", t.lang)
        row = expected.get((rec.programme, rec.action))
        if row is None or row.year != rec.year:
            where.message = _not_exported(repo, rec, meta, t)
            problems.append(where)
            continue
        owners = {expected[k].action.responsible for k in _on_sheet(meta, sheet) if k in expected}
        if len(owners) > 1:
            where.message = t._(
                "the sheet holds actions of several administrations ({owners}); the export "
                "gives each administration its own sheet. Export a new workbook",
                owners=", ".join(sorted(owners)),
            )
            problems.append(where)
            continue
        doc = row.plan
        index = row.action_index
        action = doc.model.actions[index] if doc.model else None
        if action is None or action.id != rec.action:  # cannot happen: rows_for read it
            raise RuntimeError(f"{doc.file}: action {rec.action} moved while importing")
        try:
            new = m.FollowUp.model_validate(entry)
        except Exception as exc:
            where.message = t._("the follow-up cannot be written: {why}", why=_shown_id(str(exc)))
            problems.append(where)
            continue
        same_period = [i for i, f in enumerate(action.follow_up) if f.period == new.period]
        replace = None
        if same_period:
            old = action.follow_up[same_period[0]]
            if _same(old, new):
                result.unchanged += 1
                continue
            if not force:
                where.message = t._(
                    "{action} already has a follow-up for {period} ({old}) that differs "
                    "from this row ({new}); use --force to replace it",
                    action=action.id,
                    period=new.period,
                    old=_summary(old),
                    new=_summary(new),
                )
                problems.append(where)
                continue
            if len(same_period) > 1:
                where.message = t._(
                    "{action} has {period} twice in {file}; fix it first",
                    action=action.id,
                    period=new.period,
                    file=doc.file,
                )
                problems.append(where)
                continue
            replace = same_period[0]
            if old.comment_en and "comment_en" not in entry:
                entry["comment_en"] = old.comment_en  # the workbook has no English twin
            result.replaced += 1
        else:
            result.added += 1
        edits.setdefault(doc.file, []).append(yamledit.Edit(index, entry, replace))
        docs[doc.file] = doc
    if problems:
        problems.sort(key=lambda p: (p.sheet, p.row))
        raise ImportRefused(problems, t.lang)

    new_files = {}
    for file, file_edits in edits.items():
        doc = docs[file]
        try:
            text = yamledit.apply(doc.loaded.text, file_edits)
        except yamledit.EditError as exc:
            raise ExchangeError(
                t._("{file}: cannot add the follow-ups safely: {why}", file=file, why=exc)
            ) from None
        loaded = parse_text(text, file)
        _check_edit(doc, loaded.data, file_edits)
        new_files[file] = loaded
    settle(repo, new_files, result, as_of or dt.date.today())
    errors = [d for d in result.introduced if d.severity == "error"]
    if errors:
        raise ImportRefused(
            [f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in errors], t.lang
        )
    return result


def _not_exported(repo: Repository, rec: Any, meta: WorkbookMeta, t: Translator) -> str:
    """Why a filled row with these ids cannot be written: its plan or action is gone, or
    it is not one the export for this administration and period makes."""
    doc = repo.plans.get((rec.programme, rec.year))
    if doc is None or doc.model is None:
        return t._(
            "there is no valid plan {programme} {year} (is the file removed, or does it have "
            "errors? run omrade validate)",
            programme=_shown_id(rec.programme),
            year=rec.year,
        )
    ids = [a.id for a in doc.model.actions]
    if rec.action not in ids:
        from omrade.diagnostics import closest

        best = closest(rec.action, ids)
        text = t._("{file} has no action '{action}'", file=doc.file, action=_shown_id(rec.action))
        return text + (" (" + t._("did you mean '{best}'?", best=best) + ")" if best else "")
    return t._(
        "{action} of {programme} is not an action that {who} follows up in {period} (the "
        "workbook was not exported with it, or the plan has changed since); it is not imported",
        action=_shown_id(rec.action),
        programme=_shown_id(rec.programme),
        who=meta.responsible or t._("the municipality"),
        period=meta.period,
    )


def _on_sheet(meta: WorkbookMeta, sheet: str) -> list[tuple[str, str]]:
    return [(r.programme, r.action) for r in meta.records if r.sheet == sheet]


def _exported_rows(
    repo: Repository, meta: WorkbookMeta, path: Path, t: Any
) -> dict[tuple[str, str], Row]:
    """The rows an export for the workbook's period and administration makes today: the
    only ones an import may write."""
    responsible = meta.responsible or None
    if responsible is not None and responsible not in repo.organisations:
        raise ExchangeError(
            t._(
                "{path} was exported for '{who}', which is not an organisation of this "
                "municipality; nothing was imported",
                path=path,
                who=_shown_id(responsible),
            )
        )
    try:
        period = check_period(repo, meta.period)
    except UsageError as exc:
        raise ExchangeError(f"{path}: {exc}") from None
    return {(row.programme, row.action.id): row for row in rows_for(repo, period, responsible)}


def _check_commit(
    repo: Repository, meta: WorkbookMeta, path: Path, force: bool, result: ImportResult, t: Any
) -> None:
    commit = meta.commit
    if not commit:
        return
    here = provenance(repo.root)
    if not (here.commit and commit != here.commit):
        return
    if not _has_commit(repo.root, commit):
        if not force:
            raise ExchangeError(
                t._(
                    "{path} was exported at commit {commit}, which this repository does not "
                    "have: a workbook from another copy or branch. Import it where it was "
                    "exported, or use --force to import it here anyway",
                    path=path,
                    commit=commit[:10],
                )
            )
        result.notes.append(
            t._("exported at {commit}, unknown here; imported (--force)", commit=commit[:10])
        )
    else:
        result.notes.append(
            t._(
                "exported at {commit}; the repository has changed since (now {now}): every "
                "row is checked against the plans as they are now",
                commit=commit[:10],
                now=here.commit[:10],
            )
        )


def _same(a: m.FollowUp, b: m.FollowUp) -> bool:
    return (a.status, a.rating, a.trend, a.comment) == (b.status, b.rating, b.trend, b.comment)


def _summary(f: m.FollowUp) -> str:
    text = f"{f.status}, {f.rating}, {f.trend}"
    if f.comment:
        short = f.comment if len(f.comment) <= 40 else f.comment[:39] + "…"
        text += f", '{short}'"
    return text


def _has_commit(root: Path, sha: str) -> bool:
    from omrade.repo.git import has_commit

    return has_commit(root, sha)


def _check_edit(doc: Doc, data: Any, edits: list[Any]) -> None:
    """The edited text holds exactly the intended data (else it is a bug: nothing is written)."""
    expected = json.loads(json.dumps(doc.loaded.data))
    for e in sorted(edits, key=lambda e: e.replace is None):
        fu = expected["actions"][e.action_index].setdefault("follow_up", None)
        if fu is None:
            fu = expected["actions"][e.action_index]["follow_up"] = []
        if e.replace is not None:
            fu[e.replace] = dict(e.entry)
        else:
            fu.append(dict(e.entry))
    if data != expected:
        raise RuntimeError(f"the edit of {doc.file} did not produce the intended data")


def write_files(root: Path, changed: dict[str, bytes]) -> None:
    """Replace every changed file, or none: all are written to temporary files first."""
    try:
        write_all({root / rel: content for rel, content in changed.items()})
    except OSError as exc:
        raise ExchangeError(
            translator()._(
                "cannot write the plan files: {why}; every file is as it was",
                why=os_reason(exc, translator().lang),
            )
        ) from None


def summary_text(result: ImportResult, repo: Repository | None = None) -> str:
    """What changed, as ``omrade diff`` shows it."""
    from omrade.diff import DiffResult, changed_document
    from omrade.present.diff import as_text
    from omrade.repo.names import Names, default_lang

    names = Names.of(repo) if repo is not None else Names()
    from omrade.diagnostics import say

    diff = DiffResult(
        base=say("plans before", "planerna före"),
        head=say("import of {period}", "import av {period}").format(period=result.period),
        names=names,
    )
    for file in sorted(result.changed):
        before, after = result.before[file], result.after[file]
        # the same description as omrade diff's, its decision guard included
        diff.documents.append(changed_document(file, "modified", "plan", before, after, names))
    diff.introduced = result.introduced
    diff.fixed = result.fixed
    return as_text(diff, chosen_lang() or default_lang(repo))

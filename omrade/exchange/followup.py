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
from omrade.diagnostics import Diagnostic, choices_hint, did_you_mean
from omrade.exchange import ExchangeError, UsageError, require, write_atomically
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
            "åtgärden inte följs upp nu. De grå kolumnerna är låsta."
        ),
        "district": "Stadsdel",
        "programme": "Program (id)",
        "action": "Åtgärd (id)",
        "action_title": "Åtgärd",
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
            "the action is not followed up now. The grey columns are locked."
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
        f"'{period}' is not a follow-up period of this municipality (it follows up per "
        f"{cycle.replace('_', ' ')}: e.g. {labels})"
    )


def rows_for(repo: Repository, period: per.Period, responsible: str | None = None) -> list[Row]:
    """Every action of the period's year that ran in the period and was not closed earlier."""
    if responsible is not None and responsible not in repo.organisations:
        hint = choices_hint(responsible, repo.organisations, limit=20)
        raise UsageError(f"'{responsible}' is not an organisation in municipality.yaml ({hint})")
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
        raise ExchangeError("the repository has no valid data/municipality.yaml")
    period = check_period(repo, period_label)
    rows = rows_for(repo, period, responsible)
    if not rows:
        who = f" for {responsible}" if responsible else ""
        raise ExchangeError(f"no action needs a follow-up for {period.label}{who}")
    lang = _lang(repo)
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
                if key in FILL:
                    cell.protection = Protection(locked=False)
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
        ws.protection.sheet = True
        # people may still resize, filter and sort; ids and titles stay as exported
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.autoFilter = False

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


@dataclass
class RowProblem:
    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"sheet '{self.sheet}', row {self.row}: {self.message}"


class ImportRefused(ExchangeError):
    """Rows that cannot be imported; nothing was written."""

    def __init__(self, problems: list[RowProblem] | list[str]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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


def _read_meta(wb: Any, path: Path) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise ExchangeError(
            f"{path}: this workbook was not made by 'omrade export follow-up' (it has no "
            f"'{META_SHEET}' sheet); export a new one"
        )
    meta: dict[str, str] = {}
    for key, value in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if isinstance(key, str):
            meta[key] = "" if value is None else str(value)
    if meta.get("format_version") != str(FORMAT_VERSION):
        raise ExchangeError(
            f"{path}: workbook format {meta.get('format_version')!r} is not the one this "
            f"omrade reads ({FORMAT_VERSION}); export a new workbook"
        )
    try:
        records = json.loads(meta.get("rows") or "[]")
        ok = isinstance(records, list) and all(
            isinstance(r, dict)
            and {"sheet", "row", "programme", "year", "action"} <= r.keys()
            and isinstance(r["year"], int)
            for r in records
        )
    except json.JSONDecodeError:
        ok = False
    if not ok or not re.fullmatch(r"\d{4}(-[A-Z]\d)?", meta.get("period", "")):
        raise ExchangeError(
            f"{path}: the hidden '{META_SHEET}' sheet was edited and no longer says which row "
            "is which action; export a new workbook"
        )
    return meta


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


def _cell_text(cell: Any) -> str | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def read_rows(
    wb: Any, meta: dict[str, str], repo: Repository
) -> tuple[list[tuple[dict[str, Any], dict[str, str]]], list[RowProblem]]:
    """(row record, entry) for every filled row, and the problems found in the workbook.

    Rows are found by their ids, not their position: a sheet may have been sorted or
    filtered.
    """
    period = meta["period"]
    lang = meta.get("language", "sv") if meta.get("language") in LABELS else "sv"
    records = json.loads(meta.get("rows") or "[]")
    by_id = {(r["programme"], r["action"]): r for r in records}
    problems: list[RowProblem] = []
    filled: list[tuple[dict[str, Any], dict[str, str]]] = []
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for sheet in sorted({r["sheet"] for r in records}):
        if sheet not in wb.sheetnames:
            problems.append(RowProblem(sheet, HEADER_ROW, "the sheet is missing"))
            continue
        ws = wb[sheet]
        found = {str(c.value).strip(): c.column for c in ws[HEADER_ROW] if isinstance(c.value, str)}
        cols: dict[str, int] = {}
        for key in ("programme", "action", *FILL):
            label = header(key, lang, period)
            if label not in found:
                problems.append(
                    RowProblem(
                        sheet,
                        HEADER_ROW,
                        f"the column '{label}' is missing; keep the exported columns and "
                        "their headings",
                    )
                )
            else:
                cols[key] = found[label]
        if len(cols) < 2 + len(FILL):
            continue
        for row in ws.iter_rows(min_row=FIRST_ROW):
            r = row[0].row
            if not any(c.value not in (None, "") for c in row):
                continue
            ident = (
                _cell_text(ws.cell(r, cols["programme"])) or "",
                _cell_text(ws.cell(r, cols["action"])) or "",
            )
            rec = by_id.get(ident)
            if rec is None:
                problems.append(
                    RowProblem(
                        sheet,
                        r,
                        "this row was not exported by omrade (or its ids were edited); "
                        "actions are added in the plan file, not in the workbook",
                    )
                )
                continue
            if ident in seen:
                first = seen[ident]
                problems.append(
                    RowProblem(
                        sheet,
                        r,
                        f"{ident[1]} of {ident[0]} appears twice (also sheet '{first[0]}', "
                        f"row {first[1]})",
                    )
                )
                continue
            seen[ident] = (sheet, r)
            entry, row_problems = _read_entry(ws, r, cols, lang, period)
            if row_problems:
                problems += [RowProblem(sheet, r, p) for p in row_problems]
            elif entry:
                filled.append(({**rec, "sheet": sheet, "row": r}, {"period": period, **entry}))
    return filled, problems


def _read_entry(
    ws: Any, r: int, cols: dict[str, int], lang: str, period: str
) -> tuple[dict[str, str], list[str]]:
    """The row's follow-up (empty when the row is left empty) and its problems."""
    entry: dict[str, str] = {}
    problems: list[str] = []
    status_written = False
    for key in FILL:
        cell = ws.cell(r, cols[key])
        status_written |= key == "status" and cell.value not in (None, "")
        if cell.data_type == "f":
            problems.append(
                f"'{header(key, lang, period)}' holds a formula ({cell.value}); write the "
                "value itself"
            )
            continue
        text = _cell_text(cell)
        if text is None:
            continue
        if key == "comment":
            entry["comment"] = text
            continue
        code = _choices(key, lang).get(text.casefold())
        if code is None:
            allowed = ", ".join(enum_label(key, v, lang) for v in enum_values(key))
            problems.append(
                f"'{text}' is not a valid {header(key, lang, period)}; choose one of: {allowed}"
            )
        else:
            entry[key] = code
    if (entry or problems) and not status_written:
        problems.append(
            f"'{header('status', lang, period)}' is empty; a follow-up needs a status "
            "(or leave the whole row empty)"
        )
    return entry, problems


def import_workbook(
    repo: Repository, path: Path, *, force: bool = False, as_of: dt.date | None = None
) -> ImportResult:
    """Check a filled workbook against the repository; the edited texts, not yet written."""
    from omrade.exchange import yamledit
    from omrade.exchange.edits import settle
    from omrade.load.reader import parse_text

    openpyxl = require("openpyxl")
    from zipfile import BadZipFile

    try:
        wb = openpyxl.load_workbook(path, data_only=False)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExchangeError(
            f"{path}: not an .xlsx workbook that can be read ({exc.__class__.__name__}); "
            "save it as an Excel workbook (.xlsx)"
        ) from None
    meta = _read_meta(wb, path)
    mun = repo.municipality
    if mun is None:
        raise ExchangeError("the repository has no valid data/municipality.yaml")
    if meta.get("municipality") != mun.id:
        raise ExchangeError(
            f"{path} was exported from another plan repository (municipality "
            f"'{meta.get('municipality')}', this is '{mun.id}'); nothing was imported"
        )
    result = ImportResult(period=meta["period"])
    commit = meta.get("commit", "")
    here = provenance(repo.root)
    if commit and here.commit and commit != here.commit:
        if not _has_commit(repo.root, commit):
            if not force:
                raise ExchangeError(
                    f"{path} was exported at commit {commit[:10]}, which this repository "
                    "does not have: a workbook from another copy or branch. Import it where "
                    "it was exported, or use --force to import it here anyway"
                )
            result.notes.append(f"exported at {commit[:10]}, unknown here; imported (--force)")
        else:
            result.notes.append(
                f"exported at {commit[:10]}; the repository has changed since "
                f"(now {here.commit[:10]}): every row is checked against the plans as they "
                "are now"
            )
    filled, problems = read_rows(wb, meta, repo)
    edits: dict[str, list[yamledit.Edit]] = {}
    docs: dict[str, Doc] = {}
    for rec, entry in filled:
        where = RowProblem(rec["sheet"], rec["row"], "")
        doc = repo.plans.get((rec["programme"], int(rec["year"])))
        if doc is None or doc.model is None:
            where.message = (
                f"there is no valid plan {rec['programme']} {rec['year']} (is the file "
                "removed, or does it have errors? run omrade validate)"
            )
            problems.append(where)
            continue
        index = next((i for i, a in enumerate(doc.model.actions) if a.id == rec["action"]), None)
        if index is None:
            ids = [a.id for a in doc.model.actions]
            hint = did_you_mean(rec["action"], ids)
            where.message = f"{doc.file} has no action '{rec['action']}'" + (
                f" ({hint})" if hint else ""
            )
            problems.append(where)
            continue
        action = doc.model.actions[index]
        new = m.FollowUp.model_validate(entry)
        same_period = [i for i, f in enumerate(action.follow_up) if f.period == new.period]
        replace = None
        if same_period:
            old = action.follow_up[same_period[0]]
            if _same(old, new):
                result.unchanged += 1
                continue
            if not force:
                where.message = (
                    f"{action.id} already has a follow-up for {new.period} "
                    f"({_summary(old)}) that differs from this row ({_summary(new)}); "
                    "use --force to replace it"
                )
                problems.append(where)
                continue
            if len(same_period) > 1:
                where.message = f"{action.id} has {new.period} twice in {doc.file}; fix it first"
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
        raise ImportRefused(problems)

    new_files = {}
    for file, file_edits in edits.items():
        doc = docs[file]
        try:
            text = yamledit.apply(doc.loaded.text, file_edits)
        except yamledit.EditError as exc:
            raise ExchangeError(f"{file}: cannot add the follow-ups safely: {exc}") from None
        loaded = parse_text(text, file)
        _check_edit(doc, loaded.data, file_edits)
        new_files[file] = loaded
    settle(repo, new_files, result, as_of or dt.date.today())
    errors = [d for d in result.introduced if d.severity == "error"]
    if errors:
        raise ImportRefused([f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in errors])
    return result


def _same(a: m.FollowUp, b: m.FollowUp) -> bool:
    return (a.status, a.rating, a.trend, a.comment) == (b.status, b.rating, b.trend, b.comment)


def _summary(f: m.FollowUp) -> str:
    text = f"{f.status}, {f.rating}, {f.trend}"
    if f.comment:
        short = f.comment if len(f.comment) <= 40 else f.comment[:39] + "…"
        text += f", '{short}'"
    return text


def _has_commit(root: Path, sha: str) -> bool:
    from omrade.repo.git import open_git

    view = open_git(root)
    try:
        view.git.git.cat_file("-e", f"{sha}^{{commit}}")
    except Exception:  # git says no in its own exception type
        return False
    return True


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
            f"cannot write the plan files: {exc.strerror or exc}; every file is as it was"
        ) from None


def summary_text(result: ImportResult, repo: Repository | None = None) -> str:
    """What changed, as ``omrade diff`` shows it."""
    from omrade.diff import DiffResult, DocChange, plan_items, title_of, titles_of
    from omrade.present.diff import as_text
    from omrade.repo.names import Names, default_lang

    names = Names.of(repo) if repo is not None else Names()
    diff = DiffResult(
        base=Path("plans before").as_posix(), head=f"import of {result.period}", names=names
    )
    for file in sorted(result.changed):
        doc = Doc("plan", file, None, result.after[file])  # type: ignore[arg-type]
        diff.documents.append(
            DocChange(
                file,
                "plan",
                title_of(doc),
                "modified",
                plan_items(result.before[file], result.after[file]),
                titles=titles_of(doc, names),
            )
        )
    diff.introduced = result.introduced
    diff.fixed = result.fixed
    return as_text(diff, default_lang(repo))

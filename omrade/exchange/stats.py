"""Official statistics in: what Kolada and SCB share — HTTP, years, and writing values
into the analyses.

Fetching happens first and completely; only when every answer is whole are the analysis
files edited (in memory), checked like the follow-up import (strict re-read, the whole
repository validated) and written, all or nothing. A network failure, a rate limit, an
unknown code or a partial answer stops the import before any file is touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from omrade.diagnostics import Diagnostic, chosen_lang
from omrade.exchange import ExchangeError, UsageError
from omrade.i18n import Translator
from omrade.repo.repository import Doc, Repository

VALUE_ORDER = (
    "indicator",
    "year",
    "sex",
    "value",
    "municipality",
    "source",
    "retrieved",
    "municipality_source",
    "municipality_retrieved",
    "illustrative",
)

Key = tuple[int, str | None]  # (year, sex); sex None is the total
Progress = Callable[[int, int, str], None]  # done, total, the indicator being fetched


# --- options ----------------------------------------------------------------------------


def parse_years(text: str, t: Translator | None = None) -> list[int]:
    """'2024', '2020-2024' or '2021,2023' (and mixtures) → sorted years."""
    t = t or Translator("sv")
    years: set[int] = set()
    for part in text.replace(" ", "").split(","):
        m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
        if not m:
            raise UsageError(
                t._("--years: '{part}' is not a year or a range like 2020-2024", part=part)
            )
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if last < first or last - first > 100:
            raise UsageError(t._("--years: '{part}' is not a range of years", part=part))
        years.update(range(first, last + 1))
    return sorted(years)


# --- values into analyses -----------------------------------------------------------------


@dataclass
class Found:
    """What a source gave for one indicator."""

    indicator: str
    source: str  # written on each value
    districts: dict[str, dict[Key, Decimal]] = field(default_factory=dict)
    district_sources: dict[str, str] = field(default_factory=dict)  # overrides ``source``
    municipality: dict[Key, Decimal] = field(default_factory=dict)


@dataclass
class Outcome:
    """The edited analysis files, not yet written, and what changed."""

    changed: dict[str, bytes] = field(default_factory=dict)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    written: int = 0  # values added or changed
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    introduced: list[Diagnostic] = field(default_factory=list)
    fixed: list[Diagnostic] = field(default_factory=list)


def target_analyses(repo: Repository, year: int | None) -> dict[str, Doc]:
    """Per district, the analysis to write into: the given year's, or the newest."""
    out: dict[str, Doc] = {}
    for (district, analysis_year), doc in sorted(repo.analyses.items()):
        if doc.model is None:
            continue
        if year is None or analysis_year == year:
            out[district] = doc  # sorted: the newest wins
    return out


def _ordered(row: dict[str, Any]) -> dict[str, Any]:
    known = [k for k in VALUE_ORDER if k in row]
    return {k: row[k] for k in [*[k for k in row if k not in VALUE_ORDER], *known]}


def _keep_order(original: dict[str, Any], updated: dict[str, Any]) -> dict[str, Any]:
    """The original keys in their order, then new keys in the canonical order."""
    out = {k: updated[k] for k in original if k in updated}
    for k in VALUE_ORDER:
        if k in updated and k not in out:
            out[k] = updated[k]
    return out


def apply_found(
    repo: Repository,
    found: list[Found],
    *,
    today: dt.date,
    analysis_year: int | None,
    as_of: dt.date,
    t: Translator | None = None,
) -> Outcome:
    """Write the values into the analyses (in memory), then check the result."""
    from omrade.exchange import yamledit
    from omrade.exchange.answers import problems_text
    from omrade.exchange.edits import settle
    from omrade.load.reader import LoadedFile, parse_text
    from omrade.present import plain

    t = t or Translator("sv")
    outcome = Outcome()
    targets = target_analyses(repo, analysis_year)
    changes: dict[str, list[yamledit.Change]] = {}
    expected: dict[str, dict[str, Any]] = {}
    docs: dict[str, Doc] = {}

    def rows_of(doc: Doc) -> list[dict[str, Any]]:
        data = expected.setdefault(doc.file, json.loads(json.dumps(doc.loaded.data)))
        rows: list[dict[str, Any]] = data.setdefault("values", [])
        return rows

    for f in found:
        for district, values in sorted(f.districts.items()):
            doc = targets.get(district)
            if doc is None:
                outcome.notes.append(
                    t._(
                        "{district} has no analysis for {year} to write {indicator} into: skipped",
                        district=district,
                        year=analysis_year,
                        indicator=f.indicator,
                    )
                    if analysis_year
                    else t._(
                        "{district} has no analysis to write {indicator} into: skipped",
                        district=district,
                        indicator=f.indicator,
                    )
                )
                continue
            docs[doc.file] = doc
            original = doc.loaded.data.get("values") or []
            rows = rows_of(doc)
            for (year, sex), value in sorted(
                values.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
            ):
                index = _find(doc.model.values, f.indicator, year, sex)
                source = f.district_sources.get(district, f.source)
                new = {"value": value, "source": source, "retrieved": today}
                if index is not None:
                    old = doc.model.values[index]
                    if old.value == value and old.source == source and not old.illustrative:
                        outcome.unchanged += 1
                        continue
                    entry = {k: yamledit.KEEP for k in original[index]}
                    entry.pop("illustrative", None)  # a value from the source is not illustrative
                    entry.update(new)
                    entry = _keep_order(original[index], entry)
                    rows[index] = {
                        k: (original[index][k] if v is yamledit.KEEP else yamledit.as_loaded(v))
                        for k, v in entry.items()
                    }
                    change = yamledit.Change((), "values", entry, index)
                else:
                    entry = _ordered(
                        {
                            "indicator": f.indicator,
                            "year": year,
                            **({"sex": sex} if sex else {}),
                            **new,
                        }
                    )
                    rows.append({k: yamledit.as_loaded(v) for k, v in entry.items()})
                    change = yamledit.Change((), "values", entry)
                changes.setdefault(doc.file, []).append(change)
                outcome.written += 1
        if f.municipality:
            _municipality_values(f, targets, outcome, changes, rows_of, docs, today, t)

    edited: dict[str, LoadedFile] = {}
    for file, file_changes in changes.items():
        doc = docs[file]
        try:
            text = yamledit.apply_changes(doc.loaded.text, file_changes)
        except yamledit.EditError as exc:
            raise ExchangeError(
                t._(
                    "{file}: cannot write the values safely: {reason}; nothing was changed",
                    file=file,
                    reason=plain.line(exc),
                )
            ) from None
        loaded = parse_text(text, file)
        if loaded.data != expected[file]:
            raise ExchangeError(
                t._(
                    "{file}: writing the values would not give the intended data (the file "
                    "holds something the editor cannot keep: run omrade validate {file}); "
                    "nothing was changed",
                    file=file,
                )
            )
        edited[file] = loaded
    settle(repo, edited, outcome, as_of)
    errors = [d for d in outcome.introduced if d.severity == "error"]
    if errors:
        raise ExchangeError(
            t._("the new values would introduce errors; nothing was changed:")
            + "\n"
            + problems_text(
                t,
                [plain.line(f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}") for d in errors],
            )
        )
    for file, before in outcome.before.items():
        if getattr(before, "status", None) == "adopted":
            outcome.notes.append(
                t._(
                    "{file} is adopted: changed values need a new decision (or status: draft)",
                    file=file,
                )
            )
    return outcome


def _find(values: list[Any], indicator: str, year: int, sex: str | None) -> int | None:
    for i, v in enumerate(values):
        if v.indicator == indicator and v.year == year and v.sex == sex:
            return i
    return None


def _municipality_values(
    f: Found,
    targets: dict[str, Doc],
    outcome: Outcome,
    changes: dict[str, list[Any]],
    rows_of: Any,
    docs: dict[str, Doc],
    today: dt.date,
    t: Translator,
) -> None:
    """The municipality-wide value goes beside each district value of the same year."""
    from omrade.exchange import yamledit

    years = sorted({year for year, _sex in f.municipality})
    for _district, doc in sorted(targets.items()):
        original = doc.loaded.data.get("values") or []
        present = {(v.year, v.sex) for v in doc.model.values if v.indicator == f.indicator}
        missing = [y for y in years if (y, None) not in present]
        if missing:
            outcome.notes.append(
                t._(
                    "{file} has no {indicator} value for {years}: the municipality value "
                    "goes beside a district value (import or add that first)",
                    file=doc.file,
                    indicator=f.indicator,
                    years=", ".join(map(str, missing)),
                )
            )
        for index, v in enumerate(doc.model.values):
            if v.indicator != f.indicator or (v.year, v.sex) not in f.municipality:
                continue
            value = f.municipality[(v.year, v.sex)]
            if v.municipality == value and v.municipality_source == f.source:
                outcome.unchanged += 1
                continue
            entry = {k: yamledit.KEEP for k in original[index]}
            entry.update(
                municipality=value, municipality_source=f.source, municipality_retrieved=today
            )
            entry = _keep_order(original[index], entry)
            rows = rows_of(doc)
            rows[index] = {
                k: (original[index][k] if val is yamledit.KEEP else yamledit.as_loaded(val))
                for k, val in entry.items()
            }
            changes.setdefault(doc.file, []).append(yamledit.Change((), "values", entry, index))
            docs[doc.file] = doc
            outcome.written += 1


def summary_text(outcome: Outcome, label: str, repo: Repository | None = None) -> str:
    """What changed, as ``omrade diff`` shows it."""
    from omrade.diff import DiffResult, changed_document
    from omrade.present.diff import as_text
    from omrade.repo.names import Names, default_lang

    names = Names.of(repo) if repo is not None else Names()
    from omrade.diagnostics import say

    result = DiffResult(base=say("analyses before", "analyserna före"), head=label, names=names)
    for file in sorted(outcome.changed):
        before, after = outcome.before[file], outcome.after[file]
        # the same description as omrade diff's, its decision guard included
        result.documents.append(
            changed_document(file, "modified", "analysis", before, after, names)
        )
    result.introduced = outcome.introduced
    result.fixed = outcome.fixed
    return as_text(result, chosen_lang() or default_lang(repo))


def write(root: Path, outcome: Outcome) -> None:
    from omrade.exchange.followup import write_files

    write_files(root, outcome.changed)

"""A database out: the repository as tables in DuckDB or Parquet, for comparisons across
municipalities.

Every row carries ``repository``, ``commit`` and ``municipality_code``, so exports of many
repositories load side by side; exporting a repository again into the same DuckDB file
replaces that repository's rows (in one transaction). Members of groups are exported
without personal data by construction: the member rows are built from organisation,
role, mandate and dates only — names, emails and phone numbers are never read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from omrade.diagnostics import current_lang
from omrade.exchange import ExchangeError, require, translator
from omrade.i18n import os_reason
from omrade.model import documents as m
from omrade.repo.repository import Repository

COMMON = [("repository", "VARCHAR"), ("commit", "VARCHAR"), ("municipality_code", "VARCHAR")]

TABLES: dict[str, list[tuple[str, str]]] = {
    "municipalities": [("municipality", "VARCHAR"), ("name", "VARCHAR"), ("follow_up", "VARCHAR")],
    "districts": [
        ("district", "VARCHAR"),
        ("name", "VARCHAR"),
        ("population", "BIGINT"),
        ("population_year", "INTEGER"),
        ("prioritised", "BOOLEAN"),
        ("regso", "VARCHAR"),
        ("deso", "VARCHAR"),
    ],
    "indicators": [
        ("indicator", "VARCHAR"),
        ("name", "VARCHAR"),
        ("unit", "VARCHAR"),
        ("need", "VARCHAR"),
        ("dimension", "VARCHAR"),
        ("provider", "VARCHAR"),
        ("ref", "VARCHAR"),
    ],
    "indicator_values": [
        ("district", "VARCHAR"),
        ("analysis_year", "INTEGER"),
        ("analysis_status", "VARCHAR"),
        ("indicator", "VARCHAR"),
        ("year", "INTEGER"),
        ("sex", "VARCHAR"),
        ("value", "DOUBLE"),
        ("municipality_value", "DOUBLE"),
        ("source", "VARCHAR"),
        ("retrieved", "DATE"),
        ("illustrative", "BOOLEAN"),
    ],
    "programmes": [
        ("programme", "VARCHAR"),
        ("district", "VARCHAR"),
        ("title", "VARCHAR"),
        ("valid_from", "DATE"),
        ("valid_to", "DATE"),
        ("status", "VARCHAR"),
        ("decision_body", "VARCHAR"),
        ("decision_date", "DATE"),
        ("decision_reference", "VARCHAR"),
    ],
    "goals": [
        ("programme", "VARCHAR"),
        ("district", "VARCHAR"),
        ("main_task", "VARCHAR"),
        ("main_task_title", "VARCHAR"),
        ("dimension", "VARCHAR"),
        ("goal", "VARCHAR"),
        ("text", "VARCHAR"),
        ("indicator", "VARCHAR"),
        ("baseline_year", "INTEGER"),
        ("baseline_value", "DOUBLE"),
        ("target_year", "INTEGER"),
        ("target_value", "DOUBLE"),
    ],
    "actions": [
        ("programme", "VARCHAR"),
        ("district", "VARCHAR"),
        ("plan_year", "INTEGER"),
        ("plan_status", "VARCHAR"),
        ("action", "VARCHAR"),
        ("title", "VARCHAR"),
        ("main_task", "VARCHAR"),
        ("type", "VARCHAR"),
        ("responsible", "VARCHAR"),
        ("responsible_type", "VARCHAR"),
        ("partners", "VARCHAR"),
        ("group_id", "VARCHAR"),
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("dialogue", "VARCHAR"),
        ("area_grant", "BIGINT"),
        ("funding_total", "BIGINT"),
    ],
    "funding": [
        ("programme", "VARCHAR"),
        ("district", "VARCHAR"),
        ("plan_year", "INTEGER"),
        ("action", "VARCHAR"),
        ("source", "VARCHAR"),
        ("amount", "BIGINT"),
    ],
    "follow_ups": [
        ("programme", "VARCHAR"),
        ("district", "VARCHAR"),
        ("plan_year", "INTEGER"),
        ("action", "VARCHAR"),
        ("responsible", "VARCHAR"),
        ("period", "VARCHAR"),
        ("status", "VARCHAR"),
        ("rating", "VARCHAR"),
        ("trend", "VARCHAR"),
        ("comment", "VARCHAR"),
    ],
    "allocations": [
        ("year", "INTEGER"),
        ("district", "VARCHAR"),
        ("volume", "BIGINT"),
        ("need_index", "DOUBLE"),
        ("share", "DOUBLE"),
        ("base", "BIGINT"),
        ("compensatory", "BIGINT"),
        ("total", "BIGINT"),
        ("appropriation", "BIGINT"),
    ],
    "dialogues": [
        ("dialogue", "VARCHAR"),
        ("title", "VARCHAR"),
        ("level", "VARCHAR"),
        ("districts", "VARCHAR"),
        ("target_groups", "VARCHAR"),
        ("commission_date", "DATE"),
        ("conduct_from", "DATE"),
        ("conduct_to", "DATE"),
        ("decision_date", "DATE"),
        ("feedback_date", "DATE"),
    ],
    "groups": [
        ("group_id", "VARCHAR"),
        ("type", "VARCHAR"),
        ("district", "VARCHAR"),
        ("name", "VARCHAR"),
        ("programme", "VARCHAR"),
        ("main_task", "VARCHAR"),
        ("members", "INTEGER"),
    ],
    "group_members": [
        ("group_id", "VARCHAR"),
        ("organisation", "VARCHAR"),
        ("role", "VARCHAR"),
        ("mandate", "BOOLEAN"),
        ("member_from", "DATE"),
        ("member_until", "DATE"),
    ],
}


def _number(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


def rows(repo: Repository) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (without the common columns), from the valid documents."""
    from omrade.allocation.compute import AllocationError
    from omrade.run import allocation_of

    mun = repo.municipality
    assert mun is not None
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    out["municipalities"].append((mun.id, mun.name, mun.follow_up))
    for _doc, d in repo.valid(repo.districts):
        areas = d.areas or m.Areas()
        out["districts"].append(
            (
                d.id,
                d.name,
                d.population.value,
                d.population.year,
                d.prioritised,
                _join(areas.regso),
                _join(areas.deso),
            )
        )
    for i in repo.indicators.values():
        out["indicators"].append(
            (i.id, i.name, i.unit, i.need, i.dimension, i.source.provider, i.source.ref)
        )
    for _doc, a in repo.valid(repo.analyses):
        for v in a.values:
            out["indicator_values"].append(
                (
                    a.district,
                    a.year,
                    a.status,
                    v.indicator,
                    v.year,
                    v.sex,
                    _number(v.value),
                    _number(v.municipality),
                    v.source,
                    v.retrieved,
                    v.illustrative,
                )
            )
    district_of: dict[str, str] = {}
    for _doc, p in repo.valid(repo.programmes):
        district_of[p.id] = p.district
        dec = p.decision
        out["programmes"].append(
            (
                p.id,
                p.district,
                p.title,
                p.valid_from,
                p.valid_to,
                p.status,
                dec.body if dec else None,
                dec.date if dec else None,
                dec.reference if dec else None,
            )
        )
        for task in p.main_tasks:
            for g in task.goals:
                out["goals"].append(
                    (
                        p.id,
                        p.district,
                        task.id,
                        task.title,
                        task.dimension,
                        g.id,
                        g.text,
                        g.indicator,
                        g.baseline.year if g.baseline else None,
                        _number(g.baseline.value) if g.baseline else None,
                        g.target.year if g.target else None,
                        _number(g.target.value) if g.target else None,
                    )
                )
    orgs = repo.organisations
    for _doc, plan in repo.valid(repo.plans):
        district = district_of.get(plan.programme)
        for a in plan.actions:
            area = sum(f.amount for f in a.funding if f.source == "area_grant")
            org = orgs.get(a.responsible)
            out["actions"].append(
                (
                    plan.programme,
                    district,
                    plan.year,
                    plan.status,
                    a.id,
                    a.title,
                    a.main_task,
                    a.type,
                    a.responsible,
                    org.type if org else None,
                    _join(a.partners),
                    a.group,
                    a.start,
                    a.end,
                    a.dialogue,
                    area,
                    sum(f.amount for f in a.funding),
                )
            )
            for f in a.funding:
                out["funding"].append(
                    (plan.programme, district, plan.year, a.id, f.source, f.amount)
                )
            for fu in a.follow_up:
                out["follow_ups"].append(
                    (
                        plan.programme,
                        district,
                        plan.year,
                        a.id,
                        a.responsible,
                        fu.period,
                        fu.status,
                        fu.rating,
                        fu.trend,
                        fu.comment,
                    )
                )
    for year in sorted(repo.budgets):
        try:
            alloc = allocation_of(repo, year)
        except AllocationError:
            continue
        for d in alloc.districts:
            out["allocations"].append(
                (
                    year,
                    d.district,
                    d.volume,
                    float(d.need_index),
                    float(d.share),
                    d.base,
                    d.compensatory,
                    d.total,
                    alloc.appropriation,
                )
            )
    for _doc, dlg in repo.valid(repo.dialogues):
        steps = dlg.steps
        out["dialogues"].append(
            (
                dlg.id,
                dlg.title,
                dlg.level,
                _join(dlg.districts),
                _join(dlg.target_groups),
                dlg.commission.date if dlg.commission else steps.commission,
                steps.conduct.from_ if steps.conduct else None,
                steps.conduct.to if steps.conduct else None,
                steps.decision,
                dlg.feedback_to_residents.date if dlg.feedback_to_residents else None,
            )
        )
    for _doc, grp in repo.valid(repo.groups):
        out["groups"].append(
            (
                grp.id,
                grp.type,
                grp.district,
                grp.name,
                grp.main_task.programme if grp.main_task else None,
                grp.main_task.id if grp.main_task else None,
                len(grp.members),
            )
        )
        for member in grp.members:
            out["group_members"].append(_member_row(grp.id, member))
    return out


def _member_row(group: str, member: m.Member) -> tuple[Any, ...]:
    """A member as the database sees one: never the name, email or phone."""
    return (group, member.organisation, member.role, member.mandate, member.from_, member.until)


# --- identity ---------------------------------------------------------------------------------


@dataclass
class Identity:
    repository: str
    commit: str
    municipality_code: str


def identity(repo: Repository, name: str | None) -> Identity:
    """The repository's name (``--repository``, else the git remote, else the folder), the
    commit ('-dirty' when data/ has uncommitted changes) and the municipality's code."""
    from omrade.repo.git import provenance, remote_url

    mun = repo.municipality
    assert mun is not None
    prov = provenance(repo.root)
    commit = prov.commit + ("-dirty" if prov.commit and prov.dirty else "")
    remote = remote_url(repo.root)  # without credentials, however they are written
    if remote:
        from omrade.repo.git import RevisionError, open_git

        try:
            prefix = open_git(repo.root).prefix
        except RevisionError:
            prefix = ""
        if prefix:
            remote = f"{remote}#{prefix}"
    return Identity(
        name or remote or repo.root.resolve().name,
        commit,
        mun.code,
    )


# --- writing ----------------------------------------------------------------------------------


def _create(con: Any, table: str) -> None:
    columns = ", ".join(f'"{c}" {t}' for c, t in [*COMMON, *TABLES[table]])
    con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({columns})')


# done, total, what: the tables written so far (omrade.cli.progress draws it on a terminal)
Progress = Callable[[int, int, str], None]


def _fill(
    con: Any,
    ident: Identity,
    data: dict[str, list[tuple[Any, ...]]],
    progress: Progress | None = None,
) -> None:
    common = (ident.repository, ident.commit, ident.municipality_code)
    for done, (table, table_rows) in enumerate(data.items()):
        if progress is not None:
            progress(done, len(data), table)
        _create(con, table)
        con.execute(f'DELETE FROM "{table}" WHERE repository = ?', [ident.repository])
        if table_rows:
            marks = ", ".join("?" for _ in range(len(COMMON) + len(TABLES[table])))
            con.executemany(
                f'INSERT INTO "{table}" VALUES ({marks})', [(*common, *r) for r in table_rows]
            )


# The storage format a new DuckDB file is written in: the one DuckDB 1.0 introduced, which
# every DuckDB release since 0.10 reads (the CLI, the Python, R, Node and JDBC clients, DBeaver).
# A DuckDB of 2.0 or later otherwise writes its own, newer format, which the releases before
# it refuse ("Trying to read a database file with version number …"). A file that exists
# keeps the format it was created in.
STORAGE_VERSION = "v1.0.0"


def _storage_config(duckdb: Any) -> dict[str, str]:
    """The connection's settings: the readable storage format, where this DuckDB can choose
    one (1.2 and later; an earlier DuckDB writes that format or an older one anyway)."""
    try:
        major, minor = (int(part) for part in duckdb.__version__.split(".")[:2])
    except ValueError:
        return {"storage_compatibility_version": STORAGE_VERSION}
    if (major, minor) < (1, 2):
        return {}
    return {"storage_compatibility_version": STORAGE_VERSION}


@dataclass
class Exported:
    identity: Identity
    counts: dict[str, int]
    path: Path


def export(
    repo: Repository,
    fmt: str,
    out: Path,
    name: str | None = None,
    progress: Progress | None = None,
) -> Exported:
    """Write the repository's tables to a DuckDB file (added to, this repository's rows
    replaced) or to a folder of Parquet files (one per table, replaced); ``progress`` is
    told of each table as it is written."""
    duckdb = require("duckdb")
    if repo.municipality is None:
        raise ExchangeError(translator()._("the repository has no valid data/municipality.yaml"))
    ident = identity(repo, name)
    data = rows(repo)
    counts = {t: len(r) for t, r in data.items()}
    if fmt == "duckdb":
        if out.is_dir():
            raise ExchangeError(
                translator()._("{out} is a folder; --format duckdb writes one file", out=out)
            )
        if not out.parent.is_dir():
            raise ExchangeError(
                translator()._(
                    "cannot write {out}: the folder {folder} does not exist",
                    out=out,
                    folder=out.parent,
                )
            )
        try:
            con = duckdb.connect(str(out), config=_storage_config(duckdb))
        except (duckdb.Error, OSError) as exc:
            raise ExchangeError(
                translator()._(
                    "{out} cannot be opened as a DuckDB database: {why}", out=out, why=exc
                )
            ) from None
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                _fill(con, ident, data, progress)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()
        if progress is not None:
            progress(len(data), len(data), "")
        return Exported(ident, counts, out)
    # parquet: a folder with one file per table, written beside it first, then moved in;
    # the folder is made with its parents, as `report --out` and `schema --out` make theirs
    if out.exists() and not out.is_dir():
        raise ExchangeError(
            translator()._("{out} is a file; --format parquet writes a folder", out=out)
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".omrade-export-", dir=out))
    except OSError as exc:
        raise ExchangeError(
            translator()._("cannot write {out}: {why}", out=out, why=os_reason(exc, current_lang()))
        ) from None
    try:
        con = duckdb.connect()
        try:
            _fill(con, ident, data, progress)
            for table in TABLES:
                target = (staging / f"{table}.parquet").as_posix().replace("'", "''")
                con.execute(f"COPY \"{table}\" TO '{target}' (FORMAT parquet)")
        finally:
            con.close()
        for table in TABLES:
            os.replace(staging / f"{table}.parquet", out / f"{table}.parquet")
        if progress is not None:
            progress(len(data), len(data), "")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Exported(ident, counts, out)

"""The Parquet export loads into PostgreSQL the way docs/data-in-and-out.md says.

The test starts a throwaway PostgreSQL server in a temporary folder (``initdb``,
``pg_ctl``; it listens on a Unix socket in that folder only, no TCP port), runs the
documented ``sh`` block as written with bash (``omrade`` from this environment, the
``duckdb`` command-line tool from PyPI's ``duckdb-cli``, the server's ``psql``), and
compares what arrived with the Parquet files, row by row, and with omrade's own figures.

PostgreSQL comes from Debian (``.ci/run`` installs ``postgresql``); the binaries are looked
for on ``PATH`` and under ``/usr/lib/postgresql/*/bin``. Without them the test is skipped,
saying so. ``initdb`` refuses to run as root: as root, the server runs as the ``postgres``
user (or ``nobody``) through ``setpriv``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from omrade.cli import app
from omrade.exchange.database import TABLES
from omrade.repo.repository import load_repository
from tests.conftest import ROOT
from tests.exchange.test_duckdb_cli import duckdb_cli

PAGE = ROOT / "docs" / "data-in-and-out.md"
FENCE = re.compile(r"^```sh\n(.*?)^```[ \t]*$", re.S | re.M)
NULL = "\x02NULL\x03"  # what psql shows for NULL here (no cell holds it)


def documented_recipe() -> str:
    """The one ``sh`` block of the page that loads into PostgreSQL (it runs ``\\copy``)."""
    found = [b for b in FENCE.findall(PAGE.read_text(encoding="utf-8")) if "\\copy" in b]
    assert len(found) == 1, f"{PAGE.name} should have one PostgreSQL recipe, found {len(found)}"
    return found[0]


def postgres_bin() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then Debian's
    /usr/lib/postgresql/NN/bin (the newest)."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(os.path.realpath(on_path)).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


@dataclass(frozen=True)
class Server:
    socket_dir: Path
    bin: Path
    psql: str

    def env(self, database: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(PGHOST=str(self.socket_dir), PGUSER="omrade", PGDATABASE=database)
        return env

    def query(self, sql: str, database: str = "omraden") -> list[tuple[str | None, ...]]:
        """Rows as psql prints them (text), NULL as None."""
        unaligned = ["-X", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P", f"null={NULL}"]
        done = subprocess.run(
            [self.psql, *unaligned, "-v", "ON_ERROR_STOP=1", "-c", sql],
            env=self.env(database),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        out = done.stdout.removesuffix("\n")
        if not out:
            return []
        return [
            tuple(None if v == NULL else v for v in rec.split("\x1f")) for rec in out.split("\x1e")
        ]


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """The command prefix that runs the server's tools as a user that is not root (and that
    user's uid and gid), or nothing when this is not root."""
    if os.geteuid() != 0:
        return [], None, None
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and util-linux's setpriv is missing: initdb refuses root")
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        prefix = [
            setpriv,
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--clear-groups",
            "--",
        ]
        return prefix, user.pw_uid, user.pw_gid
    pytest.skip("running as root with no postgres or nobody user to run the server as")


@pytest.fixture
def server() -> Iterator[Server]:
    folder = postgres_bin()
    if folder is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb) on PATH or under /usr/lib/postgresql: "
            "apt-get install postgresql (.ci/run does)"
        )
    # the server's own psql (same version); Debian's /usr/bin/psql is a wrapper choosing one
    psql = str(folder / "psql") if (folder / "psql").is_file() else shutil.which("psql")
    if psql is None:
        pytest.skip("PostgreSQL's psql is missing: apt-get install postgresql-client")
    prefix, uid, gid = _as_server_user()
    # a folder of its own under the system's temporary folder (pytest's is root's alone,
    # which the server's user could not enter); a short path, as a socket's must be
    base = Path(tempfile.mkdtemp(prefix="omrade-pg-"))
    if uid is not None and gid is not None:
        os.chown(base, uid, gid)
    data = base / "data"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "HOME": str(base)}

    def tool(*args: str, timeout: int = 60) -> None:
        done = subprocess.run(
            [*prefix, *args], env=env, cwd=base, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}\n{done.stderr}"

    started = False
    try:
        tool(
            str(folder / "initdb"),
            "-D",
            str(data),
            "-U",
            "omrade",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        tool(
            str(folder / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "server.log"),
            "-w",
            "-o",
            f"-k {base} -c listen_addresses='' -c fsync=off",
            "start",
        )
        started = True
        pg = Server(base, folder, psql)
        pg.query("CREATE DATABASE omraden", database="postgres")
        yield pg
    finally:
        if started:
            tool(str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def _parquet_rows(path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    con = duckdb.connect()
    try:
        rel = con.sql(f"SELECT * FROM read_parquet('{path.as_posix()}')")
        return list(rel.columns), rel.fetchall()
    finally:
        con.close()


def _typed(text: str | None, like: object) -> object:
    """The text PostgreSQL prints for a cell, as the Python value of the Parquet cell's type."""
    if text is None:
        return None
    if isinstance(like, bool):
        return {"t": True, "f": False}[text]
    if isinstance(like, float):
        return float(text)
    if isinstance(like, int):
        return int(text)
    if isinstance(like, dt.date):
        return dt.date.fromisoformat(text)
    return text


def test_the_documented_recipe_loads_the_parquet_export_into_postgresql(
    runner, server: Server, tmp_path: Path
) -> None:
    work = tmp_path / "plans"
    shutil.copytree(ROOT / "data", work / "data")
    env = server.env("omraden")
    tools = [Path(sys.executable).parent, duckdb_cli().parent, Path(server.psql).parent]
    env["PATH"] = os.pathsep.join([*map(str, tools), env.get("PATH", "")])
    env.pop("CI", None)
    done = subprocess.run(
        ["bash", "-e", "-u", "-o", "pipefail", "-c", documented_recipe()],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stderr, done.stderr

    # every table arrived, every row and every cell as the Parquet file has it
    exported = work / "export" / "botkyrka"
    tables = [
        r[0] for r in server.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    assert sorted(tables) == sorted(TABLES)
    total = 0
    for table in TABLES:
        columns, rows = _parquet_rows(exported / f"{table}.parquet")
        described = server.query(
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_name = '{table}' ORDER BY ordinal_position"
        )
        assert [c[0] for c in described] == columns, table
        arrived = server.query(f"SELECT * FROM {table}")
        assert len(arrived) == len(rows), table
        # each column's type from a Parquet row that has a value there
        likes = [next((r[i] for r in rows if r[i] is not None), "") for i in range(len(columns))]
        got = [tuple(_typed(v, like) for v, like in zip(r, likes, strict=True)) for r in arrived]
        assert sorted(got, key=repr) == sorted(rows, key=repr), table
        total += len(rows)
    assert total > 300  # the bundled data's tables are not empty

    # the figures omrade computes, in PostgreSQL: the 2025 allocation …
    alloc = runner.invoke(app, ["allocate", "2025", "-C", str(ROOT), "--format", "json"])
    assert alloc.exit_code == 0, alloc.output
    ours = json.loads(alloc.stdout)
    rows = server.query(
        "SELECT district, total, share FROM allocations WHERE year = 2025 ORDER BY district"
    )
    assert [(d, int(t), float(s or "nan")) for d, t, s in rows] == [
        (d["district"], d["total"], float(Fraction(d["share"])))
        for d in sorted(ours["districts"], key=lambda d: d["district"])
    ]
    (appropriation,) = server.query("SELECT sum(total) FROM allocations WHERE year = 2025")[0]
    assert appropriation is not None and int(appropriation) == ours["appropriation"] == 1_570_000

    # … the area grant the plans put on their actions, per year, and the follow-ups
    repo = load_repository(ROOT)
    grant: dict[int, int] = {}
    follow_ups = 0
    for (_programme, year), doc in repo.plans.items():
        for action in doc.model.actions:
            grant[year] = grant.get(year, 0) + sum(
                f.amount for f in action.funding if f.source == "area_grant"
            )
            follow_ups += len(action.follow_up)
    planned = server.query(
        "SELECT plan_year, sum(area_grant) FROM actions GROUP BY plan_year ORDER BY plan_year"
    )
    assert {int(y): int(s or 0) for y, s in planned} == grant
    assert grant[2025] > 0
    assert server.query("SELECT count(*) FROM follow_ups") == [(str(follow_ups),)]

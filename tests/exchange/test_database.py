"""`omrade export --format duckdb|parquet`: two municipalities in one database, a question
across them in SQL, and no personal data in any table."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import duckdb
import git
import pytest

from omrade.cli import app
from omrade.exchange.database import TABLES
from omrade.repo.repository import load_repository
from tests.conftest import FIXTURES, ROOT

STOCKHOLM = ROOT / "examples/stockholm"
PAGE = ROOT / "docs" / "data-in-and-out.md"


def documented_question() -> str:
    """The SQL question docs/data-in-and-out.md asks across municipalities, as written
    there (its one ``sql`` block that reads ``actions a``)."""
    blocks = re.findall(r"^```sql\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.S | re.M)
    found = [b for b in blocks if "FROM actions a" in b]
    assert len(found) == 1, f"{PAGE.name}: one question across municipalities, found {len(found)}"
    return found[0]


def personal_strings(*roots: Path) -> set[str]:
    """Every member's name, email and phone in the repositories."""
    found: set[str] = set()
    for root in roots:
        repo = load_repository(root)
        for _doc, group in repo.valid(repo.groups):
            for member in group.members:
                found.update(x for x in (member.name, member.email, member.phone) if x)
    return found


def all_text(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    cells: list[str] = []
    for row in con.sql(f"SELECT * FROM {source}").fetchall():
        cells += [str(c) for c in row if c is not None]
    return cells


def test_two_municipalities_in_one_duckdb_file_answer_a_question(runner, tmp_path) -> None:
    db = tmp_path / "omraden.duckdb"
    for root in (ROOT, STOCKHOLM):
        result = runner.invoke(
            app, ["export", "--format", "duckdb", "--out", str(db), "-C", str(root)]
        )
        assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    # every row says where it comes from
    for table in TABLES:
        missing = con.execute(
            f'SELECT count(*) FROM "{table}" WHERE repository IS NULL OR commit IS NULL '
            "OR municipality_code IS NULL"
        ).fetchall()[0]
        assert missing == (0,), table
    # the question: per municipality, the 2025 area grant planned, how much of it goes to
    # promoting or preventive work, and whether the plans stay within the allocation
    answer = sorted(con.sql(documented_question()).fetchall())
    expected = []
    for root in (ROOT, STOCKHOLM):
        repo = load_repository(root)
        planned = early = 0
        for _doc, plan in repo.valid(repo.plans):
            if plan.year != 2025:
                continue
            for action in plan.actions:
                grant = sum(f.amount for f in action.funding if f.source == "area_grant")
                planned += grant
                early += grant if action.type in ("promoting", "preventive") else 0
        appropriation = repo.budgets[2025].model.appropriation
        expected.append((repo.municipality.code, planned, early, appropriation))
    assert answer == sorted(expected)
    assert [row[0] for row in answer] == ["0127", "0180"]

    # names, emails and phone numbers are nowhere, by construction
    columns = {c for c, _t in TABLES["group_members"]}
    assert not columns & {"name", "email", "phone", "public"}
    personal = personal_strings(ROOT, STOCKHOLM)
    assert len(personal) > 20
    for table in TABLES:
        for cell in all_text(con, f'"{table}"'):
            assert not any(p in cell for p in personal), (table, cell)
    members = con.execute("SELECT count(*) FROM group_members").fetchall()[0][0]
    assert members == sum(
        len(g.members)
        for root in (ROOT, STOCKHOLM)
        for _d, g in load_repository(root).valid(load_repository(root).groups)
    )
    con.close()


def test_exporting_again_replaces_the_repositorys_rows(runner, tmp_path) -> None:
    db = tmp_path / "x.duckdb"
    # A copy outside any git checkout, so the repository is named after its folder
    # whatever remote the checkout running the tests has.
    plans = tmp_path / "stockholm"
    shutil.copytree(STOCKHOLM, plans)
    args = ["export", "-f", "duckdb", "--out", str(db), "-C", str(plans)]
    assert runner.invoke(app, args).exit_code == 0
    with duckdb.connect(str(db), read_only=True) as con:
        first = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in TABLES}
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--repository", "sthlm"]).exit_code == 0
    with duckdb.connect(str(db), read_only=True) as con:
        again = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in TABLES}
        names = con.sql("SELECT DISTINCT repository FROM actions ORDER BY 1").fetchall()
    assert again == {t: 2 * n for t, n in first.items()}
    assert names == [("sthlm",), ("stockholm",)]


def test_parquet_folder_with_commit_and_remote(runner, tmp_path) -> None:
    root = tmp_path / "plans"
    shutil.copytree(STOCKHOLM, root)
    r = git.Repo.init(root, initial_branch="main")
    with r.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.org")
    r.git.add(A=True)
    r.index.commit("plans")
    r.create_remote("origin", "https://user:secret@git.example.org/stockholm/plans.git")
    out = tmp_path / "export"
    result = runner.invoke(app, ["export", "-f", "parquet", "--out", str(out), "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    con = duckdb.connect()
    rows = con.sql(
        f"SELECT DISTINCT repository, commit, municipality_code FROM '{out}/actions.parquet'"
    ).fetchall()
    assert rows == [("https://git.example.org/stockholm/plans.git", r.head.commit.hexsha, "0180")]
    described = con.sql(f"DESCRIBE SELECT * FROM '{out}/allocations.parquet'").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["total"] == "BIGINT" and types["share"] == "DOUBLE"
    personal = personal_strings(root)
    for table in TABLES:
        for cell in all_text(con, f"'{out}/{table}.parquet'"):
            assert not any(p in cell for p in personal), (table, cell)
    (root / "data/districts/skarholmen.yaml").write_text("kind: district\n", encoding="utf-8")
    dirty = runner.invoke(app, ["export", "-f", "parquet", "--out", str(out), "-C", str(root)])
    assert dirty.exit_code == 1 and "inget exporterades" in dirty.stderr
    english = runner.invoke(
        app, ["export", "-f", "parquet", "--out", str(out), "-C", str(root), "--lang", "en"]
    )
    assert english.exit_code == 1 and "not exported" in english.stderr
    assert "fel" not in english.stderr.split() and "OMR102" in english.stderr


def test_parquet_makes_the_folder_with_its_parents(runner, tmp_path) -> None:
    """A folder, like `report --out`: `--out export/botkyrka/` works on a fresh checkout."""
    out = tmp_path / "export" / "stockholm"
    result = runner.invoke(
        app, ["export", "-f", "parquet", "--out", str(out), "-C", str(STOCKHOLM)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    refused = runner.invoke(
        app,
        ["export", "-f", "parquet", "--out", str(tmp_path / "a-file" / "x"), "-C", str(STOCKHOLM)],
    )
    assert refused.exit_code == 1 and "kan inte skriva" in refused.stderr, refused.output
    assert "en del av sökvägen är inte en mapp" in " ".join(refused.stderr.split())
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "x"


def test_a_missing_extra_is_named(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    result = runner.invoke(
        app, ["export", "-f", "duckdb", "--out", str(tmp_path / "x.duckdb"), "-C", str(STOCKHOLM)]
    )
    assert result.exit_code == 2
    assert "pip install 'omrade[db]'" in result.stderr
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = runner.invoke(
        app,
        ["allocate", "-C", str(FIXTURES / "base"), "-f", "xlsx", "--out", str(tmp_path / "a.xlsx")],
    )
    assert result.exit_code == 2
    assert "pip install 'omrade[sheets]'" in result.stderr
    assert not (tmp_path / "a.xlsx").exists()


def test_usage(runner, tmp_path) -> None:
    result = runner.invoke(app, ["export", "-f", "duckdb", "-C", str(STOCKHOLM)])
    assert result.exit_code == 2 and "--out SÖKVÄG" in result.stderr
    english = runner.invoke(app, ["export", "-f", "duckdb", "-C", str(STOCKHOLM), "--lang", "en"])
    assert english.exit_code == 2 and "--out PATH" in english.stderr
    folder = tmp_path / "folder"
    folder.mkdir()
    args = ["export", "-f", "duckdb", "--out", str(folder), "-C", str(STOCKHOLM)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "är en mapp" in result.stderr
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 1 and "is a folder" in result.stderr
    before = runner.invoke(app, ["export", "--lang", "en", "follow-up", "2025-T3", "-o", "x"])
    assert before.exit_code == 2 and "put --lang after 'follow-up'" in before.stderr


def test_the_export_says_what_it_wrote_in_the_run_language(runner, tmp_path) -> None:
    """Swedish by the municipality's locale, English with --lang en: the same numbers."""
    said = {}
    for lang in ("sv", "en"):
        db = tmp_path / f"{lang}.duckdb"
        result = runner.invoke(
            app,
            ["export", "-f", "duckdb", "--out", str(db), "-C", str(STOCKHOLM), "--lang", lang],
        )
        assert result.exit_code == 0, result.output
        said[lang] = " ".join(result.stderr.split())
    assert " rader i " in said["sv"] and "tabeller →" in said["sv"], said["sv"]
    assert "kommunkod 0180" in said["sv"] and " rows " not in said["sv"]
    assert " rows in " in said["en"] and "tables →" in said["en"], said["en"]
    assert "municipality 0180" in said["en"] and "rader" not in said["en"]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_has_rows_from_the_bundled_data(table, tmp_path_factory) -> None:
    from omrade.exchange.database import rows

    data = rows(load_repository(ROOT))
    assert data[table], table
    assert all(len(r) == len(TABLES[table]) for r in data[table])

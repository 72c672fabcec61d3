"""Tests as attacks: property-based fuzzers for what crosses the boundary into omrade from
a workbook (its cells, its hidden record, its archive) and from plan files (through
``import follow-up`` and ``diff``), and the command line under a 300 MB address-space cap.

Each fuzzer asserts what the user relies on: the outcome is a result or a refusal with a
message (exit 0, 1 or 2 — never an exception, which is exit 3), the message holds no
control character, and nothing outside the files an import means to write changes.
The fuzzers call the library (what the command runs, minus the process start) so that
many inputs fit in a few seconds; the last tests run the real command in a process whose
address space is capped, on the largest inputs.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from omrade.exchange import ExchangeError, UsageError
from omrade.exchange.followup import COLUMNS, FIRST_ROW, META_SHEET, import_workbook
from omrade.repo.git import RevisionError
from omrade.repo.repository import ConfigError, load_repository
from tests.conftest import BASE_AS_OF, FIXTURES

PERIOD = "2025-T2"
COL = {key: COLUMNS.index(key) + 1 for key in COLUMNS}
REFUSALS = (ExchangeError, UsageError, RevisionError, ConfigError)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# what a message may hold besides printable text
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The base fixture in git, its T2 workbook (the hidden commit emptied: no git is
    asked per example) and the repository loaded once."""
    from typer.testing import CliRunner

    from omrade.cli import app

    where = tmp_path_factory.mktemp("fuzz")
    root = where / "plans"
    shutil.copytree(FIXTURES / "base", root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    book = where / "t2.xlsx"
    result = CliRunner().invoke(
        app, ["export", "follow-up", PERIOD, "-C", str(root), "--out", str(book)]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    for row in wb[META_SHEET].iter_rows():
        if row[0].value == "commit":
            row[1].value = None
    wb.save(book)
    return {"root": root, "book": book, "bytes": book.read_bytes(), "repo": load_repository(root)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git/" not in p.relative_to(folder).as_posix() + "/"
    }


def outcome(repo: Any, book: Path) -> Any:
    """What ``import follow-up`` makes of the workbook: a result, or a refusal (whose
    message is checked). Any other exception fails the test: it is an exit 3."""
    from omrade.load.reader import parse_text

    try:
        result = import_workbook(repo, book, as_of=None)
    except REFUSALS as exc:
        assert not CONTROL.search(str(exc)), repr(str(exc))
        return exc
    for rel, content in result.changed.items():
        assert re.fullmatch(r"data/programmes/[^/]+/plan-\d{4}\.yaml", rel), rel
        assert not parse_text(content.decode("utf-8"), rel).diagnostics
    return result


# --- cells --------------------------------------------------------------------------------

text = st.text(max_size=120).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s))
value = st.one_of(
    st.none(),
    text,
    st.sampled_from(["Pågår", "Genomförd", "Grön", "Förbättras", "pågår ", "klar", "#N/A"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    text.map(lambda s: "=" + s),
)
cells = st.dictionaries(
    st.tuples(
        st.integers(0, 1), st.integers(1, FIRST_ROW + 6), st.sampled_from(list(COL.values()))
    ),
    value,
    max_size=12,
)


@FUZZ
@given(cells)
def test_any_cells_are_imported_or_refused(base, tmp_path_factory, fill) -> None:
    book = tmp_path_factory.mktemp("cells") / "book.xlsx"
    book.write_bytes(base["bytes"])
    wb = openpyxl.load_workbook(book)
    for (sheet, row, col), v in fill.items():
        wb.worksheets[sheet].cell(row, col).value = v
    wb.save(book)
    before = snapshot(base["root"])
    outcome(base["repo"], book)
    assert snapshot(base["root"]) == before


# --- the hidden record --------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.integers(min_value=10**300, max_value=10**400),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(
    st.one_of(
        json_values.map(lambda v: ("whole", v)),
        st.tuples(
            st.sampled_from(["sheet", "row", "programme", "year", "action", "file"]), json_values
        ).map(lambda kv: ("field", kv)),
        st.tuples(st.integers(1, 40_000), st.sampled_from('[{"')).map(lambda nc: ("deep", nc)),
    ),
    st.dictionaries(
        st.sampled_from(["format_version", "municipality", "period", "responsible", "language"]),
        value,
        max_size=2,
    ),
)
def test_any_hidden_record_is_imported_or_refused(base, tmp_path_factory, record, others) -> None:
    book = tmp_path_factory.mktemp("meta") / "book.xlsx"
    book.write_bytes(base["bytes"])
    wb = openpyxl.load_workbook(book)
    meta = {row[0].value: row[1] for row in wb[META_SHEET].iter_rows()}
    rows = json.loads(meta["rows"].value)
    kind, what = record
    digits = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # to write numbers of 400 digits
    try:
        if kind == "whole":
            new = json.dumps(what)
        elif kind == "field":
            rows[0][what[0]] = what[1]
            new = json.dumps(rows)
        else:
            new = what[1] * what[0]
    finally:
        sys.set_int_max_str_digits(digits)
    meta["rows"].value = new
    for key, v in others.items():
        meta[key].value = v
    wb.worksheets[0].cell(FIRST_ROW, COL["status"]).value = "Pågår"
    wb.save(book)
    outcome(base["repo"], book)


# --- the archive --------------------------------------------------------------------------

XML_BITS = [
    "<",
    ">",
    "</c>",
    "<row>",
    '<c r="A1" t="s"><v>99999</v></c>',
    "&amp;",
    "&#0;",
    '"',
    "\x00",
    "]]>",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
]


@FUZZ
@given(st.data())
def test_any_damage_to_the_archive_is_imported_or_refused(base, tmp_path_factory, data) -> None:
    with zipfile.ZipFile(io.BytesIO(base["bytes"])) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    name = data.draw(st.sampled_from(sorted(parts)))
    content = parts[name]
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(content)))
        cut = data.draw(st.integers(0, 20))
        bit = data.draw(st.sampled_from(XML_BITS) | st.text(max_size=8)).encode("utf-8", "replace")
        content = content[:at] + bit + content[at + cut :]
    parts[name] = content
    book = tmp_path_factory.mktemp("zip") / "book.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for part, blob in parts.items():
            z.writestr(part, blob)
    raw = buffer.getvalue()
    if data.draw(st.booleans()):  # damage the archive itself too
        at = data.draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([raw[at] ^ 0x41]) + raw[at + 1 :]
    book.write_bytes(raw)
    outcome(base["repo"], book)


# --- plan files, through import and diff --------------------------------------------------

PLAN = "data/programmes/norr-2024-2027/plan-2025.yaml"
YAML_BITS = [
    "\u2028",
    "\r",
    "\x85",
    "\t",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!python/object ",
    "{",
    "[",
    "'",
    '"',
    "#",
    "\n  ",
    "\ufeff",
    "\x00",
    "\U0001f600",
    "9" * 400,
    "\u202e",
]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_any_plan_file_is_diffed_and_imported_or_refused(base, tmp_path_factory, data) -> None:
    """A plan file changed in any way: ``diff HEAD`` and an import of a filled workbook
    give a result or a refusal, never an exception."""
    from omrade.diff import run as diff

    root = base["root"]
    path = root / PLAN
    original = path.read_bytes()
    text = original.decode("utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 10))
        bit = data.draw(st.sampled_from(YAML_BITS) | st.text(max_size=6))
        text = text[:at] + bit + text[at + cut :]
    book = tmp_path_factory.mktemp("plan") / "book.xlsx"
    book.write_bytes(base["bytes"])
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets[:1]:
        ws.cell(FIRST_ROW, COL["status"]).value = "Pågår"
    wb.save(book)
    try:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            diff(root, "HEAD", None, __import__("datetime").date.fromisoformat(BASE_AS_OF), False)
        except REFUSALS as exc:
            assert not CONTROL.search(str(exc))
        outcome(load_repository(root), book)
    finally:
        path.write_bytes(original)


# --- the command, its memory capped -------------------------------------------------------


def _capped(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20))

    env = {**os.environ, "OMRADE_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "omrade", *args],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def _rows_appended(parts: dict[str, bytes]) -> None:
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    extra = "".join(
        f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(100, 100_100)
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", extra + "</sheetData>"
    ).encode()


def _bomb(parts: dict[str, bytes]) -> None:
    parts["xl/media/bomb.bin"] = b"\0" * (60 << 20)  # 60 kB compressed


def _deep(parts: dict[str, bytes]) -> None:
    for name, blob in parts.items():
        if b"format_version" in blob or name == "xl/sharedStrings.xml":
            parts[name] = re.sub(
                rb'\[\{&quot;sheet&quot;.*?\}\]|\[\{"sheet".*?\}\]', b"[" * 200_000, blob, count=1
            )


@pytest.mark.parametrize("hostile", [_rows_appended, _bomb, _deep], ids=["rows", "bomb", "deep"])
def test_the_command_stays_within_300_mb_and_writes_only_plans(base, tmp_path, hostile) -> None:
    work = tmp_path / "work"
    shutil.copytree(base["root"], work / "plans", symlinks=True)
    with zipfile.ZipFile(io.BytesIO(base["bytes"])) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    hostile(parts)
    book = work / "book.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for part, blob in parts.items():
            z.writestr(part, blob)
    before = snapshot(work)
    done = _capped(["import", "follow-up", str(book), "-C", "plans"], work)
    assert done.returncode in (0, 1, 2), done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert len(done.stderr) < 20_000
    after = snapshot(work)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert all(re.fullmatch(r"plans/data/programmes/[^/]+/plan-\d{4}\.yaml", k) for k in changed)

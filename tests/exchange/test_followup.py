"""The tertial round trip: export the follow-up workbook, fill it as an administration
would (openpyxl), import it, and check the plan files changed by exactly the new lines."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import git
import openpyxl
import pytest

from omrade.cli import app
from omrade.exchange.followup import COLUMNS, FIRST_ROW, HEADER_ROW, META_SHEET, enum_label
from omrade.repo.repository import load_repository
from tests.conftest import ROOT

PERIOD = "2025-T3"
FILL_COL = {key: COLUMNS.index(key) + 1 for key in ("status", "rating", "trend", "comment")}
ID_COL = {key: COLUMNS.index(key) + 1 for key in ("programme", "action")}


def strip_period(text: str, period: str) -> str:
    """The text without the follow-up entries of ``period`` (as if not yet reported)."""
    out, skip_deeper_than = [], None
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if skip_deeper_than is not None:
            if line.strip() and indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if re.fullmatch(rf"\s*- period: {period}\s*", line):
            skip_deeper_than = indent
            continue
        out.append(line)
    return "".join(out)


def committed(root: Path) -> git.Repo:
    r = git.Repo.init(root, initial_branch="main")
    with r.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.org")
    r.git.add(A=True)
    r.index.commit("plans before the T3 follow-up")
    return r


@pytest.fixture
def bundled(tmp_path: Path) -> tuple[git.Repo, dict[str, bytes]]:
    """The bundled data in a git repository with every 2025-T3 follow-up taken out,
    and the original plan files (which hold the T3 entries an administration reports)."""
    root = tmp_path / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    originals = {}
    for path in sorted((root / "data/programmes").rglob("plan-*.yaml")):
        rel = path.relative_to(root).as_posix()
        originals[rel] = path.read_bytes()
        path.write_text(strip_period(path.read_text(encoding="utf-8"), PERIOD), encoding="utf-8")
    return committed(root), originals


def original_entries() -> dict[tuple[str, str], object]:
    repo = load_repository(ROOT)
    out = {}
    for (programme, _year), doc in repo.plans.items():
        for action in doc.model.actions:
            for f in action.follow_up:
                if f.period == PERIOD:
                    out[(programme, action.id)] = f
    return out


def fill(path: Path, entries: dict[tuple[str, str], object]) -> int:
    """Fill every row from ``entries`` with the Swedish labels of the drop-down lists."""
    wb = openpyxl.load_workbook(path)
    filled = 0
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        for r in range(FIRST_ROW, ws.max_row + 1):
            key = (ws.cell(r, ID_COL["programme"]).value, ws.cell(r, ID_COL["action"]).value)
            f = entries.get(key)
            if f is None:
                continue
            ws.cell(r, FILL_COL["status"]).value = enum_label("status", f.status, "sv")
            ws.cell(r, FILL_COL["rating"]).value = enum_label("rating", f.rating, "sv")
            ws.cell(r, FILL_COL["trend"]).value = enum_label("trend", f.trend, "sv")
            ws.cell(r, FILL_COL["comment"]).value = f.comment
            filled += 1
    wb.save(path)
    return filled


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in (root / "data").rglob("*")
        if p.is_file()
    }


def test_round_trip_adds_exactly_the_follow_up_lines(runner, bundled, tmp_path: Path) -> None:
    r, originals = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "uppfoljning-2025-T3.xlsx"
    result = runner.invoke(
        app, ["export", "follow-up", PERIOD, "--out", str(book), "-C", str(root)]
    )
    assert result.exit_code == 0, result.output
    assert "19 insatser på 7 blad" in result.stderr

    assert fill(book, original_entries()) == 19
    result = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "lade till 19 och ersatte 0 uppföljningar för 2025-T3 i 5 filer" in result.stderr
    # the summary is omrade diff's, per action
    assert "insats ändrad: A2 Kvällsvandringar" in result.stdout
    assert "uppföljning 2025-T3: – → Genomförd, Grön: på väg att nås, Förbättras" in result.stdout

    check = runner.invoke(app, ["validate", str(root), "--as-of", "2026-01-15", "-f", "json"])
    assert check.exit_code == 0, check.output
    # no follow-up is missing (OMR308); what remains is the bundled data's expired guideline
    # and, from 2026, its missing 2026 plans and budget
    codes = {d["code"] for d in json.loads(check.stdout)["diagnostics"]}
    assert codes == {"OMR314", "OMR316", "OMR317"}

    # git sees only added lines, and they are exactly the lines an analyst would have written
    numstat = r.git.diff("--numstat").splitlines()
    assert len(numstat) == 5
    for line in numstat:
        added, deleted, _file = line.split("\t")
        assert deleted == "0" and int(added) > 0
    for rel, content in originals.items():
        assert (root / rel).read_bytes() == content, rel


def sort_rows(ws, key: str, reverse: bool = False) -> list[tuple[str, str]]:
    """Sort a sheet's exported rows by one column, as a spreadsheet's sort leaves them
    (whole rows move: every value and its cell's lock); the (programme, action) order
    before."""
    last = ws.max_row
    rows = [
        [(c.value, c.protection.locked) for c in ws[r_][: len(COLUMNS)]]
        for r_ in range(FIRST_ROW, last + 1)
    ]
    before = [(row[ID_COL["programme"] - 1][0], row[ID_COL["action"] - 1][0]) for row in rows]
    col = COLUMNS.index(key)
    rows.sort(key=lambda row: str(row[col][0] or ""), reverse=reverse)
    for r_, row in enumerate(rows, start=FIRST_ROW):
        for c, (value, locked) in enumerate(row, start=1):
            ws.cell(r_, c).value = value
            ws.cell(r_, c).protection = openpyxl.styles.Protection(locked=locked)
    return before


def test_a_sorted_sheet_imports_the_same(runner, bundled, tmp_path: Path) -> None:
    r, originals = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "t3.xlsx"
    _export(runner, root, book)
    fill(book, original_entries())
    wb = openpyxl.load_workbook(book)
    moved = 0
    for ws in wb.worksheets:  # every administration sorted its rows by the action's name
        if ws.title != META_SHEET:
            before = sort_rows(ws, "action_title", reverse=True)
            after = [
                (c[ID_COL["programme"] - 1].value, c[ID_COL["action"] - 1].value)
                for c in ws.iter_rows(min_row=FIRST_ROW)
            ]
            assert sorted(after) == sorted(before)
            moved += after != before
    assert moved >= 5  # most sheets' rows are in another order now
    wb.save(book)
    result = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert result.exit_code == 0, result.output
    for rel, content in originals.items():
        assert (root / rel).read_bytes() == content, rel


def test_an_id_typed_over_or_a_name_changed_is_refused(runner, bundled, tmp_path: Path) -> None:
    """The rows are unlocked (so they sort), so an id can be typed over: a row that then
    names another action on its sheet is caught by the name that does not follow."""
    r, _ = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "t3.xlsx"
    _export(runner, root, book)
    fill(book, original_entries())
    wb = openpyxl.load_workbook(book)
    ws = wb["Kultur- och fritidsförvaltninge"]
    a2 = _row_of(ws, "A2", "tumba-grodinge-2024-2028")
    a3 = _row_of(ws, "A3", "tumba-grodinge-2024-2028")
    for col in FILL_COL.values():  # A3's row emptied of its follow-up …
        ws.cell(a3, col).value = None
    ws.cell(a2, ID_COL["action"]).value = "A3"  # … and A2's follow-up passed off as A3's
    ws2 = wb["Socialförvaltningen"]
    h1 = _row_of(ws2, "A1", "hallunda-norsborg-2024-2028")
    title_col = COLUMNS.index("action_title") + 1
    ws2.cell(h1, title_col).value = "Något annat"  # a name typed over
    ws3 = wb["Utbildningsförvaltningen"]
    f1 = _row_of(ws3, "A1", "fittja-2024-2028")
    ws3.cell(f1, ID_COL["action"]).value = "A99"  # an id that matches no action
    wb.save(book)
    before = snapshot(root)
    result = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert result.exit_code == 1, result.output
    err = " ".join(result.stderr.split())
    title_a2 = ws.cell(a2, title_col).value
    assert (
        f"blad 'Kultur- och fritidsförvaltninge', rad {a2}: 'Insats' är '{title_a2}' där "
        "handlingsplanen har" in err
    )
    assert "för A3 i tumba-grodinge-2024-2028: radens id eller namn har ändrats. Skriv" in err
    assert (
        f"blad 'Socialförvaltningen', rad {h1}: 'Insats' är 'Något annat' där handlingsplanen"
        in err
    )
    assert (
        f"blad 'Utbildningsförvaltningen', rad {f1}: raden exporterades inte av omrade på det "
        "här bladet, eller så har dess id ändrats: skriv tillbaka programmets och insatsens id"
        in err
    )
    assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_importing_twice_changes_nothing(runner, bundled, tmp_path: Path) -> None:
    r, _originals = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "t3.xlsx"
    runner.invoke(app, ["export", "follow-up", PERIOD, "--out", str(book), "-C", str(root)])
    fill(book, original_entries())
    assert runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)]).exit_code == 0
    after = snapshot(root)
    again = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert again.exit_code == 0, again.output
    assert "19 rader var redan som i handlingsplanerna" in again.stderr
    assert snapshot(root) == after


def test_the_workbook_has_lists_protection_and_a_hidden_record(bundled, runner, tmp_path) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "kof.xlsx"
    result = runner.invoke(
        app,
        [
            "export",
            "follow-up",
            PERIOD,
            "--responsible",
            "kof",
            "--out",
            str(book),
            "-C",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Kultur- och fritidsförvaltninge", META_SHEET]
    ws = wb.worksheets[0]
    assert ws.cell(HEADER_ROW, 1).value == "Stadsdel"
    assert ws.cell(HEADER_ROW, FILL_COL["rating"]).value == "Måluppfyllelse 2025-T3"
    actions = [ws.cell(r_, ID_COL["action"]).value for r_ in range(FIRST_ROW, ws.max_row + 1)]
    # kof's actions that ran in T3 and were not closed before, plan by plan
    assert actions == ["A4", "A4", "A2", "A1", "A2", "A3"]
    lists = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list" and dv.showErrorMessage
        lists[str(dv.sqref)[0]] = dv.formula1
    status_col = openpyxl.utils.get_column_letter(FILL_COL["status"])
    assert lists[status_col] == '"Ej påbörjad,Pågår,Genomförd,Försenad,Avbruten"'
    assert len(lists) == 3
    assert ws.protection.sheet
    # sortable and filterable (False: the action is not protected), with a filter on the
    # heading and every exported row
    assert ws.protection.sort is False and ws.protection.autoFilter is False
    last = openpyxl.utils.get_column_letter(len(COLUMNS))
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:{last}{FIRST_ROW + len(actions) - 1}"
    assert ws.protection.formatCells and ws.protection.deleteRows  # still protected
    # Excel sorts a protected sheet's range only when none of its cells is locked: every
    # cell of the rows under the filter is unlocked; the title, help and heading rows and
    # the cells beside and below the rows stay locked
    for r_ in range(FIRST_ROW, FIRST_ROW + len(actions)):
        for col in range(1, len(COLUMNS) + 1):
            assert not ws.cell(r_, col).protection.locked, (r_, COLUMNS[col - 1])
    for r_ in range(1, HEADER_ROW + 1):
        assert ws.cell(r_, 1).protection.locked and ws.cell(r_, len(COLUMNS)).protection.locked
    assert ws.cell(FIRST_ROW + len(actions), ID_COL["action"]).protection.locked
    assert ws.cell(FIRST_ROW, len(COLUMNS) + 1).protection.locked
    meta = {k: v for k, v in wb[META_SHEET].iter_rows(values_only=True)}
    assert wb[META_SHEET].sheet_state == "hidden"
    assert meta["period"] == PERIOD and meta["municipality"] == "botkyrka"
    assert meta["commit"] == r.head.commit.hexsha


def _export(runner, root: Path, book: Path, *extra: str) -> None:
    result = runner.invoke(
        app, ["export", "follow-up", PERIOD, "--out", str(book), "-C", str(root), *extra]
    )
    assert result.exit_code == 0, result.output


def _row_of(ws, action: str, programme: str) -> int:
    for r_ in range(FIRST_ROW, ws.max_row + 1):
        if (ws.cell(r_, ID_COL["programme"]).value, ws.cell(r_, ID_COL["action"]).value) == (
            programme,
            action,
        ):
            return r_
    raise AssertionError(f"{programme} {action} not in {ws.title}")


def test_bad_rows_are_refused_one_message_each_and_nothing_is_written(
    runner, bundled, tmp_path: Path
) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "t3.xlsx"
    _export(runner, root, book)
    fill(book, original_entries())  # every row good …
    wb = openpyxl.load_workbook(book)
    ws = wb["Kultur- och fritidsförvaltninge"]
    a4 = _row_of(ws, "A4", "alby-2024-2028")
    ws.cell(a4, FILL_COL["rating"]).value = "Lila"  # … but one outside the list,
    ws2 = wb["Socialförvaltningen"]
    h1 = _row_of(ws2, "A1", "hallunda-norsborg-2024-2028")
    ws2.cell(h1, FILL_COL["status"]).value = None  # one without a status,
    ws2.cell(h1 + 1, 1).value = "Ny rad"  # one row that was never exported,
    ws3 = wb["Utbildningsförvaltningen"]
    f1 = _row_of(ws3, "A1", "fittja-2024-2028")
    ws3.cell(f1, FILL_COL["comment"]).value = '=HYPERLINK("http://x")'  # and a formula
    wb.save(book)
    before = snapshot(root)
    result = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert result.exit_code == 1, result.output
    err = " ".join(result.stderr.split())
    assert (
        f"blad 'Kultur- och fritidsförvaltninge', rad {a4}: 'Lila' är inte en giltig "
        "måluppfyllelse; välj en av: Grön: på väg att nås, Gul: delvis" in err
    )
    assert f"blad 'Socialförvaltningen', rad {h1}: 'Status 2025-T3' är tom" in err
    assert f"blad 'Socialförvaltningen', rad {h1 + 1}: raden exporterades inte" in err
    assert (
        f"blad 'Utbildningsförvaltningen', rad {f1}: 'Kommentar 2025-T3' innehåller en formel"
        in err
    )
    assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_unknown_action_is_refused(runner, bundled, tmp_path: Path) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "t3.xlsx"
    _export(runner, root, book)
    fill(book, original_entries())
    plan = root / "data/programmes/tullinge-2024-2028/plan-2025.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("- id: A3", "- id: A30"), "utf-8")
    before = snapshot(root)
    result = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert result.exit_code == 1
    assert (
        "data/programmes/tullinge-2024-2028/plan-2025.yaml har ingen insats 'A3' "
        "(menade du 'A30'?)" in " ".join(result.stderr.split())
    )
    assert snapshot(root) == before


def test_a_different_existing_entry_needs_force(runner, bundled, tmp_path: Path) -> None:
    r, originals = bundled
    root = Path(r.working_tree_dir)
    rel = "data/programmes/alby-2024-2028/plan-2025.yaml"
    (root / rel).write_bytes(originals[rel])  # Alby's T3 is already reported
    r.git.add(A=True)
    r.index.commit("Alby reported")
    book = tmp_path / "t3.xlsx"
    _export(runner, root, book, "--responsible", "sbf")
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    row = _row_of(ws, "A3", "alby-2024-2028")
    assert ws.cell(row, FILL_COL["status"]).value == "Genomförd"  # shown as reported
    ws.cell(row, FILL_COL["rating"]).value = "Gul"  # a correction, by its short label
    ws.cell(row, FILL_COL["comment"]).value = "Belysningen klar; två armaturer saknas."
    wb.save(book)
    refused = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert refused.exit_code == 1
    assert "A3 har redan en uppföljning för 2025-T3 (done, green, improving" in " ".join(
        refused.stderr.split()
    )
    assert r.git.diff(rel) == ""
    forced = runner.invoke(app, ["import", "follow-up", str(book), "--force", "-C", str(root)])
    assert forced.exit_code == 0, forced.output
    assert (
        "uppföljning 2025-T3: Genomförd, Grön: på väg att nås, Förbättras → "
        "Genomförd, Gul: delvis, Förbättras"
    ) in forced.stdout
    diff = r.git.diff("-U0", rel)
    changed = [
        ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]
    assert sorted(changed) == [
        "+        comment: Belysningen klar; två armaturer saknas.",
        "+        rating: yellow",
        "-        comment: Ny belysning på plats i oktober.",
        "-        rating: green",
    ]


def test_a_foreign_workbook_is_refused(runner, bundled, tmp_path: Path) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "t3.xlsx"
    _export(runner, root, book)
    fill(book, original_entries())
    wb = openpyxl.load_workbook(book)
    meta = wb[META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == "commit":
            row[1].value = "0123456789abcdef0123456789abcdef01234567"
    wb.save(book)
    before = snapshot(root)
    result = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert result.exit_code == 1
    assert "som inte finns i det här planförrådet" in " ".join(result.stderr.split())
    assert snapshot(root) == before
    forced = runner.invoke(app, ["import", "follow-up", str(book), "--force", "-C", str(root)])
    assert forced.exit_code == 0, forced.output

    for row in meta.iter_rows():
        if row[0].value == "municipality":
            row[1].value = "stockholm"
    wb.save(book)
    other = runner.invoke(app, ["import", "follow-up", str(book), "--force", "-C", str(root)])
    assert other.exit_code == 1
    assert "exporterades från ett annat planförråd" in " ".join(other.stderr.split())


def test_not_a_workbook(runner, bundled, tmp_path: Path) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    bogus = tmp_path / "t3.xlsx"
    bogus.write_text("district;name\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "follow-up", str(bogus), "-C", str(root)])
    assert result.exit_code == 1 and "inte en .xlsx-arbetsbok" in result.stderr
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    result = runner.invoke(app, ["import", "follow-up", str(plain), "-C", str(root)])
    assert result.exit_code == 1 and "är inte gjord med 'omrade export follow-up'" in result.stderr


def test_dry_run_writes_nothing(runner, bundled, tmp_path: Path) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "t3.xlsx"
    _export(runner, root, book)
    fill(book, original_entries())
    before = snapshot(root)
    result = runner.invoke(app, ["import", "follow-up", str(book), "--dry-run", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "skulle lägga till 19" in result.stderr and "A5 Demokratiambassadörer" in result.stdout
    assert snapshot(root) == before


def test_export_refuses_a_period_outside_the_cycle(runner, bundled, tmp_path: Path) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    result = runner.invoke(
        app, ["export", "follow-up", "2025-Q2", "--out", str(tmp_path / "x.xlsx"), "-C", str(root)]
    )
    assert result.exit_code == 2
    assert "följer upp per tertial: t.ex. 2025-T1, 2025-T2, 2025-T3" in result.stderr
    english = runner.invoke(
        app,
        [
            *("export", "follow-up", "2025-Q2", "--out", str(tmp_path / "x.xlsx")),
            *("-C", str(root), "--lang", "en"),
        ],
    )
    assert "follows up per tertial: e.g. 2025-T1, 2025-T2, 2025-T3" in english.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unwritable_output_is_a_clear_error(runner, bundled, tmp_path: Path) -> None:
    r, _ = bundled
    root = Path(r.working_tree_dir)
    target = tmp_path / "no-such-folder" / "t3.xlsx"
    result = runner.invoke(
        app, ["export", "follow-up", PERIOD, "--out", str(target), "-C", str(root)]
    )
    assert result.exit_code == 1, result.output
    said = " ".join(result.stderr.split())
    assert f"kan inte skriva {target}: filen eller mappen finns inte; ingenting skrevs" in said
    assert not target.parent.exists()


def test_an_english_municipality_gets_english_labels(runner, tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    root = tmp_path / "en"
    shutil.copytree(FIXTURES / "base", root)
    mun = root / "data/municipality.yaml"
    mun.write_text(mun.read_text(encoding="utf-8") + "locale: en\n", encoding="utf-8")
    book = tmp_path / "t2.xlsx"
    result = runner.invoke(
        app, ["export", "follow-up", "2025-T2", "--out", str(book), "-C", str(root)]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    ws = wb["Utbildningsförvaltningen"]
    assert ws.cell(HEADER_ROW, FILL_COL["rating"]).value == "Rating 2025-T2"
    row = _row_of(ws, "A1", "norr-2024-2027")
    assert ws.cell(row, FILL_COL["status"]).value == "Ongoing"  # already reported
    ws.cell(row, FILL_COL["status"]).value = "Delayed"
    ws.cell(row, FILL_COL["comment"]).value = "Waiting for the employers"
    wb.save(book)
    result = runner.invoke(app, ["import", "follow-up", str(book), "--force", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert (  # the summary follows the municipality's locale too
        "follow-up 2025-T2: Ongoing, Green: on track, Improving → "
        "Delayed, Green: on track, Improving"
    ) in result.stdout
    assert "replaced 1 follow-ups" in result.stderr


def test_the_preview_and_the_diff_agree_that_a_follow_up_needs_no_decision(
    runner, bundled, tmp_path: Path
) -> None:
    """Every bundled plan is adopted: a tertial's follow-ups are reporting on it, so
    neither the import's --dry-run preview nor omrade diff says it needs a decision; the
    same plans with their funding changed still do, in both."""
    r, _ = bundled
    root = Path(r.working_tree_dir)
    book = tmp_path / "uppfoljning-2025-T3.xlsx"
    exported = runner.invoke(app, ["export", "follow-up", PERIOD, "-o", str(book), "-C", str(root)])
    assert exported.exit_code == 0, exported.output
    fill(book, original_entries())
    preview = runner.invoke(app, ["import", "follow-up", str(book), "--dry-run", "-C", str(root)])
    assert preview.exit_code == 0, preview.output
    assert "uppföljning 2025-T3" in preview.stdout
    assert "utan nytt beslut" not in preview.stdout
    done = runner.invoke(app, ["import", "follow-up", str(book), "-C", str(root)])
    assert done.exit_code == 0, done.output
    assert done.stdout == preview.stdout
    diff = runner.invoke(app, ["diff", "main", "-C", str(root), "-f", "md"])
    assert diff.exit_code == 0, diff.output
    assert "uppföljning 2025-T3" in diff.stdout and "Kräver beslut" not in diff.stdout
    # a changed amount in one of them is decided content: the diff says so
    plan = root / "data/programmes/fittja-2024-2028/plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("amount: 70000", "amount: 60000", 1), encoding="utf-8")
    diff = runner.invoke(app, ["diff", "main", "-C", str(root), "-f", "md"])
    assert diff.stdout.count("Kräver beslut") == 1
    assert "> **Kräver beslut:** `data/programmes/fittja-2024-2028/plan-2025.yaml`" in diff.stdout

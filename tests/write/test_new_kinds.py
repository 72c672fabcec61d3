"""`omrade new` for every kind a newcomer would otherwise write by hand: each file
validates once its marked blanks (FYLL I) are filled in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from omrade.repo.repository import load_repository
from omrade.validation import validate
from omrade.write import scaffold
from omrade.write.source import Pin

AS_OF = dt.date(2026, 3, 1)
PIN = Pin("omrade==0", "https://example.org", None)
FILLED_NUMBERS = {
    "population": 12000,
    "value": 40,
    "appropriation": 3000000,
    "per_district": 200000,
}


def fill(path: Path) -> None:
    """What a person does with a new file: every FYLL I blank filled in, the marks gone."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r'"FYLL I: ([^"]*)"', lambda m: '"' + m.group(1).capitalize() + '"', line)
        key = re.match(r"\s*(?:- )?(\w+): 0\s+# FYLL I", line)
        if key:
            number = FILLED_NUMBERS.get(key.group(1), 1000)
            line = line.replace(": 0 ", f": {number} ", 1)
        out.append(re.sub(r"\s+# FYLL I.*$", "", line))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _errors_or_blanks(root: Path, file: Path) -> list[tuple[str, str]]:
    _repo, outcome = validate(root, AS_OF)
    rel = file.relative_to(root).as_posix()
    return [
        (d.code, d.message)
        for d in outcome.diagnostics
        if d.file == rel and (d.severity == "error" or d.code in ("OMR232", "OMR313"))
    ]


def test_a_new_municipality_is_written_kind_by_kind_and_validates(tmp_path: Path) -> None:
    root = tmp_path / "malmo"
    scaffold.init_repository(root, "Malmö stad", PIN)
    fill(root / "data" / "municipality.yaml")
    repo = load_repository(root)
    written = []
    for ident, name in (("rosengard", "Rosengård"), ("hyllie", "Hyllie"), ("fosie", "Fosie")):
        written += scaffold.new_district(load_repository(root), ident, name, AS_OF)
    for ident, need, dimension in (
        ("forvarvsfrekvens", "lower_is_need", "economic"),
        ("barnfattigdom", "higher_is_need", "social"),
    ):
        written.append(
            scaffold.new_indicator(load_repository(root), ident, None, "percent", need, dimension)
        )
    repo = load_repository(root)
    assert sorted(repo.indicators) == ["barnfattigdom", "forvarvsfrekvens"]
    written.append(scaffold.new_programme(repo, "rosengard", 2026, 2029))
    for district in ("rosengard", "hyllie", "fosie"):
        written.append(scaffold.new_analysis(load_repository(root), district, 2026, AS_OF))
    written.append(scaffold.new_budget(load_repository(root), 2026))
    for file in written:
        fill(file)
    repo = load_repository(root)
    written.append(scaffold.new_group(repo, "rosengard", "coordination", "HU1", AS_OF))
    written.append(scaffold.new_group(repo, "rosengard", "area_group", None, AS_OF))
    for file in written[-2:]:
        fill(file)
    for file in written:
        lines = file.read_text(encoding="utf-8").splitlines()
        assert not [x for x in lines if "FYLL I" in x and not x.lstrip().startswith("#")], file
        assert _errors_or_blanks(root, file) == [], file


def test_each_new_file_is_marked_where_a_person_must_fill_in(tmp_path: Path) -> None:
    root = tmp_path / "malmo"
    scaffold.init_repository(root, "Malmö stad", PIN)
    scaffold.new_district(load_repository(root), "hyllie", "Hyllie", AS_OF)
    scaffold.new_indicator(
        load_repository(root), "barnfattigdom", None, "percent", "higher_is_need", "social"
    )
    repo = load_repository(root)
    made = [
        scaffold.new_programme(repo, "hyllie", 2026, 2029),
        scaffold.new_analysis(repo, "hyllie", 2026, AS_OF),
        scaffold.new_budget(repo, 2026),
    ]
    _repo, outcome = validate(root, AS_OF)
    for file in made:
        rel = file.relative_to(root).as_posix()
        codes = {d.code for d in outcome.diagnostics if d.file == rel}
        assert "OMR232" in codes, (rel, codes)  # a draft with blanks says so


def test_an_indicator_is_added_to_a_catalogue_that_has_entries(tmp_path: Path) -> None:
    root = tmp_path / "malmo"
    scaffold.init_repository(root, "Malmö stad", PIN)
    catalogue = root / "data" / "indicators.yaml"
    scaffold.new_indicator(load_repository(root), "a", "A", "percent", "none", "social")
    first = catalogue.read_text(encoding="utf-8")
    scaffold.new_indicator(load_repository(root), "b", "B", "count", "none", "social")
    second = catalogue.read_text(encoding="utf-8")
    assert second.startswith(first)  # every byte before kept
    assert [i for i in load_repository(root).indicators] == ["a", "b"]

"""The server's incremental core (``omrade.lsp.session``): after every step of random
sequences of edits — some in open buffers, some saved to disk, files added and removed —
its diagnostics are exactly those of a fresh, whole validation of the same texts."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from omrade.diagnostics import Diagnostic, speaking
from omrade.lsp.session import Session
from omrade.rules import tracking
from omrade.validation import validate
from tests.conftest import ROOT
from tests.test_incremental_diff import EDITS, _generate

AS_OF = dt.date(2025, 10, 1)


def _yaml_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in (root / "data").rglob("*.yaml")
        if p.is_file()
    }


def _everything(session: Session) -> list[Diagnostic]:
    return sorted(d for found in session.check().by_file.values() for d in found)


def _plan(rng: random.Random, root: Path) -> Path:
    return rng.choice(sorted((root / "data" / "programmes").glob("*/plan-*.yaml")))


def _replace_one(rng: random.Random, path: Path, pattern: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    found = list(re.finditer(pattern, text, re.MULTILINE))
    if not found:
        return "nothing to change"
    at = rng.choice(found)
    path.write_text(text[: at.start(1)] + new + text[at.end(1) :], encoding="utf-8")
    return f"{pattern} → {new} in {path.parent.name}/{path.name}"


def plan_responsible(rng: random.Random, root: Path) -> str:
    new = rng.choice(["utbf", "kof", "sof", "avux", "okand-forvaltning"])
    return _replace_one(rng, _plan(rng, root), r"responsible: (\S+)", new)


def plan_type_out_of_schema(rng: random.Random, root: Path) -> str:
    new = rng.choice(["promoting", "preventive", "forebyggande"])
    return _replace_one(rng, _plan(rng, root), r"^ +type: (\S+)", new)


def plan_main_task(rng: random.Random, root: Path) -> str:
    return _replace_one(rng, _plan(rng, root), r"main_task: (\S+)", rng.choice(["HU1", "HU9"]))


def plan_status(rng: random.Random, root: Path) -> str:
    new = rng.choice(["draft", "adopted"])
    return _replace_one(rng, _plan(rng, root), r"^status: (\S+)", new)


def plan_year(rng: random.Random, root: Path) -> str:
    return _replace_one(rng, _plan(rng, root), r"^year: (\S+)", rng.choice(["2024", "2025"]))


def plan_programme(rng: random.Random, root: Path) -> str:
    programmes = sorted(p.stem for p in (root / "data" / "programmes").glob("*.yaml"))
    return _replace_one(rng, _plan(rng, root), r"^programme: (\S+)", rng.choice(programmes))


def plan_follow_up_repeated(rng: random.Random, root: Path) -> str:
    path = _plan(rng, root)
    text = path.read_text(encoding="utf-8")
    found = re.search(r"(      - period: \S+\n(?:        .*\n)+)", text)
    if not found:
        return "no follow-up"
    copy = found.group(1).replace("period: 2025-T1", "period: 2025-T2")
    path.write_text(text[: found.end(1)] + copy + text[found.end(1) :], encoding="utf-8")
    return f"follow-up repeated in {path.name}"


def plan_area_grant(rng: random.Random, root: Path) -> str:
    # now and then more than any district is allocated (OMR406), else back to little
    new = rng.choice(["900000000", "1000", "0"])
    return _replace_one(rng, _plan(rng, root), r"source: area_grant, amount: (\d+)", new)


PLAN_EDITS = [
    plan_area_grant,
    plan_responsible,
    plan_type_out_of_schema,
    plan_main_task,
    plan_status,
    plan_year,
    plan_programme,
    plan_follow_up_repeated,
]


def differences(root: Path, seed: int, steps: int = 6, edits: list[Any] | None = None) -> list[str]:
    """Random edits (seeded), each shown to the session as an editor would: a changed file
    that is open goes in as its buffer, the rest is found on disk; after each step the
    session's diagnostics and a whole validation's; what differs."""
    rng = random.Random(seed)
    work = root.parent / f"work-{seed}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root, work)
    session = Session(work, AS_OF)
    out = []
    for step in range(steps):
        before = _yaml_files(work)
        done = rng.choice(edits or EDITS)(rng, work)
        after = _yaml_files(work)
        for file, text in after.items():
            if before.get(file) != text and rng.random() < 0.5:
                session.change(file, text)  # typed, not saved (the disk says the same)
        for file in list(session.overlays):
            if file not in after or rng.random() < 0.2:
                session.close(file)
            else:
                session.change(file, after[file])
        session.rescan()
        with speaking(session.lang):  # the municipality's locale
            _repo, expected = validate(work, AS_OF, per_run=100_000)
        if _everything(session) != sorted(expected.diagnostics):
            out.append(f"seed {seed}, step {step} ({done}) differs")
    return out


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bundled") / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "plans"
    _generate(root, 4)
    return root


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_sequences_of_random_edits_give_what_a_whole_validation_gives(
    which: str, request: pytest.FixtureRequest
) -> None:
    root = request.getfixturevalue(which)
    found = [d for seed in range(8) for d in differences(root, seed)]
    assert found == []


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_sequences_of_plan_edits_give_what_a_whole_validation_gives(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Edits of plans alone: the rules partitioned by programme run on the changed plans'
    programmes only (omrade.diff.partition)."""
    root = request.getfixturevalue(which)
    found = [d for seed in range(8) for d in differences(root, 100 + seed, 8, PLAN_EDITS)]
    assert found == []


def test_the_plan_edits_catch_a_partition_that_keeps_too_much(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OMR506 finds a group's problem from the plans of the programme whose main task the
    group carries: with the groups left out of the partition's files (so the base's
    findings in them are kept), the plan edits find the difference — so the test above
    can fail."""
    from omrade.diff import partition as module

    def programmes_only(repo: Any, programmes: set[str]) -> set[str]:
        return {d.file for k, d in repo.programmes.items() if k in programmes}

    monkeypatch.setattr(module, "partition_files", programmes_only)
    found = [d for seed in range(8) for d in differences(bundled, 100 + seed, 8, PLAN_EDITS)]
    assert found


def test_the_comparison_catches_a_session_whose_tracker_misses_reads(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the reads not recorded, the same sequences find a difference: the test above
    would fail if the carry-over kept what an edit changed."""
    monkeypatch.setattr(tracking, "RECORD", False)
    found: list[str] = []
    for seed in range(8):
        found = differences(bundled, seed)
        if found:
            break
    assert found


def test_an_unchanged_file_is_neither_parsed_nor_validated_again(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omrade.lsp import session as module

    work = bundled.parent / "once"
    shutil.copytree(bundled, work)
    session = Session(work, AS_OF)
    session.check()
    made: list[str] = []
    make_document = module.make_document

    def counting(loaded):  # type: ignore[no-untyped-def]
        made.append(loaded.file)
        return make_document(loaded)

    monkeypatch.setattr(module, "make_document", counting)
    plan = "data/programmes/alby-2024-2028/plan-2025.yaml"
    text = session.text(plan)
    assert text is not None
    session.change(plan, text)  # opened: the same text as on disk
    session.change(plan, text.replace("responsible: avux", "responsible: sof", 1))
    session.rescan()
    session.check()
    assert made == [plan]
    previous = session.repo
    session.check()
    assert session.repo is previous  # nothing changed: nothing built again


def test_the_session_speaks_the_municipalitys_language_and_follows_a_change_of_it(
    bundled: Path,
) -> None:
    work = bundled.parent / "lang"
    shutil.copytree(bundled, work)
    session = Session(work, AS_OF)
    plan = "data/programmes/alby-2024-2028/plan-2025.yaml"
    text = session.text(plan)
    assert text is not None
    session.change(plan, text.replace("responsible: avux", "responsible: avuxx", 1))
    (found,) = session.check().by_file[plan]
    assert found.message == "okänd organisation 'avuxx'"
    municipality = session.text("data/municipality.yaml")
    assert municipality is not None and "locale: sv" in municipality
    session.change("data/municipality.yaml", municipality.replace("locale: sv", "locale: en"))
    outcome = session.check()
    (found,) = outcome.by_file[plan]
    assert found.message == "unknown organisation 'avuxx'"
    assert plan in outcome.changed

"""``replaced``: a repository with one document laid in place of its old one (what the
language server does on an edit that keeps a document's kind, key and place) is the
repository ``build_repository`` makes of the same files — or None, and the caller builds
it again."""

from __future__ import annotations

import re
from typing import Any

import pytest

from omrade.load.reader import parse_bytes
from omrade.repo.repository import (
    Repository,
    build_repository,
    make_document,
    replaced,
)
from tests.conftest import ROOT

INDEXES = ("districts", "analyses", "programmes", "plans", "groups", "budgets", "dialogues")


def _files() -> dict[str, bytes]:
    return {
        p.relative_to(ROOT).as_posix(): p.read_bytes()
        for p in sorted((ROOT / "data").rglob("*.yaml"))
        if p.is_file()
    }


def _build(files: dict[str, bytes]) -> Repository:
    return build_repository(
        ROOT, (make_document(parse_bytes(data, file)) for file, data in files.items())
    )


def _shape(repo: Repository) -> dict[str, Any]:
    """Everything of a repository a rule can see, as plain values."""
    return {
        "docs": [(d.file, d.kind, d.loaded.data, d.model) for d in repo.docs],
        "diagnostics": sorted(repo.diagnostics),
        "broken": {k: sorted(v) for k, v in repo.broken.items() if v},
        **{
            name: {
                key: (doc.file, doc.loaded.data, doc.model)
                for key, doc in getattr(repo, name).items()
            }
            for name in INDEXES
        },
        "names": {kind: dict(repo.names(kind)) for kind in ("programme", "district", "group")},
    }


@pytest.fixture(scope="module")
def base() -> tuple[dict[str, bytes], Repository]:
    files = _files()
    return files, _build(files)


PLAN = "data/programmes/alby-2024-2028/plan-2025.yaml"

# edits that keep the plan's kind, key (programme, year) and place
KEEPING = {
    "responsible": (r"responsible: \S+", "responsible: ingen-sadan-forvaltning"),
    "status": (r"^status: \S+", "status: draft"),
    "a main task that does not exist": (r"main_task: \S+", "main_task: HU9"),
}

# edits after which the repository must be built again
CHANGING = {
    "the year": (r"(?m)^year: \S+", "year: 2031"),
    "the programme": (r"(?m)^programme: \S+", "programme: fittja-2024-2028"),
    "unreadable": (r"(?m)^status: \S+", "status: [oavslutad"),
    "out of the schema": (r"(?m)^( +)type: \S+", r"\1type: forebyggande"),
}


def _edit(text: str, pattern: str, new: str) -> str:
    changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    return changed


@pytest.mark.parametrize("edit", sorted(KEEPING))
def test_an_edit_that_keeps_kind_key_and_place_gives_the_repository_a_build_gives(
    base: tuple[dict[str, bytes], Repository], edit: str
) -> None:
    files, repo = base
    assert PLAN in files
    text = _edit(files[PLAN].decode(), *KEEPING[edit]).encode()
    made = make_document(parse_bytes(text, PLAN))

    laid = replaced(repo, made)

    assert laid is not None, f"{edit}: not laid in place"
    assert _shape(laid) == _shape(_build({**files, PLAN: text}))
    # the repository it was laid into is left as it was
    assert _shape(repo) == _shape(_build(files))


@pytest.mark.parametrize("edit", sorted(CHANGING))
def test_an_edit_that_changes_key_or_breaks_the_document_is_built_again(
    base: tuple[dict[str, bytes], Repository], edit: str
) -> None:
    files, repo = base
    text = _edit(files[PLAN].decode(), *CHANGING[edit]).encode()
    assert replaced(repo, make_document(parse_bytes(text, PLAN))) is None


def test_a_document_whose_key_a_duplicate_holds_is_built_again(
    base: tuple[dict[str, bytes], Repository],
) -> None:
    files, _repo = base
    # a copy of the plan elsewhere takes the same key: which one holds it depends on order
    copy = "data/programmes/alby-2024-2028/plan-2025-kopia.yaml"
    with_copy = {**files, copy: files[PLAN]}
    repo = _build(with_copy)
    holder = repo.plans[next(k for k, d in repo.plans.items() if d.file in (PLAN, copy))].file
    other = copy if holder == PLAN else PLAN
    text = _edit(files[PLAN].decode(), *KEEPING["status"]).encode()
    assert replaced(repo, make_document(parse_bytes(text, other))) is None

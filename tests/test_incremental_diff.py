"""`omrade diff` re-reads and re-checks only what a change touches (issue 14, item 4):
on random edits of the bundled data and of a generated repository, in a real git
repository, the incremental comparison gives exactly what building and checking both
revisions whole gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import git
import pytest
import yaml

from omrade.diagnostics import RULES
from omrade.diff import compare
from omrade.repo import git as gitview
from omrade.rules import tracking
from tests.conftest import ROOT

AS_OF = dt.date(2025, 10, 1)


def _generate(root: Path, districts: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, districts)


def _committed(root: Path) -> git.Repo:
    r = git.Repo.init(root, initial_branch="main")
    with r.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.org")
    r.git.add(A=True)
    r.index.commit("base")
    return r


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> git.Repo:
    root = tmp_path_factory.mktemp("bundled") / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    return _committed(root)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> git.Repo:
    root = tmp_path_factory.mktemp("generated") / "plans"
    _generate(root, 4)
    _spend_just_below_the_share(root, "d00001")
    return _committed(root)


def _spend_just_below_the_share(root: Path, district: str) -> None:
    """A plan that spends 1 kr less area_grant than its district is allocated, so that a
    change of the allocation alone (a district's population, the budget) decides OMR406."""
    from omrade.repo.repository import load_repository
    from omrade.run import allocation_of

    share = allocation_of(load_repository(root), 2025).by_district()[district].total
    plan = root / "data" / "programmes" / f"{district}-2024-2027" / "plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    spent = text.count("source: area_grant, amount: 1000}")
    assert spent and share > spent * 1000
    text = text.replace(
        "source: area_grant, amount: 1000}",
        f"source: area_grant, amount: {share - (spent - 1) * 1000 - 1}}}",
        1,
    )
    plan.write_text(text, encoding="utf-8")


# --- random edits ----------------------------------------------------------------------------


def _files(root: Path, pattern: str = "**/*.yaml") -> list[Path]:
    return sorted(p for p in (root / "data").glob(pattern) if p.is_file())


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def change_a_value(rng: random.Random, root: Path) -> str:
    path = rng.choice(_files(root))
    text = path.read_text(encoding="utf-8")
    numbers = list(re.finditer(r"(?<![\w.-])\d{1,7}(?![\w.-])", text))
    if not numbers:
        return "no number"
    found = rng.choice(numbers)
    new = str(int(found.group()) + rng.choice([1, 7, 1000]))
    path.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")
    return f"value in {path.name}"


def _plans(root: Path) -> list[Path]:
    return _files(root, "programmes/*/plan-*.yaml")


def add_or_remove_an_action(rng: random.Random, root: Path) -> str:
    plans = _plans(root)
    if not plans:
        return "no plan"
    path = rng.choice(plans)
    data = _load(path)
    actions = data.get("actions") or []
    if actions and rng.random() < 0.5:
        actions.pop(rng.randrange(len(actions)))
        what = "removed"
    else:
        new = dict(rng.choice(actions)) if actions else {}
        new["id"] = f"N{rng.randrange(100)}"
        new["title"] = "Ny insats"
        new.pop("follow_up", None)
        actions.append(new)
        what = "added"
    data["actions"] = actions
    _dump(path, data)
    return f"action {what} in {path.name}"


def rename_an_id(rng: random.Random, root: Path) -> str:
    path = rng.choice(
        _files(root, "districts/*.yaml")
        + _files(root, "groups/*.yaml")
        + _files(root, "programmes/*.yaml")
    )
    data = _load(path)
    if "id" not in data:
        return "no id"
    data["id"] = f"{data['id']}-x"
    _dump(path, data)
    return f"id renamed in {path.name}"


def remove_or_add_a_file(rng: random.Random, root: Path) -> str:
    path = rng.choice(_files(root))
    if rng.random() < 0.5:
        path.unlink()
        return f"removed {path.name}"
    copy = path.with_name(f"kopia-{path.name}")
    shutil.copy(path, copy)  # a duplicate id, or a file in the wrong place
    return f"copied {path.name}"


def break_the_yaml(rng: random.Random, root: Path) -> str:
    path = rng.choice(_files(root))
    with path.open("a", encoding="utf-8") as f:
        f.write(rng.choice(["\n  - : [unclosed\n", "\nkind: [\n", "\n\tbad: tab\n"]))
    return f"broke {path.name}"


def change_a_district(rng: random.Random, root: Path) -> str:
    path = rng.choice(_files(root, "districts/*.yaml"))
    data = _load(path)
    if isinstance(data.get("population"), dict):
        data["population"]["value"] = rng.randrange(100, 90000)
    data["name"] = f"{data.get('name')} ny"
    _dump(path, data)
    return f"district {path.name}"


def change_the_budget(rng: random.Random, root: Path) -> str:
    budgets = _files(root, "budget/*.yaml")
    if not budgets:
        return "no budget"
    path = rng.choice(budgets)
    data = _load(path)
    key = rng.choice(["appropriation", "status", "districts"])
    if key == "appropriation":
        data["appropriation"] = rng.randrange(1, 50) * 100000
    elif key == "status":
        data["status"] = "draft"
    elif isinstance(data.get("districts"), list) and data["districts"]:
        data["districts"] = data["districts"][1:]
    _dump(path, data)
    return f"budget {key}"


def change_the_rules(rng: random.Random, root: Path) -> str:
    path = root / "data" / "municipality.yaml"
    data = _load(path)
    code = rng.choice(sorted(RULES))
    data.setdefault("rules", {})[code] = rng.choice(["off", "warning", "error", "info"])
    _dump(path, data)
    return f"rules: {code}"


def hide_a_member(rng: random.Random, root: Path) -> str:
    path = rng.choice(_files(root, "groups/*.yaml"))
    data = _load(path)
    members = data.get("members") or []
    if not members:
        return "no member"
    rng.choice(members)["public"] = False
    _dump(path, data)
    return f"member hidden in {path.name}"


def spend_more(rng: random.Random, root: Path) -> str:
    plans = _plans(root)
    if not plans:
        return "no plan"
    path = rng.choice(plans)
    text = path.read_text(encoding="utf-8")
    found = re.search(r"source: area_grant, amount: (\d+)", text)
    if not found:
        return "no area_grant"
    more = int(found.group(1)) + rng.choice([1, 50000, 5000000])
    path.write_text(text[: found.start(1)] + str(more) + text[found.end(1) :], encoding="utf-8")
    return f"area_grant up in {path.name}"


EDITS: list[Callable[[random.Random, Path], str]] = [
    change_a_value,
    add_or_remove_an_action,
    rename_an_id,
    remove_or_add_a_file,
    break_the_yaml,
    change_a_district,
    change_the_budget,
    change_the_rules,
    hide_a_member,
    spend_more,
]


def _reset(r: git.Repo) -> None:
    r.git.checkout("-fq", "main")
    r.git.clean("-fdxq")


def _as_dict(result: Any) -> dict[str, Any]:
    return dataclasses.asdict(result)


def _edited(
    r: git.Repo, rng: random.Random, edits: Any, *, commit: bool
) -> tuple[list[str], str | None]:
    """One to three random edits in the working tree, committed on a branch 'edits' when
    ``commit``: what was done, and the head to compare (None: the working tree)."""
    root = Path(r.working_tree_dir or ".")
    done = [rng.choice(edits)(rng, root) for _ in range(rng.randint(1, 3))]
    if not commit:
        return done, None
    r.git.checkout("-qB", "edits")
    r.git.add(A=True)
    r.index.commit("edits")
    return done, "edits"


def differences(
    r: git.Repo, seed: int, edits: list[Callable[[random.Random, Path], str]] | None = None
) -> list[str]:
    """Random edits (seeded), then the incremental and the whole comparison; what differs.
    Odd seeds commit the edits and compare two commits, even ones the working tree."""
    rng = random.Random(seed)
    root = Path(r.working_tree_dir or ".")
    _reset(r)
    done, head = _edited(r, rng, edits or EDITS, commit=bool(seed % 2))
    public = seed % 3 == 0
    view = gitview.open_git(root)
    fast = _as_dict(compare(view, "main", head, AS_OF, public))
    whole = _as_dict(compare(view, "main", head, AS_OF, public, incremental=False))
    return [
        f"seed {seed} ({'; '.join(done)}): {key} differs"
        for key in whole
        if fast[key] != whole[key]
    ]


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_random_edits_give_what_a_whole_comparison_gives(which: str, request) -> None:
    r = request.getfixturevalue(which)
    found = [d for seed in range(24) for d in differences(r, seed)]
    assert found == []


def _plan_edits() -> list[Callable[[random.Random, Path], str]]:
    from tests.lsp.test_session import PLAN_EDITS  # (that module imports this one)

    return PLAN_EDITS


def test_plan_edits_give_what_a_whole_comparison_gives(bundled) -> None:
    """Edits of plans alone: the rules partitioned by programme run on the changed
    plans' districts only (omrade.diff.partition)."""
    found = [d for seed in range(16) for d in differences(bundled, seed, _plan_edits())]
    assert found == []


def test_the_plan_edits_catch_a_partition_that_keeps_too_much(bundled, monkeypatch) -> None:
    """With the coordination groups left out of the partition (their base findings
    kept), the plan edits find the difference: the test above can fail."""
    from omrade.diff import partition

    def programmes_only(repo: Any, programmes: set[str]) -> set[str]:
        return {d.file for k, d in repo.programmes.items() if k in programmes}

    monkeypatch.setattr(partition, "partition_files", programmes_only)
    found = [d for seed in range(16) for d in differences(bundled, seed, _plan_edits())]
    assert found


@pytest.mark.parametrize("blind", ["nothing recorded", "the plans not recorded"])
def test_the_comparison_catches_a_tracker_that_misses_reads(bundled, monkeypatch, blind) -> None:
    """The random edits find it when a rule's reads are not recorded (so the test above
    would fail if the tracking were wrong)."""
    if blind == "nothing recorded":
        monkeypatch.setattr(tracking, "RECORD", False)
    else:
        monkeypatch.setitem(tracking.ATTRIBUTES, "plans", frozenset())
    found: list[str] = []
    for seed in range(24):
        found = differences(bundled, seed)
        if found:
            break
    # a stale finding at the same place shows as one whose details changed (reworded)
    assert any(word in d for d in found for word in ("introduced", "fixed", "reworded")), found


# --- what the incremental comparison reads and re-checks ------------------------------------


PLAN = "data/programmes/d00001-2024-2027/plan-2025.yaml"
GROUP = "data/groups/d00001-natverk.yaml"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def small(tmp_path: Path) -> git.Repo:
    root = tmp_path / "plans"
    _generate(root, 3)
    return _committed(root)


def test_each_blob_is_read_once_and_an_unchanged_document_is_not_validated_again(
    small, monkeypatch
) -> None:
    from omrade.repo import repository

    root = Path(small.working_tree_dir or ".")
    requested: list[list[str]] = []
    made: list[str] = []
    read_blobs, make_document = gitview.read_blobs, repository.make_document

    def counting_read(view: Any, oids: list[str]) -> dict[str, bytes]:
        requested.append(list(oids))
        return read_blobs(view, oids)

    def counting_make(loaded: Any) -> Any:
        made.append(loaded.file)
        return make_document(loaded)

    monkeypatch.setattr(gitview, "read_blobs", counting_read)
    monkeypatch.setattr(repository, "make_document", counting_make)
    monkeypatch.setattr(gitview, "make_document", counting_make)  # (the head's, laid)
    files = sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*.yaml"))

    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    view = gitview.open_git(root)
    before, after = gitview.both_revisions(view, gitview.resolve(view, "main"), None, {PLAN: "M"})
    # the base's blobs in one batch; the working tree's one changed file from disk
    assert len(requested) == 1 and len(requested[0]) == len(set(requested[0])) == len(files)
    assert sorted(made) == sorted([*files, PLAN])
    assert all(after.made[f] is before.made[f] for f in files if f != PLAN)
    assert after.made[PLAN].doc.model.actions[0].responsible == "sof"

    # commit to commit: the head's changed blob is the only one read for it
    small.git.checkout("-qB", "edits")
    small.git.add(A=True)
    small.index.commit("edit")
    requested.clear()
    made.clear()
    before, after = gitview.both_revisions(
        view, gitview.resolve(view, "main"), gitview.resolve(view, "edits"), {PLAN: "M"}
    )
    assert [len(r) for r in requested] == [len(files), 1]
    assert sorted(made) == sorted([*files, PLAN])


def _runs(r: git.Repo) -> tuple[Any, Any]:
    from omrade.diff import carry_over
    from omrade.repo.git import both_revisions, changed_paths, open_git, resolve
    from omrade.run import Run

    view = open_git(Path(r.working_tree_dir or "."))
    base = resolve(view, "main")
    before_repo, after_repo = both_revisions(view, base, None, changed_paths(view, base, None))
    before, after = Run(before_repo, AS_OF, track=True), Run(after_repo, AS_OF)
    carry_over(before, after)
    after.checks()
    return before, after


def test_a_rule_that_read_nothing_that_changed_keeps_its_findings(small) -> None:
    root = Path(small.working_tree_dir or ".")
    _edit(root, GROUP, "name:", "name: Nytt namn\nx_name:")  # the group fails its schema
    before, after = _runs(small)
    assert before.reads["OMR312"] == {"plan"}  # stale follow-up: reads the plans only
    assert after.per_rule["OMR312"] is before.per_rule["OMR312"]
    assert "group" in before.reads["OMR507"]
    assert after.per_rule["OMR507"] is not before.per_rule["OMR507"]


def test_the_allocation_is_computed_again_only_when_its_inputs_change(small) -> None:
    root = Path(small.working_tree_dir or ".")
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    before, after = _runs(small)
    assert after.outcome(2025) is before.outcome(2025)
    assert after.budget_checks is before.budget_checks

    _reset(small)
    _edit(root, "data/districts/d00001.yaml", "value: ", "value: 1")
    before, after = _runs(small)
    assert after.outcome(2025) is not before.outcome(2025)
    assert after.allocation(2025).by_district() != before.allocation(2025).by_district()

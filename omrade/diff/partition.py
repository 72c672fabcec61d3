"""What a change of plans alone can decide: the rules whose findings are partitioned by
programme run on the changed plans' districts alone (``omrade.diff.carry_over`` asks,
for ``omrade diff`` and the language server alike).

A plan's findings depend on that plan, the other plans of its programme and documents
of other kinds; so the rules of BY_PROGRAMME, given the repository restricted to the
changed plans' districts (every programme of them, their plans and the coordination
groups carrying their main tasks), find there what a whole run finds there, and the base
keeps its findings everywhere else. The random edit sequences in
tests/lsp/test_session.py and tests/test_incremental_diff.py compare the outcome with a
whole run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from omrade.repo import memo
from omrade.repo.queries import Queries
from omrade.repo.repository import Repository, index_key, positions
from omrade.rules import CHECKS, tracking
from omrade.rules.tracking import KIND_OF_INDEX
from omrade.run import Run


def keeps(
    reads: frozenset[str] | None, kinds: set[str], *, inputs_kept: bool, allocation_kept: bool
) -> bool:
    """Whether a rule that read ``reads`` at the base finds the same at the head (apart
    from the changed documents, for a rule that reads each document alone: DOCS)."""
    if reads is None or tracking.EVERYTHING in reads or "municipality" in kinds:
        return False
    if tracking.INPUTS in reads and not inputs_kept:
        return False
    if tracking.ALLOCATION in reads and not allocation_kept:
        return False
    return not reads & kinds


# Rules whose findings, when only plans change, are partitioned by programme: a finding
# in a plan depends on that plan, the other plans of its programme and documents of other
# kinds; a finding in a programme on its own plans and other kinds; a finding in a
# coordination group on the plans of the programme whose main task it carries; a finding
# anywhere else on no plan at all. (Read from each rule's code: the reference, date,
# follow-up, decision and content checks look at one plan at a time; OMR319 compares a
# plan with its programme's earlier plans; OMR316 a programme with its plans; OMR506 a
# group with the actions under its main task; OMR409 a plan's area grant with the
# budgets. Not the rules that look across programmes.) The random edit sequences in
# tests/lsp/test_session.py compare the outcome with a whole run.
BY_PROGRAMME = frozenset(
    {
        "OMR202", "OMR203", "OMR204", "OMR205", "OMR207", "OMR208", "OMR209", "OMR211",
        "OMR212", "OMR220", "OMR221", "OMR301", "OMR302", "OMR303", "OMR307", "OMR308",
        "OMR309", "OMR310", "OMR312", "OMR316", "OMR318", "OMR319", "OMR320", "OMR409",
        "OMR506", "OMR507", "OMR609",
    }
)  # fmt: skip

# Rules after the allocation partitioned the same way, when the allocation is kept: OMR406
# adds up the area grant of a district's plans (every programme of the district is in the
# partition) against the district's allocation.
AFTER_ALLOCATION_BY_DISTRICT = frozenset({"OMR406"})


class _Part(Mapping[Any, Any]):
    """An index of the repository as a partition sees it: iterating it gives the
    partition's documents (in the index's order); looking up an id, its size and whether
    it is empty answer for the whole index."""

    __slots__ = ("_all", "_keys")

    def __init__(self, index: dict[Any, Any], keys: list[Any]) -> None:
        self._all = index
        self._keys = keys

    def __getitem__(self, key: Any) -> Any:
        return self._all[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self._all.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._all

    def __iter__(self) -> Iterator[Any]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._all)


class _Partition:
    """The repository as the rules of BY_PROGRAMME see it when only plans changed: every
    index iterates the documents of the partition's files alone, the documents too; the
    lookups by id, ``exists``, ``is_broken`` and ``names`` answer for the whole
    repository; the domain questions (``queries``) are asked of the partition, which holds
    every programme and plan of its districts."""

    def __init__(self, repo: Repository, files: set[str]) -> None:
        self._repo = repo
        if any(d.code == "OMR209" for d in repo.diagnostics):
            # a duplicate id: an index's order need not be its documents' (the copy in
            # its place took the key of the first one read), so ask each index
            for name in KIND_OF_INDEX:
                index = getattr(repo, name)
                keys = [k for k, d in index.items() if d.file in files]
                setattr(self, name, _Part(index, keys))
            self.docs = [d for d in repo.docs if d.file in files]
        else:
            # the partition's documents in the repository's order, each under its key
            # where it holds it
            at = positions(repo)
            found = (repo.made[f].doc for f in files if f in repo.made)
            self.docs = sorted(found, key=lambda d: at[d.file])
            for name, kind in KIND_OF_INDEX.items():
                index = getattr(repo, name)
                keys = [
                    key
                    for d in self.docs
                    if d.kind == kind
                    and d.model is not None
                    and index.get(key := index_key(d)) is d
                ]
                setattr(self, name, _Part(index, keys))
        self.queries = Queries(self)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repo, name)


def programmes_of_districts(repo: Repository, programmes: set[str]) -> set[str]:
    """``programmes`` and every other programme of their districts."""
    of, district_of = _districts(repo)
    out = set(programmes)
    for programme in programmes:
        district = district_of.get(programme)
        if district is not None:
            out |= of[district]
    return out


def _districts(repo: Repository) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The schema-valid programmes by district, and each one's district (kept while the
    programmes' index is the same object: a repository laid from another shares it)."""
    found = memo.kept("districts", repo.programmes)
    if found is not None:
        return found  # type: ignore[no-any-return]
    of: dict[str, set[str]] = {}
    district_of: dict[str, str] = {}
    for key, doc in repo.programmes.items():
        if doc.model is not None:
            of.setdefault(doc.model.district, set()).add(key)
            district_of[key] = doc.model.district
    memo.keep("districts", repo.programmes, (of, district_of))
    return of, district_of


def prepare(repo: Repository) -> None:
    """Work out now what a partition asks of every document of ``repo`` (kept per index
    in ``omrade.repo.memo``): a diff's kept base carries it, so its documents need not be
    unpickled for it."""
    _districts(repo)
    _carriers(repo)
    _plan_files(repo)


def partition_files(repo: Repository, programmes: set[str]) -> set[str]:
    """The files whose findings, by the rules of BY_PROGRAMME, the plans of
    ``programmes`` decide: those plans, the programmes and the coordination groups
    carrying their main tasks."""
    plans = _plan_files(repo)
    carriers = _carriers(repo)
    out: set[str] = set()
    for programme in programmes:
        out |= plans.get(programme, set())
        doc = repo.programmes.get(programme)
        if doc is not None:
            out.add(doc.file)
        out |= carriers.get(programme, set())
    return out


def _plan_files(repo: Repository) -> dict[str, set[str]]:
    """Programme → the files of its plans in the index (kept for the repository's layout:
    a repository laid from another keeps every key in its file)."""
    found: dict[str, set[str]] | None = memo.kept("plan files", repo.layout)
    if found is not None:
        return found
    found = {}
    for (programme, _year), doc in repo.plans.items():
        found.setdefault(programme, set()).add(doc.file)
    memo.keep("plan files", repo.layout, found)
    return found


def _carriers(repo: Repository) -> dict[str, set[str]]:
    """Programme → the files of the coordination groups carrying its main tasks (kept
    while the groups' index is the same object: a patched repository shares it)."""
    found: dict[str, set[str]] | None = memo.kept("carriers", repo.groups)
    if found is not None:
        return found
    found = {}
    for doc, group in repo.valid(repo.groups):
        if group.main_task is not None:
            found.setdefault(group.main_task.programme, set()).add(doc.file)
    memo.keep("carriers", repo.groups, found)
    return found


def plan_partition(
    before: Run, after: Run, files: set[str], kinds: set[str]
) -> tuple[set[str], _Partition] | None:
    """When only plans changed (and each stays a plan of a programme): the files whose
    findings the changed plans can decide — every plan, programme and carrying group of
    the changed plans' districts — and the head's repository restricted to them. None
    when the change is not one of those (the rules run on the whole repository)."""
    if not files or kinds != {"plan"} or before.repo.broken != after.repo.broken:
        return None  # (a plan failing its schema quiets OMR316 everywhere)
    programmes: set[str] = set()
    for repo in (before.repo, after.repo):
        for file in files:
            made = repo.made.get(file)
            if made is None or made.doc.kind != "plan":
                return None  # a file that is not a plan, or not read as one
            data = made.doc.loaded.data
            programme = data.get("programme") if isinstance(data, dict) else None
            if not isinstance(programme, str):
                return None
            programmes.add(programme)
    # every other plan holds its place in the index (no duplicate changed hands): so it
    # is when the head was laid from the base (the same layout)
    if before.repo.layout is not after.repo.layout:
        kept_b = {id(d) for d in before.repo.plans.values() if d.file not in files}
        kept_a = {id(d) for d in after.repo.plans.values() if d.file not in files}
        if kept_b != kept_a:
            return None
    programmes = programmes_of_districts(after.repo, programmes)
    programmes = programmes_of_districts(before.repo, programmes)
    affected = set(files)
    for repo in (before.repo, after.repo):
        affected |= partition_files(repo, programmes)
    return affected, _Partition(after.repo, affected)


def by_programme(
    before: Run,
    after: Run,
    partition: tuple[set[str], _Partition],
    codes: frozenset[str],
    *,
    allocation_kept: bool,
) -> None:
    """Rules of ``codes`` run on the partition alone (``plan_partition``): the head keeps
    the base's findings in every other file."""
    affected, view = partition
    context = replace(after.context, repo=view, cache={})  # type: ignore[arg-type]
    for code in sorted(codes):
        reads = before.reads.get(code)
        if reads is None or code not in before.per_rule or code in after.per_rule:
            continue
        if not keeps(reads - {"plan"}, set(), inputs_kept=True, allocation_kept=allocation_kept):
            continue
        kept = [d for d in before.per_rule[code] if d.file not in affected]
        found = [d for d in CHECKS[code](context) if d.file in affected]
        after.per_rule[code] = kept + found

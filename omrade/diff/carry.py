"""What the head's run keeps from the base's: findings of rules that read nothing that
changed, and the allocation when its inputs are the same (``compare(incremental=True)``)."""

from __future__ import annotations

from omrade.diagnostics import Diagnostic
from omrade.diff.partition import (
    AFTER_ALLOCATION_BY_DISTRICT,
    BY_PROGRAMME,
    by_programme,
    keeps,
    plan_partition,
)
from omrade.model import documents as m
from omrade.repo.repository import Doc, Repository
from omrade.rules import CHECKS, phase, tracking
from omrade.run import Run

ALLOCATION_KINDS = {"budget", "district", "analysis", "indicators", "municipality"}


def changed_documents(before: Repository, after: Repository) -> tuple[set[str], set[str]]:
    """The files whose document is not the same object at both revisions (changed, added,
    removed, or read again), and the kinds whose documents or indexes differ: such a
    document's kind at either revision, an index whose keys, order or documents differ,
    and a kind whose documents failing the schema differ."""
    files: set[str] = set()
    kinds: set[str] = set()
    for file in before.made.keys() | after.made.keys():
        b, a = before.made.get(file), after.made.get(file)
        if b is not a:
            files.add(file)
            kinds.update(made.doc.kind for made in (b, a) if made is not None)
    for name, kind in tracking.KIND_OF_INDEX.items():
        ib, ia = getattr(before, name), getattr(after, name)
        if len(ib) != len(ia) or any(
            kb != ka or db is not da
            for (kb, db), (ka, da) in zip(ib.items(), ia.items(), strict=True)
        ):
            kinds.add(kind)
    if before.municipality_doc is not after.municipality_doc:
        kinds.add("municipality")
    if before.indicators_doc is not after.indicators_doc:
        kinds.add("indicators")
    for kind in before.broken.keys() | after.broken.keys():
        if before.broken.get(kind) != after.broken.get(kind):
            kinds.add(kind)
    return files, kinds


def carry(
    before: Run,
    after: Run,
    code: str,
    files: set[str],
    kinds: set[str],
    *,
    inputs_kept: bool,
    allocation_kept: bool = False,
    docs: list[Doc] | None = None,
) -> None:
    """The head's findings of rule ``code`` from the base's, where it read nothing that
    changed; a rule that reads each document alone runs again on the changed ones."""
    reads = before.reads.get(code)
    if not keeps(reads, kinds, inputs_kept=inputs_kept, allocation_kept=allocation_kept):
        return
    assert reads is not None
    if tracking.DOCS not in reads:
        after.per_rule[code] = before.per_rule[code]
        return
    kept = [d for d in before.per_rule[code] if d.file not in files]
    if docs is None:
        docs = [doc for doc in after.repo.docs if doc.file in files]
    after.per_rule[code] = kept + list(CHECKS[code](tracking.on_documents(after.context, docs)))


def _same_findings_in(before: Run, after: Run, files: frozenset[str]) -> bool:
    """Whether the reading and the rules before the allocation found the same in ``files``
    at the head as at the base (so the errors that can block an allocation are the same:
    the severities are configured in the municipality, and a change of it keeps no
    allocation). A rule whose findings were carried over is the same list."""

    def within(found: list[Diagnostic]) -> list[Diagnostic]:
        return sorted(d for d in found if d.file in files)

    if within(before.repo.diagnostics) != within(after.repo.diagnostics):
        return False
    for code in phase(after_allocation=False):
        found_b, found_a = before.per_rule.get(code), after.per_rule.get(code)
        if found_a is found_b:
            continue
        if found_a is None or found_b is None or within(found_a) != within(found_b):
            return False
    return True


def carry_over(before: Run, after: Run, changes: tuple[set[str], set[str]] | None = None) -> bool:
    """Give the head's run what it shares with the base's (tracked) run: the findings of
    every rule that read nothing that changed, the budget rules' verdicts and the
    allocation of every year when their inputs (and the errors in them) are the same.
    The head computes only the rest. True when it kept the allocation of every year.
    ``changes``: the changed files and kinds (``changed_documents``), when known."""
    files, kinds = changes or changed_documents(before.repo, after.repo)
    plans_only = kinds == {"plan"} and all(f.startswith("data/programmes/") for f in files)
    if plans_only and before._years is not None:
        # the budget years and the allocation's input files: budgets, districts, analyses,
        # the catalogues and unusable files among them, never a plan (allocation.compute)
        after._years, after._inputs = before._years, dict(before._inputs)
    config = "municipality" in kinds  # its rules: decide which findings are errors
    unknown = any(
        made.doc.kind not in m.KINDS
        for repo in (before.repo, after.repo)
        for file in files
        if (made := repo.made.get(file)) is not None
    )
    # what the budget rules and the allocation read: budgets, districts, analyses, the
    # indicator catalogue, the municipality, and files by their path (a broken one)
    inputs_kept = not (config or unknown or kinds & ALLOCATION_KINDS)
    inputs_kept = inputs_kept and before.years() == after.years()
    if inputs_kept:
        after.budget_checks = before.budget_checks  # the same documents, the same verdicts
    before.checks()  # the base's rules, tracked
    partition = plan_partition(before, after, files, kinds)
    if partition is not None:
        by_programme(before, after, partition, BY_PROGRAMME, allocation_kept=True)
    found = (after.repo.made.get(file) for file in sorted(files))
    docs = [made.doc for made in found if made is not None]  # the head's changed ones
    for code in phase(after_allocation=False):
        carry(before, after, code, files, kinds, inputs_kept=inputs_kept, docs=docs)
    after.checks_before_allocation()
    kept = inputs_kept
    for year in after.years() if kept else []:
        inputs = after.input_files(year)
        base_inputs = before.input_files(year)
        if (
            not inputs.isdisjoint(files)
            or (inputs is not base_inputs and inputs != base_inputs)
            or not _same_findings_in(before, after, inputs)
        ):
            kept = False
            break
    if kept:
        for year in after.years():
            after._allocations[year] = before.outcome(year)
    for code in phase(after_allocation=True):
        carry(
            before,
            after,
            code,
            files,
            kinds,
            inputs_kept=inputs_kept,
            allocation_kept=kept,
            docs=docs,
        )
    if partition is not None and kept:
        by_programme(before, after, partition, AFTER_ALLOCATION_BY_DISTRICT, allocation_kept=True)
    return kept

"""`omrade diff`: what a change means for the plans, not which YAML lines moved."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from omrade.allocation.compute import Allocation
from omrade.diagnostics import Diagnostic
from omrade.diff.base import load as load_base
from omrade.diff.base import save as save_base
from omrade.diff.carry import carry_over
from omrade.diff.findings import compare_findings
from omrade.diff.items import (
    changed_document,
    plan_items,
    title_of,
    titles_of,
)
from omrade.diff.money import money_by_district, money_laid, money_unavailable
from omrade.diff.published import logo_in, municipality_changes, published_changes
from omrade.diff.redact import redact_personal
from omrade.diff.result import DiffResult, DocChange, Item
from omrade.i18n import N_
from omrade.repo.git import (
    GitView,
    base_repository,
    changes,
    data_tree,
    head_repository,
    list_tree,
    open_git,
    read_at,
    repository_at,
    resolve,
)
from omrade.repo.names import Names
from omrade.repo.repository import Repository
from omrade.rules.personal import hidden_names
from omrade.run import Run


def allocations(run: Run) -> tuple[dict[int, dict[str, int]], dict[int, str]]:
    """Every budget year's allocation by district, and the years that cannot be computed
    (exactly those ``omrade allocate`` refuses), from the revision's run."""
    done, failed = {}, {}
    for year in run.years():
        result = run.outcome(year)
        if isinstance(result, Allocation):
            done[year] = {d.district: d.total for d in result.districts}
        else:
            failed[year] = str(result)
    return done, failed


def diagnostics_of(repo: Repository | Run, as_of: dt.date) -> list[Diagnostic]:
    """Every diagnostic of a revision with its configured severities (a run's, or a new
    run's over a repository)."""
    run = repo if isinstance(repo, Run) else Run(repo, as_of)
    return run.diagnostics()


def touches_allocation(run: Run, changed: set[str]) -> bool:
    """Whether a changed file is one the allocation of some year reads, or the
    municipality file (its ``rules:`` decide which findings are errors that block it)."""
    mun = run.repo.municipality_doc
    if (mun is not None and mun.file in changed) or "data/municipality.yaml" in changed:
        return True
    return any(changed & run.inputs(year) for year in run.years())


def compare(
    view: GitView,
    base_rev: str,
    head_rev: str | None,
    as_of: dt.date,
    public: bool = False,
    *,
    incremental: bool = True,
) -> DiffResult:
    """The semantic difference between two revisions (head None: the working tree).

    ``incremental`` (the default) builds the head from the base's unchanged documents and
    re-checks only what the change can affect (see ``omrade.rules.tracking``); False
    builds and checks both revisions whole, the reference the tests compare it with."""
    base = resolve(view, base_rev)
    head = resolve(view, head_rev) if head_rev else None
    changed, other = changes(view, base, head)
    result = DiffResult(base=base_rev, head=head_rev or "working tree")
    mun = "data/municipality.yaml"
    logos = {
        logo
        for loaded in (read_at(view, base, mun), read_at(view, head, mun))
        if loaded is not None and (logo := logo_in(loaded.data))
    }
    if not changed:
        result.published = published_changes(other, {}, view.prefix, logos, [])
        return result
    if incremental:
        # the base's checked run as an earlier diff kept it, else built (and kept)
        tree = data_tree(view, base)
        kept = load_base(view, tree, as_of)
        base_entries: Any = partial(list_tree, view, base)  # (listed when a head commit needs it)
        if kept is None:
            base_entries = list_tree(view, base)
            before_run = Run(base_repository(view, base_entries), as_of, track=True)
            save_base(view, tree, as_of, before_run)
        else:
            before_run = kept
        before_repo = before_run.repo
        after_repo = head_repository(view, before_repo, base_entries, head, changed)
    else:
        before_repo, after_repo = repository_at(view, base), repository_at(view, head)
        before_run = Run(before_repo, as_of)
    after_run = Run(after_repo, as_of)
    allocation_kept = incremental and carry_over(before_run, after_run)
    # the head laid from the base, only documents replaced (omrade.repo.git.laid): what
    # is worked out from every document is the base's, changed where those documents say
    laid = after_repo.layout is before_repo.layout
    swapped = (
        [
            (made.doc, after_repo.made[file].doc)
            for file, made in before_repo.made.items()
            if after_repo.made[file] is not made
        ]
        if laid
        else []
    )
    if laid:
        result.names_before = Names.kept_of(before_repo)
        result.names = result.names_before.with_documents(a for _b, a in swapped)
    else:
        result.names = Names.of(before_repo, after_repo)
        result.names_before = Names.of(after_repo, before_repo)
    result.published = published_changes(
        other, changed, view.prefix, logos, municipality_changes(before_repo, after_repo)
    )
    result.hidden = sorted(set(hidden_names(before_repo)) | set(hidden_names(after_repo)))
    before_docs = {rel: made.doc for rel in changed if (made := before_repo.made.get(rel))}
    after_docs = {rel: made.doc for rel in changed if (made := after_repo.made.get(rel))}
    revision = {"base": result.base, "head": result.head}
    for rel, status in sorted(changed.items()):
        b, a = before_docs.get(rel), after_docs.get(rel)
        doc = a or b
        if doc is None:  # not read at either revision (a name that is not UTF-8)
            status_word = {"A": "added", "D": "removed"}.get(status, "modified")
            unread = Item("unreadable", "the file cannot be read (see the diagnostics)")
            result.documents.append(DocChange(rel, "unknown", "", status_word, [unread]))
            continue
        status_word = {"A": "added", "D": "removed"}.get(status, "modified")
        if b is not None and a is not None and b.model is not None and a.model is not None:
            result.documents.append(
                changed_document(rel, status_word, doc.kind, b.model, a.model, result.names, public)
            )
            continue
        change = DocChange(rel, doc.kind, title_of(doc.kind, doc.file, doc.model), status_word)
        change.titles = titles_of(doc.kind, doc.file, doc.model, result.names)
        if status == "A" and a is not None and a.model is not None and doc.kind == "plan":
            change.items = plan_items(a.model.model_copy(update={"actions": []}), a.model)
        elif status == "M" and (a is None or a.model is None):
            change.items = [
                Item("unreadable", N_("the file has errors at the new revision"), shape="message")
            ]
        result.documents.append(change)

    money_b = money_by_district(before_repo)
    if laid and all(b.kind == "plan" for b, _a in swapped):
        money_a = money_laid(before_repo, after_repo, swapped)
    else:
        money_a = money_by_district(after_repo)
    gaps = {"base": money_unavailable(before_repo), "head": money_unavailable(after_repo)}
    for side, years in gaps.items():
        for year, reason in sorted(years.items(), key=lambda kv: kv[0] or 0):
            result.unavailable.append(
                {
                    "what": "money",
                    "year": year,
                    "side": side,
                    "revision": revision[side],
                    "reason": reason,
                }
            )
    uncounted = gaps["base"].keys() | gaps["head"].keys()
    for key in sorted(money_b.keys() | money_a.keys()):
        if None in uncounted or key[1] in uncounted:
            continue
        if money_b.get(key, 0) != money_a.get(key, 0):
            district, year, source = key
            result.money.append(
                {
                    "district": district,
                    "year": year,
                    "source": source,
                    "before": money_b.get(key, 0),
                    "after": money_a.get(key, 0),
                }
            )

    # the head kept the base's allocation of every year (carry_over): nothing can move
    if not allocation_kept and (
        touches_allocation(before_run, set(changed)) or touches_allocation(after_run, set(changed))
    ):
        (alloc_b, failed_b), (alloc_a, failed_a) = allocations(before_run), allocations(after_run)
        failed = {"base": failed_b, "head": failed_a}
        for year in sorted(alloc_b.keys() | alloc_a.keys() | failed_b.keys() | failed_a.keys()):
            reasons = [(side, f[year]) for side, f in failed.items() if year in f]
            for side, reason in reasons:
                result.unavailable.append(
                    {
                        "what": "allocation",
                        "year": year,
                        "side": side,
                        "revision": revision[side],
                        "reason": reason,
                    }
                )
            if reasons:
                continue  # no rows: one side's amounts would be invented
            rows_b, rows_a = alloc_b.get(year, {}), alloc_a.get(year, {})
            for district in sorted(rows_b.keys() | rows_a.keys()):
                if rows_b.get(district) != rows_a.get(district):
                    result.allocation.append(
                        {
                            "year": year,
                            "district": district,
                            "before": rows_b.get(district),
                            "after": rows_a.get(district),
                        }
                    )

    result.introduced, result.fixed, result.reworded = compare_findings(
        diagnostics_of(before_run, as_of), diagnostics_of(after_run, as_of)
    )
    if public:
        redact_personal(result)
    return result


def run(root: Any, base: str, head: str | None, as_of: dt.date, public: bool) -> DiffResult:
    return compare(open_git(root), base, head, as_of, public)

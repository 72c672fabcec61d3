"""What each rule read: the kinds of documents its diagnostics depend on.

``omrade diff`` runs the base revision's rules through a tracking view of the repository
(``TrackedRepo``) that records, per rule, the indexes it iterated and the ids it looked up
(by kind: ``plan``, ``district``, …, ``municipality``, ``indicators``), and whether it used
the allocation. At the head revision a rule that read nothing that changed keeps its base
diagnostics (``omrade.run.Run``); the others run again. Whatever the tracker does not
understand — every document (``repo.docs``), the loader's findings, a shared cache, the
run itself — counts as ``EVERYTHING``, so such a rule always runs again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from omrade.rules import Context

EVERYTHING = "*"
ALLOCATION = "allocation"  # the outcome of some year's allocation (omrade.run.Run.outcome)
INPUTS = "inputs"  # the budget rules' verdicts (Run.budget_checks), from the allocation's inputs
DOCS = "docs"  # every document, by a rule that finds each document's problems in it alone

# Rules that go through ``repo.docs`` one by one and find each document's problems in
# that document's own text and data (personal data, placeholders): a diagnostic of theirs
# is about the document it names, and what they keep in the shared cache is computed from
# the documents alone. At the head they run on the changed documents only; the base's
# findings in the other documents are kept (unless they read something else that changed,
# such as OMR704 the groups' hidden names).
PER_DOCUMENT = frozenset({"OMR232", "OMR313", "OMR701", "OMR702", "OMR703", "OMR704"})

# the tests turn it off to show that the random-edit comparison catches a blind tracker
RECORD = True

KIND_OF_INDEX = {
    "districts": "district",
    "analyses": "analysis",
    "programmes": "programme",
    "plans": "plan",
    "groups": "group",
    "budgets": "budget",
    "dialogues": "dialogue",
    "guidelines": "guideline",
}

# what reading a repository attribute depends on
ATTRIBUTES: dict[str, frozenset[str]] = {
    **{name: frozenset({kind}) for name, kind in KIND_OF_INDEX.items()},
    "municipality_doc": frozenset({"municipality"}),
    "municipality": frozenset({"municipality"}),
    "organisations": frozenset({"municipality"}),
    "bodies": frozenset({"municipality"}),
    "severity_overrides": frozenset({"municipality"}),
    "indicators_doc": frozenset({"indicators"}),
    "indicators": frozenset({"indicators"}),
    # the same folder at both revisions (a logo file is read from it, not from git)
    "root": frozenset(),
    # iterates an index that was read (and recorded) to pass it in
    "valid": frozenset(),
}

# methods whose first argument names the kind they look at
BY_KIND = {"exists", "is_broken", "names"}
TARGETS = {"organisation": "municipality", "body": "municipality", "indicator": "indicators"}

# what each question of ``repo.queries`` reads
QUERIES: dict[str, frozenset[str]] = {
    "programmes_of": frozenset({"programme"}),
    "current_programme": frozenset({"programme"}),
    "plans_of": frozenset({"plan"}),
    "plan": frozenset({"plan"}),
    "plan_for": frozenset({"plan"}),
    "district_of_plan": frozenset({"programme"}),
    "latest_follow_up": frozenset(),
    "analyses_of": frozenset({"analysis"}),
    "latest_analysis": frozenset({"analysis"}),
    "values_of": frozenset({"analysis"}),
    "value": frozenset({"analysis"}),
    "latest_value_year": frozenset({"analysis"}),
    "money_by_district": frozenset({"plan", "programme"}),
    "area_grant_spending": frozenset({"plan", "programme"}),
    "district_of_file": frozenset(
        {"district", "analysis", "programme", "group", "plan", "dialogue"}
    ),
    "guideline_for": frozenset({"guideline"}),
    "governing_guideline": frozenset({"guideline", "programme"}),
    "focus_periods": frozenset({"group"}),
    # of what is passed in alone (a group's members, a dialogue's steps)
    "current_members": frozenset(),
    "collected": frozenset(),
}

# what each attribute of the run depends on (anything else: everything)
RUN: dict[str, str] = {
    "budget_checks": INPUTS,
    "outcome": ALLOCATION,
    "allocation": ALLOCATION,
    "allocations": ALLOCATION,
    "years": "budget",
}


def _record(reads: set[str], found: frozenset[str] | set[str] | None) -> None:
    if not RECORD:
        return
    reads.update(found if found is not None else (EVERYTHING,))


class TrackedRepo:
    """A repository as a rule sees it, recording what the rule reads in ``reads``
    (``per_document``: reading ``docs`` is DOCS, see PER_DOCUMENT). What an attribute gave
    is kept on the view, so reading it again costs nothing (recording it again would add
    nothing); a method that takes the kind records each call."""

    def __init__(self, repo: Any, reads: set[str], per_document: bool = False) -> None:
        self._repo = repo
        self._reads = reads
        self._per_document = per_document

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._repo, name)
        reads = self._reads
        if name == "docs" and self._per_document:
            _record(reads, {DOCS})
        elif name in BY_KIND:

            def by_kind(kind: str, *args: Any, _fn: Any = value) -> Any:
                _record(reads, {TARGETS.get(kind, kind)})
                return _fn(kind, *args)

            value = by_kind
        elif name == "queries":
            value = TrackedQueries(value, reads)
        else:
            _record(reads, ATTRIBUTES.get(name))
        if RECORD:
            setattr(self, name, value)
        return value


class TrackedQueries:
    """``repo.queries`` as a rule sees it (see QUERIES; kept as TrackedRepo keeps)."""

    def __init__(self, queries: Any, reads: set[str]) -> None:
        self._queries = queries
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        _record(self._reads, QUERIES.get(name))
        value = getattr(self._queries, name)
        if RECORD:
            setattr(self, name, value)
        return value


class TrackedRun:
    """The run as a rule sees it (see RUN)."""

    __slots__ = ("_reads", "_run")

    def __init__(self, run: Any, reads: set[str]) -> None:
        self._run = run
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        kind = RUN.get(name)
        _record(self._reads, {kind} if kind else None)
        return getattr(self._run, name)


class TrackedCache(dict[Any, Any]):
    """The cache rules share: what one rule stored another reads without reading the
    repository, so any use of it counts as reading everything."""

    def __init__(self, shared: dict[Any, Any], reads: set[str]) -> None:
        super().__init__()
        self._shared = shared
        self._reads = reads

    def _use(self) -> dict[Any, Any]:
        _record(self._reads, None)
        return self._shared

    def get(self, key: Any, default: Any = None) -> Any:
        return self._use().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        return self._use()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._use()[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self._use()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        return self._use().setdefault(key, default)


def tracked(ctx: Context, reads: set[str], code: str = "") -> Context:
    """A context for the rule ``code`` whose reads are recorded in ``reads``."""
    from dataclasses import replace

    per_document = code in PER_DOCUMENT
    if per_document:  # also when it reads the documents through the cache another filled
        _record(reads, {DOCS})
    return replace(
        ctx,
        repo=TrackedRepo(ctx.repo, reads, per_document),  # type: ignore[arg-type]
        run=TrackedRun(ctx.run, reads),
        cache=ctx.cache if per_document else TrackedCache(ctx.cache, reads),
    )


class OnlyDocs:
    """A repository whose ``docs`` are some of its documents (the changed ones), for a
    PER_DOCUMENT rule at the head; everything else is the repository's."""

    __slots__ = ("_docs", "_repo")

    def __init__(self, repo: Any, docs: list[Any]) -> None:
        self._repo = repo
        self._docs = docs

    def __getattr__(self, name: str) -> Any:
        return self._docs if name == "docs" else getattr(self._repo, name)


def on_documents(ctx: Context, docs: list[Any]) -> Context:
    """A context in which ``repo.docs`` is ``docs``, with a cache of its own."""
    from dataclasses import replace

    return replace(ctx, repo=OnlyDocs(ctx.repo, docs), cache={})  # type: ignore[arg-type]

"""The money a diff compares: what the plans fund by district, year and source, and the
years whose money cannot be counted (a plan or its programme has errors)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from omrade.diagnostics import current_lang, say
from omrade.model.doc import Doc
from omrade.repo import memo
from omrade.repo.repository import Repository


def money_by_district(repo: Repository) -> dict[tuple[str, int, str], int]:
    return repo.queries.money_by_district


def money_unavailable(repo: Repository) -> dict[int | None, str]:
    """Plan years whose money cannot be counted: a plan, or its programme, has errors.

    The key None means every year (a plan whose year cannot be read). Kept for the
    repository's layout (``omrade.repo.memo``): a repository laid from another has the
    same documents with errors, under the same keys (``replaced`` lays only documents
    that are schema-valid at both)."""
    name = f"money unavailable ({current_lang()})"
    found: dict[int | None, str] | None = memo.kept(name, repo.layout)
    if found is None:
        found = _unavailable(repo)
        memo.keep(name, repo.layout, found)
    return dict(found)


def _unavailable(repo: Repository) -> dict[int | None, str]:
    out: dict[int | None, str] = {}
    for doc in repo.docs:
        if doc.model is not None:
            continue
        parts = doc.file.split("/")
        raw = doc.loaded.data if isinstance(doc.loaded.data, dict) else {}
        if doc.kind == "plan" or (parts[:2] == ["data", "programmes"] and len(parts) > 3):
            found = re.search(r"plan-(\d{4})\.ya?ml$", doc.file)
            year = raw.get("year") if isinstance(raw.get("year"), int) else None
            years: set[int | None] = {int(found.group(1)) if found else year}
        elif doc.kind == "programme" or (parts[:2] == ["data", "programmes"] and len(parts) == 3):
            ident = raw.get("id") if isinstance(raw.get("id"), str) else Path(doc.file).stem
            years = {y for (p, y) in repo.plans if p == ident}
        else:
            continue
        for y in years:
            out.setdefault(y, say("{file} has errors", "{file} har fel").format(file=doc.file))
    return out


def money_laid(
    before: Repository, after: Repository, docs: Sequence[tuple[Doc | None, Doc | None]]
) -> dict[tuple[str, int, str], int]:
    """``money_by_district(after)`` for a repository laid from ``before`` where only the
    plans ``docs`` (base, head) changed: the base's sums less what the base's plans gave,
    plus what the head's give. A key may remain with 0 where the whole count has none."""
    out = dict(money_by_district(before))
    for side, repo, sign in ((0, before, -1), (1, after, 1)):
        for pair in docs:
            doc = pair[side]
            if doc is None or doc.model is None:
                continue
            for key, amount in repo.queries.money_of_plan(doc.model):
                out[key] = out.get(key, 0) + sign * amount
    return out

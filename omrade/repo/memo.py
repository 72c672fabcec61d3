"""Answers worked out from one object of a repository (an index, or its layout) and kept
while that object is the same.

A repository laid from another (``omrade.repo.repository.replaced``) shares every index
that did not change, so what was worked out from an index is not worked out again on
every edit of the language server or for the head of a diff. One answer is kept per name
(the latest owner's). The kept base of ``omrade diff`` carries the answers about its
repository with it (``owned_by`` when it is written, ``restore`` when it is read), so its
documents need not be unpickled to work them out again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_KEPT: dict[str, tuple[object, Any]] = {}


def kept(name: str, owner: object) -> Any | None:
    """The answer kept under ``name`` when it was worked out from ``owner``, else None."""
    found = _KEPT.get(name)
    return found[1] if found is not None and found[0] is owner else None


def keep(name: str, owner: object, value: Any) -> None:
    """Keep ``value`` under ``name``, worked out from ``owner`` (replacing another's)."""
    _KEPT[name] = (owner, value)


def owned_by(owners: Iterable[object]) -> dict[str, tuple[object, Any]]:
    """The answers kept about any of ``owners``."""
    ids = {id(owner) for owner in owners}
    return {name: found for name, found in _KEPT.items() if id(found[0]) in ids}


def restore(found: dict[str, tuple[object, Any]]) -> None:
    """Keep again what ``owned_by`` gave (about objects that live in this process)."""
    _KEPT.update(found)

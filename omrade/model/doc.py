"""A document as read from a plan repository: where it is, what it says, and (if valid)
its model; it places diagnostics at paths inside itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from omrade.diagnostics import Location, format_path
from omrade.load.reader import LoadedFile, PathKey


@dataclass
class Doc:
    """A document as read: where it is, what it says, and (if valid) its model.

    ``model`` is untyped, for the code that reads documents of any kind; the rules get
    typed models from ``repo.valid(repo.plans, m.Plan)``.
    """

    kind: str
    file: str
    loaded: LoadedFile
    model: Any = None

    def locate(self, code: str, path: PathKey, *, key: bool = False) -> Location:
        """Where ``path`` is in this document (at its key when ``key``), for a diagnostic
        of rule ``code`` (``Rule.on`` asks)."""
        pos = self.loaded.position(path, key=key)
        return Location(self.file, pos.line, pos.column, format_path(path))

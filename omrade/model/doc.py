"""A document as read from a plan repository: where it is, what it says, and (if valid)
its model; it places diagnostics at paths inside itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from omrade.diagnostics import Diagnostic, format_path, make
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

    def diag(
        self,
        code: str,
        path: PathKey,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
    ) -> Diagnostic:
        """A diagnostic located at ``path`` inside this document."""
        pos = self.loaded.position(path, key=key)
        return make(code, self.file, pos.line, pos.column, message, hint, format_path(path))

"""Data in and out: spreadsheets for the people who don't use git, official statistics
in, a database out.

Every module here imports its heavy dependency (openpyxl, duckdb) only when a command
needs it, through :func:`require`, which names the extra to install when it is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

    from omrade.i18n import Translator

EXTRAS = {"openpyxl": "sheets", "duckdb": "db"}


def translator() -> Translator:
    """The messages in the run's language (``omrade.i18n``: the command chose it)."""
    from omrade.diagnostics import current_lang
    from omrade.i18n import Translator

    return Translator(current_lang())


class ExchangeError(Exception):
    """Input that cannot be used (exit 1): the message says what is wrong and what to do."""


class UsageError(Exception):
    """A command that cannot run as asked (exit 2): a missing extra, a bad option."""


def require(module: str) -> ModuleType:
    """Import an optional dependency, or say which extra provides it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        extra = EXTRAS.get(module, module)
        raise UsageError(
            translator()._(
                "this command needs {module}, which is not installed: "
                "pip install 'omrade[{extra}]'",
                module=module,
                extra=extra,
            )
        ) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole (``omrade.load.safefs.write_whole``): never half a
    file. A failure (no such folder, no permission, a full disk) is an ExchangeError."""
    from omrade.diagnostics import current_lang
    from omrade.i18n import os_reason
    from omrade.load.safefs import write_whole

    try:
        write_whole(Path(path), data)
    except OSError as exc:
        raise ExchangeError(
            translator()._(
                "cannot write {path}: {why}; nothing was written",
                path=path,
                why=os_reason(exc, current_lang()),
            )
        ) from None

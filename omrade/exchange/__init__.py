"""Data in and out: spreadsheets for the people who don't use git, official statistics
in, a database out.

Every module here imports its heavy dependency (openpyxl, duckdb) only when a command
needs it, through :func:`require`, which names the extra to install when it is missing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

EXTRAS = {"openpyxl": "sheets", "duckdb": "db"}


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
            f"this command needs {module}, which is not installed: pip install 'omrade[{extra}]'"
        ) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename: never half a file.
    A failure (no such folder, no permission, a full disk) is an ExchangeError."""
    try:
        _write_atomically(Path(path), data)
    except OSError as exc:
        raise ExchangeError(
            f"cannot write {path}: {exc.strerror or exc}; nothing was written"
        ) from None


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""The bytes of plan files read already, for the run that parses them.

The run cache's listing (:mod:`omrade.load.runcache`) reads and hashes every plan file
for its key; the run that follows parses those bytes (:func:`omrade.load.reader.read_file`
takes them) and the file cache (:mod:`omrade.load.cache`) keys its entry by their hash,
instead of each opening, reading and hashing every file again. Only the run inside
:func:`given` sees them.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from pathlib import Path


class Given:
    """The bytes of plan files read already, each with their SHA-256.

    ``files``: relative name → (the path read, its bytes, their SHA-256). A file is given
    to :func:`omrade.load.reader.read_file` only for the very path the listing read; the
    cache's ``FileCache.parse`` takes the hash of the bytes given last (the same
    object) and lets the file go.
    """

    def __init__(self, files: dict[str, tuple[str, bytes, str]]):
        self.files = files
        self._last: tuple[str, bytes, str] | None = None

    def take(self, path: str, file: str) -> bytes | None:
        """The bytes of ``file`` as read from ``path``, or None when not given."""
        found = self.files.get(file)
        if found is None or found[0] != path:
            return None
        self._last = (file, found[1], found[2])
        return found[1]

    def digest(self, file: str, raw: bytes) -> str | None:
        """The SHA-256 of ``raw`` when they are the bytes just given for ``file``."""
        last = self._last
        if last is None or last[0] != file or last[1] is not raw:
            return None
        self._last = None
        self.files.pop(file, None)  # parsed: not needed any more
        return last[2]


_given: contextvars.ContextVar[Given | None] = contextvars.ContextVar("omrade_given", default=None)


@contextlib.contextmanager
def given(files: dict[str, tuple[str, bytes, str]] | None) -> Iterator[None]:
    """Parse the files in ``files`` (see :class:`Given`) from their bytes read already,
    in this block."""
    token = _given.set(None if files is None else Given(files))
    try:
        yield
    finally:
        _given.reset(token)


def take(path: Path, file: str) -> bytes | None:
    """The bytes given for ``file`` read from ``path`` (see :func:`given`), or None."""
    found = _given.get()
    return None if found is None else found.take(str(path), file)


def digest(file: str, raw: bytes) -> str | None:
    """The SHA-256 of ``raw`` when they are the bytes just given for ``file``, else None."""
    found = _given.get()
    return None if found is None else found.digest(file, raw)

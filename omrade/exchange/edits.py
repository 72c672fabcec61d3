"""Writing imported data into plan files: the steps every import shares.

An import edits the YAML text of some files (keeping comments and layout), then asks what
the edit does to the whole repository: which diagnostics it introduces and which it fixes.
Nothing is written here; the command writes ``changed`` when nothing new is an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from omrade.diagnostics import Diagnostic
from omrade.exchange import ExchangeError, translator
from omrade.load.reader import LoadedFile
from omrade.repo.repository import Repository, build_repository

BOM = b"\xef\xbb\xbf"


class Edits(Protocol):
    changed: dict[str, bytes]
    before: dict[str, Any]
    after: dict[str, Any]
    introduced: list[Diagnostic]
    fixed: list[Diagnostic]


def settle(repo: Repository, edited: dict[str, LoadedFile], into: Edits, as_of: dt.date) -> None:
    """Fill ``into`` for the edited files: their new bytes (a byte-order mark kept), their
    models before and after, and the diagnostics the edit introduces and fixes.

    Refuses (ExchangeError) when a file changed on disk since it was read."""
    from omrade.diff import diagnostics_of

    docs = {d.file: d for d in repo.docs}
    for file, loaded in edited.items():
        doc = docs[file]
        raw = (repo.root / file).read_bytes()
        bom = BOM if raw.startswith(BOM) else b""
        if raw != bom + doc.loaded.text.encode("utf-8"):
            raise ExchangeError(
                translator()._("{file} changed while importing; run the import again", file=file)
            )
        into.changed[file] = bom + loaded.text.encode("utf-8")
        into.before[file] = doc.model
    if not edited:
        return
    after = build_repository(repo.root, [edited.get(d.file, d.loaded) for d in repo.docs], [])
    models = {d.file: d.model for d in after.docs}
    for file in edited:
        if models.get(file) is None:
            raise RuntimeError(f"the edited {file} no longer passes its schema")
        into.after[file] = models[file]
    before = {(d.code, d.file, d.message): d for d in diagnostics_of(repo, as_of)}
    now = {(d.code, d.file, d.message): d for d in diagnostics_of(after, as_of)}
    into.introduced = [now[k] for k in sorted(now.keys() - before.keys())]
    into.fixed = [before[k] for k in sorted(before.keys() - now.keys())]

"""The base revision of ``omrade diff`` kept between runs: its documents (data, models,
reading and schema findings), every rule's findings with what the rule read, and every
year's allocation with its inputs — the tracked run ``carry_over`` starts from.

A diff against a base it has seen before reads none of the base's blobs, validates none
of its documents and runs none of its rules: it lists the base's tree (one ``git
ls-tree``), finds the entry by its key and reads only what changed at the head. The
first diff against a base writes the entry (``omrade validate`` does not: writing costs
about 5 s at 5 000 districts, and a CI runner's signing key ends with the runner, so
what it wrote could never be read).

The key is the base's whole listing under data/ (path, mode and object id of every
entry: content, never a time stamp), ``--as-of``, the run's language (findings are
worded when found), where the plan repository lies, and the fingerprint of omrade's
code, catalogues, Python and the libraries that shape a result. What the rules look at
outside git (the site's logo in the working tree) is stored with the entry and looked
at again before it is used. Entries are pickles signed with this user's own key
(``omrade.load.signed``), in ``.cache/omrade/base/`` under the same conditions as the
read cache (on, not tracked by git, not a link); the newest ``KEEP`` are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from omrade.diagnostics import current_lang
from omrade.load import cache, runcache, signed
from omrade.load.reader import DEFAULT_MAX_BYTES
from omrade.load.safefs import write_whole
from omrade.repo.git import GitView, TreeEntry
from omrade.run import Run

FORMAT = "omrade-base-1"
KEEP = 2  # a base is large (some 120 MB at 5 000 districts): main and one other


def key(view: GitView, entries: list[TreeEntry], as_of: dt.date) -> str:
    """The key of a base revision's checked run (see the module's text)."""
    said = [
        FORMAT,
        runcache.fingerprint(),
        as_of.isoformat(),
        current_lang(),
        os.fsdecode(view.root.resolve()),
        view.prefix,
        DEFAULT_MAX_BYTES,
    ]
    digest = hashlib.sha256(json.dumps(said).encode() + b"\n")
    for e in entries:
        line = f"{e.mode:o} {e.type} {e.oid} {e.size}\0{e.path}\n"
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _folder(view: GitView) -> Path | None:
    """Where the entries lie, when the cache may be used there."""
    if cache.for_root(view.root) is None:
        return None
    folder = view.root / cache.FOLDER / cache.BASES
    if folder.is_symlink():
        return None
    return folder


def _looks(run: Run) -> list[Any]:
    """What the base's rules look at outside git: the site's logo in the working tree."""
    mun = run.repo.municipality
    if mun is None or mun.site is None or mun.site.logo is None:
        return []
    return [[mun.site.logo, runcache.state_of(run.repo.root, mun.site.logo)]]


def load(view: GitView, entries: list[TreeEntry], as_of: dt.date) -> Run | None:
    """The base's tracked run as a diff left it, or None when there is none to trust."""
    folder = _folder(view)
    if folder is None:
        return None
    name = key(view, entries, as_of)
    found = signed.read(folder / f"{name}.pickle", name)
    if not isinstance(found, tuple) or len(found) != 2:
        return None
    run, looks = found
    if not isinstance(run, Run) or not run.track or looks != _looks(run):
        return None
    run.repo.root = view.root  # the same folder (it is in the key), as this run names it
    return run


def complete(run: Run) -> None:
    """Everything a diff asks of the base's run, computed now so it is kept: every
    rule's findings (tracked) and every year's allocation."""
    run.checks()
    for year in run.years():
        run.outcome(year)
    run.repo.queries.money_by_district  # noqa: B018 (computed and kept)


def save(view: GitView, entries: list[TreeEntry], as_of: dt.date, run: Run) -> bool:
    """Keep the base's tracked run for the next diff against it. Never raises."""
    folder = _folder(view)
    if folder is None or not run.track:
        return False
    complete(run)
    name = key(view, entries, as_of)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder.parent / ".gitignore"
        if not ignore.exists():  # (the read cache writes it first, in the same way)
            write_whole(ignore, b"*\n", durable=False)
    except OSError:
        return False
    if not signed.write(folder / f"{name}.pickle", name, (run, _looks(run))):
        return False
    _prune(folder)
    return True


def _prune(folder: Path) -> None:
    """Keep the newest KEEP entries."""
    try:
        found = [(p.stat().st_mtime_ns, p) for p in folder.glob("*.pickle")]
    except OSError:
        return
    for _, path in sorted(found, reverse=True)[KEEP:]:
        signed.remove(path)

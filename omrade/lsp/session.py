"""The language server's memory of a plan repository: every file read once, the open
buffers laid over the files, and each re-diagnosis costing what the edit touched.

No editor protocol here (that is ``omrade.lsp.server``): a :class:`Session` takes texts
and gives diagnostics per file, so the tests and the benchmarks drive it directly too.

What is kept between edits, keyed by content:

- per file, what the file makes on its own (``Made``: the parsed document, its model,
  its reading and schema diagnostics), found again by the SHA-256 of its bytes: an edit
  parses and validates only the changed buffer;
- the last run, tracked (``omrade.rules.tracking``): the next run keeps the findings of
  every rule that read nothing the edit changed, re-runs the per-document rules on the
  changed file alone, and keeps the allocations when none of their inputs changed
  (``omrade.diff.carry_over``, the same carry-over ``omrade diff`` uses).

The outcome is the same as a fresh ``omrade validate`` of the same texts written to disk:
the test suite checks that after sequences of edits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import omrade.catalogue  # noqa: F401  (every rule defined and its check registered)
from omrade.diagnostics import MAX_PER_FILE, Diagnostic, apply_severities, speaking
from omrade.load.reader import DEFAULT_MAX_BYTES, LoadedFile, parse_bytes, read_file
from omrade.repo.discover import YAML_SUFFIXES, discover
from omrade.repo.repository import (
    Made,
    Repository,
    build_repository,
    make_document,
    replaced,
)
from omrade.run import Run

MUNICIPALITY = "data/municipality.yaml"


def walk_order(file: str) -> tuple[tuple[int, str], ...]:
    """The order ``discover`` finds files in (a folder's own files before its folders'),
    for a file given as a path relative to the repository."""
    parts = file.split("/")
    return (*((1, p) for p in parts[:-1]), (0, parts[-1]))


def is_plan_file(file: str) -> bool:
    """Whether a path relative to the repository is one omrade reads (data/**.yaml)."""
    return file.startswith("data/") and file.endswith(YAML_SUFFIXES)


@dataclass
class _OnDisk:
    """A file as last read from disk: its identity (to notice a change) and its bytes' digest."""

    stamp: tuple[int, int, int]  # (mtime_ns, size, inode)
    digest: str


@dataclass
class Outcome:
    """One re-diagnosis: every file's diagnostics (configured severities, sorted, the
    first MAX_PER_FILE of each), and the files whose list changed since the last."""

    by_file: Mapping[str, list[Diagnostic]]  # as of this check (until the next one)
    changed: set[str] = field(default_factory=set)


class Session:
    """A plan repository as the editor sees it: the files on disk with the open buffers
    laid over them."""

    def __init__(
        self,
        root: Path,
        as_of: dt.date | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        *,
        lang: str | None = None,
        incremental: bool = True,
    ) -> None:
        """``as_of`` None: today, re-read each time (a server left running past midnight
        checks as of the new day). ``lang`` None: the municipality's ``locale`` (what is
        said is said in it; a change of ``locale`` reads everything again).
        ``incremental`` False: every check is a full run (the reference the tests and
        benchmarks compare with)."""
        self.root = root
        self.pinned = as_of
        self.pinned_lang = lang
        self.lang = lang or "sv"
        self.max_bytes = max_bytes
        self.incremental = incremental
        self.overlays: dict[str, str] = {}
        self._disk: dict[str, _OnDisk] = {}
        self._problems: list[Diagnostic] = []
        self._order: list[str] = []
        # (file, digest) → what the file makes; only the current version of each file is kept
        self._made: dict[str, tuple[str, Made]] = {}
        self._run: Run | None = None
        self._repo: Repository | None = None
        self._published: dict[str, list[Diagnostic]] = {}
        # what the last check listed from: each rule's findings by file (and the list they
        # came from), the reading and schema findings by file, the files to list again,
        # and the severities, language and files it was listed in
        self._grouped: dict[str, tuple[list[Diagnostic], dict[str, list[Diagnostic]]]] = {}
        self._loader: dict[str, list[Diagnostic]] = {}
        self._dirty_files: set[str] = set()
        self._loader_of: list[Diagnostic] | None = None  # the list ``_loader`` was made of
        self._assembled: tuple[Any, ...] | None = None
        self._order_version = 0  # counts the changes of ``_order``
        self.builds = 0  # how often the repository was built whole (not laid from the last)
        self._in_order: set[str] = set()  # the files of ``_order``
        # the repository is built again (files added, removed, reordered)
        self._dirty = True
        # files made again since the repository was built: laid into it where they can be
        self._touched: set[str] = set()
        # what changed between the last run's repository and the one now: (that
        # repository, the files, their kinds), when the repository was patched from it
        self._changes: tuple[Repository, Repository, set[str], set[str]] | None = None
        self._relearn = False
        if lang is None:
            from omrade.repo.names import lang_of_root

            self.lang = lang_of_root(root)
        self.rescan()

    # --- the texts ------------------------------------------------------------------------

    @property
    def as_of(self) -> dt.date:
        return self.pinned or dt.date.today()

    def rescan(self) -> set[str]:
        """Find the files on disk again (after a save, a new or a removed file, a branch
        switch); only files whose size, time or inode changed are read again. The files
        that changed."""
        with speaking(self.lang):
            paths, problems = discover(self.root)
        seen: set[str] = set()
        changed: set[str] = set()
        for path in paths:
            rel = path.relative_to(self.root).as_posix()
            seen.add(rel)
            try:
                st = os.lstat(path)
                stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError:
                stamp = (0, -1, 0)
            known = self._disk.get(rel)
            if known is not None and known.stamp == stamp:
                continue
            with speaking(self.lang):
                loaded = read_file(path, rel, self.max_bytes)
            digest = _digest_loaded(loaded)
            if known is None or known.digest != digest:
                changed.add(rel)
            self._disk[rel] = _OnDisk(stamp, digest)
            if rel not in self.overlays:
                self._remember(rel, digest, loaded)
        for rel in set(self._disk) - seen:
            del self._disk[rel]
            changed.add(rel)
            self._dirty = True
            if rel not in self.overlays:
                self._made.pop(rel, None)
        if problems != self._problems:
            self._dirty = True
        self._problems = problems
        self._reorder()
        return changed

    def open(self, file: str, text: str) -> None:
        """An editor buffer: its text stands for the file's until it is closed."""
        self.change(file, text)

    def change(self, file: str, text: str) -> None:
        """The buffer of ``file`` now says ``text``."""
        if not is_plan_file(file):
            return
        self.overlays[file] = text
        raw = text.encode("utf-8", "surrogateescape")
        digest = hashlib.sha256(raw).hexdigest()
        known = self._made.get(file)
        if known is None or known[0] != digest:
            with speaking(self.lang):
                loaded = parse_bytes(raw, file, self.max_bytes)
            self._remember(file, digest, loaded)
        if file not in self._disk and file not in self._in_order:
            self._reorder()

    def close(self, file: str) -> None:
        """The buffer is closed: the file on disk counts again (or nothing, if it was never
        saved)."""
        if self.overlays.pop(file, None) is None:
            return
        self._made.pop(file, None)
        self._disk.pop(file, None)  # read again below
        self._dirty = True
        self.rescan()

    def text(self, file: str) -> str | None:
        """What ``file`` says now: the buffer, else the text read from disk."""
        if file in self.overlays:
            return self.overlays[file]
        made = self._made.get(file)
        return made[1].doc.loaded.text if made is not None else None

    def _remember(self, file: str, digest: str, loaded: LoadedFile) -> None:
        with speaking(self.lang):
            self._made[file] = (digest, make_document(loaded))
        self._touched.add(file)
        if file == MUNICIPALITY and self.pinned_lang is None:
            locale = loaded.data.get("locale") if isinstance(loaded.data, dict) else None
            lang = locale if locale in ("sv", "en") else "sv"
            if lang != self.lang:  # everything said so far was said in the other language
                self.lang = lang
                self._relearn = True

    def _learn_again(self) -> None:
        """Read and check everything again (in a new language)."""
        self._relearn = False
        self._made.clear()
        self._disk.clear()
        self._run = None
        for file, text in list(self.overlays.items()):
            self.change(file, text)
        self.rescan()

    def _reorder(self) -> None:
        files = set(self._disk) | {f for f in self.overlays if is_plan_file(f)}
        order = sorted(files, key=walk_order)
        if order != self._order:
            self._order = order
            self._in_order = set(order)
            self._order_version += 1
            self._dirty = True

    # --- the checks -----------------------------------------------------------------------

    @property
    def repo(self) -> Repository:
        """The repository as it is now (built when first asked for after a change)."""
        if self._relearn:
            self._learn_again()
        if self._repo is not None and not self._dirty and self._touched:
            self._patch(self._repo)
        if self._repo is None or self._dirty:
            files = [self._made[f][1] for f in self._order if f in self._made]
            with speaking(self.lang):
                self._repo = build_repository(self.root, files, self._problems)
            self.builds += 1
            self._dirty = False
            self._touched.clear()
            self._changes = None
        return self._repo

    def _patch(self, base: Repository) -> None:
        """Lay the files made again into the repository without building it again, where
        each keeps its kind, key and place (``replaced``); else build it again."""
        repo: Repository | None = base
        touched = sorted(self._touched)
        kinds: set[str] = set()
        for file in touched:
            made = self._made.get(file)
            if repo is None or made is None:
                repo = None
                break
            kinds.add(made[1].doc.kind)
            repo = replaced(repo, made[1])
        self._touched.clear()
        if repo is None:
            self._dirty = True
            return
        files = set(touched)
        if self._changes is not None and self._changes[1] is base:
            # what changed since the last run's repository, through more than one patch
            files |= self._changes[2]
            kinds |= self._changes[3]
            base = self._changes[0]
        self._changes = (base, repo, files, kinds)
        self._repo = repo

    def run(self) -> Run:
        """The run over the repository as it is now, carrying over from the last run what
        the change cannot have touched."""
        repo = self.repo
        previous = self._run
        if previous is not None and previous.repo is repo and previous.as_of == self.as_of:
            return previous
        run = Run(repo, self.as_of, track=self.incremental)
        with speaking(self.lang):
            if self.incremental and previous is not None and previous.as_of == run.as_of:
                changes = self._changes
                known = None
                if changes is not None and changes[0] is previous.repo and changes[1] is repo:
                    known = (changes[2], changes[3])
                carry(previous, run, known)
            run.checks()
        self._run = run
        self._changes = None  # the next change is counted from this run's repository
        return run

    def check(self) -> Outcome:
        """Every file's diagnostics now, and which files' lists changed since the last check.

        Only the files whose findings may differ are listed again: those of the rules whose
        findings are not the last run's (the same list carried over is the same findings)
        and those whose reading or schema findings changed; all of them when the
        configured severities, the language or the files changed."""
        run = self.run()
        with speaking(self.lang):
            overrides = run._overrides()
        if self._loader_of is not run.repo.diagnostics:
            loader: dict[str, list[Diagnostic]] = {}
            for d in run.repo.diagnostics:
                loader.setdefault(d.file, []).append(d)
        else:
            loader = self._loader  # the same list as the last check's (a laid repository)
        grouped = self._grouped
        for code, found in run.per_rule.items():
            known = grouped.get(code)
            if known is None or known[0] is not found:
                by: dict[str, list[Diagnostic]] = {}
                for d in found:
                    by.setdefault(d.file, []).append(d)
                old = known[1] if known is not None else {}
                grouped[code] = (found, by)
                # the files whose findings of this rule differ (a finding carried over is
                # the same object: the comparison is by identity first)
                self._dirty_files.update(
                    f for f in old.keys() | by.keys() if old.get(f) != by.get(f)
                )
        for code in set(grouped) - set(run.per_rule):
            self._dirty_files.update(grouped.pop(code)[1])
        everything = self._assembled != (overrides, self.lang, self._order_version)
        if everything:
            dirty = set(self._order) | set(loader) | set(self._published)
            for _found, by in grouped.values():
                dirty |= by.keys()
        else:
            dirty = self._dirty_files
            for file in loader.keys() | self._loader.keys() if loader is not self._loader else ():
                if loader.get(file) != self._loader.get(file):
                    dirty.add(file)
        # the lists are changed in place (a check lists again only what changed)
        by_file = self._published if not everything else {f: [] for f in self._order}
        changed: set[str] = set()
        previous = self._published if everything else None  # (then by_file is new)
        for file in dirty:
            before = previous.get(file, []) if previous is not None else by_file.get(file, [])
            found = list(loader.get(file, ()))
            for _list, by in grouped.values():
                found.extend(by.get(file, ()))
            listed = apply_severities(found, overrides)[:MAX_PER_FILE]  # as validate lists
            if listed or file in self._in_order:
                by_file[file] = listed
            else:
                by_file.pop(file, None)
            if listed != before:
                changed.add(file)
        if everything:
            changed |= {f for f in self._published if f not in by_file}
        self._published = by_file
        self._loader = loader
        self._loader_of = run.repo.diagnostics
        self._dirty_files = set()
        self._assembled = (overrides, self.lang, self._order_version)
        return Outcome(MappingProxyType(by_file), changed)

    def files(self) -> list[str]:
        """Every plan file, in the order the repository reads them."""
        return list(self._order)


def carry(before: Run, after: Run, changes: tuple[set[str], set[str]] | None = None) -> None:
    """The head run ``after`` keeps from ``before`` (tracked) what the change cannot have
    touched, and knows what each of its rules read, so that it can be the base of the
    next change."""
    from omrade.diff import carry_over
    from omrade.diff.carry import changed_documents

    carry_over(before, after, changes or changed_documents(before.repo, after.repo))
    after.checks()
    for code, reads in before.reads.items():
        after.reads.setdefault(code, reads)


def _digest_loaded(loaded: LoadedFile) -> str:
    """A digest of what a read gave (the text; a file that could not be read has none)."""
    if loaded.data is None and not loaded.text:
        codes = ",".join(sorted(d.code + d.message for d in loaded.diagnostics))
        return "unread:" + hashlib.sha256(codes.encode()).hexdigest()
    return hashlib.sha256(loaded.text.encode("utf-8", "surrogateescape")).hexdigest()


def files_of(paths: Iterable[Path], root: Path) -> list[str]:
    """Paths as the session names files (relative to the repository, with /)."""
    out = []
    for p in paths:
        try:
            out.append(p.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    return out

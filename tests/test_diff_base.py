"""The base revision kept between diffs (``omrade.diff.base``, issue 28): a diff against
a base it has seen reads none of the base's blobs, validates none of its documents and
runs none of its rules, and still gives exactly what a whole comparison gives; only
what this user's omrade signed is ever unpickled."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import git
import pytest

from omrade.diagnostics import speaking
from omrade.diff import compare
from omrade.load import cache, signed
from omrade.repo import git as gitview
from tests.conftest import ROOT
from tests.test_incremental_diff import (
    EDITS,
    _as_dict,
    _committed,
    _edit,
    _edited,
    _generate,
    _plan_edits,
)

AS_OF = dt.date(2025, 10, 1)
PLAN = "data/programmes/alby-2024-2028/plan-2025.yaml"


@pytest.fixture
def with_cache() -> Iterator[None]:
    token = cache.set_enabled(True)
    yield
    cache.reset(token)


@pytest.fixture
def bundled(tmp_path: Path) -> git.Repo:
    root = tmp_path / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    (root / ".gitignore").write_text("/.cache/\n", encoding="utf-8")
    return _committed(root)


def _root(r: git.Repo) -> Path:
    return Path(r.working_tree_dir or ".")


def _reset(r: git.Repo) -> None:
    """Back to main, keeping .cache/ (the base's entry lives there)."""
    r.git.checkout("-fq", "main")
    r.git.clean("-fdq")


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a diff built the base from its blobs."""
    calls: list[int] = []
    base_repository = gitview.base_repository

    def counting(view: Any, entries: Any) -> Any:
        calls.append(1)
        return base_repository(view, entries)

    monkeypatch.setattr(sys.modules["omrade.diff.compare"], "base_repository", counting)
    return calls


def test_a_kept_base_gives_what_a_whole_comparison_gives(bundled, with_cache, built) -> None:
    """Random edits (working tree and commits), each diffed against the same base, kept
    from the first diff: every part of every result is the whole comparison's."""
    root = _root(bundled)
    view = gitview.open_git(root)
    found: list[str] = []
    for seed in range(14):
        rng = random.Random(seed)
        _reset(bundled)
        edits = _plan_edits() if seed % 4 == 0 else EDITS
        done, head = _edited(bundled, rng, edits, commit=bool(seed % 2))
        fast = _as_dict(compare(view, "main", head, AS_OF, seed % 3 == 0))
        whole = _as_dict(compare(view, "main", head, AS_OF, seed % 3 == 0, incremental=False))
        found += [f"seed {seed} ({'; '.join(done)}): {k}" for k in whole if fast[k] != whole[k]]
    assert found == []
    assert len(built) == 1  # the first diff built the base; every other one read it kept
    assert len(list((root / ".cache/omrade/base").glob("*.pickle"))) == 1


def test_the_second_diff_reads_no_base_blob_and_validates_none_of_it(
    bundled, with_cache, built, monkeypatch
) -> None:
    from omrade.repo import repository

    root = _root(bundled)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    view = gitview.open_git(root)
    first = _as_dict(compare(view, "main", None, AS_OF))
    made: list[str] = []
    blobs: list[list[str]] = []
    make_document, read_blobs = repository.make_document, gitview.read_blobs

    def counting_make(loaded: Any) -> Any:
        made.append(loaded.file)
        return make_document(loaded)

    def counting_read(view: Any, oids: list[str]) -> dict[str, bytes]:
        blobs.append(list(oids))
        return read_blobs(view, oids)

    monkeypatch.setattr(repository, "make_document", counting_make)
    monkeypatch.setattr(gitview, "make_document", counting_make)
    monkeypatch.setattr(gitview, "read_blobs", counting_read)
    again = _as_dict(compare(view, "main", None, AS_OF))
    assert again == first
    assert made == [PLAN]  # the changed file alone
    # one blob: municipality.yaml, whose site logo the published part names
    assert [len(b) for b in blobs] == [1]
    assert len(built) == 1
    assert any("sof" in str(item) for doc in again["documents"] for item in doc["items"])


def test_the_words_of_a_kept_base_follow_the_run(bundled, with_cache, built) -> None:
    """Findings are worded when found: an English run's base is not a Swedish run's."""
    root = _root(bundled)
    _edit(root, PLAN, "responsible: kof", "responsible: ingen-sadan")
    view = gitview.open_git(root)
    with speaking("en"):
        english = _as_dict(compare(view, "main", None, AS_OF))
    with speaking("sv"):
        swedish = _as_dict(compare(view, "main", None, AS_OF))
        whole = _as_dict(compare(view, "main", None, AS_OF, incremental=False))
    assert swedish == whole and english != swedish
    assert len(built) == 2


def test_another_as_of_is_another_base(bundled, with_cache, built) -> None:
    root = _root(bundled)
    view = gitview.open_git(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    compare(view, "main", None, AS_OF)
    later = dt.date(2026, 12, 7)
    assert _as_dict(compare(view, "main", None, later)) == _as_dict(
        compare(view, "main", None, later, incremental=False)
    )
    assert len(built) == 2


def test_the_key_is_what_names_data_at_the_base(bundled, with_cache, built) -> None:
    """A base commit that changed nothing under data/ finds the same entry; one that
    changed only a file's mode under data/ is another base."""
    root = _root(bundled)
    view = gitview.open_git(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    first = _as_dict(compare(view, "main", None, AS_OF))
    (root / "README.md").write_text("Planer\n", encoding="utf-8")
    bundled.index.add(["README.md"])  # (the plan's edit stays in the working tree)
    bundled.index.commit("a readme")
    assert _as_dict(compare(view, "main", None, AS_OF)) == first
    assert len(built) == 1
    district = root / "data/districts/alby.yaml"
    district.chmod(0o755)
    bundled.git.add("data/districts/alby.yaml")
    bundled.index.commit("a district made executable")
    compare(view, "main", None, AS_OF)
    assert len(built) == 2


def test_a_logo_changed_in_the_working_tree_is_looked_at_again(bundled, with_cache, built) -> None:
    """The site's logo is read from the working tree, not from git: the kept base is
    used only while it looks the same."""
    root = _root(bundled)
    mun = root / "data" / "municipality.yaml"
    text = mun.read_text(encoding="utf-8")
    assert "site:" not in text
    mun.write_text(text + "site:\n  logo: logga.png\n", encoding="utf-8")
    (root / "logga.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    bundled.git.add(A=True)
    bundled.index.commit("logo")
    view = gitview.open_git(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    compare(view, "main", None, AS_OF)
    (root / "logga.png").unlink()  # now the base's OMR241 finds it missing
    fast = _as_dict(compare(view, "main", None, AS_OF))
    assert fast == _as_dict(compare(view, "main", None, AS_OF, incremental=False))
    assert len(built) == 2


MARKER = "pwned"


class _Payload:
    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {MARKER}",))


def _entry(root: Path) -> Path:
    (found,) = (root / ".cache/omrade/base").glob("*.pickle")
    return found


def test_an_entry_not_signed_with_this_users_key_is_never_unpickled(
    bundled, with_cache, built, tmp_path, monkeypatch
) -> None:
    """A pickle laid in the cache (a forged signature, another key's, a signature for
    another entry) is refused before a byte of it is unpickled; the diff builds the base
    and gives the whole comparison's result."""
    root = _root(bundled)
    monkeypatch.chdir(tmp_path)
    view = gitview.open_git(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    whole = _as_dict(compare(view, "main", None, AS_OF, incremental=False))
    assert _as_dict(compare(view, "main", None, AS_OF)) == whole
    entry = _entry(root)
    name = entry.stem
    body = pickle.dumps(_Payload())
    other_key = b"k" * signed.KEY_BYTES
    forgeries = [
        signed.FORMAT + b" " + b"0" * 64 + b"\n" + body,
        signed.FORMAT + b" " + signed._signature(other_key, name, body) + b"\n" + body,
        b"" + body,
    ]
    key = signed.signing_key(create=False)
    assert key is not None
    forgeries.append(  # this user's key, but signed for another entry
        signed.FORMAT + b" " + signed._signature(key, "another", body) + b"\n" + body
    )
    for forged in forgeries:
        entry.write_bytes(forged)
        assert _as_dict(compare(view, "main", None, AS_OF)) == whole
        assert not (tmp_path / MARKER).exists()
    # and the control: signed for this entry with this user's key, it would run
    entry.write_bytes(signed.FORMAT + b" " + signed._signature(key, name, body) + b"\n" + body)
    signed.read(entry, name)
    assert (tmp_path / MARKER).exists()


def test_an_entry_of_this_users_whose_layout_is_wrong_is_ignored(
    bundled, with_cache, built
) -> None:
    """Properly signed, but its table of parts says more than the entry holds (or is cut
    short): the diff builds the base and gives the whole comparison's result."""
    import struct

    root = _root(bundled)
    view = gitview.open_git(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    whole = _as_dict(compare(view, "main", None, AS_OF, incremental=False))
    assert _as_dict(compare(view, "main", None, AS_OF)) == whole
    entry = _entry(root)
    for body in (struct.pack("<QQ", 1 << 60, 10), struct.pack("<QQ", 0, 1 << 40), b"\0" * 7):
        assert signed.write_bytes(entry, entry.stem, body)
        assert _as_dict(compare(view, "main", None, AS_OF)) == whole
    assert len(built) == 4


def test_a_key_others_can_read_or_a_linked_key_is_not_used(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    entry = tmp_path / "entry.pickle"
    assert signed.write(entry, "label", {"a": 1})
    assert signed.read(entry, "label") == {"a": 1}
    assert signed.read(entry, "other") is None
    key = tmp_path / "xdg" / "omrade" / "signing-key"
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    assert signed.read(entry, "label") is None
    assert not signed.write(entry, "label", {"a": 2})
    key.chmod(0o600)
    moved = tmp_path / "elsewhere"
    key.rename(moved)
    key.symlink_to(moved)
    assert signed.read(entry, "label") is None
    key.unlink()
    moved.rename(key)
    entry.write_bytes(entry.read_bytes()[:-3])  # truncated
    assert signed.read(entry, "label") is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME")
    assert signed.signing_key(create=True) is None
    assert not signed.write(entry, "label", {"a": 3})


def test_no_cache_and_a_tracked_cache_keep_no_base(bundled, built, monkeypatch) -> None:
    root = _root(bundled)
    view = gitview.open_git(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    compare(view, "main", None, AS_OF)  # the cache off (as the library's default)
    assert not (root / ".cache/omrade/base").exists()
    token = cache.set_enabled(True)
    try:
        compare(view, "main", None, AS_OF)
        entry = _entry(root)
        bundled.git.add("-f", entry.relative_to(root).as_posix())
        cache.reset(token)
        token = cache.set_enabled(True)
        compare(view, "main", None, AS_OF)
    finally:
        cache.reset(token)
    assert len(built) == 3  # off: built; on: built and kept; tracked: built again


def test_the_command_keeps_the_base_and_says_the_same(tmp_path) -> None:
    """As a reviewer runs it: ``omrade diff main`` twice, the second from the kept base,
    prints the same; ``--no-cache`` keeps nothing."""
    root = tmp_path / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    (root / ".gitignore").write_text("/.cache/\n", encoding="utf-8")
    _committed(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    env = {**os.environ}
    env.pop("OMRADE_NO_CACHE", None)
    cmd = [sys.executable, "-m", "omrade", "diff", "main", "-C", str(root), "--as-of", "2026-10-01"]
    outs = [subprocess.run(cmd, env=env, capture_output=True, text=True) for _ in range(2)]
    assert [o.returncode for o in outs] == [0, 0], outs[0].stderr
    assert outs[0].stdout == outs[1].stdout
    assert "Socialförvaltningen" in outs[0].stdout
    assert len(list((root / ".cache/omrade/base").glob("*.pickle"))) == 1
    shutil.rmtree(root / ".cache")
    subprocess.run([*cmd, "--no-cache"], env=env, capture_output=True, check=True)
    assert not (root / ".cache").exists()


@pytest.mark.parametrize("shape", ["a link elsewhere", "a file"])
def test_a_base_folder_that_is_a_link_or_a_file_is_neither_used_nor_written_through(
    bundled, with_cache, built, tmp_path, shape
) -> None:
    root = _root(bundled)
    view = gitview.open_git(root)
    _edit(root, PLAN, "responsible: kof", "responsible: sof")
    whole = _as_dict(compare(view, "main", None, AS_OF, incremental=False))
    folder = root / ".cache" / "omrade" / "base"
    folder.parent.mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if shape == "a file":
        folder.write_text("not a folder", encoding="utf-8")
    else:
        folder.symlink_to(elsewhere)
    for _ in range(2):
        assert _as_dict(compare(view, "main", None, AS_OF)) == whole
    assert len(built) == 2  # built each time: nothing kept
    assert list(elsewhere.iterdir()) == []


def test_a_kept_base_unpickles_only_the_documents_the_change_needs(
    tmp_path, with_cache, built, monkeypatch
) -> None:
    """A diff of one plan against a kept base lays the head from the base and unpickles
    the few documents its rules read again (and the districts the allocation's inputs
    name), not the base's every document; the result is the whole comparison's."""
    from omrade.diff import base as kept

    root = tmp_path / "plans"
    _generate(root, 60)
    (root / ".gitignore").write_text("/.cache/\n", encoding="utf-8")
    _committed(root)
    _edit(
        root,
        "data/programmes/d00007-2024-2027/plan-2025.yaml",
        "responsible: kof",
        "responsible: sof",
    )
    view = gitview.open_git(root)
    whole = _as_dict(compare(view, "main", None, AS_OF, incremental=False))
    assert _as_dict(compare(view, "main", None, AS_OF)) == whole  # (the base is kept)
    opened: set[int] = set()
    part = kept._Parts.part

    def counting(self: Any, at: int) -> Any:
        opened.add(at)
        return part(self, at)

    monkeypatch.setattr(kept._Parts, "part", counting)
    again = _as_dict(compare(view, "main", None, AS_OF))
    assert again == whole and again["documents"]
    assert len(built) == 1
    documents = len(list((root / "data").rglob("*.yaml")))
    assert documents > 400
    assert 0 < len(opened) <= documents // 5, (len(opened), documents)

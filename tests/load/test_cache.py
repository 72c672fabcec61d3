"""The cache of read files (.cache/omrade/): it never changes a result, and a cache that
is corrupt, truncated, half written, another omrade's, committed to git, or cannot be
written is ignored (and rebuilt where it can be), never trusted."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omrade.cli import app
from omrade.load import cache
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case
from tests.journeys.test_hostile import BOUNDED, HOSTILE

# a user's own runs (`make demo` validates examples/stockholm) leave a cache beside the
# data; the copies start without one
NO_CACHE = shutil.ignore_patterns(".cache")

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMRADE_NO_CACHE")  # conftest turns it off for the other tests


PACKS = Path(".cache") / "omrade" / "packs"


def _hostile_repo(dest: Path, large: bool = False) -> Path:
    """The base fixture with the hostile corpus laid in: files that fail in every way the
    reader knows (syntax, anchors, nesting, encodings, size; with ``large``, thousands of
    duplicate keys, tab indents and unknown keys, counted beyond the listed ones)."""
    repo = dest / "hostile"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    for name, (content, _code) in HOSTILE.items():
        (repo / "data" / "dialogues" / name).write_bytes(content)
    for name in ("duplicate-keys-5mb", "unknown-keys-40k", "tab-indents-5mb") if large else ():
        text, _code, _more = BOUNDED[name]
        (repo / "data" / "districts" / "norr" / f"{name}.yaml").write_text(text, "utf-8")
    anchors = "kind: dialogue\nid: a\ntitle: &t x\nresults: *t\n"
    (repo / "data" / "dialogues" / "anchors.yaml").write_text(anchors, "utf-8")
    quoted = (FIXTURES / "base" / "data" / "budget" / "2025.yaml").read_text("utf-8")
    quoted = quoted.replace("unit: 1000", 'unit: "1000"')  # a quoted number stays text
    district = repo / "data" / "districts" / "norr.yaml"  # no quote in it: tags alone
    tagged = district.read_text("utf-8").replace("value: 10000", "value: !!str 10000")
    district.write_text(tagged.replace("year: 2024", "year: ! 2024"), "utf-8")
    (repo / "data" / "budget" / "2025.yaml").write_text(quoted, "utf-8")
    return repo


def _cases() -> list[tuple[str, Path | None]]:
    return [("base", None), ("stockholm", None), ("hostile", None)] + [(c.name, c) for c in CASES]


def _prepare(name: str, case: Path | None, tmp_path: Path) -> tuple[Path, list[str]]:
    if name == "base":
        repo = tmp_path / "base"
        shutil.copytree(FIXTURES / "base", repo, ignore=NO_CACHE)
        _git(repo, "init", "-q")  # the cache is trusted only where git can answer
        return repo, ["--as-of", BASE_AS_OF]
    if name == "stockholm":
        repo = tmp_path / "stockholm"
        shutil.copytree(ROOT / "examples" / "stockholm", repo, ignore=NO_CACHE)
        _git(repo, "init", "-q")  # the cache is trusted only where git can answer
        return repo, ["--as-of", "2025-12-15"]
    if name == "hostile":
        return _hostile_repo(tmp_path, large=True), ["--as-of", BASE_AS_OF]
    assert case is not None
    repo, spec = build_case(case, tmp_path)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    return repo, ["--as-of", str(spec.get("as_of", BASE_AS_OF)), *spec.get("args", [])]


class Parses:
    """Counts the files parsed afresh (not taken from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.count = 0
        real = cache.parse_bytes

        def counting(raw: bytes, file: str, max_bytes: int):  # type: ignore[no-untyped-def]
            self.count += 1
            return real(raw, file, max_bytes)

        monkeypatch.setattr(cache, "parse_bytes", counting)


def _validate(runner, repo: Path, *args: str) -> tuple[int, bytes]:
    # these are the per-file cache's tests: the run cache, which would answer an unchanged
    # repository first, is removed (tests/load/test_runcache.py tests it)
    runs = repo / ".cache" / "omrade" / "runs"
    if not runs.is_symlink():
        shutil.rmtree(runs, ignore_errors=True)
    result = runner.invoke(app, ["validate", str(repo), "--format", "json", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout_bytes


def _data_files(repo: Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".cache" not in p.relative_to(repo).parts
    }


@pytest.mark.parametrize("name, case", _cases(), ids=[n for n, _ in _cases()])
def test_validate_is_byte_identical_with_and_without_the_cache(
    runner, monkeypatch, tmp_path: Path, name: str, case: Path | None
) -> None:
    repo, args = _prepare(name, case, tmp_path)
    before = _data_files(repo)
    uncached = _validate(runner, repo, *args, "--no-cache")
    assert not (repo / ".cache").exists(), "--no-cache writes nothing"
    cold = _validate(runner, repo, *args)
    parses = Parses(monkeypatch)
    warm = _validate(runner, repo, *args)
    assert cold == uncached
    assert warm == uncached
    assert parses.count == 0, "the warm run parsed files again instead of using the cache"
    assert list((repo / PACKS).glob("*.pack")), "the cold run wrote the cache"
    assert _data_files(repo) == before, "reading changed a file outside .cache/omrade/"


def _site(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("name", ["base", "stockholm"])
def test_report_is_byte_identical_with_and_without_the_cache(
    runner, monkeypatch, tmp_path: Path, name: str
) -> None:
    repo, args = _prepare(name, None, tmp_path)
    sites = []
    for extra in (["--no-cache"], [], []):
        out = tmp_path / f"out{len(sites)}"
        if len(sites) == 2:
            parses = Parses(monkeypatch)
        result = runner.invoke(app, ["report", "-C", str(repo), "--out", str(out), *args, *extra])
        assert result.exit_code == 0, result.output
        sites.append(_site(out))
    assert parses.count == 0
    assert len(sites[0]) > 5
    assert sites[1] == sites[0]
    assert sites[2] == sites[0]


# --- a cache not to be trusted -------------------------------------------------------------


@pytest.fixture
def warmed(runner, tmp_path: Path) -> tuple[Path, bytes]:
    """The hostile repository with a cache written, and validate's output without one."""
    repo = _hostile_repo(tmp_path)
    truth = _validate(runner, repo, "--as-of", BASE_AS_OF, "--no-cache")[1]
    assert _validate(runner, repo, "--as-of", BASE_AS_OF)[1] == truth
    return repo, truth


def _pack(repo: Path) -> Path:
    (pack,) = (repo / PACKS).glob("*.pack")
    return pack


def _rewrite(pack: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """Change a pack's body and give it a correct header again (as a forger would)."""
    head, _, body = pack.read_bytes().partition(b"\n")
    body = edit(body)
    header = json.loads(head)
    header["body"] = hashlib.sha256(body).hexdigest()
    pack.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _check_ignored_and_rebuilt(runner, monkeypatch, repo: Path, truth: bytes) -> None:
    parses = Parses(monkeypatch)
    assert _validate(runner, repo, "--as-of", BASE_AS_OF)[1] == truth
    assert parses.count > 0, "the damaged cache was used"
    parses.count = 0
    assert _validate(runner, repo, "--as-of", BASE_AS_OF)[1] == truth
    assert parses.count == 0, "the cache was not rebuilt"


def test_a_corrupt_pack_is_ignored_and_rebuilt(runner, monkeypatch, warmed) -> None:
    repo, truth = warmed
    pack = _pack(repo)
    content = bytearray(pack.read_bytes())
    content[len(content) // 2] ^= 0x20  # one flipped bit in the body
    pack.write_bytes(bytes(content))
    _check_ignored_and_rebuilt(runner, monkeypatch, repo, truth)


def test_a_truncated_pack_is_ignored_and_rebuilt(runner, monkeypatch, warmed) -> None:
    repo, truth = warmed
    pack = _pack(repo)
    pack.write_bytes(pack.read_bytes()[: pack.stat().st_size // 2])
    _check_ignored_and_rebuilt(runner, monkeypatch, repo, truth)


def test_another_omrades_pack_is_ignored_and_rebuilt(runner, monkeypatch, warmed) -> None:
    repo, truth = warmed
    pack = _pack(repo)
    head, _, body = pack.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["fingerprint"] = "0" * 64  # another version of omrade wrote it
    pack.write_bytes(json.dumps(header).encode() + b"\n" + body)
    _check_ignored_and_rebuilt(runner, monkeypatch, repo, truth)


def test_an_entry_holding_a_number_is_refused(runner, monkeypatch, warmed) -> None:
    """The reader never makes a number: an entry that holds one was not written by it."""
    repo, truth = warmed
    _rewrite(_pack(repo), lambda body: body.replace(b'"year":"2025"', b'"year":2025'))
    _check_ignored_and_rebuilt(runner, monkeypatch, repo, truth)


def test_a_half_written_pack_is_never_read(runner, monkeypatch, warmed) -> None:
    """A run killed while writing leaves a temporary file, never a pack; a pack being
    replaced is renamed into place whole."""
    repo, truth = warmed
    pack = _pack(repo)
    (pack.parent / ".tmp-killed").write_bytes(pack.read_bytes()[:1000])
    forged = pack.read_bytes().replace(b'"year":"2025"', b'"year":"2024"')
    (pack.parent / ".tmp-other-run.pack").write_bytes(forged)  # no header check passes
    parses = Parses(monkeypatch)
    assert _validate(runner, repo, "--as-of", BASE_AS_OF)[1] == truth
    assert parses.count == 0


def test_two_runs_writing_at_once_leave_a_cache_that_is_right(runner, tmp_path: Path) -> None:
    """Two runs that each wrote their own pack (as concurrent runs do): both are read,
    neither is half a pack, and the result stays the same."""
    repo = _hostile_repo(tmp_path)
    truth = _validate(runner, repo, "--as-of", BASE_AS_OF, "--no-cache")[1]
    code = (
        "import sys; from omrade.entry import main; "
        "sys.argv = ['omrade', 'validate', sys.argv[1], '--as-of', sys.argv[2], '-f', 'json']; "
        "main()"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMRADE_NO_CACHE"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(repo), BASE_AS_OF],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(out == truth for out in outputs)
    assert _validate(runner, repo, "--as-of", BASE_AS_OF)[1] == truth
    for pack in (repo / PACKS).glob("*.pack"):
        head, _, body = pack.read_bytes().partition(b"\n")
        assert json.loads(head)["body"] == hashlib.sha256(body).hexdigest()


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_a_cache_committed_to_git_is_not_used(runner, monkeypatch, warmed) -> None:
    """A pull request can add .cache/omrade/ with entries made to hide a problem (git -f):
    a cache that git tracks is not used at all."""
    repo, truth = warmed
    pack = _pack(repo)
    # the forgery: the base budget's entry says its unit is "1000" unquoted, and every
    # hostile dialogue's reading diagnostics are gone
    _rewrite(pack, lambda body: body.replace(b'"diagnostics":[[', b'"diagnostics":[],"x":[['))
    forged = _validate(runner, repo, "--as-of", BASE_AS_OF)[1]
    assert forged != truth, "the forgery, if trusted, changes the result (so this test tests)"
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "add", "-f", ".cache/omrade")
    _git(repo, "commit", "-q", "-m", "a pull request")
    parses = Parses(monkeypatch)
    assert _validate(runner, repo, "--as-of", BASE_AS_OF)[1] == truth
    assert parses.count > 0


def test_a_linked_cache_folder_is_not_used(runner, tmp_path: Path) -> None:
    """.cache/omrade as a link could point anywhere on the machine: never written through."""
    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".cache").mkdir()
    (repo / ".cache" / "omrade").symlink_to(elsewhere)
    truth = _validate(runner, repo, "--as-of", BASE_AS_OF, "--no-cache")
    assert _validate(runner, repo, "--as-of", BASE_AS_OF) == truth
    assert list(elsewhere.iterdir()) == []


def test_a_repository_where_the_cache_cannot_be_written_still_works(runner, tmp_path) -> None:
    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    (repo / ".cache").write_text("not a folder\n")  # mkdir fails as on a read-only disk
    truth = _validate(runner, repo, "--as-of", BASE_AS_OF, "--no-cache")
    result = runner.invoke(app, ["validate", str(repo), "--as-of", BASE_AS_OF, "-f", "json"])
    assert (result.exit_code, result.stdout_bytes) == truth
    assert "cache" not in result.stderr  # silently skipped
    assert (repo / ".cache").read_text() == "not a folder\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_repository_still_works(runner, tmp_path: Path) -> None:
    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    truth = _validate(runner, repo, "--as-of", BASE_AS_OF, "--no-cache")
    repo.chmod(0o555)
    try:
        assert _validate(runner, repo, "--as-of", BASE_AS_OF) == truth
        assert not (repo / ".cache").exists()
    finally:
        repo.chmod(0o755)


def test_cache_clear_removes_the_cache_and_the_next_run_rebuilds_it(
    runner, monkeypatch, warmed
) -> None:
    repo, truth = warmed
    result = runner.invoke(app, ["cache", "clear", "-C", str(repo)])
    assert result.exit_code == 0, result.output
    assert "poster borttagna ur" in result.stderr  # the municipality's language
    assert not (repo / ".cache" / "omrade").exists()
    again = runner.invoke(app, ["--lang", "en", "cache", "clear", "-C", str(repo)])
    assert "0 entries removed from" in again.stderr
    _check_ignored_and_rebuilt(runner, monkeypatch, repo, truth)


def test_a_changed_file_is_read_again_and_the_others_are_not(runner, monkeypatch, warmed) -> None:
    repo, _truth = warmed
    plan = repo / "data" / "programmes" / "norr-2024-2027" / "plan-2025.yaml"
    plan.write_text(plan.read_text("utf-8").replace("Sommarjobb", "Sommarjobb 2025"), "utf-8")
    truth = _validate(runner, repo, "--as-of", BASE_AS_OF, "--no-cache")[1]
    parses = Parses(monkeypatch)
    assert _validate(runner, repo, "--as-of", BASE_AS_OF)[1] == truth
    assert parses.count == 1


def test_the_cache_is_ignored_by_git_even_without_an_ignore_line(runner, warmed) -> None:
    repo, _truth = warmed
    _git(repo, "init", "-q")
    listed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".cache" not in listed


def test_init_writes_the_ignore_line(runner, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert "/.cache/" in (target / ".gitignore").read_text("utf-8").splitlines()


def test_the_library_leaves_the_cache_off_unless_asked(tmp_path: Path) -> None:
    from omrade.repo.repository import load_repository

    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    assert not cache.enabled()
    load_repository(repo)
    assert not (repo / ".cache").exists()
    token = cache.set_enabled(True)
    try:
        load_repository(repo)
    finally:
        cache.reset(token)
    assert list((repo / PACKS).glob("*.pack"))

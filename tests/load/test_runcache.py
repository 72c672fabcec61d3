"""The run cache (.cache/omrade/runs/): a warm ``omrade validate`` answers from a whole
run's stored result. It prints the same bytes and exits with the same code as a run
without the cache in every format; any change to what the run reads, to an option that
changes the result or to omrade makes it miss; an entry that is corrupt, truncated,
another omrade's or committed to git is not used; and a warm run imports neither
pydantic nor the models, the rules or the YAML reader."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omrade.cli import app
from omrade.entry import _fast_validate_options
from omrade.load import cache, runcache
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case
from tests.load.test_cache import NO_CACHE, _git, _hostile_repo

FORMATS = ("text", "json", "github", "sarif")
RUNS = Path(".cache") / "omrade" / "runs"
CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMRADE_NO_CACHE")  # conftest turns it off for the other tests


class Runs:
    """Counts the validate runs computed (not answered by the run cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        import omrade.validation as validating

        self.count = 0
        real = validating.check

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(validating, "check", counting)


def _validate(runner, repo: Path, *args: str, fmt: str = "json") -> tuple[int, bytes, str]:
    result = runner.invoke(app, ["validate", str(repo), "-f", fmt, *args])
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), result.output
    return result.exit_code, result.stdout_bytes, result.stderr


def _case(
    name: str, case: Path | None, tmp_path: Path, large: bool = True
) -> tuple[Path, list[str]]:
    if name in ("base", "stockholm", "bundled"):
        source = {
            "base": FIXTURES / "base",
            "stockholm": ROOT / "examples" / "stockholm",
            "bundled": ROOT,
        }[name]
        repo = tmp_path / name
        shutil.copytree(source / "data", repo / "data", ignore=NO_CACHE)
        _git(repo, "init", "-q")  # the cache is trusted only where git can answer
        return repo, ["--as-of", "2025-12-15" if name == "stockholm" else BASE_AS_OF]
    if name == "hostile":
        return _hostile_repo(tmp_path, large=large), ["--as-of", BASE_AS_OF]
    assert case is not None
    repo, spec = build_case(case, tmp_path)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    return repo, ["--as-of", str(spec.get("as_of", BASE_AS_OF)), *spec.get("args", [])]


def _cases() -> list[tuple[str, Path | None]]:
    named: list[tuple[str, Path | None]] = [
        ("base", None),
        ("stockholm", None),
        ("bundled", None),
        ("hostile", None),
    ]
    return named + [(c.name, c) for c in CASES]


@pytest.mark.parametrize("name, case", _cases(), ids=[n for n, _ in _cases()])
def test_every_format_is_byte_identical_from_the_run_cache(
    runner, monkeypatch, tmp_path: Path, name: str, case: Path | None
) -> None:
    repo, args = _case(name, case, tmp_path)
    uncached = {fmt: _validate(runner, repo, *args, "--no-cache", fmt=fmt) for fmt in FORMATS}
    assert not (repo / ".cache").exists()
    cold = _validate(runner, repo, *args, fmt="json")
    runs = Runs(monkeypatch)
    warm = {fmt: _validate(runner, repo, *args, fmt=fmt) for fmt in FORMATS}
    assert cold == uncached["json"]
    assert warm == uncached
    if uncached["json"][0] == 2:  # a configuration error is not cached: it is said again
        assert runs.count == len(FORMATS)
        assert not list((repo / RUNS).glob("*.json"))
    else:
        assert runs.count == 0, "a warm run computed the result again"
        assert len(list((repo / RUNS).glob("*.json"))) == 1
    # --strict turns warnings into a failure from the cache as without it
    strict = [
        _validate(runner, repo, *args, "--strict", *extra)[0] for extra in ([], ["--no-cache"])
    ]
    assert strict[0] == strict[1]


# --- a miss whenever anything the run reads changes ------------------------------------------

LOGO = "assets/logo.svg"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'


@pytest.fixture
def warm(runner, tmp_path: Path) -> Path:
    """The base repository with a site logo and a file data/ should not hold (a warning),
    its run cached."""
    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    municipality = repo / "data" / "municipality.yaml"
    text = municipality.read_text("utf-8").replace(
        "follow_up: tertial\n", f"follow_up: tertial\nsite: {{logo: {LOGO}}}\n"
    )
    municipality.write_text(text, "utf-8")
    (repo / "assets").mkdir()
    (repo / LOGO).write_bytes(SVG)
    (repo / "data" / "notes.txt").write_text("x\n")  # OMR015
    _validate(runner, repo, "--as-of", BASE_AS_OF)
    return repo


def _flip(path: Path, old: bytes, new: bytes) -> None:
    content = path.read_bytes()
    assert old in content
    path.write_bytes(content.replace(old, new, 1))


PLAN = "data/programmes/norr-2024-2027/plan-2025.yaml"


def _big_logo(repo: Path) -> None:
    (repo / LOGO).write_bytes(SVG + b"<!--" + b"x" * 300_000 + b"-->\n")


CHANGES = {
    "a byte of a plan file": lambda r: _flip(r / PLAN, b"Sommarjobb", b"Sommarjobc"),
    "a byte of municipality.yaml": lambda r: _flip(
        r / "data" / "municipality.yaml", b"Exempels", b"Exempelz"
    ),
    "municipality.yaml's rules: setting": lambda r: _flip(
        r / "data" / "municipality.yaml",
        b"follow_up: tertial\n",
        b"follow_up: tertial\nrules: {OMR314: off}\n",
    ),
    "a byte of the logo": lambda r: _flip(r / LOGO, b"10", b"11"),
    "the logo removed": lambda r: (r / LOGO).unlink(),
    "the logo too large": _big_logo,
    "the logo replaced by a link": lambda r: (
        (r / LOGO).unlink(),
        (r / LOGO).symlink_to("/etc/hostname"),
    ),
    "a plan file added": lambda r: (r / "data" / "dialogues" / "ny.yaml").write_text(
        "kind: dialogue\nid: ny\n", "utf-8"
    ),
    "a plan file removed": lambda r: (r / "data" / "dialogues" / "norr-torg.yaml").unlink(),
    "a plan file renamed": lambda r: (r / "data" / "dialogues" / "norr-torg.yaml").rename(
        r / "data" / "dialogues" / "torget.yaml"
    ),
    "another file added under data/": lambda r: (r / "data" / "other.txt").write_text("x\n"),
    "a folder added under data/": lambda r: (r / "data" / "empty").mkdir(),
    "a link added under data/": lambda r: (r / "data" / "x.yaml").symlink_to("/etc/hostname"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_what_the_run_reads_is_a_miss(
    runner, monkeypatch, warm: Path, change: str
) -> None:
    CHANGES[change](warm)
    truth = _validate(runner, warm, "--as-of", BASE_AS_OF, "--no-cache")
    runs = Runs(monkeypatch)
    assert _validate(runner, warm, "--as-of", BASE_AS_OF) == truth
    assert runs.count == 1, "the run cache answered for a repository that changed"
    assert _validate(runner, warm, "--as-of", BASE_AS_OF) == truth
    assert runs.count == 1, "the new result was cached"


def test_a_change_that_changes_the_result_is_seen(runner, warm: Path) -> None:
    """So that the misses above are not only misses: the logo's size is read."""
    before = _validate(runner, warm, "--as-of", BASE_AS_OF)
    _big_logo(warm)
    after = _validate(runner, warm, "--as-of", BASE_AS_OF)
    assert b"OMR241" not in before[1]
    assert b"OMR241" in after[1]


@pytest.mark.parametrize(
    "options",
    [
        ["--as-of", "2025-10-02"],
        ["--as-of", BASE_AS_OF, "--max-diagnostics", "1"],
        ["--as-of", BASE_AS_OF, "--max-file-size", "2000"],
    ],
    ids=["as-of", "max-diagnostics", "max-file-size"],
)
def test_another_option_is_a_miss(runner, monkeypatch, warm: Path, options: list[str]) -> None:
    truth = _validate(runner, warm, *options, "--no-cache")
    runs = Runs(monkeypatch)
    assert _validate(runner, warm, *options) == truth
    assert runs.count == 1


def test_another_omrade_is_a_miss(runner, monkeypatch, warm: Path, tmp_path: Path) -> None:
    """One changed module of omrade, or another pydantic, makes every entry foreign."""
    truth = _validate(runner, warm, "--as-of", BASE_AS_OF, "--no-cache")
    package = tmp_path / "omrade"
    shutil.copytree(ROOT / "omrade", package, ignore=shutil.ignore_patterns("__pycache__"))
    module = package / "rules" / "site.py"
    module.write_text(module.read_text("utf-8") + "\n# changed\n", "utf-8")
    runs = Runs(monkeypatch)
    try:
        runcache.fingerprint.cache_clear()
        monkeypatch.setattr(runcache, "__file__", str(package / "load" / "runcache.py"))
        assert _validate(runner, warm, "--as-of", BASE_AS_OF) == truth
        assert runs.count == 1
        runcache.fingerprint.cache_clear()
        monkeypatch.setattr(runcache, "_versions", lambda: '[["pydantic", "9.9.9"]]')
        assert _validate(runner, warm, "--as-of", BASE_AS_OF) == truth
        assert runs.count == 2
    finally:
        monkeypatch.undo()
        runcache.fingerprint.cache_clear()


def test_the_fingerprint_names_the_libraries_that_shape_a_result() -> None:
    import pydantic
    import yaml

    versions = dict(json.loads(runcache._versions()))
    assert versions["pydantic"] == pydantic.VERSION
    assert versions["pyyaml"] == yaml.__version__
    assert "pydantic_core" in versions


# --- an entry that cannot be trusted is not used -----------------------------------------------


def _entry(repo: Path) -> Path:
    (entry,) = (repo / RUNS).glob("*.json")
    return entry


def _forge(entry: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the entry's body, its header's hash made to match (as a forger would)."""
    import hashlib

    head, _, body = entry.read_bytes().partition(b"\n")
    body = change(body)
    header = json.loads(head)
    header["body"] = hashlib.sha256(body).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _hide_everything(body: bytes) -> bytes:
    data = json.loads(body)
    data["outcome"]["diagnostics"] = []
    return json.dumps(data).encode()


def _check_not_used_and_rebuilt(runner, monkeypatch, repo: Path, truth) -> None:  # type: ignore[no-untyped-def]
    runs = Runs(monkeypatch)
    assert _validate(runner, repo, "--as-of", BASE_AS_OF) == truth
    assert runs.count == 1, "an entry that cannot be trusted was used"
    assert _validate(runner, repo, "--as-of", BASE_AS_OF) == truth
    assert runs.count == 1, "the entry was written anew"


BREAKAGES = {
    "a byte flipped": lambda e: e.write_bytes(e.read_bytes().replace(b"OMR", b"OMX", 1)),
    "truncated": lambda e: e.write_bytes(e.read_bytes()[: len(e.read_bytes()) // 2]),
    "empty": lambda e: e.write_bytes(b""),
    "no header": lambda e: e.write_bytes(e.read_bytes().partition(b"\n")[2]),
    "another format": lambda e: e.write_bytes(
        e.read_bytes().replace(runcache.FORMAT.encode(), b"omrade-run-0", 1)
    ),
    "another omrade's": lambda e: e.write_bytes(
        e.read_bytes().replace(runcache.fingerprint().encode(), b"0" * 64, 1)
    ),
    "a number for a file name": lambda e: _forge(e, _diagnostic(0, 7)),
    "an unknown rule code": lambda e: _forge(e, lambda b: b.replace(b'"OMR', b'"XMR', 1)),
    "a line of zero": lambda e: _forge(e, _diagnostic(1, 0)),
    "a line that is true": lambda e: _forge(e, _diagnostic(1, True)),
    "a fraction for a count": lambda e: _forge(
        e, lambda b: b.replace(b'"files":', b'"files":1.5,"x":', 1)
    ),
    "not a list of looks": lambda e: _forge(e, _set("looks", {"a": 1})),
    "a look at another file": lambda e: _forge(e, _set("looks", [["data/x", [None]]])),
}


def _set(name: str, value: object):  # type: ignore[no-untyped-def]
    def change(body: bytes) -> bytes:
        data = json.loads(body)
        data[name] = value
        return json.dumps(data).encode()

    return change


def _diagnostic(field: int, value: object):  # type: ignore[no-untyped-def]
    """A change to the first diagnostic's ``field`` (0 file, 1 line, …)."""

    def change(body: bytes) -> bytes:
        data = json.loads(body)
        data["outcome"]["diagnostics"][0][field] = value
        return json.dumps(data).encode()

    return change


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_an_entry_that_cannot_be_trusted_is_ignored_and_rebuilt(
    runner, monkeypatch, warm: Path, breakage: str
) -> None:
    truth = _validate(runner, warm, "--as-of", BASE_AS_OF, "--no-cache")
    BREAKAGES[breakage](_entry(warm))
    _check_not_used_and_rebuilt(runner, monkeypatch, warm, truth)


def test_an_entry_for_another_key_is_not_used(runner, monkeypatch, warm: Path) -> None:
    """An entry copied under another key's name (another repository's state) says so in
    its header, and is not used."""
    entry = _entry(warm)
    _flip(warm / PLAN, b"Sommarjobb", b"Sommarjobc")
    listing = runcache.manifest(warm, 5 * 1024 * 1024)
    other = runcache.key(listing, BASE_AS_OF, 5 * 1024 * 1024, 1000)
    shutil.copy(entry, entry.parent / f"{other}.json")
    changed = _validate(runner, warm, "--as-of", BASE_AS_OF, "--no-cache")
    runs = Runs(monkeypatch)
    assert _validate(runner, warm, "--as-of", BASE_AS_OF) == changed
    assert runs.count == 1


def test_a_forged_entry_is_used_only_while_git_does_not_track_it(
    runner, monkeypatch, warm: Path
) -> None:
    """A pull request can add .cache/omrade/runs/ with an entry made to hide every
    problem: a cache that git tracks is not used at all."""
    truth = _validate(runner, warm, "--as-of", BASE_AS_OF, "--no-cache")
    assert b"OMR015" in truth[1]
    _forge(_entry(warm), _hide_everything)
    forged = _validate(runner, warm, "--as-of", BASE_AS_OF)
    assert b"OMR015" not in forged[1], "the forgery, if trusted, hides it (so this test tests)"
    _git(warm, "init", "-q")
    _git(warm, "add", "-A")
    _git(warm, "add", "-f", ".cache/omrade")
    _git(warm, "commit", "-q", "-m", "a pull request")
    runs = Runs(monkeypatch)
    assert _validate(runner, warm, "--as-of", BASE_AS_OF) == truth
    assert runs.count == 1


def test_a_linked_runs_folder_is_not_used(runner, tmp_path: Path) -> None:
    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".cache" / "omrade").mkdir(parents=True)
    (repo / RUNS).symlink_to(elsewhere)
    truth = _validate(runner, repo, "--as-of", BASE_AS_OF, "--no-cache")
    assert _validate(runner, repo, "--as-of", BASE_AS_OF) == truth
    assert _validate(runner, repo, "--as-of", BASE_AS_OF) == truth
    assert list(elsewhere.iterdir()) == []


def test_no_cache_and_the_environment_turn_it_off(runner, monkeypatch, warm: Path) -> None:
    truth = _validate(runner, warm, "--as-of", BASE_AS_OF)
    runs = Runs(monkeypatch)
    assert _validate(runner, warm, "--as-of", BASE_AS_OF, "--no-cache") == truth
    monkeypatch.setenv("OMRADE_NO_CACHE", "1")
    assert _validate(runner, warm, "--as-of", BASE_AS_OF) == truth
    assert runs.count == 2


def test_cache_clear_removes_the_run_entries(runner, warm: Path) -> None:
    result = runner.invoke(app, ["cache", "clear", "-C", str(warm)])
    assert result.exit_code == 0, result.output
    assert not (warm / RUNS).exists()


def test_the_library_leaves_the_run_cache_off_unless_asked(tmp_path: Path) -> None:
    import datetime as dt

    from omrade import api

    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    assert not cache.enabled()
    api.validate([repo], dt.date(2025, 10, 1))
    assert not (repo / ".cache").exists()


def test_naming_files_to_report_on_is_not_cached(runner, monkeypatch, warm: Path) -> None:
    named = warm / "data" / "guidelines"
    runs = Runs(monkeypatch)
    first = _validate(runner, warm / "data" / "districts", "--as-of", BASE_AS_OF)
    assert _validate(runner, warm / "data" / "districts", "--as-of", BASE_AS_OF) == first
    assert runs.count == 2
    assert not named.exists()


# --- the command line: the same bytes, and nothing heavy imported -----------------------------

PROBE = (
    "import sys, os\n"
    "from omrade.entry import main\n"
    "sys.argv = ['omrade'] + sys.argv[1:]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    heavy = sorted(m for m in ('pydantic', 'typer', 'omrade.model', 'omrade.rules', "
    "'omrade.load.reader', 'omrade.repo.repository', 'yaml') if m in sys.modules)\n"
    "    with open(os.environ['PROBE_OUT'], 'w') as f:\n"
    "        f.write(' '.join(heavy))\n"
)


def _omrade(repo: Path, tmp_path: Path, *args: str, cache_on: bool = True):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k not in ("OMRADE_NO_CACHE", "GITHUB_ACTIONS")}
    env["PROBE_OUT"] = str(tmp_path / "imported.txt")
    if not cache_on:
        env["OMRADE_NO_CACHE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=repo, capture_output=True, env=env, timeout=120
    )
    imported = (tmp_path / "imported.txt").read_text()
    return (done.returncode, done.stdout, done.stderr), imported


@pytest.mark.parametrize("name", ["bundled", "hostile"])
def test_a_warm_validate_prints_the_same_and_imports_nothing_heavy(
    tmp_path: Path, name: str
) -> None:
    repo, args = _case(name, None, tmp_path / "repo", large=False)
    for fmt in FORMATS:
        uncached, imported = _omrade(repo, tmp_path, "validate", "-f", fmt, *args, cache_on=False)
        assert "pydantic" in imported and "typer" in imported  # so the check below can fail
        _omrade(repo, tmp_path, "validate", "-f", fmt, *args)  # the first writes the entry
        warm, imported = _omrade(repo, tmp_path, "validate", "-f", fmt, *args)
        assert warm == uncached, fmt
        assert imported == "", f"a warm validate imported {imported}"
    # named from elsewhere, as CI and make bench name it
    uncached, _ = _omrade(tmp_path, tmp_path, "validate", str(repo), *args, cache_on=False)
    warm, imported = _omrade(tmp_path, tmp_path, "validate", str(repo), *args)
    assert (warm, imported) == (uncached, "")
    strict = [
        _omrade(repo, tmp_path, "validate", "--strict", *args, cache_on=on)[0][0]
        for on in (False, True)
    ]
    assert strict[0] == strict[1]


def test_the_forms_validate_answers_before_typer() -> None:
    """Only the plainest forms; anything else goes to typer, which parses and says."""
    assert _fast_validate_options(["validate"]) == {}
    assert _fast_validate_options(
        ["validate", "-f", "json", "--as-of=2025-01-01", "--strict", "--max-diagnostics", "5"]
    ) == {"format": "json", "as_of": "2025-01-01", "strict": "", "max_diagnostics": "5"}
    assert _fast_validate_options(["validate", "repo"]) == {"path": "repo"}
    for refused in (
        ["validate", "data", "other"],  # two paths
        ["validate", "--no-cache"],
        ["validate", "--help"],
        ["validate", "-fjson"],
        ["validate", "-f", "yaml"],
        ["validate", "-f", "JSON"],
        ["validate", "-f", "json", "-f", "text"],
        ["validate", "--as-of"],
        ["validate", "--max-diagnostics", "0"],
        ["validate", "--max-diagnostics", "+5"],
        ["validate", "--max-diagnostics", "5.0"],
        ["validate", "--max-file-size", str((1 << 30) + 1)],
        ["validate", "--", "x"],
        ["--debug", "validate"],
        ["report"],
    ):
        assert _fast_validate_options(refused) is None, refused


def test_what_a_run_opens_is_in_its_key(tmp_path: Path) -> None:
    """Every file a validate opens or lists inside the repository is under data/ or
    .cache/, or is looked at again before an entry is used (the logo): a rule that reads
    another file must make it part of the key."""
    repo = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", repo)
    _git(repo, "init", "-q")  # the cache is trusted only where git can answer
    municipality = repo / "data" / "municipality.yaml"
    text = municipality.read_text("utf-8").replace(
        "follow_up: tertial\n", f"follow_up: tertial\nsite: {{logo: {LOGO}}}\n"
    )
    municipality.write_text(text, "utf-8")
    (repo / "assets").mkdir()
    (repo / LOGO).write_bytes(SVG)
    code = (
        "import sys, os\n"
        "seen = []\n"
        "def hook(event, args):\n"
        "    if event in ('open', 'os.scandir', 'os.listdir') and args and "
        "isinstance(args[0], (str, bytes, os.PathLike)):\n"
        "        seen.append(str(args[0]))\n"
        "sys.addaudithook(hook)\n"
        "from omrade.entry import main\n"
        f"sys.argv = ['omrade', 'validate', '--as-of', '{BASE_AS_OF}']\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    with open(os.environ['SEEN_OUT'], 'w') as f:\n"
        "        f.write('\\n'.join(seen))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMRADE_NO_CACHE"}
    env["SEEN_OUT"] = str(tmp_path / "seen.txt")
    subprocess.run([sys.executable, "-c", code], cwd=repo, env=env, timeout=120, check=False)
    seen = (tmp_path / "seen.txt").read_text().splitlines()
    inside = set()
    for path in seen:
        full = Path(path) if Path(path).is_absolute() else repo / path
        if not full.exists():
            continue  # not a path (an import hook's name)
        try:
            inside.add(full.resolve().relative_to(repo.resolve()).as_posix())
        except ValueError:
            continue
    assert any(p.startswith("data/") for p in inside)
    outside = {p for p in inside if not p.startswith(("data", ".cache"))} - {".", LOGO}
    assert outside == set(), f"validate read {outside}, which the run cache's key misses"
    assert LOGO in inside, "the look at the logo is recorded with the result"


def test_a_cold_run_reads_each_plan_file_once(tmp_path: Path) -> None:
    """The run cache's key hashes every plan file; the run parses those same bytes rather
    than opening each file again (and prints what a run without the cache prints)."""
    repo, args = _case("base", None, tmp_path)
    code = (
        "import sys, os\n"
        "opened = []\n"
        "def hook(event, args):\n"
        "    if event == 'open' and isinstance(args[0], (str, os.PathLike)) and "
        "str(args[0]).endswith('.yaml'):\n"
        "        opened.append(os.path.relpath(args[0]))\n"
        "sys.addaudithook(hook)\n"
        "from omrade.entry import main\n"
        "sys.argv = ['omrade', 'validate', '-f', 'json', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    with open(os.environ['OPENED_OUT'], 'w') as f:\n"
        "        f.write('\\n'.join(opened))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMRADE_NO_CACHE"}
    env["OPENED_OUT"] = str(tmp_path / "opened.txt")
    cold = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=repo, env=env, capture_output=True, timeout=120
    )
    opened = (tmp_path / "opened.txt").read_text().splitlines()
    plan_files = sorted(p.relative_to(repo).as_posix() for p in (repo / "data").rglob("*.yaml"))
    assert sorted(set(opened)) == plan_files, "the run did not read every plan file"
    twice = sorted(p for p in plan_files if opened.count(p) > 1)
    # municipality.yaml is read once more for the run's language, before the run
    assert twice in ([], ["data/municipality.yaml"]), f"read more than once: {twice}"
    env["OMRADE_NO_CACHE"] = "1"
    uncached = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=repo, env=env, capture_output=True, timeout=120
    )
    assert (cold.returncode, cold.stdout) == (uncached.returncode, uncached.stdout)

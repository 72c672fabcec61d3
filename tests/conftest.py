"""Shared helpers: fixture repositories, the CLI runner, and expectation markers."""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import omrade.catalogue  # noqa: F401  (every rule defined: the tests run rules directly too)
from omrade.cli import app

# Commands run by the tests read without the cache, so that running the tests writes
# nothing into the fixtures and examples they read in place; tests/load/test_cache.py turns
# it on and shows that the results are the same either way.
os.environ["OMRADE_NO_CACHE"] = "1"
os.environ.pop("OMRADE_LANG", None)  # the commands speak the municipality's language
# this user's cache folder (the signing key of omrade.load.signed): one of the tests' own
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="omrade-tests-xdg-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
BASE_AS_OF = "2025-10-01"
MARKER = re.compile(r"#\s*expect:\s*((?:OMR\d{3}\s*)+)")


@pytest.fixture(autouse=True)
def _no_language_left() -> Iterator[None]:
    """A command run in this process leaves its language chosen; the next test starts
    with none (as a new process would)."""
    yield
    from omrade.diagnostics import unset_lang

    unset_lang()


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that reads the messages in English (as --lang en would give them)."""
    monkeypatch.setenv("OMRADE_LANG", "en")


@pytest.fixture
def swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands as a user runs them: the municipality's language (no $OMRADE_LANG)."""
    monkeypatch.delenv("OMRADE_LANG", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def build_case(case: Path, dest: Path) -> tuple[Path, dict]:
    """The base repository with the case's files laid over it (and some removed)."""
    repo = dest / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    spec = {}
    if (case / "case.yaml").exists():
        spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8")) or {}
    if (case / "data").exists():
        shutil.copytree(case / "data", repo / "data", dirs_exist_ok=True)
    for rel in spec.get("remove", []):
        (repo / rel).unlink()
    for item in spec.get("generate", []):
        # files too large to commit, or with names git checkouts may not keep
        name = item["file"]
        if item.get("latin1_name"):
            name = os.fsdecode(name.encode("latin-1"))  # the bytes of a Latin-1 name
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = item.get("head", "") + item.get("repeat", "") * item.get("times", 0)
        path.write_text(text + item.get("tail", ""), encoding="utf-8")
    for rel, target in spec.get("links", {}).items():  # git would check these out as links
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, repo / rel)
    return repo, spec


def expected_markers(repo: Path) -> Counter:
    """(code, file, line) for every '# expect: CODE' marker in the repository's files."""
    found: Counter = Counter()
    for path in sorted((repo / "data").rglob("*.yaml")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8", "replace")
        for number, line in enumerate(text.splitlines(), start=1):
            match = MARKER.search(line)
            if match:
                for code in match.group(1).split():
                    found[(code, path.relative_to(repo).as_posix(), number)] += 1
    return found


def run_json(runner: CliRunner, repo: Path, *args: str) -> tuple[int, dict]:
    """``omrade validate --format json``, its messages in English unless ``args`` ask for
    another language (the tests that read the messages read them in English)."""
    lang = [] if "--lang" in args else ["--lang", "en"]
    result = runner.invoke(app, ["validate", str(repo), "--format", "json", *lang, *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout)

"""The pre-commit hook, run by the real `pre-commit` tool in a throw-away plan repository.

The hook definition is read from `.pre-commit-hooks.yaml`; only `language` and `entry` are
replaced (by `system` and this checkout's `omrade`), so that pre-commit does not build an
environment from the network. Everything that decides when the hook runs and what it is
given (`always_run`, `pass_filenames`, `files`) is the shipped definition.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "fixtures" / "base"
OMRADE = Path(sys.executable).with_name("omrade")
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def environment(repo: Path) -> dict[str, str]:
    """Git and pre-commit isolated from the user's own configuration and caches."""
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, env=environment(repo), capture_output=True, text=True
    )


@pytest.fixture
def plan_repo(tmp_path: Path) -> Path:
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is missing from the environment: run make install-dev")
    repo = tmp_path / "plans"
    shutil.copytree(BASE, repo)
    hook = next(
        h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
        if h["id"] == "omrade-validate"
    )
    entry = hook["entry"].split()
    assert entry[0] == "omrade"
    hook = {
        **hook,
        "language": "system",
        "entry": " ".join([str(OMRADE), *entry[1:]]),
        # The fixture's dates are those of autumn 2025; rules that depend on the date
        # are replayed as of then.
        "args": ["--as-of", "2025-10-01"],
    }
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    hooks = subprocess.run(
        [str(PRE_COMMIT), "install"],
        cwd=repo,
        env=environment(repo),
        capture_output=True,
        text=True,
        check=False,
    )
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr
    git(repo, "add", "-A")
    first = git(repo, "commit", "-q", "-m", "Plans as adopted")
    assert first.returncode == 0, first.stdout + first.stderr
    return repo


def test_hook_passes_a_clean_change_and_runs_when_no_data_file_is_staged(
    plan_repo: Path,
) -> None:
    (plan_repo / "README.md").write_text("Planer\n")
    git(plan_repo, "add", "README.md")
    done = git(plan_repo, "commit", "-m", "README")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "omrade validate" in done.stdout + done.stderr
    assert "Passed" in done.stdout + done.stderr


def test_renaming_an_organisation_fails_the_commit_where_it_is_used(plan_repo: Path) -> None:
    municipality = plan_repo / "data" / "municipality.yaml"
    text = municipality.read_text()
    assert "{id: utbf," in text
    municipality.write_text(text.replace("{id: utbf,", "{id: utbildning,"))
    git(plan_repo, "add", "data/municipality.yaml")
    refused = git(plan_repo, "commit", "-m", "Rename the education administration")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "OMR204" in output
    # Reported where the broken references are, not on the file the commit touched.
    assert "data/programmes/" in output or "data/groups/" in output
    assert git(plan_repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_deleting_a_district_fails_the_commit(plan_repo: Path) -> None:
    districts = sorted((plan_repo / "data" / "districts").glob("*.yaml"))
    victim = districts[0]
    git(plan_repo, "rm", "-q", str(victim.relative_to(plan_repo)))
    refused = git(plan_repo, "commit", "-m", f"Remove {victim.stem}")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "OMR201" in output
    assert git(plan_repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

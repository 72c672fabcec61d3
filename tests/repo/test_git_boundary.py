"""git is run the one way (omrade.load.gitcmd): what a repository's own configuration
names never runs, revisions git cannot resolve are a clean error, blobs over the size
limit are never read, and a remote's credentials never reach an export (issue 25)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omrade.cli import app
from omrade.repo.git import without_credentials
from tests.conftest import BASE_AS_OF, FIXTURES

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=ENV, check=True
    )
    return done.stdout


def plans(tmp_path: Path) -> Path:
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def _hostile_config(root: Path, marker: Path) -> None:
    """What a copied or unzipped repository's .git/config can name: each runs a command
    that leaves a file behind."""
    script = root.parent / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n", "utf-8")
    script.chmod(0o755)
    (root / ".gitattributes").write_text("*.yaml filter=evil diff=evil\n", "utf-8")
    for key, value in {
        "core.fsmonitor": str(script),
        "filter.evil.clean": str(script),
        "filter.evil.process": str(script),
        "filter.evil.required": "true",
        "diff.evil.textconv": str(script),
        "diff.external": str(script),
        "core.pager": str(script),
        "log.showSignature": "true",
        "gpg.program": str(script),
    }.items():
        git(root, "config", key, value)
    # a change in the working tree, so that comparing it needs its content
    norr = root / "data/districts/norr.yaml"
    norr.write_text(norr.read_text("utf-8").replace("name: Norr", "name: Norra"), "utf-8")


def test_what_a_repositorys_config_names_never_runs(runner, tmp_path: Path, monkeypatch) -> None:
    root = plans(tmp_path)
    marker = tmp_path / "RAN"
    _hostile_config(root, marker)
    # the configuration is live: plain git runs it (so this test tests)
    subprocess.run(["git", "-C", str(root), "status"], capture_output=True, env=ENV, check=False)
    assert marker.exists(), "plain git did not run the repository's commands"
    marker.unlink()

    monkeypatch.delenv("OMRADE_NO_CACHE", raising=False)  # the cache asks git too
    for args in (
        ["validate", str(root), "--as-of", BASE_AS_OF],
        ["validate", str(root), "--as-of", BASE_AS_OF],  # warm: the cache's own check
        ["diff", "HEAD", "-C", str(root), "--as-of", BASE_AS_OF],
        ["report", "-C", str(root), "--out", str(tmp_path / "site"), "--as-of", BASE_AS_OF],
        ["export", "follow-up", "2025-T2", "-C", str(root), "--out", str(tmp_path / "t2.xlsx")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert not marker.exists(), f"omrade {args[0]} ran a command the repository named"


def test_a_revision_git_cannot_resolve_is_a_clean_error(runner, tmp_path: Path) -> None:
    root = plans(tmp_path)
    for rev in ("HEAD@{now}", "HEAD@{garbage}", "--output=/tmp/x", "nope\x1b[31m", "HEAD:data"):
        args = ["diff", "-C", str(root), "--as-of", BASE_AS_OF, "--", rev]
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), rev
        assert result.exit_code in (0, 2), (rev, result.output)
        assert "\x1b" not in result.output
        if result.exit_code == 2:
            assert "is not a revision of this repository" in " ".join(result.stderr.split())
    assert not Path("/tmp/x").exists()


def _limit(mb: int):  # type: ignore[no-untyped-def]
    def pre() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))

    return pre


def test_diff_never_reads_a_blob_over_the_limit(tmp_path: Path) -> None:
    """Three 60 MB plan files committed: each is reported as too large from its size in
    ``ls-tree -l``; under a 300 MB address-space cap (whole blobs read into memory, as
    before, do not fit)."""
    root = plans(tmp_path)
    for name in ("a", "b", "c"):
        with open(root / "data" / "dialogues" / f"big-{name}.yaml", "w", encoding="utf-8") as f:
            line = f"# {name} " + "x" * 90 + "\n"
            f.write(line * (60 * 1024 * 1024 // len(line)))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "large")
    (root / "data" / "dialogues" / "big-a.yaml").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "omrade", "diff", "HEAD~1", "-C", str(root), "-f", "json"],
        capture_output=True,
        text=True,
        preexec_fn=_limit(300),
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert done.stdout.count("OMR007") >= 2, done.stdout[-2000:]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://user:p@ss@example.org/kommun/planer.git",
            "https://example.org/kommun/planer.git",
        ),
        ("https://user:pa/ss@example.org/planer.git", "https://example.org/planer.git"),
        ("https://user:pa?ss#x@example.org/planer.git", "https://example.org/planer.git"),
        (
            "https://token@example.org/planer.git?private_token=abc",
            "https://example.org/planer.git",
        ),
        ("git@example.org:kommun/planer.git", "example.org:kommun/planer.git"),
        ("user:secret@example.org:planer.git", "example.org:planer.git"),
        ("/srv/git/planer.git", "/srv/git/planer.git"),
        ("https://example.org/planer\x1b[2J.git", "https://example.org/planer\\u001b[2J.git"),
    ],
)
def test_credentials_never_leave_a_remote_url(url: str, shown: str) -> None:
    assert without_credentials(url) == shown


def test_the_export_names_the_remote_without_its_password(tmp_path: Path) -> None:
    from omrade.exchange.database import identity
    from omrade.repo.repository import load_repository

    root = plans(tmp_path)
    git(root, "remote", "add", "origin", "https://kommun:hemligt@lösen@example.org/planer.git")
    who = identity(load_repository(root), None)
    assert who.repository == "https://example.org/planer.git"
    assert "hemligt" not in who.repository and "lösen" not in who.repository


def test_a_forged_cache_is_not_used_where_git_cannot_answer(
    runner, tmp_path: Path, monkeypatch
) -> None:
    """A repository whose folder another user owns (git refuses: "dubious ownership")
    and one with no .git at all (an unpacked archive): a cache that came with the files
    is not used, so a forged run entry never reaches the output."""
    from tests.load.test_runcache import _entry, _forge, _hide_everything

    if os.geteuid() != 0:
        pytest.skip("making a folder another user owns needs root")
    monkeypatch.delenv("OMRADE_NO_CACHE", raising=False)
    root = plans(tmp_path)
    (root / "data/districts/norr.yaml").write_text("kind: district\nid: norr\n", "utf-8")
    args = ["validate", str(root), "--as-of", BASE_AS_OF]
    truth = runner.invoke(app, [*args, "--no-cache"])
    assert truth.exit_code == 1
    assert runner.invoke(app, args).stdout == truth.stdout  # the cache is written
    _forge(_entry(root), _hide_everything)
    forged = runner.invoke(app, args)
    assert forged.stdout != truth.stdout, "the forgery, if trusted, changes the output"
    for make_untrusted in ("chown", "no-git"):
        if make_untrusted == "chown":
            for path in [root, *root.rglob("*")]:
                os.lchown(path, 65534, 65534)
        else:
            shutil.rmtree(root / ".git")
        result = runner.invoke(app, args)
        assert result.stdout == truth.stdout, make_untrusted

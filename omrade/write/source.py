"""Where the running omrade came from: the pin `omrade init` writes for CI to install.

A plan repository's CI installs omrade from ``omrade-requirements.txt``. A bare ``omrade``
names a package no index serves (and that anyone could register), so init pins the exact
code it was made with: a git URL with a full commit, found from the installed
distribution (pip's ``direct_url.json``) or from the git checkout omrade runs from.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from omrade.diagnostics import say

# The one place that names omrade's own repository; override it with the environment
# variable below or `omrade init --source-url`, e.g. for a fork or an internal mirror.
DEFAULT_SOURCE_URL = "https://github.com/omrade/omrade"
SOURCE_URL_ENV = "OMRADE_SOURCE_URL"

_SHA = re.compile(r"[0-9a-f]{40}")


class SourceError(ValueError):
    """A source URL that pip cannot install from (a usage error)."""


@dataclass
class Pin:
    """The requirement line, and what the person running init should know about it."""

    requirement: str
    url: str  # omrade's repository
    commit: str | None
    notes: list[str] = field(default_factory=list)


def source_url(option: str | None = None) -> str:
    """The URL of omrade's repository: the option, else the environment, else the default."""
    url = (option or os.environ.get(SOURCE_URL_ENV) or DEFAULT_SOURCE_URL).strip()
    if not re.fullmatch(r"(https|file)://[^\s@#]+", url):
        raise SourceError(
            say(
                "'{url}' is not a URL pip can install omrade from: write "
                "https://host/org/omrade (from --source-url or {env})",
                "'{url}' är ingen adress som pip kan installera omrade från: skriv "
                "https://värd/organisation/omrade (i --source-url eller {env})",
            ).format(url=url, env=SOURCE_URL_ENV)
        )
    return url.removesuffix("/")


def _direct_url() -> dict[str, object] | None:
    """pip's record of where the installed omrade came from (PEP 610), if any."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution("omrade").read_text("direct_url.json")
    except PackageNotFoundError:
        return None
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _git(cwd: Path, *args: str) -> str | None:
    from omrade.load import gitcmd  # the one way to run git: the checkout's drivers off

    try:
        return gitcmd.run(cwd, *args, timeout=20).decode("utf-8", "replace").strip()
    except gitcmd.GitError:
        return None


def checkout_of(package_dir: Path) -> Path | None:
    """The git checkout of omrade's own source that ``package_dir`` lies in, if any."""
    top = package_dir.parent
    pyproject = top / "pyproject.toml"
    if not pyproject.is_file() or not re.search(
        r'^name\s*=\s*"omrade"', pyproject.read_text(encoding="utf-8"), re.M
    ):
        return None
    found = _git(top, "rev-parse", "--show-toplevel")
    return top if found and Path(found).resolve() == top.resolve() else None


def pin(
    version: str,
    url_option: str | None = None,
    direct_url: dict[str, object] | None = None,
    package_dir: Path | None = None,
) -> Pin:
    """The requirement that installs exactly this omrade, or its version when unknown.

    Looks, in order, at a git install's recorded commit (``pip install git+…``) and at
    the git checkout the code runs from (``pip install -e .``, ``make install``).
    """
    explicit = url_option or os.environ.get(SOURCE_URL_ENV)
    url = source_url(url_option)
    record = direct_url if direct_url is not None else _direct_url()
    vcs = record.get("vcs_info") if record else None
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        recorded = str(vcs.get("commit_id", ""))
        if _SHA.fullmatch(recorded):
            notes = []
            if not explicit and record and isinstance(record.get("url"), str):
                try:
                    url = source_url(str(record["url"]))
                except SourceError:  # e.g. credentials in it: never written to a file
                    notes.append(
                        say(
                            "omrade was installed from a URL that is not written; using {url}",
                            "omrade installerades från en adress som inte skrivs ut; "
                            "använder {url}",
                        ).format(url=url)
                    )
            return Pin(f"omrade @ git+{url}@{recorded}", url, recorded, notes)
    if package_dir is None:
        package_dir = Path(__file__).resolve().parent.parent
    checkout = checkout_of(package_dir)
    commit = _git(checkout, "rev-parse", "HEAD") if checkout else None
    if checkout and commit and _SHA.fullmatch(commit):
        notes = []
        if _git(
            checkout,
            "status",
            "--porcelain",
            "--untracked-files=normal",
            "--",
            "omrade",
            "pyproject.toml",
        ):
            notes.append(
                say(
                    "omrade's checkout ({checkout}) has uncommitted changes: CI installs "
                    "commit {commit}, without them",
                    "omrades utcheckning ({checkout}) har ändringar som inte är "
                    "incheckade: CI installerar commit {commit}, utan dem",
                ).format(checkout=checkout, commit=commit[:12])
            )
        if not _git(checkout, "branch", "--remotes", "--contains", commit):
            notes.append(
                say(
                    "commit {commit} is on no remote branch of {checkout}: push it to "
                    "{url}, or CI cannot install it",
                    "commit {commit} finns inte på någon fjärrgren i {checkout}: pusha den "
                    "till {url}, annars kan CI inte installera den",
                ).format(commit=commit[:12], checkout=checkout, url=url)
            )
        return Pin(f"omrade @ git+{url}@{commit}", url, commit, notes)
    return Pin(
        f"omrade=={version}",
        url,
        None,
        [
            say(
                "could not find the commit this omrade was installed from, so "
                "omrade-requirements.txt pins omrade=={version}, which no package index "
                "serves: replace it with 'omrade @ git+{url}@<full commit>' before the "
                "first pull request (see the README, 'init')",
                "hittade inte den commit som omrade installerades från, så "
                "omrade-requirements.txt låser omrade=={version}, som inget paketindex "
                "har: byt ut raden mot 'omrade @ git+{url}@<hel commit>' före den första "
                "pull requesten (se README, 'init')",
            ).format(version=version, url=url)
        ],
    )


def requirements_file(p: Pin) -> str:
    """The text of a plan repository's ``omrade-requirements.txt``."""
    how = (
        f"the exact omrade commit this repository was made with ({p.commit})"
        if p.commit
        else "the omrade version this repository was made with (no commit was found)"
    )
    return (
        "# What CI installs (pip install -r omrade-requirements.txt): " + how + ".\n"
        "# Pinned, so that CI runs the code that was reviewed. To upgrade, change the commit\n"
        "# in a pull request of its own.\n" + p.requirement + "\n"
    )

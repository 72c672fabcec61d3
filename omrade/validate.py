"""Validation: load a repository, run every rule, apply the configured severities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from omrade.diagnostics import Outcome, apply_severities
from omrade.loader import DEFAULT_MAX_BYTES
from omrade.repository import Repository, load_repository
from omrade.rules import run_checks


def validate(
    root: Path, as_of: dt.date, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Repository, Outcome]:
    """Every diagnostic of the repository at ``root`` (raises ConfigError for exit 2)."""
    repo = load_repository(root, max_bytes)
    found = [*repo.diagnostics, *run_checks(repo, as_of)]
    overrides = repo.severity_overrides()
    return repo, Outcome(apply_severities(found, overrides), files=len(repo.docs))

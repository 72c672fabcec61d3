"""Changes to what is published or what runs: templates, the logo, the site settings,
the municipality's settings, workflows and what CI installs.

None of these is a plan, but each changes what the next push to ``main`` publishes or
what CI does with it, so ``omrade diff`` names every one with what it affects; the
trust model says what to read in each before merging.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from omrade.model import documents as m
from omrade.repo.repository import Repository

# what a change is (the JSON's "what"), for the renderers to say what it affects
TEMPLATE_BASE = "base template"  # templates/base.*.j2: every page
TEMPLATE_STYLE = "stylesheet"  # templates/style.css: every page's look
TEMPLATE = "template"  # another template: the pages it renders
LOGO = "logo"
SITE_SETTINGS = "site settings"  # site: in municipality.yaml
RULE_SETTINGS = "rule settings"  # rules: in municipality.yaml
MUNICIPALITY = "municipality"  # the rest of municipality.yaml: names on every page
WORKFLOW = "workflow"
REQUIREMENTS = "requirements"  # omrade-requirements.txt: the omrade CI installs
CODE = "code"  # pyproject.toml, setup.py, setup.cfg, omrade/: code CI runs

BUILD_FILES = {"pyproject.toml", "setup.py", "setup.cfg"}


def classify(path: str, prefix: str, logos: set[str]) -> str | None:
    """What a changed file outside ``data/`` is (a git path; ``prefix``: where the plan
    repository is in the work tree), or None when it changes neither the site nor CI."""
    inside = path.removeprefix(f"{prefix}/") if prefix else path
    if prefix and inside == path:
        inside = ""  # outside the plan repository: only the work tree's own files count
    parts = PurePosixPath(path).parts
    if parts[:2] in ((".github", "workflows"), (".github", "actions")):
        return WORKFLOW
    if inside in logos:
        return LOGO
    if inside.startswith("templates/"):
        name = PurePosixPath(inside).name
        if name.startswith("base."):
            return TEMPLATE_BASE
        if name.endswith(".css"):
            return TEMPLATE_STYLE
        return TEMPLATE
    if inside == "omrade-requirements.txt":
        return REQUIREMENTS
    if path in BUILD_FILES or inside in BUILD_FILES or parts[:1] == ("omrade",):
        return CODE
    return None


def logo_in(data: Any) -> str | None:
    """The logo named by a municipality file's plain data (read even when it has errors)."""
    site = data.get("site") if isinstance(data, dict) else None
    logo = site.get("logo") if isinstance(site, dict) else None
    return logo if isinstance(logo, str) else None


def municipality_changes(before: Repository, after: Repository) -> list[str]:
    """What in ``municipality.yaml`` changed, by what it affects (site settings, rule
    settings, the rest), when it is valid at both revisions."""
    b, a = before.municipality, after.municipality
    if b is None or a is None or b == a:
        return []
    out = []
    if b.site != a.site:
        out.append(SITE_SETTINGS)
    if b.rules != a.rules:
        out.append(RULE_SETTINGS)
    rest = set(m.Municipality.model_fields) - {"site", "rules"}
    if any(getattr(b, name) != getattr(a, name) for name in rest):
        out.append(MUNICIPALITY)
    return out


def published_changes(
    other: dict[str, str],
    data: dict[str, str],
    prefix: str,
    logos: set[str],
    municipality: list[str],
) -> list[dict[str, Any]]:
    """Every change to what is published or what runs, a row each: ``path`` (in the git
    work tree), ``status`` (added, removed, modified) and ``what`` (see the constants).
    ``other``: the changed files other than plan files; ``data``: the plan files;
    ``logos``: the logo at either revision; ``municipality``: what changed in
    ``municipality.yaml`` (``municipality_changes``)."""
    words = {"A": "added", "D": "removed"}
    rows: list[dict[str, Any]] = []
    for path, status in sorted(other.items()):
        what = classify(path, prefix, logos)
        if what is not None:
            rows.append({"path": path, "status": words.get(status, "modified"), "what": what})
    mun = "data/municipality.yaml"
    if mun in data:
        whole = f"{prefix}/{mun}" if prefix else mun
        found = municipality or [MUNICIPALITY]
        rows += [
            {"path": whole, "status": words.get(data[mun], "modified"), "what": what}
            for what in found
        ]
    return rows

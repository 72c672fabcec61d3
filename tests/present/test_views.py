"""The report's view models (omrade/present/site/pages.py): templates name fields that
exist, a field that does not is a located diagnostic, and ``omrade status`` lists what the
report lists without building the report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import types
import typing
from importlib import resources
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from omrade.cli import app
from omrade.present.site import pages, view
from omrade.present.site.attention import needs_attention
from omrade.repo.git import Provenance
from omrade.validation import validate
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT

TEMPLATES = Path(str(resources.files("omrade") / "templates"))
PAGE_OF = {
    "overview": pages.OverviewPage,
    "district": pages.DistrictPage,
    "dialogue": pages.DialoguePage,
    "follow_up": pages.FollowUpPage,
    "allocation": pages.AllocationPage,
    "about": pages.AboutPage,
    "accessibility": pages.AccessibilityPage,
}


def _report(runner, repo: Path, out: Path):
    return runner.invoke(app, ["report", "-C", str(repo), "--as-of", BASE_AS_OF, "-o", str(out)])


@pytest.mark.parametrize(
    ("template", "typo", "message"),
    [
        # a misspelt field of the page
        (
            "district.html.j2",
            ("page.population_year", "page.populaton_year"),
            "DistrictPage has no field 'populaton_year'",
        ),
        # a misspelt field of a part, inside a loop and an {% if %}
        (
            "overview.html.j2",
            ("{% if r.glance %}", "{% if r.glanse %}"),
            "OverviewRow has no field 'glanse'",
        ),
        # in the Markdown templates too
        ("about.md.j2", ("d.changed", "d.last_changed"), "DocumentRow has no field"),
    ],
)
def test_a_template_naming_a_field_that_does_not_exist_is_refused(
    runner, tmp_path: Path, template: str, typo: tuple[str, str], message: str
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    assert typo[0] in source
    line = source[: source.index(typo[0])].count("\n") + 1
    (repo / "templates").mkdir()
    (repo / "templates" / template).write_text(source.replace(typo[0], typo[1], 1))
    out = tmp_path / "out"
    result = _report(runner, repo, out)
    assert result.exit_code == 2, result.output
    assert "OMR802" in result.output and f"templates/{template}:{line}" in result.output
    text = " ".join(result.output.split())  # the terminal wraps long lines
    assert message in text, text
    assert "its fields:" in text and "Traceback" not in text
    assert not out.exists()  # nothing is written, not even a page with a blank


def test_the_unchanged_templates_render_from_an_override(runner, tmp_path: Path) -> None:
    """The control for the test above: the same copy without the typo renders."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    (repo / "templates").mkdir()
    for name in ("district.html.j2", "overview.html.j2", "about.md.j2"):
        shutil.copy(TEMPLATES / name, repo / "templates" / name)
    result = _report(runner, repo, tmp_path / "out")
    assert result.exit_code == 0, result.output


# --- every field a built-in template names exists (checked without rendering) ------------


def _unwrap(tp: object) -> object:
    """X | None → X."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        rest = [a for a in typing.get_args(tp) if a is not type(None)]
        return rest[0] if len(rest) == 1 else None
    return tp


def _element(tp: object) -> object:
    """The type of an item of tuple[X, ...]."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _check(node: nodes.Node, scope: dict[str, object], where: str, found: list[str]) -> None:
    def type_of(expr: nodes.Node) -> object:
        if isinstance(expr, nodes.Name):
            return scope.get(expr.name)
        if isinstance(expr, nodes.Getattr):
            owner = _unwrap(type_of(expr.node))
            if isinstance(owner, type) and dataclasses.is_dataclass(owner):
                hints = typing.get_type_hints(owner)
                if expr.attr not in hints:
                    found.append(f"{where}:{expr.lineno}: {owner.__name__}.{expr.attr}")
                    return None
                return hints[expr.attr]
        for child in expr.iter_child_nodes():
            type_of(child)
        return None

    if isinstance(node, nodes.For):
        type_of(node.iter)
        inner = dict(scope)
        item = _element(_unwrap(type_of(node.iter)))
        targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
        parts = typing.get_args(item) if len(targets) > 1 else (item,)
        for target, part in zip(targets, parts or [None] * len(targets), strict=False):
            if isinstance(target, nodes.Name):
                inner[target.name] = part
        for child in [*node.body, *node.else_]:
            _check(child, inner, where, found)
        return
    if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
        scope[node.target.name] = type_of(node.node)
        return
    if isinstance(node, nodes.Expr):
        type_of(node)
        return
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Stmt | nodes.Template | nodes.Helper):
            _check(child, scope, where, found)
        else:
            type_of(child)


def _undeclared_fields(name: str, source: str, page: type) -> list[str]:
    context = typing.get_type_hints(pages.Context)
    scope: dict[str, object] = {**context, "page": page}
    found: list[str] = []
    _check(jinja2.Environment().parse(source), scope, name, found)
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.j2")))
def test_every_field_a_built_in_template_names_exists(name: str) -> None:
    """Branches the fixtures never reach are checked too: a renamed field fails here."""
    page = PAGE_OF.get(name.split(".")[0])
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    scope_page = page if page is not None else object  # base and macros: the context only
    assert _undeclared_fields(name, source, scope_page) == []


def test_the_field_check_finds_a_misspelt_field() -> None:
    source = (TEMPLATES / "district.html.j2").read_text(encoding="utf-8")
    broken = source.replace("{{ a.trend }}", "{{ a.trends }}").replace(
        "{{ an.year }}", "{{ an.yaer }}"
    )
    found = _undeclared_fields("district.html.j2", broken, pages.DistrictPage)
    assert [f.split(": ")[1] for f in found] == ["AnalysisView.yaer", "ActionRow.trends"]


# --- omrade status --------------------------------------------------------------------------


def test_status_lists_what_the_report_lists_without_building_it(monkeypatch) -> None:
    as_of = dt.date(2025, 12, 15)
    repo, outcome = validate(ROOT, as_of)
    warnings = [d for d in outcome.diagnostics if d.severity == "warning"]
    site = view.build_site(repo, warnings, view.Options(as_of=as_of), Provenance(), {})
    overview = site.pages[0].page
    assert isinstance(overview, pages.OverviewPage)

    def no_report(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("status built the report's view model")

    monkeypatch.setattr(view.Builder, "__init__", no_report)
    found = needs_attention(repo, outcome, as_of)
    assert found.items and list(overview.attention) == found.items
    assert list(overview.calendar) == found.calendar
    assert all(isinstance(i, pages.AttentionItem) for i in found.items)

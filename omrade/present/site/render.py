"""Render the view model through Jinja2 templates (sandboxed, see sandbox.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from omrade.present import markdown, plain
from omrade.present.site.output import MARKER, MARKER_TEXT, OutputError, write_atomically
from omrade.present.site.sandbox import ReportSandbox, TemplateLoader, refusal
from omrade.present.site.view import Site

__all__ = ["MARKER", "OutputError", "environments", "md_escape", "render_site", "write_atomically"]

MdSafe = markdown.Md  # text that is already Markdown (a link the template built)


def md_escape(value: object) -> str:
    """Every value a Markdown template prints goes through the one Markdown writer."""
    return markdown.text(value)


def html_visible(value: object) -> object:
    """Data in HTML: autoescaped by Jinja, and control and bidi characters shown first."""
    if hasattr(value, "__html__"):
        return value  # Markup, or data text in its own language (view.Foreign)
    if isinstance(value, str):
        return plain.visible(value)
    return value


def remembered(convert: Callable[[object], object]) -> Callable[[object], object]:
    """``convert`` remembering its result for each text it was given (a site prints the
    same labels, names and symbols on many pages). Only plain ``str`` is remembered: its
    result depends on nothing else, where a subclass may carry more (a language, markup)."""
    seen: dict[str, object] = {}

    def finalize(value: object) -> object:
        if type(value) is str:
            found = seen.get(value)
            if found is None:
                found = seen[value] = convert(value)
            return found
        return convert(value)

    return finalize


def environments(
    repo_root: Path, overrides: bool = True
) -> tuple[Environment, Environment, TemplateLoader]:
    """The HTML and Markdown environments (sandboxed), and their loader: the repository's
    own templates/ first (unless ``overrides`` is off), then the ones shipped with omrade."""
    loader = TemplateLoader(repo_root if overrides else None)
    common: dict[str, Any] = {
        "loader": loader,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    html = ReportSandbox(autoescape=True, finalize=remembered(html_visible), **common)
    md = ReportSandbox(autoescape=False, finalize=remembered(md_escape), **common)
    html.filters["plain"] = lambda value: str(value)  # text only, e.g. in <title>
    md.filters["link"] = markdown.link
    md.filters["code"] = markdown.code
    md.filters["raw"] = lambda value: MdSafe(value)
    return html, md, loader


class NavLinks:
    """The districts' links in the navigation of every HTML page.

    Every page lists every district, so the site grows with the square of the districts;
    the links are rendered once per folder depth (``root``) from ``nav_district.html.j2``,
    and on a district's own page its one link is rendered again as the current page and
    put in place of the plain one. The result is the same text the template would give
    for each page on its own.
    """

    def __init__(self, env: Environment, shared: dict[str, Any]):
        self.template: Template = env.get_template("nav_district.html.j2")
        self.shared = shared
        self.districts: tuple[Any, ...] = tuple(shared.get("nav_districts", ()))
        self.pages: dict[str, list[int]] = {}  # a district's page → its links' indexes
        for i, d in enumerate(self.districts):
            self.pages.setdefault(f"districts/{d.id}", []).append(i)
        # root → (the links, each district's index → (start, end) of its link)
        self.by_root: dict[str, tuple[str, list[tuple[int, int]]]] = {}

    def _link(self, root: str, district: Any, current: bool) -> str:
        ctx = {**self.shared, "root": root, "d": district, "current": current}
        return self.template.render(ctx) + "\n"  # the template's last line break is dropped

    def links(self, root: str, path: str) -> Markup:
        """The links as they appear on the page at ``path`` (``root`` leads to the top)."""
        if root not in self.by_root:
            parts, spans, at = [], [], 0
            for d in self.districts:
                part = self._link(root, d, False)
                parts.append(part)
                spans.append((at, at + len(part)))
                at += len(part)
            self.by_root[root] = ("".join(parts), spans)
        text, spans = self.by_root[root]
        # from the end, so that the offsets before stay valid (ids are unique, but a page
        # is marked in every link that leads to it, as the template would do)
        for i in reversed(self.pages.get(path, [])):
            start, end = spans[i]
            text = text[:start] + self._link(root, self.districts[i], True) + text[end:]
        return Markup(text)


def render_site(
    site: Site,
    repo_root: Path,
    formats: tuple[str, ...],
    step: Callable[[str], None] | None = None,
    overrides: bool = True,
) -> dict[str, str]:
    """Every output file's relative path → content. Renders in memory; writes nothing.

    A template of the repository that breaks a sandbox rule or fails raises
    TemplateRefused, naming its file and line.
    """
    html_env, md_env, loader = environments(repo_root, overrides)
    files: dict[str, str] = {}
    shared = site.globals()
    try:
        nav = NavLinks(html_env, shared) if "html" in formats else None
        for path, template, page in site.pages:
            depth = path.count("/")
            ctx: dict[str, Any] = {
                **shared,
                "page": page,
                "root": "../" * depth,
                "path": path,
            }
            if nav is not None:
                ctx["nav_district_links"] = nav.links(ctx["root"], path)
                files[f"{path}.html"] = html_env.get_template(f"{template}.html.j2").render(ctx)
            if "md" in formats:
                files[f"md/{path}.md"] = md_env.get_template(f"{template}.md.j2").render(ctx)
            if step:
                step(path)
        if "html" in formats:
            files["style.css"] = loader.get_source(html_env, "style.css")[0]
    except Exception as exc:
        refused = refusal(exc, loader)
        if refused is None:
            raise  # a built-in template failed on its own: a bug in omrade
        raise refused from None
    files[MARKER] = MARKER_TEXT
    return files

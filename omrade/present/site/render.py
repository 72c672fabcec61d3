"""Render the view model through Jinja2 templates (sandboxed, see sandbox.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

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
    html = ReportSandbox(autoescape=True, finalize=html_visible, **common)
    md = ReportSandbox(autoescape=False, finalize=md_escape, **common)
    html.filters["plain"] = lambda value: str(value)  # text only, e.g. in <title>
    md.filters["link"] = markdown.link
    md.filters["code"] = markdown.code
    md.filters["raw"] = lambda value: MdSafe(value)
    return html, md, loader


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
        for path, template, page in site.pages:
            depth = path.count("/")
            ctx: dict[str, Any] = {
                **shared,
                "page": page,
                "root": "../" * depth,
                "path": path,
            }
            if "html" in formats:
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

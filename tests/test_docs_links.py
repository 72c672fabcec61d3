"""The README and every page in docs/ as GitHub renders them (cmark-gfm): every relative
link and image points at a file of the checkout, and every ``#anchor`` at a heading that
is there — in the same page or the page linked to — so moving text between pages leaves
no dead link."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests import gfm
from tests.conftest import ROOT

PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])


class _Page(HTMLParser):
    """The links, images and headings (with GitHub's anchors) of a rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self._heading: list[str] | None = None
        self._seen: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag == "img" and found.get("src"):
            self.links.append(found["src"] or "")
        for name in ("id", "name"):
            if tag == "a" and found.get(name):
                self.anchors.add(found[name] or "")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.anchors.add(self._unique(anchor("".join(self._heading))))
            self._heading = None

    def _unique(self, slug: str) -> str:
        count = self._seen.get(slug, 0)
        self._seen[slug] = count + 1
        return slug if count == 0 else f"{slug}-{count}"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading's text: lower case, punctuation other than '-' and
    '_' removed, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(gfm.render(path.read_text(encoding="utf-8"), unsafe=True))
    page.close()
    return page


def test_github_anchors_are_computed_as_github_does() -> None:
    assert anchor("Scenarios: `omrade allocate YEAR --scenario FILE.yaml`".replace("`", "")) == (
        "scenarios-omrade-allocate-year---scenario-fileyaml"
    )
    assert anchor("0xx — Reading YAML") == "0xx--reading-yaml"
    assert anchor("OMR203") == "omr203"
    page = _Page()
    page.feed("<h2>Same</h2><h2>Same</h2><h3>Same</h3>")
    assert page.anchors == {"same", "same-1", "same-2"}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(path: Path) -> None:
    page = parse(path)
    dead = []
    for href in page.links:
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            continue  # the web, mail: not checked (the tests reach no network)
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not target.exists() or ROOT.resolve() not in [target, *target.parents]:
            dead.append(f"{href}: no file {target}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".md" and fragment not in parse(target).anchors:
            dead.append(f"{href}: no heading #{parts.fragment} in {target.name}")
    assert not dead, "\n".join(dead)


def test_every_rule_has_its_own_anchor_in_the_catalogue() -> None:
    """A SARIF helpUri or an editor links to docs/rules.md#omr203 (or the Swedish
    docs/regler.md#omr203): one heading a rule."""
    from omrade.catalogue import all_rules

    RULES = all_rules()

    for page in ("rules.md", "regler.md"):
        anchors = parse(ROOT / "docs" / page).anchors
        assert {code.lower() for code in RULES} <= anchors, page

"""GitHub's Markdown as a reviewer sees it: cmark-gfm with GitHub's extensions, then the
text filters GitHub runs over the HTML (mentions, references, emoji, commit links).

``shape()`` is the structure of rendered HTML (every element and attribute, no text);
``live()`` lists what GitHub's filters would turn into a mention, reference, emoji or
link in the text that is not inside ``a``, ``code`` or ``pre`` (where GitHub leaves
text alone); ``shown()`` is the text a reader sees.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

WJ = "\u2060"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@functools.lru_cache(maxsize=256)
def render(markdown: str, *, unsafe: bool) -> str:
    """cmark-gfm with table, autolink, strikethrough, tagfilter and tasklist, as on
    GitHub; ``unsafe`` keeps raw HTML (GitHub's sanitiser then allows much of it)."""
    options = Options.CMARK_OPT_UNSAFE if unsafe else 0
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=options)


# GitHub's text filters, as they match in text nodes.
LIVE_PATTERNS = {
    "mention": re.compile(r"(?:^|\W)@[A-Za-z0-9]"),
    "issue reference": re.compile(r"#\d|\bGH-\d", re.IGNORECASE),
    "emoji": re.compile(r":[A-Za-z0-9_+\-]+:"),
    "commit": re.compile(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b", re.IGNORECASE),
    "url": re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.", re.IGNORECASE),
}
QUIET = {"a", "code", "pre"}


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.text: list[str] = []
        self.live_text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, *sorted(f"{k}={v}" for k, v in attrs)))
        if tag not in ("br", "hr", "img", "input"):
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, *sorted(f"{k}={v}" for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("declaration", decl))

    def handle_pi(self, data: str) -> None:
        self.events.append(("processing instruction", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("declaration", data))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not QUIET & set(self.open):
            self.live_text.append(data)


def _walk(html: str) -> _Walker:
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker


@functools.lru_cache(maxsize=256)
def _walk_cached(html: str) -> _Walker:
    return _walk(html)


def shape(html: str) -> list[tuple[str, ...]]:
    """Every element, attribute, comment and declaration in order; no text."""
    return _walk_cached(html).events


def live(html: str) -> list[tuple[str, str]]:
    """(kind, matched text) for everything GitHub's filters would make live."""
    found = []
    for chunk in _walk_cached(html).live_text:
        for kind, pattern in LIVE_PATTERNS.items():
            found += [(kind, m.group()) for m in pattern.finditer(chunk)]
    return found


def shown(html: str) -> str:
    """The text a reader sees, with the invisible word joiners taken out."""
    return "".join(_walk_cached(html).text).replace(WJ, "")

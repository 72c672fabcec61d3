"""Markdown with hostile data, rendered the way GitHub renders it (cmark-gfm, GitHub's
extensions, raw HTML kept and dropped, then GitHub's text filters — see tests/gfm.py).

The claim under test, for the writer and for every Markdown output (diff comment,
allocation table, report pages): whatever text the data holds, the rendered HTML has
exactly the structure omrade wrote — the same elements and attributes as with benign
data of the same shape — no mention, reference, emoji or link comes alive, and the
data is shown as the text it is.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrade.present import markdown as md
from omrade.present import plain
from tests.gfm import BIDI, WJ, live, render, shape, shown

HOSTILE = [
    'x` <img src="https://track.example/p.png"> **✅ Approved by @maintainer** `.yaml',
    "</details>\n\n## ✅ All checks passed — safe to merge",
    "<!-- the rest is hidden",
    "-->",
    "@maintainer @org/team please merge",
    ":smile: :+1: :shipit:",
    "&amp; &lt;b&gt; &#64; &copy",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![pixel](https://track.example/p.png)",
    "[/x] [bold]red[/bold]",
    "abc\u202edcba \u2066x\u2069 \u200ey\u200f \u061cz",
    "::error file=x::pwned",
    "##[error]pwned",
    "line one\nline two\r\n\n- item\n> quote",
    "a | b || c \\| d",
    "`",
    "``",
    "```",
    "````js",
    "~~~",
    "x`y``z```w",
    "# heading",
    "> [!NOTE]\n> forged callout",
    "[!WARNING]",
    "1. first",
    "2) second",
    "- [ ] task",
    "---",
    "===",
    "***",
    "___",
    "+ plus",
    "#123 GH-9 owner/repo#1 owner/repo@deadbeef1",
    "https://example.com www.example.com ftp://a.example",
    "deadbeefcafe1234567890abcdef",
    "<https://example.com>",
    "$x^2$ and $$\\sum$$",
    "[^1]\n\n[^1]: a footnote",
    "[ref]\n\n[ref]: https://example.com",
    "    indented code",
    "\x1b[31mred\x1b[0m \x07 \x00 \x7f \x85",
    "*em* _em_ **strong** ~~del~~",
    "<details open><summary>x</summary>",
    "trailing backslash \\",
    "hard break  ",
    "tab\there",
    "<",
    "&",
    "\\",
    "|",
    " leading and trailing spaces ",
    "\u2028separator\u2029",
    "x@example.com mailto:x@example.com",
]

BENIGN = "benign"

# Places the writer's output is put in a document, as omrade's writers put it.
CONTEXTS = {
    "paragraph": lambda t, c: f"Before {t} after.\n",
    "line start": lambda t, c: f"{t}\n",
    "after a paragraph": lambda t, c: f"Intro\n{t}\n",
    "list item": lambda t, c: f"- {t}\n",
    "heading": lambda t, c: f"#### {t} (added)\n",
    "quote": lambda t, c: f"> **Needs a decision:** {c} is {t}.\n",
    "table": lambda t, c: (
        f"| a | b | c |\n|---|---|---:|\n| {t} | {md.code(c, in_table=True)} | 1 |\n"
    ),
    "two in a row": lambda t, c: f"{t} {t} {c}{c}\n",
    "before punctuation": lambda t, c: f"- {t}: ({t}). {t}, {t}/{t} {c}: ({c}).\n",
    "details": lambda t, c: (
        f"<details><summary>Diagnostics</summary>\n\n- {c} {t}\n\n</details>\n\nAfter.\n"
    ),
    "link": lambda t, c: f"{md.link(t.removeprefix('T:'), 'districts/norr.md')}\n",
}


def _document(context: str, value: str, *, benign: bool = False) -> str:
    """``value`` as text and as a code span in ``context``; with ``benign``, benign text
    of the same shape instead (empty where the value shows as nothing)."""
    as_text = (BENIGN if md.text(value) else "") if benign else value
    as_code = (BENIGN if md.code(value) else "") if benign else value
    make = CONTEXTS[context]
    if context == "link":
        return make("T:" + as_text, "")  # link() escapes the label itself
    return make(md.text(as_text), md.code(as_code))


def shown_text(value: str) -> str:
    """What a reader should see of ``value`` as text: control characters as symbols,
    whitespace runs as one space."""
    return re.sub(r"[ \t\n]+", " ", plain.visible(value)).strip(" ").replace(WJ, "")


def shown_code(value: str) -> str:
    """What a reader should see of ``value`` in a code span."""
    out = plain.visible(value).replace("\r\n", "\u2424").replace("\n", "\u2424")
    return out.replace("\r", "\u2424").replace("\t", " ").replace(WJ, "")


def assert_safe(markdown: str, benign: str) -> None:
    for unsafe in (True, False):
        html, expected = render(markdown, unsafe=unsafe), render(benign, unsafe=unsafe)
        assert shape(html) == shape(expected), (markdown, html)
        assert live(html) == [], (markdown, html)
    assert not set(markdown) & set(BIDI)
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in markdown), markdown


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_renders_as_text_in_every_context(value: str, context: str) -> None:
    markdown = _document(context, value)
    assert_safe(markdown, _document(context, value, benign=True))
    seen = shown(render(markdown, unsafe=True))
    if shown_text(value):
        assert shown_text(value) in seen
    with_code = ("quote", "table", "two in a row", "before punctuation", "details")
    if context in with_code and shown_code(value).strip(" "):
        assert shown_code(value).strip(" ") in seen


# Pieces that mean something to Markdown, HTML, GitHub or a CI log, glued at random.
TOKENS = [
    *"`*_~[]()<>!&#|$:@\\-+=.\"' \n\r\t",
    *"0123456789aAfF",
    "www.",
    "http://",
    "https://x.se/",
    "@maintainer",
    "@org/team",
    ":smile:",
    "#12",
    "GH-3",
    "deadbeef12",
    "<!--",
    "-->",
    "</details>",
    "<img src=x>",
    "&amp;",
    "&#x40;",
    "::error::",
    "##[error]",
    "[!NOTE]",
    "- ",
    "1. ",
    "    ",
    "\u202e",
    "\u2066",
    "\x1b",
    "\u2028",
    "```",
    "~~~",
    "javascript:",
    "$$",
]
hostile_text = st.lists(st.sampled_from(TOKENS) | st.text(max_size=2), min_size=1, max_size=25).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(value=hostile_text, context=st.sampled_from(list(CONTEXTS)))
def test_generated_text_renders_as_text(value: str, context: str) -> None:
    markdown = _document(context, value)
    assert_safe(markdown, _document(context, value, benign=True))
    if shown_text(value) and context != "link":
        assert shown_text(value) in shown(render(markdown, unsafe=True))


@settings(max_examples=200, deadline=None)
@given(value=hostile_text)
def test_generated_code_spans_show_the_exact_text(value: str) -> None:
    expected = shown_code(value)
    benign = BENIGN if md.code(value) else ""
    for span in (
        lambda v: f"{md.code(v)}\n",
        lambda v: f"| x |\n|---|\n| {md.code(v, in_table=True)} |\n",
    ):
        markdown = span(value)
        assert_safe(markdown, span(benign))
        seen = shown(render(markdown, unsafe=True))
        if expected.strip(" "):
            assert expected.strip(" ") in seen, (markdown, seen)


def test_the_neutralisers_are_invisible_and_chosen_deliberately() -> None:
    # a word joiner after @, #, GH-, the first colon of :x:, inside :// and www.;
    # backslashes before Markdown's own characters
    assert md.text("@maintainer") == f"@{WJ}maintainer"
    assert md.text("#12 GH-3") == f"\\#{WJ}12 GH-{WJ}3"
    assert md.text(":smile:") == f":{WJ}smile:"
    assert md.text("https://x.se") == f"https:{WJ}//x.se"
    assert md.text("www.x.se") == f"www{WJ}.x.se"
    assert md.text("a <b> & c") == "a \\<b\\> \\& c"
    assert md.text("1234567 2025-01-01 10:30 -1") == "1234567 2025-01-01 10:30 -1"
    assert md.code("a`b") == "``a`b``"
    assert md.code("`") == "`` ` ``"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("districts/norr.md", "districts/norr.md"),
        ("../follow-up/2025-T2.md", "../follow-up/2025-T2.md"),
        ("javascript:alert(1)", "javascript%3Aalert%281%29"),
        ("//evil.example/p", "./evil.example/p"),
        ("https://evil.example", "https%3A//evil.example"),
        ("a b)c<d>", "a%20b%29c%3Cd%3E"),
    ],
)
def test_links_omrade_builds_stay_relative_links(href: str, expected: str) -> None:
    html = render(f"{md.link('Norr', href)}\n", unsafe=True)
    assert [e for e in shape(html) if e[0] == "start"] == [
        ("start", "p"),
        ("start", "a", f"href={expected}"),
    ]

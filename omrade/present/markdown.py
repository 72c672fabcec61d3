"""The one Markdown writer: everything omrade writes as Markdown puts data through here.

Data (file names, titles, names, free text, diagnostics) is never Markdown: whatever a
contributor writes shows as the text it is on GitHub, and brings no element, link,
image, mention, reference or emoji of its own. The structure — headings, tables, the
comment's ``<details>`` — is omrade's alone.

How each risk is met (GitHub renders with cmark-gfm, then runs filters over the text
nodes of the HTML that are not inside ``a``, ``code`` or ``pre``):

- Markdown and HTML syntax: every character with a meaning (`` \\ ` * _ ~ [ ] < > & #
  | $ ``) is backslash-escaped, as is a leading ``-``, ``+``, ``=`` or ``1.``/``1)``, so
  no emphasis, link, image, raw HTML, entity, heading, list, quote, callout
  (``> [!NOTE]``), table cell or math comes from data. Runs of whitespace, line
  breaks included, become one space, so data never starts a block of its own.
- Code spans (``code()``): the fence is one backtick longer than the longest run of
  backticks in the text, so nothing breaks out; line breaks show as ``␤``.
- GitHub's text filters and cmark-gfm's autolinks, which backslashes do not stop (the
  backslash is gone by the time they run): an invisible word joiner (U+2060) goes
  after ``@`` before a name (mentions, ``@org/team``, e-mail autolinks), after ``#``
  and ``GH-`` before a number (issue references), after the first ``:`` of a
  ``:shortcode:`` (emoji), inside ``://`` and ``www.`` (web autolinks: data brings no
  links, its URLs show as text), and every six characters in a run of 7–40 hex digits
  with a letter in it (commit links).
- Control characters and bidi overrides are shown as symbols (``‹U+202E›``), and no
  workflow command can be formed (``omrade.present.plain``), as the comment's text may be
  printed in a CI log.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from omrade.present import plain

WJ = plain.WORD_JOINER

# GitHub comments are limited to 65 536 characters; UTF-16 units are counted here, which
# are never fewer than characters, and a margin is left for what the workflow adds.
COMMENT_LIMIT = 65_536
COMMENT_BUDGET = 65_000


class Md(str):
    """Text that is already Markdown written by omrade (a link it built): not escaped again."""


_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_SPECIAL = re.compile(r"([\\`*_~\[\]<>&#|$])")
# What starts a block at the start of a line: a list item (``- ``, ``+ ``, ``1. ``, ``1) ``),
# a thematic break or setext underline (``---``, ``==``). ``#``, ``>``, ``*``, ``_``, ``~``,
# `````` ` `````` and ``<`` are escaped wherever they are.
_LEADING = re.compile(r"^(?:([-+])(?=\s|$)|([-=])(?=[-=]*$)|(\d{1,9})([.)])(?=\s|$))")
# A value may be followed by omrade's own punctuation (``{{ name }}: …``), so a pattern
# cut off at the end of the value is broken too (``$`` in the lookaheads).
_GITHUB = re.compile(
    r"(?P<at>@)(?=[A-Za-z0-9]|$)"  # @user, @org/team, a@b.se, owner/repo@sha
    r"|(?P<hash>#)(?=\d|$)"  # #123, owner/repo#123
    r"|(?P<gh>GH-)(?=\d|$)"  # GH-123
    r"|(?P<colon>:)(?=[A-Za-z0-9_+\-]+(?::|$))"  # :smile:, :+1:
    r"|(?P<scheme>:)(?=//)"  # https://, ftp://
    r"|(?P<www>www)(?=\.|$)"  # www.example.se
    r"|(?P<sha>\b[0-9A-Fa-f]{7,40}\b)",  # a commit id
    re.IGNORECASE,
)


def _defuse_github(match: re.Match[str]) -> str:
    sha = match.group("sha")
    if sha is not None:
        if sha.isdigit():
            return sha  # a number, far more often than a commit id
        return WJ.join(sha[i : i + 6] for i in range(0, len(sha), 6))
    return match.group() + WJ


def _plain(value: object) -> str:
    if value is None:
        return ""
    return plain.defuse_commands(plain.visible(str(value)))


def text(value: object, limit: int | None = None) -> str:
    """Data as inline Markdown text: one line, shown exactly as written, nothing live.

    With ``limit``, text longer than that many characters is cut and ends in ``…``.
    """
    if isinstance(value, Md):
        return str(value)
    # ASCII whitespace is what Markdown reads as structure; a no-break space stays
    flat = _SPACES.sub(" ", _plain(value)).strip(" ")
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    flat = _GITHUB.sub(_defuse_github, flat)
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return _LEADING.sub(_escape_leading, escaped)


def _escape_leading(match: re.Match[str]) -> str:
    marker = match.group(1) or match.group(2)
    if marker:
        return "\\" + marker
    return match.group(3) + "\\" + match.group(4)


def code(value: object, *, in_table: bool = False) -> Md:
    """Data as a code span that cannot be broken out of (file names, revisions)."""
    content = _plain(value)
    content = re.sub(r"\r\n|[\n\r]", "\u2424", content).replace("\t", " ")
    if in_table:
        content = content.replace("|", "\\|")  # GFM splits cells before code spans
    if not content:
        return Md("")
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    if content[0] in "` " or content[-1] in "` ":
        content = f" {content} "  # one space each side is stripped again by the renderer
    return Md(f"{fence}{content}{fence}")


def link(label: object, href: str) -> Md:
    """A link omrade builds to one of its own pages: the label is data, shown as text; the
    target is a relative path (anything else in it is percent-encoded, so it can name no
    scheme, host or other page: ``javascript:x`` becomes the file ``javascript%3Ax``)."""
    from urllib.parse import quote

    target = quote(plain.visible(str(href)), safe="/#._-")
    if target.startswith("/"):
        target = "." + target if not target.startswith("//") else "./" + target.lstrip("/")
    return Md(f"[{text(label)}]({target})")


def row(cells: Iterable[str]) -> str:
    """One table row from cells that are already Markdown (from ``text()``/``code()``)."""
    return "| " + " | ".join(cells) + " |"


def table(head: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table; ``align`` has one letter per column: ``l`` or ``r``."""
    lines = [row(text(h) for h in head)]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += [row(cells) for cells in rows]
    return lines


def utf16_length(markdown: str) -> int:
    """The length GitHub's limit is measured in, counted cautiously (UTF-16 units)."""
    return len(markdown.encode("utf-16-le")) // 2


@dataclass
class Section:
    """A run of entries under one head; the head is written only if an entry fits."""

    head: list[str]
    tail: list[str] = field(default_factory=lambda: [""])
    entries: list[tuple[tuple[str, ...], list[str]]] = field(default_factory=list)

    def add(self, kinds: str | tuple[str, ...], *lines: str) -> None:
        """An entry: its lines, and what it counts as (``"row"``, or several kinds)."""
        self.entries.append(((kinds,) if isinstance(kinds, str) else kinds, list(lines)))


def bounded(
    top: list[str],
    sections: list[Section],
    budget: int,
    left_out: Callable[[dict[str, tuple[int, int]]], str],
) -> str:
    """``top``, then as many entries as fit in ``budget`` (UTF-16 units), in order.

    When something does not fit, it and everything after it is left out, every open
    section is closed, and ``left_out({kind: (left out, total)})`` — one line saying
    what is missing — goes right under ``top``.
    """

    def cost(lines: list[str]) -> int:
        return sum(utf16_length(x) + 1 for x in lines)

    reserve = 1000  # for the line saying what was left out
    used = cost(top) + reserve
    body: list[str] = []
    counts: dict[str, list[int]] = {}
    full = False
    for section in sections:
        opened = False
        for kinds, lines in section.entries:
            for kind in kinds:
                counts.setdefault(kind, [0, 0])[1] += 1
            need = cost(lines) + cost(section.tail) + (0 if opened else cost(section.head))
            if not full and used + need <= budget:
                if not opened:
                    body += section.head
                    used += cost(section.head)
                    opened = True
                body += lines
                used += cost(lines)
            else:
                full = True
                for kind in kinds:
                    counts[kind][0] += 1
        if opened:
            body += section.tail
            used += cost(section.tail)
    note = [left_out({k: (v[0], v[1]) for k, v in counts.items()}), ""] if full else []
    return "\n".join([*top, *note, *body])

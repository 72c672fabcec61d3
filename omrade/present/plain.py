"""Data as plain text: for terminals, CI logs and spreadsheets.

Nothing in a plan repository is trusted, and everything omrade prints may end up in a
GitHub Actions log, where a line is read as a workflow command (``::error ...::``, or
``##[error]`` anywhere in a line), or in a spreadsheet, where a cell starting with ``=``
is a formula. The functions here make any data text safe there while keeping it
readable: control and bidirectional-override characters are shown as visible symbols,
line breaks become ``␤``, and the two workflow-command openers get an invisible word
joiner (U+2060) between their characters. The Markdown writer (``omrade.present.markdown``)
builds on the same functions.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

WORD_JOINER = "\u2060"  # invisible, no line break; splits a pattern without showing

# Characters that reorder or hide text (the "Trojan Source" set): shown, never passed on.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
_COMMANDS = re.compile(r":(?=:)|#(?=\[)")


def _show(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"‹U+{code:04X}›"


def visible(text: str) -> str:
    """Control characters and bidi overrides shown as symbols; tabs and newlines kept."""
    return _HIDDEN.sub(lambda m: m.group() if m.group() in "\t\n" else _show(m), text)


def defuse_commands(text: str) -> str:
    """No GitHub Actions workflow command can be formed from ``text``.

    The runner reads a line as a command when it starts (after spaces) with ``::`` or
    holds ``##[`` anywhere; a word joiner between the characters breaks both forms.
    """
    return _COMMANDS.sub(lambda m: m.group() + WORD_JOINER, text)


def line(value: object) -> str:
    """Data text for one line of terminal or log output."""
    if value is None:
        return ""
    text = _LINE_BREAKS.sub("\u2424", str(value)).replace("\t", " ")
    return defuse_commands(visible(text))


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(value: object) -> object:
    """A CSV/XLSX cell that no spreadsheet reads as a formula (OWASP's CSV injection advice).

    Numbers stay numbers (``-1`` too); text that starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return — also after leading spaces, which some importers trim —
    gets a leading apostrophe, so it is shown as the text it is.
    """
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float | Decimal | Fraction):
        return value
    text = str(value)
    if formula_like(text):
        text = "'" + text
    return line(text)


def formula_like(text: str) -> bool:
    """Text a spreadsheet would read as a formula: it starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a line break (also after spaces), and is not a plain number."""
    return not _NUMBER.fullmatch(text) and text.lstrip(" ").startswith(_FORMULA_START)


_JSON_UNSAFE = re.compile(
    "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\x7f-\x9f]|(?<=##)\\["
)


def dumps(document: object) -> str:
    """JSON for output that may be printed in a CI log: the same values, with ``##[``
    (a workflow command anywhere in a line) and bidi/line-separator characters written
    as ``\\u`` escapes, so the text shows what the data holds."""
    import json

    text = json.dumps(document, ensure_ascii=False, indent=2)
    # outside strings JSON has no '#' and none of these characters, so this only
    # touches string contents, and every change is a valid escape of the same character
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

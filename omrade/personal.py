"""Personal data in text: identity numbers (personnummer, samordningsnummer), emails,
phone numbers, and names that must not be published — found however they are written.

The text is first normalised the way a reader sees it (Unicode NFKC: full-width ``＠``
and digits, no-break and thin spaces; invisible format characters such as the soft hyphen
and the zero-width space removed; digits of other scripts read as 0–9), so that no
spelling of a number or an address slips past. One detector serves the source rules
(``omrade.rules.personal``, 7xx), the check of the rendered public site
(:func:`public_output_leaks`) and the redaction of public diffs (:func:`redact`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from omrade.i18n import N_

Kind = Literal["identity", "email", "phone"]
CODES: dict[Kind, str] = {"identity": "OMR701", "email": "OMR702", "phone": "OMR703"}

# --- normalisation --------------------------------------------------------------------

# Characters a Swedish plan file uses all the time that NFKC leaves alone (or changes in
# no way that matters here): ASCII is checked separately; these are Latin-1 letters,
# '§', '°', dashes, typographic quotes, the bullet, the ellipsis, arrows and '€'. A text
# with nothing else needs no normalisation: the common, fast case.
_UNUSUAL = re.compile(
    "[^\x00-\x7f\u00a7\u00b0\u00c0-\u00ff\u2013\u2014\u2018-\u201e\u2022\u2026\u2190-\u2193\u20ac]"
)
# invisible format characters (Unicode category Cf) that NFKC keeps: removed
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)


def normalise_line(line: str) -> str:
    """One line as a reader sees it: NFKC, invisible characters removed, digits 0–9."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", line))
    if not text.isascii():
        digits = {
            ord(ch): str(unicodedata.decimal(ch))
            for ch in set(text)
            if ch.isdecimal() and not ch.isascii()
        }
        if digits:
            text = text.translate(digits)
    return text


class Normalised:
    """A text normalised line by line, with a way back to the original line and column.

    NFKC never adds or removes a line break, so line numbers agree; a column in a
    changed line is mapped back by bisection.
    """

    def __init__(self, original: str):
        self.original = original
        self.changed: dict[int, str] = {}  # 0-based line number → the original line
        self._at = self._line = self._line_start = 0  # where position() last was
        found = _UNUSUAL.search(original)
        if found is None:
            self.text = original
            return
        # only the lines holding an unusual character are looked at (a rendered site has
        # a few among many thousands); the others are copied as they are
        pieces: list[str] = []
        done = 0  # the offset the pieces reach
        line = counted = 0  # the 0-based number of the line starting at offset ``counted``
        while found is not None:
            start = original.rfind("\n", 0, found.start()) + 1
            end = original.find("\n", found.start())
            end = len(original) if end < 0 else end
            line += original.count("\n", counted, start)
            counted = start
            text = original[start:end]
            normal = normalise_line(text)
            if normal != text:
                self.changed[line] = text
                pieces += (original[done:start], normal)
                done = end
            found = _UNUSUAL.search(original, end)
        self.text = "".join((*pieces, original[done:])) if self.changed else original

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original text of an offset in ``self.text``.

        Offsets asked for in increasing order cost time in proportion to the text once
        (not once per finding: a file of 100 000 phone numbers stays linear).
        """
        text = self.text
        if offset < self._at:
            self._at, self._line, self._line_start = 0, 0, 0
        self._line += text.count("\n", self._at, offset)
        self._line_start = max(self._line_start, text.rfind("\n", self._at, offset) + 1)
        self._at = offset
        line, column = self._line, offset - self._line_start
        original = self.changed.get(line)
        if original is not None:
            lo, hi = 0, len(original)
            while lo < hi:  # the shortest original prefix that normalises to >= column
                mid = (lo + hi) // 2
                if len(normalise_line(original[:mid])) < column:
                    lo = mid + 1
                else:
                    hi = mid
            column = lo
        return line + 1, column + 1


# --- patterns ---------------------------------------------------------------------------

DASHES = "\u2010-\u2015\u2212"  # hyphens, figure dash, en and em dash, minus (NFKC keeps them)
_HARD = f"[-./{DASHES}]"
# space that may hold one line break: YAML folds a value's line break into a space, so a
# number broken over two lines of a file is still one number to a reader
_FOLD = r"[ \t]{0,40}(?:\n[ \t]{0,40})?"
_SPACE = r"(?:[ \t]{1,40}(?:\n[ \t]{0,40})?|\n[ \t]{0,40})"
_SEP = rf"(?:{_FOLD}{_HARD}{_FOLD}|{_SPACE})"  # between digit groups: one mark, or space
_GROUPS = rf"[0-9]{{1,12}}(?:{_SEP}[0-9]{{1,12}}){{0,8}}"


def _alone(first: str) -> str:
    """After consuming ``first``: it did not follow a letter, a digit or 'digit + mark'.

    The check sits after the first character so that the pattern starts with a literal
    and the regex engine can skip ahead to candidates.
    """
    return rf"(?<!\w{first})(?<![0-9][-./ \t{DASHES}]{first})"


_PLUS, _PAREN, _ZERO = _alone(re.escape("+")), _alone(re.escape("(")), _alone("0")

# A phone number and an identity number are two patterns: one alternation of both would
# be twice as slow (measured).
_PHONE_TAIL = rf"[ \t]?{_SEP}?{_GROUPS}(?!\w)"
PHONE = re.compile(
    rf"""
    (?:
        \+{_PLUS}[ \t]?[1-9][0-9]{{0,2}}(?:[ \t]?\(0\))?   # +46, +46 (0)
      | 0{_ZERO}0[ \t]?[1-9]                                   # 0046, 00 44
      | \({_PAREN}0[0-9]{{0,3}}\)                             # (08), (0)
      | 0{_ZERO}[1-9]                                          # 08, 070
    )
    {_PHONE_TAIL}
    """,
    re.VERBOSE,
)
# The same pattern as three, one per first character ('+', '(', '0'): a pattern that
# starts with one literal character is searched for at memchr speed, one that starts with
# a choice of characters tests every character of the text (about five times slower).
# The first characters differ, so at any offset at most one of them can match, and taking
# the earliest of the three next matches, again and again, gives exactly PHONE.finditer
# (:func:`_phones`; a test compares them).
_PHONE_PARTS = (
    re.compile(rf"\+{_PLUS}[ \t]?[1-9][0-9]{{0,2}}(?:[ \t]?\(0\))?{_PHONE_TAIL}"),
    re.compile(rf"\({_PAREN}0[0-9]{{0,3}}\){_PHONE_TAIL}"),
    re.compile(rf"0{_ZERO}(?:0[ \t]?[1-9]|[1-9]){_PHONE_TAIL}"),
)


def _phones(text: str) -> Iterator[re.Match[str]]:
    """``PHONE.finditer(text)``, faster."""
    ahead: list[re.Match[str] | None] = [part.search(text) for part in _PHONE_PARTS]
    while True:
        best = None
        for m in ahead:
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best
        end = best.end()  # never empty: each part consumes at least two characters
        for i, m in enumerate(ahead):
            if m is not None and m.start() < end:
                ahead[i] = _PHONE_PARTS[i].search(text, end)


IDENTITY = re.compile(
    rf"""
    [0-9](?<![0-9]{{2}})[0-9]{{5}}(?:[0-9]{{2}})?      # YYMMDD or YYYYMMDD
    (?:{_FOLD}[-+{DASHES}]{_FOLD}|{_SPACE})?          # -, +, a dash or a space
    [0-9]{{4}}(?![0-9])
    """,
    re.VERBOSE,
)

_AT = r"(?:@|[ \t]?[\[(][ \t]?(?i:at|snabel-?a)[ \t]?[\])][ \t]?)"
_DOT = r"(?:\.|[ \t]?[\[(][ \t]?(?i:dot|punkt)[ \t]?[\])][ \t]?)"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]{{1,64}}{_AT}{_LABEL}(?:{_DOT}{_LABEL}){{0,8}}"
    rf"{_DOT}(?:[^\W\d_]{{2,24}}|xn--[\w-]{{1,59}})(?![\w-])"
)
# "(at)", "[snabel-a]": two patterns that start with a literal (see _PHONE_PARTS)
_OBFUSCATED_AT_PARTS = (
    re.compile(r"\([ \t]?(?i:at|snabel-?a)[ \t]?[\])]"),
    re.compile(r"\[[ \t]?(?i:at|snabel-?a)[ \t]?[\])]"),
)

# shapes that look like a number but are not a phone number
_NOT_PHONE = re.compile(
    r"""
    [0-3]?[0-9][./-][01]?[0-9][./-](?:19|20)?[0-9]{2}                 # 01.02.2025
  | [0-2]?[0-9][.:][0-5][0-9][ \t]?[-–—][ \t]?[0-2]?[0-9][.:][0-5][0-9]  # 08.00–17.00
  | \+[0-9]{1,3}(?:[ \t][0-9]{3})+                                      # +1 250 000 (money)
    """,
    re.VERBOSE,
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_identity_number(digits: str) -> bool:
    """A personnummer or samordningsnummer (day + 60): a real date and a Luhn check digit."""
    if len(digits) == 12:
        if digits[:2] not in ("18", "19", "20"):
            return False
        digits = digits[2:]
    if len(digits) != 10:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1] and luhn_ok(digits)


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # offsets in the normalised text
    end: int
    text: str
    # an all-digits run a roster's phone field may hold although it could be a number
    bare: bool = False


def _phone_ok(text: str) -> bool:
    if _NOT_PHONE.fullmatch(text):
        return False
    digits = _digits(text.replace("(0)", "", 1) if text.startswith("+") else text)
    if text.startswith("+"):
        return 8 <= len(digits) <= 15
    if text.startswith("00"):
        return 10 <= len(digits) <= 17
    return 8 <= len(digits) <= 10


class _Cursor:
    """Walks increasing spans alongside another increasing stream, in constant memory."""

    def __init__(self, spans: Callable[[], Iterator[tuple[int, int]]]):
        self._make = spans  # started at the first question: most texts never ask
        self._spans: Iterator[tuple[int, int]] | None = None
        self._current: tuple[int, int] | None = None

    def overlaps(self, start: int, end: int) -> bool:
        if self._spans is None:
            self._spans = self._make()
            self._current = next(self._spans, None)
        while self._current is not None and self._current[1] <= start:
            self._current = next(self._spans, None)
        return self._current is not None and self._current[0] < end


_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")


def _identities(text: str) -> Iterator[re.Match[str]]:
    # An identity number starts with six digits in a row; most texts have none, and
    # looking for them in the bytes (every digit made '0') is four times faster than the
    # regex. In UTF-8 an ASCII digit is one byte and no byte of another character is one.
    if b"000000" not in text.encode("utf-8", "surrogatepass").translate(_DIGITS_TO_ZERO):
        return iter(())
    return (m for m in IDENTITY.finditer(text) if is_identity_number(_digits(m.group(0))))


def find(text: str, limit: int | None = None) -> tuple[list[Finding], Counter[Kind]]:
    """Identity numbers, phone numbers and email addresses in a normalised text, in order.

    With ``limit``, at most that many of each kind are kept and the rest only counted
    (the second value), so a file of a million addresses costs time, not memory.
    """
    found: list[Finding] = []
    kept: Counter[Kind] = Counter()
    more: Counter[Kind] = Counter()

    def keep(kind: Kind, m: re.Match[str], bare: bool = False) -> None:
        if limit is not None and kept[kind] >= limit:
            more[kind] += 1
        else:
            kept[kind] += 1
            found.append(Finding(kind, m.start(), m.end(), m.group(0), bare))

    for m in _identities(text):
        # bare digits starting with 0 may also be a phone number, which a roster's phone
        # field may hold
        value = m.group(0)
        keep("identity", m, value.isdigit() and value.startswith("0"))
    has_email = "@" in text or any(p.search(text) for p in _OBFUSCATED_AT_PARTS)
    identities = _Cursor(lambda: ((m.start(), m.end()) for m in _identities(text)))
    # digits inside an address (0701234567@sms.example.org) are part of the address
    emails = _Cursor(lambda: ((m.start(), m.end()) for m in EMAIL.finditer(text)))
    for m in _phones(text):
        start, end = m.start(), m.end()
        if (
            _phone_ok(m.group(0))
            and not identities.overlaps(start, end)
            and not (has_email and emails.overlaps(start, end))
        ):
            keep("phone", m)
    if has_email:
        for m in EMAIL.finditer(text):
            keep("email", m)
    found.sort(key=lambda f: f.start)
    return found, more


def name_key(text: str) -> str:
    """A name or a text as words: NFKC, case-folded, any run of non-letters one space."""
    words = re.findall(r"[^\W_]+", normalise_line(text).casefold())
    return " ".join(words)


def names_pattern(keys: Iterable[str]) -> re.Pattern[str] | None:
    """A regex that finds any of the names in normalised text, however spaced or cased
    (a genitive 's' included)."""
    parts = sorted({r"[\W_]+".join(re.escape(w) for w in key.split()) for key in keys}, key=len)
    if not parts:
        return None
    names = "|".join(reversed(parts))
    return re.compile(rf"(?<![^\W_])(?:{names})s?(?![^\W_])", re.IGNORECASE)


def contains_name(text_key: str, name: str) -> bool:
    """Whether the words of a text hold the name's words in a row (Swedish genitive
    'Leyla Testbergs' included)."""
    padded = f" {text_key} "
    return f" {name} " in padded or f" {name}s " in padded


# --- the rendered public output ---------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    file: str  # the output file, relative to the output folder
    line: int
    what: str  # what kind of personal data, never the data itself


_TAG = re.compile(r"<[^>]*>")
# a tag with a line break in it (a '<' followed by one before the next '>'): where there
# is none, every tag _TAG finds is on one line and becomes a NUL alone
_TAG_WITH_BREAK = re.compile(r"<[^>\n]*\n[^>]*>")
_MD_ESCAPE = re.compile(r"\\(.)")
LEAK_WORDS = {  # shown translated (omrade.i18n)
    "identity": N_("a personal identity number"),
    "email": N_("an email address"),
    "phone": N_("a phone number"),
    "name": N_("the name of a member with public: false"),
}


def readable_text(path: str, content: str) -> str:
    """What a reader of an output page sees: tags and escapes gone, entities decoded.

    A tag becomes a NUL (keeping its line breaks, so line numbers hold): numbers in
    neighbouring table cells or in SVG attributes never run together into something that
    looks like a phone number.
    """
    if path.endswith(".html"):
        if _TAG_WITH_BREAK.search(content) is None:  # no tag holds a line break: the usual case
            return html.unescape(_TAG.sub("\x00", content))
        return html.unescape(_TAG.sub(lambda m: "\x00" + "\n" * m.group(0).count("\n"), content))
    if path.endswith(".md"):
        return _MD_ESCAPE.sub(r"\1", content)
    return content


def _key(f: Finding) -> str:
    """The same email or number however it is written or spaced."""
    return re.sub(r"\s", "", f.text.casefold()) if f.kind == "email" else _digits(f.text)


def public_output_leaks(
    files: dict[str, str], names: Iterable[str], published: Iterable[str] = ()
) -> list[Leak]:
    """Personal data in rendered public pages: contact details, identity numbers, and the
    names of members who are not public. Empty when the output is clean.

    ``published`` are contacts meant to be published (the site's functional contact
    address or number): those are not leaks wherever they appear.
    """
    pattern = names_pattern(names)
    allowed = {(f.kind, _key(f)) for text in published for f in find(Normalised(text).text)[0]}
    leaks: list[Leak] = []
    for path, content in sorted(files.items()):
        if not path.endswith((".html", ".md")):
            continue
        text = Normalised(readable_text(path, content)).text
        for f in find(text)[0]:
            if (f.kind, _key(f)) not in allowed:
                leaks.append(Leak(path, text.count("\n", 0, f.start) + 1, LEAK_WORDS[f.kind]))
        if pattern is not None:
            for m in pattern.finditer(text):
                leaks.append(Leak(path, text.count("\n", 0, m.start()) + 1, LEAK_WORDS["name"]))
    return leaks


def redact(text: str, names: Iterable[str], mark: str = "[…]") -> str:
    """``text`` with every identity number, email, phone number and hidden member's name
    replaced by ``mark``, line by line (for output that is published as it is made)."""
    pattern = names_pattern(names)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        normal = normalise_line(line) if _UNUSUAL.search(line) else line
        spans = [(f.start, f.end) for f in find(normal)[0]]
        if pattern is not None:
            spans += [(m.start(), m.end()) for m in pattern.finditer(normal)]
        if not spans:
            continue
        norm = Normalised(line)
        for start, end in sorted(spans, reverse=True):  # from the end: offsets stay valid
            a, b = norm.position(start)[1] - 1, norm.position(end)[1] - 1
            line = line[:a] + mark + line[b:]
            norm = Normalised(line)
        lines[i] = line
    return "\n".join(lines)

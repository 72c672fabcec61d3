"""Strict YAML loading: plain data plus a position for every key and value.

The C parser (libyaml) produces events; we build the data ourselves so that we can
refuse what a plan repository should never contain (duplicate keys, anchors and
aliases, several documents, custom tags) and so that no plain scalar is type-guessed:
``no``, ``0127``, ``1:30`` and ``2025-01-01`` all stay text until the schema decides.
A quoted (or block) scalar arrives as :class:`Quoted`, so that the models can tell
``amount: "100000"`` (text, as YAML 1.2, editors and JSON Schema read it) from
``amount: 100000`` (a number).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from omrade.diagnostics import Diagnostic, Example, current_lang, define, format_path, say
from omrade.load import given
from omrade.load.safefs import printable, read_regular

PathKey = tuple[str | int, ...]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
# No plan file needs more values (keys, items and texts) than this; without a limit a
# 5 MB file of tiny values takes gigabytes to read and validate.
MAX_NODES = 100_000
# diagnostics of one kind the loader lists per file (duplicate keys, tab indents); the
# rest are counted, not kept
MAX_LISTED = 100
NULLS = {"", "~", "null", "Null", "NULL"}
STR_TAG = "tag:yaml.org,2002:str"


class Quoted(str):
    """A scalar written in quotes or as a block (``|``, ``>``): text, whatever it looks like."""

    __slots__ = ()


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class LoadedFile:
    """The outcome of reading one file: data (None when unusable) and where things are."""

    file: str
    data: Any = None
    text: str = ""
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # diagnostics found but not kept, by code (a file with thousands of duplicate keys)
    omitted: dict[str, int] = field(default_factory=dict)

    # positions are computed when first asked for: most files never need them
    _positions_ready: bool = True

    def _ensure_positions(self) -> None:
        if self._positions_ready:
            return
        self._positions_ready = True
        scratch = LoadedFile(self.file)
        if _fast(self.text, scratch, positions=True) is _FALLBACK:
            _careful(self.text, scratch)
        self.values, self.keys = scratch.values, scratch.keys

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Where ``path`` is, or its nearest recorded ancestor (a missing key's parent)."""
        self._ensure_positions()
        p = tuple(path)
        while True:
            if key and p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            if not p:
                return Position(1, 1)
            p = p[:-1]

    def add_capped(self, diagnostic: Diagnostic) -> None:
        """Keep the first MAX_LISTED diagnostics of a code; count the rest."""
        code = diagnostic.code
        if code in self.omitted or sum(d.code == code for d in self.diagnostics) >= MAX_LISTED:
            self.omitted[code] = self.omitted.get(code, 0) + 1
        else:
            self.diagnostics.append(diagnostic)

    def value_lines(self) -> dict[PathKey, Position]:
        """Every value's position (computing them if needed)."""
        self._ensure_positions()
        return self.values


class _Stop(Exception):
    """Raised inside the event loop when the file cannot be read further."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


OMR008 = define(
    "OMR008",
    "error",
    "File cannot be read",
    "The path is unreadable, not a regular file, or a broken or looping link.",
    message="cannot read the file: {reason}",
    hint=("check the file's permissions, and that it is not a broken or looping link"),
    variants={
        "not_regular": (
            "this is not a regular file",
            "rename it so it does not end in .yaml, or remove it",
        ),
        "folder": (
            "cannot read the folder: {reason}",
            "check its permissions",
        ),
        "not_regular_blob": (
            "this is not a regular file",
            "remove it or rename it",
        ),
    },
    sv=dict(
        title="Filen kan inte läsas",
        description=(
            "Sökvägen går inte att läsa, är inte en vanlig fil, eller är en "
            "trasig eller cirkulär länk."
        ),
        message="filen kan inte läsas: {reason}",
        hint=("kontrollera filens behörigheter, och att den inte är en trasig eller cirkulär länk"),
        variants={
            "not_regular": (
                "det här är inte en vanlig fil",
                "byt namn så att den inte slutar på .yaml, eller ta bort den",
            ),
            "folder": (
                "mappen kan inte läsas: {reason}",
                "kontrollera mappens behörigheter",
            ),
            "not_regular_blob": (
                "det här är inte en vanlig fil",
                "ta bort den eller byt namn på den",
            ),
        },
    ),
)


def read_file(
    path: Path,
    file: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    parse: Callable[[bytes, str, int], LoadedFile] | None = None,
) -> LoadedFile:
    """Read and parse one file from disk (``parse``: parse_bytes or a cache's). Never
    raises for bad input; never writes."""
    raw = given.take(path, file)  # read and hashed already, for the run cache's key
    if raw is not None:
        return (parse or parse_bytes)(raw, file, max_bytes)
    out = LoadedFile(file)
    try:
        if os.path.islink(path):
            out.diagnostics.append(link_diagnostic(file, os.readlink(path)))
            return out
        st = os.stat(path)
        if not os.path.isfile(path):
            out.diagnostics.append(OMR008.at(file, 1, 1, variant="not_regular"))
            return out
        if st.st_size > max_bytes:
            out.diagnostics.append(OMR007.at(file, 1, 1, size=st.st_size, limit=max_bytes))
            return out
        raw = read_regular(path, max_bytes)  # no link, not even one swapped in meanwhile
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        out.diagnostics.append(OMR008.at(file, 1, 1, reason=reason))
        return out
    return (parse or parse_bytes)(raw, file, max_bytes)


OMR014 = define(
    "OMR014",
    "error",
    "Link not followed",
    (
        "A symbolic link in data/ or templates/ (or data/ or templates/ itself) "
        "is not followed, wherever it points: a link can reach any file on the "
        "machine that runs omrade. Its target is never read; replace the link "
        "with the file itself."
    ),
    message=("this is a symbolic link (to {target}); omrade does not follow links in data/"),
    hint=(
        "replace the link with the file itself (a link can point anywhere on the "
        "machine that runs omrade, so its target is never read)"
    ),
    variants={
        "template": (
            "is a symbolic link (to {target}); omrade does not follow links in templates/, "
            "and its target was not read",
            "replace the link with the file itself, or render with --no-overrides",
        )
    },
    sv=dict(
        title="Länken följs inte",
        description=(
            "En symbolisk länk i data/ eller templates/ (eller data/ eller "
            "templates/ själv) följs inte, vart den än pekar: en länk kan nå "
            "vilken fil som helst på datorn som kör omrade. Målet läses aldrig; "
            "ersätt länken med själva filen."
        ),
        message=("det här är en symbolisk länk (till {target}); omrade följer inte länkar i data/"),
        hint=(
            "ersätt länken med själva filen (en länk kan peka vart som helst på datorn "
            "som kör omrade, så dess mål läses aldrig)"
        ),
        variants={
            "template": (
                (
                    "är en symbolisk länk (till {target}); omrade följer inte länkar i "
                    "templates/ och har inte läst målet"
                ),
                "ersätt länken med själva filen, eller bygg rapporten med --no-overrides",
            ),
        },
    ),
)


def link_diagnostic(file: str, target: str) -> Diagnostic:
    """OMR014: a link in data/ is not followed; its target is never read."""
    return OMR014.at(file, 1, 1, target=printable(target))


# the first bytes of spreadsheet files: a zip archive (.xlsx, .ods, .numbers) or OLE2 (.xls)
SPREADSHEET_MAGIC = {
    b"PK\x03\x04": (
        "a zip archive, such as an Excel (.xlsx) or OpenDocument (.ods) spreadsheet",
        "ett zip-arkiv, t.ex. ett kalkylblad från Excel (.xlsx) eller OpenDocument (.ods)",
    ),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": (
        "an old Excel (.xls) or Word file",
        "en äldre Excel-fil (.xls) eller Word-fil",
    ),
}


OMR005 = define(
    "OMR005",
    "error",
    "Not UTF-8 text",
    ("Files are UTF-8 text. UTF-16, Latin-1 and binary (NUL bytes) are refused."),
    message="the file is not valid UTF-8 (byte 0x{byte:02x})",
    hint="save the file as UTF-8; Latin-1 (ISO 8859-1) files need converting",
    variants={
        "utf16": (
            "the file is UTF-16, not UTF-8",
            "save it as UTF-8 (without byte-order mark)",
        ),
        "nul": (
            "the file contains NUL bytes: it is not text",
            "is this a binary file saved with a .yaml name?",
        ),
        "spreadsheet": (
            "the file is {what}, not YAML text",
            (
                "a plan file is YAML text: copy what it holds into the right .yaml file "
                "and move the spreadsheet out of data/"
            ),
        ),
    },
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr\u0000\n",
        replaces="name: Norr\n",
        situation="The file holds a NUL byte after 'Norr': it is a binary file, not text.",
    ),
    sv=dict(
        situation="Filen har en NUL-byte efter 'Norr': den är en binär fil, inte text.",
        title="Inte UTF-8-text",
        description=(
            "Filer är UTF-8-text. UTF-16, Latin-1 och binära filer (NUL-byte) godtas inte."
        ),
        message="filen är inte giltig UTF-8 (byte 0x{byte:02x})",
        hint="spara filen som UTF-8; filer i Latin-1 (ISO 8859-1) behöver konverteras",
        variants={
            "utf16": (
                "filen är UTF-16, inte UTF-8",
                "spara den som UTF-8 (utan byte-order mark)",
            ),
            "nul": (
                "filen innehåller NUL-byte: den är inte text",
                "är det en binär fil som sparats med ett .yaml-namn?",
            ),
            "spreadsheet": (
                "filen är {what}, inte YAML-text",
                (
                    "en planfil är YAML-text: för över innehållet till rätt .yaml-fil och "
                    "flytta kalkylbladet ut ur data/"
                ),
            ),
        },
    ),
)


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text (a UTF-8 byte-order mark is tolerated), or a diagnostic that says why not."""
    for magic, what in SPREADSHEET_MAGIC.items():
        if raw.startswith(magic):
            return None, OMR005.at(file, 1, 1, variant="spreadsheet", what=say(*what))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, OMR005.at(file, 1, 1, variant="utf16")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, OMR005.at(file, line, 1, variant="nul")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, OMR005.at(file, line, col, byte=raw[exc.start])


OMR007 = define(
    "OMR007",
    "error",
    "File too large",
    "Files over the size limit (default 5 MB, --max-file-size) are not read.",
    message="file is {size:,} bytes, over the limit of {limit:,}",
    hint="split it into smaller files, or raise the limit with --max-file-size",
    variants={
        "read": (
            "file is over the limit of {limit:,} bytes",
            "split it into smaller files, or raise the limit with --max-file-size",
        ),
    },
    sv=dict(
        title="Filen är för stor",
        description=(
            "Filer över storleksgränsen (5 MB om inget annat anges, --max-file-size) läses inte."
        ),
        message="filen är {size:,} byte, över gränsen på {limit:,}",
        hint="dela upp den i mindre filer, eller höj gränsen med --max-file-size",
        variants={
            "read": (
                "filen är över gränsen på {limit:,} byte",
                "dela upp den i mindre filer, eller höj gränsen med --max-file-size",
            ),
        },
    ),
)


def parse_bytes(raw: bytes, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedFile:
    out = LoadedFile(file)
    if len(raw) > max_bytes:
        out.diagnostics.append(OMR007.at(file, 1, 1, variant="read", limit=max_bytes))
        return out
    text, problem = decode(raw, file)
    if problem is not None or text is None:
        out.diagnostics.append(problem)  # type: ignore[arg-type]
        return out
    return parse_text(text, file)


_TAB_INDENT = re.compile(r"^([ \t]*\t)[ \t]*(?=[^\s#])", re.MULTILINE)


OMR006 = define(
    "OMR006",
    "error",
    "Tab in indentation",
    "YAML indents with spaces; a tab in the indentation is refused.",
    message="a tab is used for indentation",
    hint="YAML indents with spaces only: replace the tab with spaces",
    example=Example(
        "data/districts/norr.yaml",
        "population:\n\tvalue: 10000\n",
        replaces="population: {value: 10000, year: 2024, source: test}\n",
    ),
    sv=dict(
        title="Tabb i indraget",
        description="YAML drar in med mellanslag; en tabb i indraget godtas inte.",
        message="raden dras in med en tabb",
        hint="YAML drar in med mellanslag: byt tabben mot mellanslag",
    ),
)


def _tab_indents(text: str, out: LoadedFile) -> bool:
    """Report lines indented with a tab; True when there is one.

    One regex pass, lines counted between hits: no list of a million lines in memory.
    """
    if "\t" not in text:
        return False
    file, found, line, at = out.file, False, 1, 0
    matches = _TAB_INDENT.finditer(text)
    for listed, match in enumerate(matches):
        if listed == MAX_LISTED:  # count the rest without making them
            out.omitted["OMR006"] = 1 + sum(1 for _ in matches)
            break
        line += text.count("\n", at, match.start())
        at = match.start()
        found = True
        out.diagnostics.append(OMR006.at(file, line, match.group(1).index("\t") + 1))
    return found


# YAML's line breaks (1.1, as libyaml counts them): CR LF, CR, LF, NEL, LS, PS
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _on_a_line(text: str, line: int, col: int) -> tuple[int, int]:
    """(line, column) moved onto the file's last line when libyaml reports a problem at the
    end of the stream past it (it does for a trailing CR: ``b"\\r["`` is reported on line 3)."""
    lines = _YAML_BREAK.split(text)
    if line <= len(lines):
        return line, col
    return len(lines), len(lines[-1]) + 1


_SYNTAX = "YAML syntax error: {problem}{context}"

OMR001 = define(
    "OMR001",
    "error",
    "YAML syntax error",
    "The file is not well-formed YAML, or is nested deeper than a plan file needs.",
    message=_SYNTAX,
    hint="check indentation and punctuation on this line and the one before",
    variants={
        "colon_in_value": (
            _SYNTAX,
            "a value containing ': ' must be quoted, e.g. title: \"Fokus: trygghet\"",
        ),
        "tab": (_SYNTAX, "YAML indents with spaces only: replace the tab with spaces"),
        "missing_colon": (
            _SYNTAX,
            "a key needs a colon and a space after it, e.g. 'name: Alby'",
        ),
        "quote_single": (_SYNTAX, "quote the value with single quotes"),
        "quote": (_SYNTAX, "a value starting with this character must be quoted"),
        "deep": (
            "the document is nested too deeply",
            "plan files need at most {depth} levels",
        ),
        "complex_key": (
            "a key must be plain text, not a list or mapping",
            "write 'key: value'",
        ),
    },
    example=Example("data/districts/norr.yaml", "name: Norr\nname Alby\n", replaces="name: Norr\n"),
    sv=dict(
        title="Fel i YAML-syntaxen",
        description=("Filen är inte korrekt YAML, eller är nästlad djupare än en planfil behöver."),
        message="fel i YAML-syntaxen: {problem}{context}",
        hint="kontrollera indrag och skiljetecken på den här raden och raden före",
        variants={
            "colon_in_value": (
                "fel i YAML-syntaxen: {problem}{context}",
                (
                    'ett värde som innehåller ": " måste stå inom citattecken, t.ex. title: '
                    '"Fokus: trygghet"'
                ),
            ),
            "tab": (
                "fel i YAML-syntaxen: {problem}{context}",
                "YAML drar in med mellanslag: byt tabben mot mellanslag",
            ),
            "missing_colon": (
                "fel i YAML-syntaxen: {problem}{context}",
                "en nyckel behöver ett kolon och ett mellanslag efter sig, t.ex. 'name: Alby'",
            ),
            "quote_single": (
                "fel i YAML-syntaxen: {problem}{context}",
                "sätt värdet inom enkla citattecken",
            ),
            "quote": (
                "fel i YAML-syntaxen: {problem}{context}",
                "ett värde som börjar med det här tecknet måste stå inom citattecken",
            ),
            "deep": (
                "dokumentet är nästlat för djupt",
                "en planfil behöver högst {depth} nivåer",
            ),
            "complex_key": (
                "en nyckel måste vara vanlig text, inte en lista eller mappning",
                "skriv 'nyckel: värde'",
            ),
        },
    ),
)


def _yaml_error(exc: yaml.YAMLError, file: str, text: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    line, col = _on_a_line(text, line, col)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    variant = ""
    if "mapping values are not allowed" in problem:
        variant = "colon_in_value"
    elif "found character '\\t'" in problem or "found character '\t'" in problem:
        variant = "tab"
    elif "could not find expected ':'" in problem:
        variant = "missing_colon"
    elif "found undefined alias" in problem or "found unknown escape" in problem:
        variant = "quote_single"
    elif (
        "found character '%'" in problem
        or "found character '@'" in problem
        or ("found character '`'" in problem)
    ):
        variant = "quote"
    context = f" ({_libyaml_said(context)})" if context else ""
    return OMR001.at(
        file, line, col, variant=variant, problem=_libyaml_said(problem), context=context
    )


# what libyaml says most often, in Swedish (anything else is shown as libyaml says it)
LIBYAML_SV = (
    (
        "mapping values are not allowed in this context",
        "kolon följt av mellanslag får inte stå här",
    ),
    ("mapping values are not allowed here", "kolon följt av mellanslag får inte stå här"),
    ("could not find expected ':'", "hittade inte det väntade ':'"),
    ("while scanning a simple key", "i en nyckel"),
    ("while scanning a quoted scalar", "i en text inom citattecken"),
    ("while scanning a plain scalar", "i ett värde"),
    ("while parsing a block mapping", "i en mappning"),
    ("while parsing a block collection", "i en lista"),
    ("while parsing a flow mapping", "i en mappning inom {}"),
    ("while parsing a flow sequence", "i en lista inom []"),
    ("did not find expected key", "hittade inte den väntade nyckeln"),
    ("did not find expected '-' indicator", "hittade inte det väntade '-'"),
    ("did not find expected ',' or '}'", "hittade inte det väntade ',' eller '}'"),
    ("did not find expected ',' or ']'", "hittade inte det väntade ',' eller ']'"),
    ("found unexpected end of stream", "filen tog slut oväntat"),
    ("found unexpected end of stream", "filen tog slut oväntat"),
    (
        "found character that cannot start any token",
        "här står ett tecken som inte kan inleda något",
    ),
    ("found undefined alias", "här står ett odefinierat alias"),
    ("found unknown escape character", "här står en okänd escape-sekvens"),
    ("expected <block end>, but found", "väntade slut på blocket, men hittade"),
    ("block sequence entries are not allowed in this context", "listposter får inte stå här"),
)


def _libyaml_said(text: str) -> str:
    """libyaml's words for a syntax error, in the run's language where it is known."""
    if current_lang() != "sv":
        return text
    for english, swedish in LIBYAML_SV:
        text = text.replace(english, swedish)
    return text


DELIMITERS = {";": "semicolon", "\t": "tab", ",": "comma"}
DELIMITERS_SV = {";": "semikolon", "\t": "tabb", ",": "komma"}
YAML_LINE = re.compile(r"\s*(?:-\s|-$|#|[^,;\t]*:(?:\s|$))")


def tabular(text: str) -> str | None:
    """'semicolon-separated values' when the text looks like a CSV or spreadsheet export.

    Rows: at least two non-empty lines, none of them YAML-looking (a key, a list item, a
    comment), a first row that names at least two columns, and most rows with the same
    number of fields split by one delimiter.
    """
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2 or any(YAML_LINE.match(line) for line in lines):
        return None
    for delimiter, name in DELIMITERS.items():
        if delimiter not in lines[0]:
            continue
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:  # e.g. a field over the csv module's size limit: not a table
            continue
        if sum(1 for field in rows[0] if field.strip()) < 2:
            continue  # a header row names at least two columns
        counts = [len(row) for row in rows]
        common = max(set(counts), key=counts.count)
        if common >= 2 and counts.count(common) * 5 >= len(counts) * 4:
            return say("{name}-separated values", "värden åtskilda med {name_sv}").format(
                name=name, name_sv=DELIMITERS_SV[delimiter]
            )
    return None


OMR010 = define(
    "OMR010",
    "error",
    "Not a mapping",
    (
        "A plan file is a mapping of keys starting with 'kind:'; an empty file "
        "or a top-level list is refused."
    ),
    message="the file's top level is not a mapping of keys",
    hint="a plan file is a mapping that starts with 'kind:'",
    variants={
        "scenario": ("a scenario is a mapping of budget keys, with 'kind: scenario'", ""),
        "spreadsheet": (
            "the file looks like a CSV or spreadsheet export ({shape}), not YAML",
            (
                "a plan file is a YAML mapping that starts with 'kind:'; copy the "
                "figures into the right .yaml file (e.g. an analysis's values) and move "
                "the export out of data/"
            ),
        ),
        "empty": (
            "the file is empty",
            ("a plan file is a mapping that starts with 'kind:'; delete the file if unused"),
        ),
    },
    example=Example(
        "data/districts/ost.yaml",
        "- kind: district\n- id: ost\n",
    ),
    sv=dict(
        title="Inte en mappning",
        description=(
            "En planfil är en mappning av nycklar som börjar med 'kind:'; en tom "
            "fil eller en lista överst godtas inte."
        ),
        message="filens översta nivå är inte en mappning av nycklar",
        hint="en planfil är en mappning som börjar med 'kind:'",
        variants={
            "scenario": (
                "ett scenario är en mappning av budgetnycklar, med 'kind: scenario'",
                "",
            ),
            "spreadsheet": (
                (
                    "filen ser ut som en export från CSV eller ett kalkylblad ({shape}), "
                    "inte som YAML"
                ),
                (
                    "en planfil är en YAML-mappning som börjar med 'kind:'; för över "
                    "siffrorna till rätt .yaml-fil (t.ex. värdena i en stadsdelsanalys) och "
                    "flytta exporten ut ur data/"
                ),
            ),
            "empty": (
                "filen är tom",
                (
                    "en planfil är en mappning som börjar med 'kind:'; ta bort filen om den "
                    "inte används"
                ),
            ),
        },
    ),
)


def _tabular_refused(text: str, out: LoadedFile) -> bool:
    """Replace what was found with one diagnostic when the file is a table, not YAML."""
    shape = tabular(text)
    if shape is None:
        return False
    out.diagnostics[:] = [OMR010.at(out.file, 1, 1, variant="spreadsheet", shape=shape)]
    out.data = None
    return True


# Line breaks YAML counts and editors, git and GitHub mostly do not: a carriage return on
# its own, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. omrade refuses them rather than
# counting lines two ways: every line and column it shows (a diagnostic, an annotation on
# a pull request, the editor's squiggle) and every edit it makes (omrade.exchange.yamledit
# splices text by line) then mean the same line a person sees.
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")

OMR018 = define(
    "OMR018",
    "error",
    "Unusual line break",
    (
        "A carriage return on its own (CR without LF), NEL (U+0085), LINE SEPARATOR "
        "(U+2028) or PARAGRAPH SEPARATOR (U+2029). YAML reads each as a line break, while "
        "editors, git and GitHub show most of them inside a line, so a line number would "
        "mean one line to omrade and another to a person. The file is not read."
    ),
    message="the character {char} is a line break to YAML, but not to most editors, git and GitHub",
    hint=(
        "replace it with an ordinary line break, or delete it (it often comes with text "
        "copied from a web page or a PDF)"
    ),
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr\u2028Alby\n",
        replaces="name: Norr\n",
        situation="An invisible LINE SEPARATOR (U+2028) was pasted after 'Norr'.",
    ),
    sv=dict(
        situation=(
            "Ett osynligt radavgränsningstecken (LINE SEPARATOR, U+2028) har klistrats in efter "
            "'Norr'."
        ),
        title="Ovanlig radbrytning",
        description=(
            "En vagnretur för sig själv (CR utan LF), NEL (U+0085), LINE SEPARATOR "
            "(U+2028) eller PARAGRAPH SEPARATOR (U+2029). YAML läser varje sådant tecken "
            "som en radbrytning, medan redigerare, git och GitHub oftast visar dem inne i "
            "en rad, så ett radnummer skulle betyda en rad för omrade och en annan för en "
            "människa. Filen läses inte."
        ),
        message=(
            "tecknet {char} är en radbrytning för YAML, men inte för de flesta redigerare, git "
            "och GitHub"
        ),
        hint=(
            "ersätt det med en vanlig radbrytning, eller ta bort det (det följer ofta med "
            "text som kopierats från en webbsida eller en pdf)"
        ),
    ),
)


def _odd_breaks(text: str, out: LoadedFile) -> bool:
    """Report every unusual line break (lines counted at LF, as editors and GitHub count
    them); True when there is one. The first MAX_LISTED are listed, the rest counted."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return False
    found = False
    matches = _ODD_BREAK.finditer(text)
    for listed, match in enumerate(matches):
        if listed == MAX_LISTED:
            out.omitted["OMR018"] = 1 + sum(1 for _ in matches)
            break
        at = match.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = f"U+{ord(match.group()):04X}"
        out.diagnostics.append(OMR018.at(out.file, line, column, char=char))
        found = True
    return found


def parse_text(text: str, file: str) -> LoadedFile:
    """Parse YAML text strictly into plain data (dicts, lists, str, None) with positions."""
    out = LoadedFile(file, text=text)
    if _odd_breaks(text, out):
        return out
    if _tab_indents(text, out):
        if _tabular_refused(text, out):  # one diagnostic for a table, not one per line
            out.omitted.clear()
        return out
    if _most_nodes(text) > MAX_NODES:
        # count first (fast, building nothing), so that neither path builds too much
        try:
            over = _node_over_limit(text)
        except yaml.YAMLError:
            over = None  # the careful path reports the syntax error exactly
        if over is not None:
            out.diagnostics.append(_too_many(file, over))
            return out
    data = _fast(text, out, positions=False)
    if data is _FALLBACK:
        data = _careful(text, out)
        if data is _FALLBACK:
            _tabular_refused(text, out)
            return out
    else:
        out._positions_ready = False
    if not isinstance(data, dict) and _tabular_refused(text, out):
        return out
    if data is None:
        out.diagnostics.append(OMR010.at(file, 1, 1, variant="empty"))
    elif not isinstance(data, dict):
        out.diagnostics.append(OMR010.at(file, 1, 1))
    else:
        out.data = data
    return out


_FALLBACK: Any = object()
_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _UntypedLoader(yaml.CSafeLoader):
    """The C composer without YAML 1.1 tag guessing: we never use the guessed types."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


FAST_MAX_BRACKETS = 1000  # libyaml's C composer recurses: keep deep flow nesting away from it


def _fast(text: str, out: LoadedFile, positions: bool = True) -> Any:
    """The C composer, for text that cannot hold anchors, aliases or tags; else _FALLBACK.

    Anything unusual (a syntax error, duplicate keys, several documents, deep nesting)
    falls back to the careful event-by-event path, which reports it exactly.
    """
    if "&" in text or "*" in text or "!" in text:
        return _FALLBACK
    brackets = text.count("[") + text.count("{")
    if brackets > FAST_MAX_BRACKETS or _most_nodes(text) > MAX_NODES:
        return _FALLBACK
    try:
        node = yaml.compose(text, Loader=_UntypedLoader)
    except yaml.YAMLError:
        return _FALLBACK
    if node is None:
        return None
    try:
        return _convert(node, (), out, 0) if positions else _plain(node, 0)
    except _Fallback:
        return _FALLBACK


def _most_nodes(text: str) -> int:
    """An upper bound of the nodes in a text, counted in C.

    Every node starts after a line break, ',', ':', '-', '?', '[' or '{', or is itself
    a '[' or '{'; the composer is used only when this bound is within MAX_NODES, so its
    node tree (the large part of reading) never outgrows the limit.
    """
    return 1 + sum(text.count(c) for c in "\n,:-?") + 2 * sum(text.count(c) for c in "[{")


def _node_over_limit(text: str) -> Position | None:
    """Where the node beyond MAX_NODES starts, or None; counts parser events, builds nothing."""
    nodes = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                return _pos(event.start_mark)
    return None


OMR016 = define(
    "OMR016",
    "error",
    "Too many values",
    (
        "A file with more than 100 000 values (keys, list items and texts) is "
        "refused as it is read: no plan file needs that many, and holding them "
        "would take memory far beyond the file's size."
    ),
    message="the file holds more than {limit:,} values; reading stopped here",
    hint="split the file, or look for text that repeats by mistake",
    sv=dict(
        title="För många värden",
        description=(
            "En fil med fler än 100 000 värden (nycklar, listposter och texter) "
            "avvisas redan när den läses: ingen planfil behöver så många, och "
            "att hålla dem skulle kräva minne långt utöver filens storlek."
        ),
        message="filen rymmer fler än {limit:,} värden; läsningen stoppades här",
        hint="dela upp filen, eller leta efter text som upprepas av misstag",
    ),
)


def _too_many(file: str, p: Position) -> Diagnostic:
    return OMR016.at(file, p.line, p.column, limit=MAX_NODES)


class _Fallback(Exception):
    pass


_SCALAR = yaml.ScalarNode


def _plain(node: Any, depth: int) -> Any:
    """A composed node as plain data, no positions (the common, fast case).

    A scalar inside a list or mapping is turned into data where it stands (most nodes
    are scalars: one call fewer each), as :func:`_scalar` turns it."""
    if depth > MAX_DEPTH:
        raise _Fallback
    if type(node) is _SCALAR:
        return _scalar(node)
    children = node.value
    if children and depth + 1 > MAX_DEPTH:
        raise _Fallback
    if type(node) is yaml.SequenceNode:
        return [
            (
                (Quoted(c.value) if c.style else None if c.value in NULLS else c.value)
                if type(c) is _SCALAR
                else _plain(c, depth + 1)
            )
            for c in children
        ]
    mapping = {
        k.value: (
            (Quoted(v.value) if v.style else None if v.value in NULLS else v.value)
            if type(v) is _SCALAR
            else _plain(v, depth + 1)
        )
        for k, v in children
        if type(k) is _SCALAR
    }
    if len(mapping) != len(children):
        raise _Fallback  # a duplicate or a complex key: the careful path reports it
    return mapping


def _scalar(node: Any) -> Any:
    value = node.value
    if node.style:
        return Quoted(value)
    return None if value in NULLS else value


def _convert(node: Any, path: PathKey, out: LoadedFile, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Fallback
    mark = node.start_mark
    out.values[path] = Position(mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        value = node.value
        if node.style:
            return Quoted(value)
        return None if value in NULLS else value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), out, depth + 1) for i, child in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    keys = out.keys
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or (
            not key_node.style and key_node.value in NULLS
        ):
            raise _Fallback
        key = key_node.value
        if key in mapping:
            raise _Fallback  # the careful path reports every duplicate with both lines
        key_path = (*path, key)
        kmark = key_node.start_mark
        keys[key_path] = Position(kmark.line + 1, kmark.column + 1)
        mapping[key] = _convert(value_node, key_path, out, depth + 1)
    return mapping


def _careful(text: str, out: LoadedFile) -> Any:
    """Event by event, refusing anchors, aliases, tags, duplicates and deep nesting."""
    file = out.file
    try:
        data = _build(yaml.parse(text, Loader=yaml.CSafeLoader), out)
    except _Stop as stop:
        out.diagnostics.append(stop.diagnostic)
        return _FALLBACK
    except yaml.YAMLError as exc:
        out.diagnostics.append(_yaml_error(exc, file, text))
        return _FALLBACK
    except RecursionError:
        out.diagnostics.append(OMR001.at(file, 1, 1, variant="deep", depth=MAX_DEPTH))
        return _FALLBACK
    return data


class _Frame:
    __slots__ = ("container", "dup", "key", "key_pos", "path")

    def __init__(self, container: Any, path: PathKey):
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_pos: Position | None = None
        self.dup: str | None = None


OMR003 = define(
    "OMR003",
    "error",
    "Anchor or alias",
    (
        "Anchors (&name) and aliases (*name) are refused: they hide content from "
        "reviewers and enable 'billion laughs' inputs."
    ),
    message="{what} is not allowed",
    hint=("write the value out in full; anchors and aliases hide what a reviewer needs to see"),
    example=Example(
        "data/districts/norr.yaml",
        "name: &namn Norr\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="Ankare eller alias",
        description=(
            "Ankare (&namn) och alias (*namn) godtas inte: de döljer innehåll "
            "för den som granskar och öppnar för 'billion laughs'-filer."
        ),
        message="{what} är inte tillåtet",
        hint=(
            "skriv ut värdet i sin helhet; ankare och alias döljer det som granskaren behöver se"
        ),
    ),
)


def _anchor_refused(file: str, p: Position, what: str) -> Diagnostic:
    return OMR003.at(file, p.line, p.column, what=what)


OMR009 = define(
    "OMR009",
    "error",
    "Explicit tag",
    ("YAML tags such as !!int or !!python/object are refused; the schema decides types."),
    message="the tag '{tag}' is not allowed",
    hint="remove the tag; the schema decides each value's type",
    example=Example(
        "data/districts/norr.yaml",
        "name: !!binary Tm9ycg==\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="Uttrycklig tagg",
        description=(
            "YAML-taggar som !!int eller !!python/object godtas inte; schemat "
            "avgör varje värdes typ."
        ),
        message="taggen '{tag}' är inte tillåten",
        hint="ta bort taggen; schemat avgör varje värdes typ",
    ),
)


def _tag_refused(file: str, p: Position, tag: str) -> Diagnostic:
    return OMR009.at(file, p.line, p.column, tag=tag)


OMR002 = define(
    "OMR002",
    "error",
    "Duplicate key",
    ("A key appears twice in the same mapping; YAML parsers silently keep one of them."),
    message="duplicate key '{value}'",
    hint="the key is already given at line {line}; keep one of them",
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr\nname: Alby\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="Dubblerad nyckel",
        description=(
            "En nyckel står två gånger i samma mappning; YAML-läsare behåller tyst bara den ena."
        ),
        message="nyckeln '{value}' står två gånger",
        hint="nyckeln står redan på rad {line}; behåll en av dem",
    ),
)


OMR004 = define(
    "OMR004",
    "error",
    "Several documents in one file",
    ("A file holds exactly one YAML document; '---' separators are not allowed after the first."),
    message="the file holds more than one YAML document",
    hint="put each document in a file of its own; remove the '---'",
    example=Example(
        "data/districts/norr.yaml",
        ("population: {value: 10000, year: 2024, source: test}\n---\nkind: district\n"),
        replaces="population: {value: 10000, year: 2024, source: test}\n",
    ),
    sv=dict(
        title="Flera dokument i en fil",
        description=(
            "En fil rymmer exakt ett YAML-dokument; avgränsaren '---' får inte "
            "stå efter det första."
        ),
        message="filen rymmer mer än ett YAML-dokument",
        hint="lägg varje dokument i en egen fil; ta bort '---'",
    ),
)


def _build(events: Any, out: LoadedFile) -> Any:
    """Build plain data from parser events without recursion."""
    file = out.file
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    nodes = 0

    def attach(value: Any, pos: Position) -> PathKey | None:
        """Put a finished value into its parent; return its path (None for a key)."""
        nonlocal root
        if not stack:
            root = value
            out.values[()] = pos
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
            out.values[path] = pos
            return path
        if frame.key is None:  # this value is a key
            if not isinstance(value, str):
                raise _Stop(OMR001.at(file, pos.line, pos.column, variant="complex_key"))
            if value in frame.container or (frame.dup and value == frame.dup):
                first = out.keys[(*frame.path, value)]
                out.add_capped(
                    OMR002.at(
                        file,
                        pos.line,
                        pos.column,
                        path=format_path((*frame.path, value)),
                        value=value,
                        line=first.line,
                    )
                )
                frame.dup = value
                frame.key, frame.key_pos = f"{value}\x00duplicate", pos
                return None
            frame.key, frame.key_pos = str(value), pos  # a quoted key is just a key
            return None
        path = (*frame.path, frame.key)
        if frame.key.endswith("\x00duplicate"):  # reported already; its value is dropped
            frame.key = None
            return path
        frame.container[frame.key] = value
        out.keys[path] = frame.key_pos  # type: ignore[assignment]
        out.values[path] = pos
        frame.key = None
        return path

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                p = _pos(event.start_mark)
                raise _Stop(OMR004.at(file, p.line, p.column))
            continue
        if isinstance(event, yaml.AliasEvent):
            raise _Stop(
                _anchor_refused(
                    file, _pos(event.start_mark), say("alias", "aliaset") + f" '*{event.anchor}'"
                )
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise _Stop(
                _anchor_refused(
                    file, _pos(event.start_mark), say("anchor", "ankaret") + f" '&{event.anchor}'"
                )
            )
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _Stop(_too_many(file, _pos(event.start_mark)))
        if isinstance(event, yaml.ScalarEvent):
            p = _pos(event.start_mark)
            if event.tag is not None and event.tag not in ("!", STR_TAG):
                raise _Stop(_tag_refused(file, p, event.tag))
            plain = event.style in (None, "") and event.tag is None
            if not plain:
                value: str | None = Quoted(event.value)
            else:
                value = None if event.value in NULLS else event.value
            attach(value, p)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            p = _pos(event.start_mark)
            if event.tag is not None:
                raise _Stop(_tag_refused(file, p, event.tag))
            if len(stack) >= MAX_DEPTH:
                raise _Stop(OMR001.at(file, p.line, p.column, variant="deep", depth=MAX_DEPTH))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = attach(container, p)
            if path is None:
                raise _Stop(OMR001.at(file, p.line, p.column, variant="complex_key"))
            stack.append(_Frame(container, path))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
    return root

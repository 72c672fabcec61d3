"""7xx: personal data. Identity numbers never; emails and phones only in roster fields.

The scan reads each file's raw text, so comments are covered too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from omrade.diagnostics import Diagnostic, make
from omrade.rules import Context, check

PNR = re.compile(r"(?<![\d-])(?:19|20)?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})(?!\d)")
# bounded and anchored at the start of a run, so a long line costs linear time
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*"
    r"\.[A-Za-z]{2,24}"
)
PHONE = re.compile(r"(?:(?<![\w+])\+46|(?<![\w.,/:+-])0)[ \t-]?\d(?:[ \t-]?\d){6,10}(?![\w-])")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_identity_number(match: re.Match[str]) -> bool:
    yy, mm, dd, tail = match.groups()
    day = int(dd)
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return 1 <= int(mm) <= 12 and 1 <= day <= 31 and luhn_ok(yy + mm + dd + tail)


def _contact_lines(ctx: Context, field: str) -> dict[str, set[int]]:
    """Per group file, the lines that hold members' ``field`` values; and the site's
    published contact (``site.contact`` in municipality.yaml, a functional address)."""
    lines = {
        doc.file: {
            pos.line
            for path, pos in doc.loaded.value_lines().items()
            if len(path) == 3 and path[0] == "members" and path[2] == field
        }
        for doc in ctx.repo.groups.values()
        if field in doc.loaded.text
    }
    mun = ctx.repo.municipality_doc
    if mun is not None:
        where = mun.loaded.value_lines().get(("site", "contact"))
        if where is not None:
            lines.setdefault(mun.file, set()).add(where.line)
    return lines


def _matches(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
    """(line, column, match) over a whole text: one regex pass, lines counted only on a hit."""
    for match in pattern.finditer(text):
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        yield text.count("\n", 0, start) + 1, start - line_start + 1, match


@check("OMR701")
def identity_number(ctx: Context) -> Iterator[Diagnostic]:
    for doc in ctx.repo.docs:
        for line, column, match in _matches(doc.loaded.text, PNR):
            if is_identity_number(match):
                yield make(
                    "OMR701",
                    doc.file,
                    line,
                    column,
                    "a personal identity number is written here",
                    "remove it at once (and from the git history): personal "
                    "identity numbers never enter a plan repository",
                )


@check("OMR702")
def email_outside_roster(ctx: Context) -> Iterator[Diagnostic]:
    contact = _contact_lines(ctx, "email")
    for doc in ctx.repo.docs:
        if "@" not in doc.loaded.text:
            continue
        allowed = contact.get(doc.file, set())
        for line, column, _match in _matches(doc.loaded.text, EMAIL):
            if line not in allowed:
                yield make(
                    "OMR702",
                    doc.file,
                    line,
                    column,
                    "an email address is written outside a roster's contact field",
                    "use a functional address in a group member's 'email' field, or remove it",
                )


@check("OMR703")
def phone_outside_roster(ctx: Context) -> Iterator[Diagnostic]:
    contact = _contact_lines(ctx, "phone")
    for doc in ctx.repo.docs:
        allowed = contact.get(doc.file, set())
        for line, column, match in _matches(doc.loaded.text, PHONE):
            if line in allowed or "\n" in match.group(0):
                continue
            compact = PNR.fullmatch(re.sub(r"[\s-]", "", match.group(0)))
            if compact and is_identity_number(compact):
                continue  # reported as OMR701
            yield make(
                "OMR703",
                doc.file,
                line,
                column,
                "a phone number is written outside a roster's contact field",
                "put it in a group member's 'phone' field, or remove it",
            )

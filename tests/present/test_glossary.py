"""One word per thing: the catalogues people read follow the glossary (docs/ordlista.md).

For each row of the glossary's table: no Swedish text uses a word of the "not" column
(inflected or not), and where an English text says the row's English word, its Swedish
counterpart says the row's Swedish word. The catalogues are the terminal's and the
comment's messages (the .po), the site's labels and value names, the workbooks' headings,
and every rule's Swedish words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from omrade.exchange.followup import LABELS
from omrade.i18n import po_path
from omrade.labels import ENUMS, MESSAGES
from omrade.rules import RULES
from tests.conftest import ROOT

GLOSSARY = ROOT / "docs" / "ordlista.md"

# "not" words a program cannot tell apart from a right use, and why
NOT_CHECKED = {
    "område": "a word of its own in 'områdesutveckling', 'områdesgrupp'; 'the district' is "
    "checked from the English side instead",
    "rapport": "the report (omrade report) is a rapport; the follow-up is checked from the "
    "English side",
    "kvartal": "a municipality may follow up by quarter (calendar.follow_up: quarter)",
    "budget": "the budget document is a budget; the grant is checked from the English side",
    "lokalt program": "Stockholm's own name, fine in its own data",
    "påhittad": "forbidden in a heading only",
}
# English words of the first column whose Swedish is not said in every sentence that
# says them, and why
NOT_PAIRED = {
    "tertial": "the same word in both languages",
    "goal": "'mål' is in 'målgrupp' and 'måluppfyllelse' as well, so it is always found",
    "mandate": "the same stem in both languages",
    "reference": "also 'the data reference' (docs/data-reference.md), another thing",
    "board": "also in 'district board' and 'executive board', rows of their own",
}
# what a message quotes (a key, a value, a command: 'replaces:', `omrade export
# follow-up`) and its fields ('{reference}') are not words of the sentence
QUOTED = re.compile(r"'[^']*'|`[^`]*`|\{[^}]*\}|\b[a-z]+_[a-z_]+\b")
ENDINGS = r"(?:en|et|er|erna|ar|arna|n|t|na|s)?"


def rows() -> list[tuple[list[str], list[str], list[str]]]:
    """(English words, Swedish words, words not to use) of each row of the table; a row
    that names several things ('planned / ongoing / done') lists them in the same order
    in both languages, and a word before a colon ('måluppfyllelse: grön / gul / röd')
    names them all."""
    out = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("code (English)",) or set(cells[0]) <= {"-"}:
            continue
        english, swedish = _words(cells[0]), _words(cells[1])
        if len(english) != len(swedish):  # one thing (rating) said with its values
            english, swedish = english[:1], swedish[:1]
        nots = [w for w in (_bare(n) for n in cells[2].split(",")) if w]
        out.append((english, swedish, nots))
    return out


def _words(cell: str) -> list[str]:
    cell = _bare(cell.replace("(short: ", "/ ").replace(")", ")"))
    head, colon, rest = cell.partition(": ")
    if colon and "/" in rest:
        return (
            [w.strip() for w in rest.split("/")]
            if not head.startswith("måluppfyllelse")
            else [head]
        )
    return [w.strip() for w in cell.split("/") if w.strip()]


def _bare(word: str) -> str:
    """A cell's word without its note in parentheses, and without quotes."""
    return re.sub(r"\(.*?\)", "", word).replace('"', "").strip(" :").lower()


def pairs() -> Iterator[tuple[str, str, str]]:
    """(where, English, Swedish) of every catalogue people read."""
    with po_path("sv").open("rb") as f:
        for m in read_po(f, locale="sv"):
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            yield ("omrade.po", ids[-1], strings[-1])
    for key, (sv, en) in MESSAGES.items():
        yield (f"site:{key}", en, sv)
    for family, values in ENUMS.items():
        for value, (sv, en) in values.items():
            yield (f"site:{family}.{value}", en, sv)
    for key, sv in LABELS["sv"].items():
        yield (f"workbook:{key}", LABELS["en"][key], sv)
    for code, rule in sorted(RULES.items()):
        if rule.sv is None:
            continue
        yield (f"{code}:title", rule.title, rule.sv.title)
        yield (f"{code}:description", rule.description, rule.sv.description)
        for variant in rule.messages:
            en, sv = rule.templates(variant, "en"), rule.templates(variant, "sv")
            yield (f"{code}:{variant or 'message'}", en.text, sv.text)
            yield (f"{code}:{variant or 'message'}:hint", en.hint, sv.hint)


def test_the_glossary_is_read() -> None:
    table = rows()
    assert len(table) > 30
    assert (["action"], ["insats"], ["åtgärd", "aktivitet"]) in table


NOTS = sorted({w for _en, _sv, nots in rows() for w in nots if w not in NOT_CHECKED})


@pytest.mark.parametrize("word", NOTS)
def test_no_catalogue_uses_a_word_the_glossary_rules_out(word: str) -> None:
    pattern = re.compile(rf"\b{re.escape(word)}{ENDINGS}\b", re.IGNORECASE)
    found = [(where, sv) for where, _en, sv in pairs() if pattern.search(sv)]
    assert found == [], f"'{word}' is not the glossary's word: {found[:5]}"


PAIRED = sorted(
    {
        (en, sv)
        for english, swedish, _n in rows()
        for en, sv in zip(english, swedish, strict=True)
        if en not in NOT_PAIRED
    }
)


@pytest.mark.parametrize(("english", "swedish"), PAIRED, ids=[e for e, _s in PAIRED])
def test_where_the_english_says_the_word_the_swedish_says_the_glossarys(
    english: str, swedish: str
) -> None:
    # a longer term of the glossary that holds this one is its own row ('action plan')
    longer = [e for english_words, _s, _n in rows() for e in english_words if english in e]
    longer = [e for e in longer if e != english]
    said = re.compile(rf"(?<![\w-]){re.escape(english)}s?\b", re.IGNORECASE)
    head = swedish.split()[-1]  # the phrase's noun: 'strategiskt utvecklingsprogram'
    stem = head[: max(6, len(head) - 2)]  # 'ansvar' in 'ansvarig' and 'ansvarar'
    missing = []
    for where, en, sv in pairs():
        rest = QUOTED.sub("", en)
        for term in longer:
            rest = re.sub(re.escape(term), "", rest, flags=re.IGNORECASE)
        # the English word in the Swedish text too is a value of the data ('delayed')
        if said.search(rest) and stem.lower() not in sv.lower() and not said.search(sv):
            missing.append((where, en, sv))
    assert missing == [], f"'{english}' is said without '{swedish}': {missing[:5]}"

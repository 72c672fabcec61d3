"""The faster personal-data scan finds exactly what the scan before it found.

The scan was made faster (the phone pattern split by its first character so each part
starts with a literal, the obfuscated '(at)' likewise, a six-digit prefilter before the
identity-number pattern). The scan before the change is kept here as the reference, and
both run over the bundled data, every fixture, the hostile corpus, the personal-data
corpus and generated text: the findings (kind, offsets, text) and the counts of findings
beyond the limit must be identical.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrade import personal
from omrade.personal import (
    EMAIL,
    IDENTITY,
    PHONE,
    Finding,
    Kind,
    Normalised,
    _Cursor,
    _digits,
    _phone_ok,
    is_identity_number,
)
from tests.conftest import FIXTURES, ROOT
from tests.journeys.test_hostile import BOUNDED, HOSTILE
from tests.rules.test_personal import EMAILS, IDENTITIES, NOT_PERSONAL, PHONES

# --- the reference: the scan as it was before it was made faster ----------------------

_OBFUSCATED_AT = re.compile(r"[\[(][ \t]?(?i:at|snabel-?a)[ \t]?[\])]")


def _reference_identities(text: str) -> Iterator[re.Match[str]]:
    return (m for m in IDENTITY.finditer(text) if is_identity_number(_digits(m.group(0))))


def reference_find(text: str, limit: int | None = None) -> tuple[list[Finding], Counter[Kind]]:
    found: list[Finding] = []
    kept: Counter[Kind] = Counter()
    more: Counter[Kind] = Counter()

    def keep(kind: Kind, m: re.Match[str], bare: bool = False) -> None:
        if limit is not None and kept[kind] >= limit:
            more[kind] += 1
        else:
            kept[kind] += 1
            found.append(Finding(kind, m.start(), m.end(), m.group(0), bare))

    for m in _reference_identities(text):
        value = m.group(0)
        keep("identity", m, value.isdigit() and value.startswith("0"))
    has_email = "@" in text or _OBFUSCATED_AT.search(text) is not None
    identities = _Cursor(lambda: ((m.start(), m.end()) for m in _reference_identities(text)))
    emails = _Cursor(lambda: ((m.start(), m.end()) for m in EMAIL.finditer(text)))
    for m in PHONE.finditer(text):
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


# --- the corpus ---------------------------------------------------------------------------


def _files() -> dict[str, str]:
    texts: dict[str, str] = {}
    for base in (ROOT / "data", ROOT / "examples", FIXTURES):
        for path in sorted(base.rglob("*.yaml")):
            if path.is_file():
                texts[str(path.relative_to(ROOT))] = path.read_bytes().decode("utf-8", "replace")
    for name, (content, _code) in HOSTILE.items():
        texts[f"hostile/{name}"] = content.decode("utf-8", "replace")
    for name, (text, _code, _more) in BOUNDED.items():
        # the first 200 kB: the same shapes repeated, at a twenty-fifth of the time
        texts[f"bounded/{name}"] = text[:200_000]
    for i, text in enumerate(PHONES + IDENTITIES + EMAILS + NOT_PERSONAL):
        texts[f"corpus/{i}"] = f"x: 'Kontakt {text}.'\n# {text}\n{text}"
    return texts


FILES = _files()


def _same(text: str, limit: int | None) -> None:
    for variant in (text, Normalised(text).text):
        assert personal.find(variant, limit) == reference_find(variant, limit)


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_faster_scan_finds_what_the_reference_finds(name: str) -> None:
    _same(FILES[name], 1000)


def test_the_corpus_holds_each_kind_so_the_comparison_compares_something() -> None:
    kinds: Counter[str] = Counter()
    for text in FILES.values():
        kinds.update(f.kind for f in personal.find(Normalised(text).text, 1000)[0])
    assert kinds["identity"] > 10 and kinds["phone"] > 10 and kinds["email"] > 10


def test_without_a_limit_too() -> None:
    for name in sorted(FILES):
        if not name.startswith("bounded/"):  # millions of findings: the limit is the point
            _same(FILES[name], None)


# characters the patterns turn on, many times more often than in prose
_ALPHABET = st.sampled_from(
    list("0123456789") * 6
    + list("+()[]-./@ \t\n_%:,")
    + ["0", "00", "+46", "(0)", "(08)", "19", "20", "at", "(at)", "[snabel-a]", "(dot)"]
    + ["\u2013", "\u2212", "\u00a0", "\uff10", "\uff0b", "\u200b", "a", "x", "é", "se", ".se"]
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.sampled_from([None, 1, 2]))
def test_generated_text_gives_the_same_findings(text: str, limit: int | None) -> None:
    _same(text, limit)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(PHONES + IDENTITIES + EMAILS + NOT_PERSONAL + [" ", "\n", "x", "0"]),
        max_size=12,
    ).map("".join)
)
def test_personal_data_run_together_gives_the_same_findings(text: str) -> None:
    _same(text, None)

"""The strict loader: no type guessing, positions for everything, hostile bytes refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrade.load.reader import parse_bytes, parse_text, read_file


def test_plain_scalars_are_not_type_guessed() -> None:
    loaded = parse_text("a: no\nb: 0127\nc: 1:30\nd: 2025-01-01\ne: on\nf: 1e3\ng: ~\n", "f")
    assert loaded.data == {
        "a": "no",
        "b": "0127",
        "c": "1:30",
        "d": "2025-01-01",
        "e": "on",
        "f": "1e3",
        "g": None,
    }
    assert loaded.diagnostics == []


def test_positions_are_one_based_and_count_characters() -> None:
    loaded = parse_text("namn: Åäö\nlista:\n  - {x: Ö, y: 2}\n", "f")
    assert loaded.position(("namn",)).line == 1
    assert loaded.position(("namn",)).column == 7
    assert loaded.position(("lista", 0, "y")).column == 15
    assert loaded.position(("lista", 0, "y"), key=True).column == 12
    # a missing path falls back to its nearest ancestor
    assert loaded.position(("lista", 0, "missing")).line == 3


@pytest.mark.parametrize(
    "raw, code, line",
    [
        (b"a: 1\na: 2\n", "OMR002", 2),
        (b"a: &x 1\nb: *x\n", "OMR003", 1),
        (b"a: 1\n---\nb: 2\n", "OMR004", 2),
        (b"\xff\xfea\x00:\x00", "OMR005", 1),
        (b"a: 1\nb: \x00\n", "OMR005", 2),
        (b"a: 1\nb: G\xf6teborg\n", "OMR005", 2),
        (b"a:\n\tb: 1\n", "OMR006", 2),
        (b"a: !!binary aGVq\n", "OMR009", 1),
        (b"- 1\n", "OMR010", 1),
        (b"", "OMR010", 1),
        (b"a: [1, 2\n", "OMR001", 2),
        (b"[" * 200 + b"]" * 200, "OMR001", 1),
    ],
)
def test_refused_input_gets_a_located_diagnostic(raw: bytes, code: str, line: int) -> None:
    loaded = parse_bytes(raw, "f.yaml")
    assert loaded.data is None or code == "OMR002"
    assert [(d.code, d.line) for d in loaded.diagnostics][:1] == [(code, line)]
    assert all(d.hint for d in loaded.diagnostics)


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    loaded = parse_bytes(b"\xef\xbb\xbfkind: x\r\nid: y\r\n", "f")
    assert loaded.data == {"kind": "x", "id": "y"}
    assert loaded.position(("id",)).line == 2


def test_quoting_hint_for_colon_in_value() -> None:
    loaded = parse_text("title: Fokus: trygghet\n", "f")
    assert loaded.diagnostics[0].code == "OMR001"
    assert "quoted" in loaded.diagnostics[0].hint


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    loaded = read_file(path, "big.yaml", max_bytes=1000)
    assert [d.code for d in loaded.diagnostics] == ["OMR007"]


def test_a_directory_named_yaml_and_an_unreadable_path(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    assert read_file(tmp_path / "d.yaml", "d.yaml").diagnostics[0].code == "OMR008"
    assert read_file(tmp_path / "gone.yaml", "gone.yaml").diagnostics[0].code == "OMR008"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_give_a_diagnostic_on_an_existing_line(raw: bytes) -> None:
    loaded = parse_bytes(raw, "f.yaml")
    assert loaded.data is not None or loaded.diagnostics
    for d in loaded.diagnostics:
        assert 1 <= d.line <= yaml_lines(raw), (raw, d)


def yaml_lines(raw: bytes) -> int:
    """How many lines an editor shows: YAML counts CR LF, CR and LF as one line break each
    (and NEL, LS, PS in decoded text)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.count(b"\n") + raw.count(b"\r") + 1  # refused as OMR005 on line 1..n
    return len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text))


@pytest.mark.parametrize(
    ("raw", "line"),
    [(b"a: [\r\n", 2), (b"a: [", 1), (b"a:\n  - [\n", 3), (b"a:\r\n  - [\r\n", 3)],
)
def test_a_syntax_error_at_the_end_is_reported_on_the_last_line(raw: bytes, line: int) -> None:
    (d,) = parse_bytes(raw, "f.yaml").diagnostics
    assert (d.code, d.line) == ("OMR001", line)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab: -[]{}#&*!|>'\"\n\t,?%@`0123456789")), max_size=120)
)
def test_yaml_like_text_never_raises(text: str) -> None:
    loaded = parse_text(text, "f.yaml")
    assert loaded.data is not None or loaded.diagnostics


@pytest.mark.parametrize("char", ["\r", "\x85", "\u2028", "\u2029"])
def test_a_line_break_editors_do_not_count_is_refused_where_editors_show_it(char: str) -> None:
    """YAML counts CR, NEL, LS and PS as line breaks; editors, git and GitHub count LF.
    Such a character is refused (OMR018), placed on the line and column a person sees."""
    text = f"kind: district\nid: norr\nname: Norr{char}Alby\n"
    loaded = parse_text(text, "f.yaml")
    assert loaded.data is None
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("OMR018", 3, 11)]
    assert f"U+{ord(char):04X}" in loaded.diagnostics[0].message


def test_windows_line_ends_are_ordinary_line_breaks() -> None:
    loaded = parse_text("kind: district\r\nid: norr\r\n", "f.yaml")
    assert loaded.data == {"kind": "district", "id": "norr"} and not loaded.diagnostics

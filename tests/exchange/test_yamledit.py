"""Follow-up entries spliced into plan files: every other byte stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrade.exchange import ExchangeError, yamledit
from omrade.exchange.followup import write_files
from omrade.exchange.yamledit import Edit
from omrade.load.reader import parse_text

ENTRY = {"period": "2025-T2", "status": "ongoing", "rating": "green", "trend": "improving"}

BLOCK = """\
# a plan
kind: plan
actions:
  - id: A1   # the first
    title: Ett
    follow_up:
      - period: 2025-T1
        status: ongoing
        comment: >-
          lång text
          över två rader

      # T2 comes here
  - id: A2
    title: Två
    funding:
    - {source: area_grant, amount: 1}
  - {id: A3, title: Tre}
  - id: A4
    title: Fyra
    follow_up: []
  - id: A5
    title: Fem
    follow_up: [{period: 2025-T1, status: done}]
  - id: A6
    title: Sex
    follow_up:
"""


def lines_kept(before: str, after: str) -> bool:
    """Every line of ``before`` is in ``after``, in order (only insertions happened)."""
    it = iter(after.splitlines())
    return all(any(line == other for other in it) for line in before.splitlines())


def data_after(text: str) -> dict:
    loaded = parse_text(text, "plan.yaml")
    assert not loaded.diagnostics, loaded.diagnostics
    return loaded.data


def test_each_layout_gets_the_entry_in_its_own_style() -> None:
    edits = [Edit(i, dict(ENTRY, comment=f"nr {i}")) for i in range(6)]
    out = yamledit.apply(BLOCK, edits)
    assert lines_kept(
        BLOCK.replace("    follow_up: []\n", "")
        .replace("    follow_up: [{period: 2025-T1, status: done}]\n", "")
        .replace("  - {id: A3, title: Tre}\n", ""),
        out,
    )
    data = data_after(out)
    for i, action in enumerate(data["actions"]):
        assert action["follow_up"][-1] == dict(ENTRY, comment=f"nr {i}"), action
    # A1: after the last entry's content, before the comment that precedes A2
    assert (
        "          över två rader\n"
        "      - period: 2025-T2\n"
        "        status: ongoing\n"
        "        rating: green\n"
        "        trend: improving\n"
        "        comment: nr 0\n"
        "\n"
        "      # T2 comes here\n"
    ) in out
    # A2 had no follow_up: the key goes after its content, in the file's sequence indent
    assert "    - {source: area_grant, amount: 1}\n    follow_up:\n      - period: 2025-T2\n" in out
    # flow styles stay flow
    assert (
        "  - {id: A3, title: Tre, follow_up: [{period: 2025-T2, status: ongoing, "
        "rating: green, trend: improving, comment: nr 2}]}\n"
    ) in out
    assert "    follow_up: [{period: 2025-T2, status: ongoing, rating: green" in out
    assert "    follow_up: [{period: 2025-T1, status: done}, {period: 2025-T2," in out
    assert out.endswith(
        "    follow_up:\n      - period: 2025-T2\n        status: ongoing\n"
        "        rating: green\n        trend: improving\n        comment: nr 5\n"
    )


def test_replace_touches_only_the_entry() -> None:
    out = yamledit.apply(BLOCK, [Edit(0, dict(ENTRY, period="2025-T1"), replace=0)])
    before, after = BLOCK.splitlines(), out.splitlines()
    assert before[:6] == after[:6]
    assert after[6:10] == [
        "      - period: 2025-T1",
        "        status: ongoing",
        "        rating: green",
        "        trend: improving",
    ]
    assert before[11:] == after[10:]  # the blank line and the comment stay


def test_crlf_and_no_final_newline_are_kept() -> None:
    text = (
        "kind: plan\r\nactions:\r\n- id: A1\r\n  title: Ett\r\n  follow_up:\r\n"
        "  - period: x\r\n    status: done"
    )
    out = yamledit.apply(text, [Edit(0, ENTRY)])
    assert out.startswith(text + "\r\n")
    assert out.endswith(
        "  - period: 2025-T2\r\n    status: ongoing\r\n    rating: green\r\n"
        "    trend: improving\r\n"
    )
    assert "\n" not in out.replace("\r\n", "")


@pytest.mark.parametrize(
    "comment",
    [
        "Klart: allt levererat",
        "# inte en kommentar",
        "- en punkt",
        "=SUMMA(A1)",
        "yes",
        "2025-10-01",
        "0127",
        "rad ett\nrad två",
        " mellanslag först",
        'citat "så här" och \\ bakstreck',
        "tab\there",
        "{inte: en mapping}",
        "a\u2028b\x85c\u0085",
        "emoji 🎉 och åäö",
        "null",
    ],
)
def test_any_comment_reads_back_as_written(comment: str) -> None:
    out = yamledit.apply(
        BLOCK, [Edit(0, dict(ENTRY, comment=comment)), Edit(2, dict(ENTRY, comment=comment))]
    )
    data = data_after(out)
    assert data["actions"][0]["follow_up"][-1]["comment"] == comment
    assert data["actions"][2]["follow_up"][-1]["comment"] == comment


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_random_text_reads_back_exactly(comment: str) -> None:
    out = yamledit.apply(
        BLOCK, [Edit(0, dict(ENTRY, comment=comment)), Edit(2, dict(ENTRY, comment=comment))]
    )
    data = data_after(out)
    assert data["actions"][0]["follow_up"][-1]["comment"] == comment
    assert data["actions"][2]["follow_up"][-1]["comment"] == comment
    assert lines_kept(BLOCK.replace("  - {id: A3, title: Tre}\n", ""), out)


def test_write_files_puts_everything_back_when_a_rename_fails(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.yaml").write_bytes(b"a: 1\n")
    (tmp_path / "b.yaml").write_bytes(b"b: 1\n")
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(ExchangeError, match="No space left on device; every file is as it was"):
        write_files(tmp_path, {"a.yaml": b"a: 2\n", "b.yaml": b"b: 2\n"})
    monkeypatch.setattr(os, "replace", real)
    assert (tmp_path / "a.yaml").read_bytes() == b"a: 1\n"
    assert (tmp_path / "b.yaml").read_bytes() == b"b: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]

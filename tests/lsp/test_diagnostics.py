"""Diagnostics as the analyst types: unsaved buffers, cross-file rules, links to the rule's
documentation."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from tests.conftest import ROOT
from tests.lsp.conftest import PLAN, Editor, open_file, type_text

pytestmark = pytest.mark.asyncio


async def test_a_misspelt_organisation_in_an_unsaved_buffer_is_reported_with_the_rule(
    editor: Editor,
) -> None:
    text = await open_file(editor, PLAN)
    found = await type_text(
        editor, PLAN, 2, text.replace("responsible: avux", "responsible: avuxx", 1)
    )
    assert [d.code for d in found] == ["OMR204"]
    d = found[0]
    assert d.severity == lsp.DiagnosticSeverity.Error
    assert d.code_description is not None
    # the rule's explanation in the repository's language: docs/regler.md (docs/rules.md in
    # English), one heading per rule
    assert d.code_description.href == (
        "https://github.com/omrade/omrade/blob/main/docs/regler.md#omr204"
    )
    assert "### OMR204" in (ROOT / "docs" / "regler.md").read_text(encoding="utf-8")
    line = text.splitlines()[d.range.start.line]
    assert line[d.range.start.character : d.range.end.character] == "avux"  # the old text's line
    # in the repository's language (the bundled municipality's locale: sv)
    assert d.message.startswith("okänd organisation 'avuxx'")
    assert "avux" in d.message.split("\n", 1)[1]  # the hint: did you mean avux
    # nothing was written: the file on disk still says avux
    assert "responsible: avuxx" not in (editor.root / PLAN).read_text(encoding="utf-8")

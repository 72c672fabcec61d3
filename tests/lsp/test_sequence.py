"""After any sequence of edits — unsaved buffers, cross-file changes, files opened, closed
and created — the server's diagnostics are those of a fresh ``omrade validate`` of the
same texts written to disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp
from typer.testing import CliRunner

from omrade.cli import app
from tests.conftest import BASE_AS_OF
from tests.lsp.conftest import PLAN, Editor, published, uri

pytestmark = pytest.mark.asyncio

MUNICIPALITY = "data/municipality.yaml"
PROGRAMME = "data/programmes/alby-2024-2028.yaml"
DISTRICT = "data/districts/alby.yaml"
BUDGET = "data/budget/2025.yaml"
NEW_GROUP = "data/groups/alby-ny-grupp.yaml"
SENTINEL = "data/districts/tullinge.yaml"


@pytest.fixture
def server_options() -> dict[str, Any]:
    # validate speaks English unless told otherwise (--lang, where it has it): so does the
    # server here (the bundled municipality's locale is sv)
    return {"asOf": BASE_AS_OF, "lang": "en"}


def _lang_option() -> list[str]:
    help_text = CliRunner().invoke(app, ["validate", "--help"]).output
    return ["--lang", "en"] if "--lang" in help_text else []


class Buffers:
    """The editor's open buffers and their versions; the same texts kept on disk in a
    mirror repository for the reference validate."""

    def __init__(self, editor: Editor, mirror: Path) -> None:
        self.editor = editor
        self.mirror = mirror
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    def disk(self, file: str) -> str:
        return (self.editor.root / file).read_text(encoding="utf-8")

    def open(self, file: str, text: str | None = None) -> None:
        text = self.disk(file) if text is None else text
        self.versions[file] = 1
        self.texts[file] = text
        self.editor.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(
                    uri=uri(self.editor, file), language_id="yaml", version=1, text=text
                )
            )
        )
        self._mirror(file, text)

    def change(self, file: str, text: str) -> None:
        self.versions[file] += 1
        self.texts[file] = text
        self.editor.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(
                    uri=uri(self.editor, file), version=self.versions[file]
                ),
                [lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        self._mirror(file, text)

    def edit(self, file: str, old: str, new: str) -> None:
        text = self.texts[file]
        assert old in text, old
        self.change(file, text.replace(old, new, 1))

    def close(self, file: str) -> None:
        del self.versions[file], self.texts[file]
        self.editor.text_document_did_close(
            lsp.DidCloseTextDocumentParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri(self.editor, file))
            )
        )
        source = self.editor.root / file
        if source.exists():
            self._mirror(file, source.read_text(encoding="utf-8"))
        else:
            (self.mirror / file).unlink()

    def _mirror(self, file: str, text: str) -> None:
        path = self.mirror / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    async def settled(self) -> dict[tuple[str, int, int, str, str, str], int]:
        """Every diagnostic the editor shows once the server has checked every change so far."""
        self.edit(SENTINEL, "kind: district", "kind: district")  # a no-op change
        await published(self.editor, SENTINEL, self.versions[SENTINEL])
        shown: dict[tuple[str, int, int, str, str, str], int] = {}
        prefix = self.editor.root.as_uri() + "/"
        for target, found in self.editor.diagnostics.items():
            for d in found:
                key = (
                    target.removeprefix(prefix),
                    d.range.start.line + 1,
                    d.range.start.character + 1,
                    str(d.code),
                    "error" if d.severity == lsp.DiagnosticSeverity.Error else "warning",
                    d.message,
                )
                shown[key] = shown.get(key, 0) + 1
        return shown


def validate_json(root: Path) -> dict[tuple[str, int, int, str, str, str], int]:
    """What a fresh ``omrade validate --format json`` says, in the editor's terms."""
    result = CliRunner().invoke(
        app,
        [
            "validate",
            "--format",
            "json",
            "--as-of",
            BASE_AS_OF,
            "--no-cache",
            *_lang_option(),
            str(root),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    out: dict[tuple[str, int, int, str, str, str], int] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        message = d["message"] + (f"\n{d['hint']}" if d["hint"] else "")
        key = (d["file"], d["line"], d["column"], d["code"], d["severity"], message)
        out[key] = out.get(key, 0) + 1
    return out


async def test_after_each_edit_the_diagnostics_equal_a_fresh_validate(
    editor: Editor, plans: Path, tmp_path: Path
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(plans / "data", mirror / "data")
    buffers = Buffers(editor, mirror)
    buffers.open(SENTINEL)
    seen_codes: set[str] = set()

    async def check(step: str) -> None:
        shown = await buffers.settled()
        expected = validate_json(mirror)
        assert shown == expected, step
        seen_codes.update(key[3] for key in expected)

    await check("nothing edited")
    buffers.open(PLAN)
    buffers.edit(PLAN, "responsible: avux", "responsible: avuxx")
    await check("a misspelt organisation")
    buffers.open(MUNICIPALITY)
    buffers.edit(MUNICIPALITY, "{id: avux,", "{id: avuxx,")
    await check("the organisation renamed in municipality.yaml: the plan is right, others not")
    buffers.open(PROGRAMME)
    text = buffers.texts[PROGRAMME]
    start = text.index("  - id: HU1")
    end = text.index("  - id: HU2")
    buffers.change(PROGRAMME, text[:start] + text[end:])
    await check("a main task removed from the programme")
    buffers.edit(PLAN, "year: 2025", "year: 2025\nstatus: draft")
    await check("a key given twice")
    buffers.open(DISTRICT)
    buffers.edit(DISTRICT, "value: 14208", "value: 142080")
    await check("a district's population, which the allocation reads")
    buffers.open(BUDGET)
    buffers.edit(BUDGET, "appropriation: 1570000", "appropriation: 1570")
    await check("the budget's appropriation")
    buffers.open(NEW_GROUP, buffers.disk("data/groups/alby-natverksgrupp.yaml"))
    await check("an unsaved new file: a second group with the same id")
    buffers.edit(NEW_GROUP, "id: alby-natverksgrupp", "id: alby-ny-grupp")
    await check("its own id")
    buffers.change(PLAN, buffers.texts[PLAN] + "\n  - : [unclosed\n")
    await check("the plan is not YAML while it is typed")
    buffers.close(PLAN)
    await check("the plan closed unsaved: the file on disk counts again")
    buffers.close(NEW_GROUP)
    await check("the new file closed unsaved: gone")
    for file in (MUNICIPALITY, PROGRAMME, DISTRICT, BUDGET):
        buffers.close(file)
    await check("everything closed")
    # the sequence went through more than one kind of finding
    assert {"OMR204", "OMR203", "OMR001"} & seen_codes
    assert len(seen_codes) >= 4, seen_codes

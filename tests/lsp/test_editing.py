"""Completion, hover and quick fixes while a plan is typed."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from omrade.labels import ENUMS
from omrade.model.descriptions import describe
from tests.conftest import ROOT
from tests.lsp.conftest import PLAN, Editor, open_file, position_of, type_text, uri

pytestmark = pytest.mark.asyncio

AVUX = "Arbetsmarknads- och vuxenutbildningsförvaltningen"


async def _complete(
    editor: Editor, text: str, needle: str, offset: int | None = None
) -> lsp.CompletionList:
    """Type ``text`` into the plan and ask for completion right after ``needle``."""
    await open_file(editor, PLAN)
    await type_text(editor, PLAN, 2, text)
    at = position_of(text, needle, len(needle) if offset is None else offset)
    found = await editor.text_document_completion_async(
        lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, PLAN)), position=at
        )
    )
    assert isinstance(found, lsp.CompletionList)
    return found


def _original(editor: Editor) -> str:
    return (editor.root / PLAN).read_text(encoding="utf-8")


async def test_completion_of_an_organisation_shows_its_name(editor: Editor) -> None:
    text = _original(editor).replace("responsible: avux", "responsible: ", 1)
    found = await _complete(editor, text, "    responsible: ")
    by_label = {item.label: item for item in found.items}
    assert by_label["avux"].detail == f"avux — {AVUX}"
    assert by_label["avux"].label_details is not None
    assert by_label["avux"].label_details.description == AVUX
    # what the municipality lists, nothing else (no bodies, no districts)
    assert "utbf" in by_label and "kommunfullmaktige" not in by_label and "alby" not in by_label
    # typing a name finds the id: the editor filters on id and name
    assert "Utbildningsförvaltningen" in (by_label["utbf"].filter_text or "")


async def test_completion_in_a_flow_list_of_partners(editor: Editor) -> None:
    text = _original(editor).replace(
        "partners: [botkyrkabyggen, ideburna]", "partners: [botkyrkabyggen, ", 1
    )
    found = await _complete(editor, text, "partners: [botkyrkabyggen, ")
    labels = {item.label for item in found.items}
    assert {"avux", "utbf", "polisen"} <= labels


async def test_completion_of_a_main_task_offers_the_plans_programme_only(editor: Editor) -> None:
    text = _original(editor).replace("main_task: HU1", "main_task: ", 1)
    found = await _complete(editor, text, "    main_task: ")
    programme = (editor.root / "data/programmes/alby-2024-2028.yaml").read_text(encoding="utf-8")
    tasks = [
        line.split("id: ", 1)[1] for line in programme.splitlines() if line.startswith("  - id: ")
    ]
    assert sorted(item.label for item in found.items) == sorted(tasks)
    first = next(item for item in found.items if item.label == "HU1")
    assert first.detail and first.detail.startswith("HU1 — ")


async def test_completion_of_an_enum_shows_the_swedish_labels(editor: Editor) -> None:
    text = _original(editor).replace("type: promoting", "type: ", 1)
    found = await _complete(editor, text, "    type: ")
    labels = {item.label: item.detail for item in found.items}
    # the site's words for the action types (Främjande, Förebyggande, …)
    assert labels == {value: f"{value} — {sv}" for value, (sv, _en) in ENUMS["type"].items()}
    assert labels["promoting"] == "promoting — Främjande"


async def test_completion_of_keys_offers_the_missing_ones_with_their_descriptions(
    editor: Editor,
) -> None:
    text = _original(editor).replace("    main_task: HU1\n", "    main_task: HU1\n    \n", 1)
    lines = text.splitlines()
    row = lines.index("    main_task: HU1") + 1
    await open_file(editor, PLAN)
    await type_text(editor, PLAN, 2, text)
    found = await editor.text_document_completion_async(
        lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, PLAN)),
            position=lsp.Position(row, 4),
        )
    )
    assert isinstance(found, lsp.CompletionList)
    by_label = {item.label: item for item in found.items}
    assert "description" in by_label and "dialogue" in by_label
    assert "title" not in by_label and "id" not in by_label  # written already
    # the JSON Schema's own description of an action's key, in the repository's Swedish
    assert by_label["dialogue"].detail == describe("Action", "dialogue", "sv")
    assert by_label["dialogue"].detail == "Medborgardialogen som insatsen kommer ifrån (valfritt)."
    assert by_label["dialogue"].text_edit is not None
    assert by_label["dialogue"].text_edit.new_text == "dialogue: "


async def _hover(editor: Editor, needle: str, offset: int) -> str:
    text = await open_file(editor, PLAN)
    found = await editor.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, PLAN)),
            position=position_of(text, needle, offset),
        )
    )
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    return found.contents.value


async def test_hover_on_an_id_shows_what_it_names(editor: Editor) -> None:
    shown = await _hover(editor, "responsible: avux", 15)
    assert f"**avux** — {AVUX}" in shown
    assert "organisation" in shown and "data/municipality.yaml:" in shown


async def test_hover_on_a_key_shows_its_description_and_on_an_enum_its_label(
    editor: Editor,
) -> None:
    shown = await _hover(editor, "responsible: avux", 3)
    assert shown == "**responsible**: Den ansvariga organisationen, med id."
    assert shown.endswith(str(describe("Action", "responsible", "sv")))
    assert "Främjande" in await _hover(editor, "type: promoting", 8)


async def _fixes(editor: Editor, text: str) -> tuple[list[lsp.Diagnostic], list[lsp.CodeAction]]:
    await open_file(editor, PLAN)
    found = await type_text(editor, PLAN, 2, text)
    actions = await editor.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, PLAN)),
            range=found[0].range,
            context=lsp.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None
    return found, [a for a in actions if isinstance(a, lsp.CodeAction)]


def _apply(text: str, edit: lsp.TextEdit) -> str:
    lines = text.split("\n")

    def offset(p: lsp.Position) -> int:
        return sum(len(line) + 1 for line in lines[: p.line]) + p.character

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


@pytest.mark.parametrize(
    ("wrong", "right", "code"),
    [
        ("responsible: avux", "responsible: avuxx", "OMR204"),  # did you mean 'avux'?
        ("type: promoting", "type: promotin", "OMR104"),
        ("    responsible: avux", "    responsibel: avux", "OMR101"),
        ("group: alby-hu1-samordning", "group: alby-hu1-samordnin", "OMR207"),
    ],
)
async def test_quick_fix_applies_the_did_you_mean(
    editor: Editor, wrong: str, right: str, code: str
) -> None:
    original = _original(editor)
    typo = original.replace(wrong, right, 1)
    found, actions = await _fixes(editor, typo)
    assert code in [d.code for d in found]
    fixes = [a for a in actions if a.diagnostics and a.diagnostics[0].code == code]
    assert len(fixes) == 1 and fixes[0].edit is not None and fixes[0].edit.changes
    (edits,) = fixes[0].edit.changes.values()
    assert _apply(typo, edits[0]) == original


async def test_quick_fix_adds_a_missing_key(editor: Editor) -> None:
    original = _original(editor)
    text = original.replace("    type: promoting\n", "", 1)
    found, actions = await _fixes(editor, text)
    assert [d.code for d in found] == ["OMR102"]
    assert len(actions) == 1 and actions[0].edit is not None and actions[0].edit.changes
    (edits,) = actions[0].edit.changes.values()
    fixed = _apply(text, edits[0])
    assert fixed.count("    type: \n") == 1
    # the key lands inside the first action
    head = fixed.split("  - id: A2", 1)[0]
    assert "    type: \n" in head.split("  - id: A1", 1)[1]


async def test_the_readmes_editor_picture_says_what_the_server_says(editor: Editor) -> None:
    """The README's picture of the editor: the same edit typed into the bundled plan gives
    the lines, the underline, the message, the hint and the quick fix it shows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- editor-picture -->\n```text\n", 1)[1].split("\n```", 1)[0]
    heading, *rows = block.splitlines()
    assert heading.startswith(PLAN + "  ")
    original = _original(editor)
    typed = original.replace("responsible: avux", "responsible: arbetsmarknad", 1)
    found, actions = await _fixes(editor, typed)
    (d,) = found
    lines = typed.splitlines()
    gutter = {int(r.split("│")[0]): r.split("│ ", 1)[1] for r in rows if r.split("│")[0].strip()}
    for number, text in gutter.items():
        assert lines[number - 1] == text, number  # the file's own lines, as typed
    notes = [r.split("│ ", 1)[1] for r in rows if not r.split("│")[0].strip()]
    underline = notes[0]
    start = underline.index("~")
    assert (start, underline.index(" ", start)) == (d.range.start.character, d.range.end.character)
    assert d.range.start.line + 1 in gutter
    message, hint = d.message.split("\n", 1)
    assert underline[underline.index(" ", start) + 1 :] == f"{d.code} {message}"
    assert notes[1].strip() == hint
    assert notes[2].strip() == f"Snabbkorrigering: {actions[0].title}"

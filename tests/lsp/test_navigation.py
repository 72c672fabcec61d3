"""Go to definition, find references, rename and the outline, for every kind of id."""

from __future__ import annotations

import itertools

import pytest
from lsprotocol import types as lsp

from tests.lsp.conftest import PLAN, Editor, open_file, position_of, uri

pytestmark = pytest.mark.asyncio

GROUP = "data/groups/alby-hu1-samordning.yaml"
PROGRAMME = "data/programmes/alby-2024-2028.yaml"
ANALYSIS = "data/districts/alby/analysis-2025.yaml"
DIALOGUE = "data/dialogues/alby-torget-2025.yaml"


def _text_at(editor: Editor, location: lsp.Location) -> str:
    file = location.uri.removeprefix(editor.root.as_uri() + "/")
    line = (editor.root / file).read_text(encoding="utf-8").splitlines()[location.range.start.line]
    return line[location.range.start.character : location.range.end.character]


async def _definition(editor: Editor, file: str, needle: str, offset: int) -> list[lsp.Location]:
    text = await open_file(editor, file)
    found = await editor.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, file)),
            position=position_of(text, needle, offset),
        )
    )
    assert isinstance(found, list)
    return found


@pytest.mark.parametrize(
    ("file", "needle", "offset", "target", "ident"),
    [
        (PLAN, "responsible: avux", 14, "data/municipality.yaml", "avux"),  # organisation
        (PLAN, "partners: [botkyrkabyggen", 12, "data/municipality.yaml", "botkyrkabyggen"),
        (PLAN, "programme: alby-2024-2028", 12, PROGRAMME, "alby-2024-2028"),
        (PLAN, "main_task: HU1", 12, PROGRAMME, "HU1"),  # scoped by the plan's programme
        (PLAN, "group: alby-hu1-samordning", 9, GROUP, "alby-hu1-samordning"),
        (PLAN, "dialogue: alby-torget-2025", 11, DIALOGUE, "alby-torget-2025"),
        (PLAN, "answers: [T2]", 10, DIALOGUE, "T2"),  # a theme of the action's dialogue
        (
            PLAN,
            "body: utskottet-botkyrka-som-plats",
            7,
            "data/municipality.yaml",
            "utskottet-botkyrka-som-plats",
        ),
        (GROUP, "district: alby", 11, "data/districts/alby.yaml", "alby"),
        (PROGRAMME, "indicator: ", 12, "data/indicators.yaml", None),
        (PLAN, "id: A1", 4, PLAN, "A1"),  # an action is its own definition
    ],
)
async def test_go_to_definition_finds_where_each_kind_of_id_is_defined(
    editor: Editor, file: str, needle: str, offset: int, target: str, ident: str | None
) -> None:
    found = await _definition(editor, file, needle, offset)
    assert len(found) == 1
    assert found[0].uri == uri(editor, target)
    text = await_text = _text_at(editor, found[0])
    if ident is not None:
        assert await_text == ident
    else:
        assert text  # the indicator's id, whatever the programme names first


async def test_references_of_an_organisation_are_every_file_that_names_it(editor: Editor) -> None:
    text = await open_file(editor, "data/municipality.yaml")
    found = await editor.text_document_references_async(
        lsp.ReferenceParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, "data/municipality.yaml")),
            position=position_of(text, "{id: avux", 5),
            context=lsp.ReferenceContext(include_declaration=True),
        )
    )
    assert found is not None
    expected = set()
    for path in sorted((editor.root / "data").rglob("*.yaml")):
        body = path.read_text(encoding="utf-8")
        for n, line in enumerate(body.splitlines()):
            for marker in ("responsible: avux", "organisation: avux", "{id: avux,", "to: avux"):
                if marker in line:
                    expected.add((path.as_uri(), n))
            if "partners: [" in line and "avux" in line.split("[", 1)[1].replace(" ", "").split(
                ","
            ):
                expected.add((path.as_uri(), n))
            if "partners: [" in line and "avux]" in line:
                expected.add((path.as_uri(), n))
    assert {(loc.uri, loc.range.start.line) for loc in found} == expected
    assert all(_text_at(editor, loc) == "avux" for loc in found)
    files = {loc.uri for loc in found}
    assert uri(editor, GROUP) in files and uri(editor, PLAN) in files


async def test_references_of_a_main_task_stay_within_its_programme(editor: Editor) -> None:
    text = await open_file(editor, PROGRAMME)
    found = await editor.text_document_references_async(
        lsp.ReferenceParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, PROGRAMME)),
            position=position_of(text, "id: HU1", 4),
            context=lsp.ReferenceContext(include_declaration=False),
        )
    )
    assert found
    files = {loc.uri for loc in found}
    assert files <= {uri(editor, PLAN), uri(editor, GROUP)}
    assert uri(editor, "data/programmes/fittja-2024-2028/plan-2025.yaml") not in files
    assert all(_text_at(editor, loc) == "HU1" for loc in found)


async def test_rename_of_a_district_edits_every_file_that_uses_it_in_one_edit(
    editor: Editor,
) -> None:
    text = await open_file(editor, "data/districts/alby.yaml")
    edit = await editor.text_document_rename_async(
        lsp.RenameParams(
            text_document=lsp.TextDocumentIdentifier(uri(editor, "data/districts/alby.yaml")),
            position=position_of(text, "id: alby", 4),
            new_name="alby-centrum",
        )
    )
    assert edit is not None and edit.changes is not None
    touched = set(edit.changes)
    assert uri(editor, "data/districts/alby.yaml") in touched
    assert uri(editor, ANALYSIS) in touched and uri(editor, GROUP) in touched
    assert uri(editor, PROGRAMME) in touched and uri(editor, DIALOGUE) in touched
    for target, edits in edit.changes.items():
        loc_file = target.removeprefix(editor.root.as_uri() + "/")
        lines = (editor.root / loc_file).read_text(encoding="utf-8").splitlines()
        for e in edits:
            assert e.new_text == "alby-centrum"
            row = lines[e.range.start.line]
            assert row[e.range.start.character : e.range.end.character] == "alby"
    # fittja's files do not name alby
    assert uri(editor, "data/groups/fittja-natverksgrupp.yaml") not in touched


async def test_rename_refuses_a_name_that_is_not_an_id(editor: Editor) -> None:
    text = await open_file(editor, "data/districts/alby.yaml")
    with pytest.raises(Exception, match=r"not a valid id|inget giltigt id"):
        await editor.text_document_rename_async(
            lsp.RenameParams(
                text_document=lsp.TextDocumentIdentifier(uri(editor, "data/districts/alby.yaml")),
                position=position_of(text, "id: alby", 4),
                new_name="Alby Centrum",
            )
        )


async def test_outline_of_a_plan_lists_its_actions_and_a_programme_its_main_tasks(
    editor: Editor,
) -> None:
    await open_file(editor, PLAN)
    symbols = await editor.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(uri(editor, PLAN)))
    )
    assert symbols is not None
    text = (editor.root / PLAN).read_text(encoding="utf-8")
    ids = [line.split("id: ", 1)[1] for line in text.splitlines() if line.startswith("  - id: ")]
    assert [s.name for s in symbols] == ids
    assert symbols[0].detail == "Sommarjobb och feriepraktik för unga i Alby"
    assert all(isinstance(s, lsp.DocumentSymbol) for s in symbols)
    for a, b in itertools.pairwise(symbols):
        assert a.range.end.line < b.range.start.line  # each action's lines, in order
    await open_file(editor, PROGRAMME)
    tasks = await editor.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(uri(editor, PROGRAMME)))
    )
    assert tasks is not None
    assert [t.name for t in tasks][:2] == ["HU1", "HU2"]
    assert tasks[0].children and tasks[0].children[0].name.startswith("HU1.")

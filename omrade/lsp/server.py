"""``omrade lsp``: the language server (pygls) over stdio.

The editor's side of the protocol only: positions and ranges in the client's units,
URIs, capabilities. What the features know comes from the session (``session.py``: the
repository with the open buffers laid over it, checked incrementally), the id index
(``symbols.py``), the cursor's place in the text (``context.py``) and the fields' words
(``fields.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import re
import typing
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

import omrade.lsp.fields as f
from omrade.diagnostics import Diagnostic, closest, rule_url, suggest
from omrade.i18n import Translator
from omrade.load.root import ConfigError, find_root
from omrade.load.safefs import read_regular
from omrade.lsp.context import cursor_at
from omrade.lsp.session import Session, is_plan_file
from omrade.lsp.symbols import WHAT, Index, Occurrence, Span, get, lines, target_of, token_span
from omrade.model import documents as m
from omrade.model.documents import OrganisationType
from omrade.model.scalars import LOCAL_ID_PATTERN, SLUG_PATTERN
from omrade.repo.repository import Doc, parse_path

SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning}
WATCHED = "**/data/**/*.{yaml,yml}"


class OmradeServer(LanguageServer):
    """The server and what it remembers between messages."""

    def __init__(self) -> None:
        from omrade import installed_version

        super().__init__("omrade", installed_version())
        self.session: Session | None = None
        self.index = Index()
        self.as_of: dt.date | None = None
        self.lang_option: str | None = None
        self._pending: asyncio.Handle | None = None
        self._frozen_at = -1  # the session's builds when the heap was last set aside (settle)
        self.delay = 0.0  # seconds to wait for more changes before checking again

    # --- files and URIs --------------------------------------------------------------------

    def file_of(self, uri: str) -> str | None:
        """The repository-relative name of a document, or None outside the repository."""
        if self.session is None:
            return None
        parsed = urlparse(uri)
        if parsed.scheme != "file":
            return None
        path = Path(unquote(parsed.path))
        try:
            return path.resolve().relative_to(self.session.root.resolve()).as_posix()
        except (ValueError, OSError):
            return None

    def uri_of(self, file: str) -> str:
        assert self.session is not None
        return from_fs_path(str(self.session.root / file)) or ""

    def text_of(self, file: str) -> str:
        assert self.session is not None
        text = self.session.text(file)
        if text is None:  # a file the session does not read: at most what it would read
            try:  # (a regular file, not a link: a pipe would wait for ever)
                raw = read_regular(self.session.root / file, self.session.max_bytes)
                text = raw.decode("utf-8") if len(raw) <= self.session.max_bytes else ""
            except (OSError, UnicodeDecodeError):
                text = ""
        return text

    @property
    def lang(self) -> str:
        """The language of everything the server says: the editor's ``lang`` option, else
        the municipality's ``locale``."""
        if self.session is not None:
            return self.session.lang
        return self.lang_option or "sv"

    def doc(self, file: str) -> Doc | None:
        assert self.session is not None
        made = self.session.repo.made.get(file)
        return made.doc if made is not None else None

    def indexed(self) -> Index:
        assert self.session is not None
        self.index.update(self.session.repo.docs)
        return self.index

    # --- positions -------------------------------------------------------------------------

    def to_client(self, file: str, span: Span) -> lsp.Range:
        rows = lines(self.text_of(file))
        codec = self.workspace.position_codec
        start = codec.position_to_client_units(rows, lsp.Position(span.line, span.start))
        end = codec.position_to_client_units(rows, lsp.Position(span.line, span.end))
        return lsp.Range(start, end)

    def from_client(self, file: str, position: lsp.Position) -> tuple[int, int]:
        rows = lines(self.text_of(file))
        if not rows:
            return (0, 0)
        codec = self.workspace.position_codec
        pos = codec.position_from_client_units(
            rows, lsp.Position(position.line, position.character)
        )
        return pos.line, pos.character

    def location(self, occ: Occurrence) -> lsp.Location | None:
        doc = self.doc(occ.file)
        if doc is None:
            return None
        found = occurrence_span(doc, occ)
        if found is None:
            return None
        return lsp.Location(self.uri_of(occ.file), self.to_client(occ.file, found))

    def occurrence_at(self, uri: str, position: lsp.Position) -> tuple[str, Occurrence] | None:
        file = self.file_of(uri)
        if file is None or self.session is None:
            return None
        doc = self.doc(file)
        if doc is None:
            return None
        line, column = self.from_client(file, position)
        for occ in self.indexed().in_file(file):
            found = occurrence_span(doc, occ)
            if found is not None and found.contains(line, column):
                return file, occ
        return None

    # --- diagnostics -----------------------------------------------------------------------

    def schedule(self) -> None:
        """Check again once the messages already here are handled (typing sends many)."""
        if self._pending is not None:
            return
        loop = asyncio.get_event_loop()
        self._pending = loop.call_later(self.delay, self.publish)

    def publish(self) -> None:
        self._pending = None
        session = self.session
        if session is None:
            return
        outcome = session.check()
        if session.builds != self._frozen_at:
            self.settle(session.builds)
        order = sorted(outcome.changed, key=lambda file: file in session.overlays)
        for file in order:  # the open buffers last: their version says the check is done
            self.send(file, outcome.by_file.get(file, []))
        for file in session.overlays:
            if file not in outcome.changed:
                self.send(file, outcome.by_file.get(file, []))

    def settle(self, builds: int) -> None:
        """After the repository was built whole: what the server keeps from now on is
        set aside from the garbage collector's rounds (``gc.freeze``). Each full round
        walks every object alive — tens of milliseconds in a large repository, in the
        middle of a keystroke's re-check — while what is kept is freed when unused
        anyway (reference counting). What an earlier build left in cycles is collected
        first."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen_at = builds

    def send(self, file: str, found: list[Diagnostic]) -> None:
        uri = self.uri_of(file)
        version = None
        document = self.workspace.text_documents.get(uri)
        if document is not None:
            version = document.version
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri,
                diagnostics=[self.diagnostic(file, d) for d in found],
                version=version,
            )
        )

    def diagnostic(self, file: str, d: Diagnostic) -> lsp.Diagnostic:
        doc = self.doc(file)
        found = diagnostic_span(doc, d) if doc is not None else None
        if found is None:
            line = max(d.line - 1, 0)
            found = Span(line, max(d.column - 1, 0), max(d.column - 1, 0))
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        return lsp.Diagnostic(
            range=self.to_client(file, found),
            message=message,
            severity=SEVERITY[d.severity],
            code=d.code,
            code_description=lsp.CodeDescription(href=rule_url(d.code, self.lang)),
            source="omrade",
            data={"path": d.path},
        )


server = OmradeServer()


# --- lifecycle and synchronisation -------------------------------------------------------------


@server.feature(lsp.INITIALIZE)
def initialize(ls: OmradeServer, params: lsp.InitializeParams) -> None:
    options = (
        params.initialization_options if isinstance(params.initialization_options, dict) else {}
    )
    as_of = options.get("asOf")
    if isinstance(as_of, str):
        with contextlib.suppress(ValueError):  # else the command line's --as-of, or today
            ls.as_of = dt.date.fromisoformat(as_of)
    lang = options.get("lang")
    if lang in ("sv", "en"):
        ls.lang_option = lang
    delay = options.get("delay")
    if isinstance(delay, int | float) and 0 <= delay <= 5:
        ls.delay = float(delay)
    folder = None
    if params.workspace_folders:
        folder = params.workspace_folders[0].uri
    elif params.root_uri:
        folder = params.root_uri
    elif params.root_path:
        folder = from_fs_path(params.root_path)
    if folder is None:
        return
    path = Path(unquote(urlparse(folder).path))
    try:
        root = find_root(path)
    except ConfigError:
        return
    ls.session = Session(root, ls.as_of, lang=ls.lang_option)


@server.feature(lsp.INITIALIZED)
def initialized(ls: OmradeServer, params: lsp.InitializedParams) -> None:
    if ls.session is None:
        ls.window_show_message(
            lsp.ShowMessageParams(
                lsp.MessageType.Warning,
                Translator(ls.lang_option or "sv")._(
                    "omrade: no plan repository (data/municipality.yaml) in the workspace"
                ),
            )
        )
        return
    watch = ls.client_capabilities.workspace
    dynamic = watch and watch.did_change_watched_files
    if dynamic and dynamic.dynamic_registration:
        ls.client_register_capability(
            lsp.RegistrationParams(
                [
                    lsp.Registration(
                        "omrade-watch",
                        lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        lsp.DidChangeWatchedFilesRegistrationOptions(
                            [lsp.FileSystemWatcher(glob_pattern=WATCHED)]
                        ),
                    )
                ]
            )
        )
    ls.publish()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: OmradeServer, params: lsp.DidOpenTextDocumentParams) -> None:
    changed(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: OmradeServer, params: lsp.DidChangeTextDocumentParams) -> None:
    changed(ls, params.text_document.uri)


def changed(ls: OmradeServer, uri: str) -> None:
    file = ls.file_of(uri)
    if file is None or ls.session is None or not is_plan_file(file):
        return
    ls.session.change(file, ls.workspace.get_text_document(uri).source)
    ls.schedule()


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: OmradeServer, params: lsp.DidCloseTextDocumentParams) -> None:
    file = ls.file_of(params.text_document.uri)
    if file is None or ls.session is None:
        return
    ls.session.close(file)
    ls.schedule()


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched(ls: OmradeServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    if ls.session is not None:
        ls.session.rescan()
        ls.schedule()


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: OmradeServer, params: lsp.DidSaveTextDocumentParams) -> None:
    if ls.session is not None:
        ls.session.rescan()  # a file saved beside it, or a new one, is found
        ls.schedule()


# --- go to definition, references, rename -----------------------------------------------------


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: OmradeServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    found = ls.occurrence_at(params.text_document.uri, params.position)
    if found is None:
        return None
    index = ls.indexed()
    key = index.resolve(found[1])
    out = [loc for occ in index.definitions(key) if (loc := ls.location(occ)) is not None]
    return out or None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: OmradeServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    found = ls.occurrence_at(params.text_document.uri, params.position)
    if found is None:
        return None
    index = ls.indexed()
    key = index.resolve(found[1])
    out = []
    for occ in index.uses(key):
        if occ.definition and not params.context.include_declaration:
            continue
        loc = ls.location(occ)
        if loc is not None:
            out.append(loc)
    return out


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: OmradeServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
    found = ls.occurrence_at(params.text_document.uri, params.position)
    if found is None:
        return None
    loc = ls.location(found[1])
    return loc.range if loc is not None else None


LOCAL = {"main_task", "action", "theme"}
ORGANISATION_TYPES = tuple(typing.get_args(OrganisationType))


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: OmradeServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = ls.occurrence_at(params.text_document.uri, params.position)
    if found is None:
        return None
    index = ls.indexed()
    key = index.resolve(found[1])
    pattern = LOCAL_ID_PATTERN if key[0] in LOCAL else SLUG_PATTERN
    if not re.fullmatch(pattern, params.new_name):
        from pygls.exceptions import JsonRpcInvalidParams

        raise JsonRpcInvalidParams(
            Translator(ls.lang)._("'{name}' is not a valid id", name=params.new_name)
        )
    edits: dict[str, list[lsp.TextEdit]] = {}
    for occ in index.uses(key):
        loc = ls.location(occ)
        if loc is not None:
            edits.setdefault(loc.uri, []).append(lsp.TextEdit(loc.range, params.new_name))
    return lsp.WorkspaceEdit(changes=edits)


# --- completion -------------------------------------------------------------------------------


def kind_of(ls: OmradeServer, file: str, text: str) -> str:
    doc = ls.doc(file)
    if doc is not None and doc.kind in m.KINDS:
        return doc.kind
    match = re.search(r"^kind:\s*([a-z]+)", text, re.MULTILINE)
    return match.group(1) if match else ""


@server.feature(
    lsp.TEXT_DOCUMENT_COMPLETION,
    lsp.CompletionOptions(trigger_characters=[" ", ":", "[", ",", "-"]),
)
def completion(ls: OmradeServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    file = ls.file_of(params.text_document.uri)
    if file is None or ls.session is None:
        return None
    text = ls.text_of(file)
    line, column = ls.from_client(file, params.position)
    cursor = cursor_at(text, line, column)
    kind = kind_of(ls, file, text)
    if not kind:
        return None
    lang = ls.lang
    replace = ls.to_client(file, Span(line, cursor.start, column))
    items: list[lsp.CompletionItem] = []
    doc = ls.doc(file)
    data = doc.loaded.data if doc is not None else None
    keys_shape = f.shape(kind, cursor.path) if (cursor.at_key or cursor.in_list) else None
    if keys_shape is not None and keys_shape.model is not None and not keys_shape.many:
        present = get(data, cursor.path) if data is not None else None
        written = set(present) if isinstance(present, dict) else set()
        needed = set(f.required(keys_shape.model))
        for name in f.fields(keys_shape.model):
            if name in written:
                continue
            items.append(
                lsp.CompletionItem(
                    label=name,
                    kind=lsp.CompletionItemKind.Property,
                    detail=f.description(kind, (*cursor.path, name), lang) or None,
                    documentation=f.description(kind, (*cursor.path, name), lang) or None,
                    sort_text=("0" if name in needed else "1") + name,
                    text_edit=lsp.TextEdit(replace, f"{name}: "),
                )
            )
        return lsp.CompletionList(is_incomplete=False, items=items)
    if cursor.at_key:
        return None
    vpath = cursor.value_path()
    target = target_of(kind, vpath)
    if target is not None:
        what, scope_fn = target
        scope: tuple[str, ...] = ()
        if scope_fn is not None:
            concrete = tuple(p for p in vpath)
            found = scope_fn(data, concrete) if isinstance(data, dict) else None
            if found is None:
                found = _scope_from_text(text, what[0])
            if found is None:
                return None
            scope = found
        index = ls.indexed()
        for w in what:
            for occ in index.defined(w, scope):
                name = entity_name(ls, occ)
                items.append(
                    lsp.CompletionItem(
                        label=occ.value,
                        kind=lsp.CompletionItemKind.Reference,
                        label_details=lsp.CompletionItemLabelDetails(description=name or None),
                        detail=f"{occ.value} — {name}" if name else occ.value,
                        documentation=WHAT[w][0 if lang == "sv" else 1],
                        filter_text=f"{occ.value} {name}" if name else occ.value,
                        text_edit=lsp.TextEdit(replace, occ.value),
                    )
                )
        return lsp.CompletionList(is_incomplete=False, items=_unique(items))
    value_shape = f.shape(kind, vpath)
    if value_shape is not None and value_shape.choices:
        for value in value_shape.choices:
            title = f.label(value_shape.choices, value, lang)
            items.append(
                lsp.CompletionItem(
                    label=value,
                    kind=lsp.CompletionItemKind.EnumMember,
                    label_details=lsp.CompletionItemLabelDetails(description=title),
                    detail=f"{value} — {title}",
                    filter_text=f"{value} {title}",
                    text_edit=lsp.TextEdit(replace, value),
                )
            )
        return lsp.CompletionList(is_incomplete=False, items=items)
    return None


def _unique(items: list[lsp.CompletionItem]) -> list[lsp.CompletionItem]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.label not in seen:
            seen.add(item.label)
            out.append(item)
    return out


def _scope_from_text(text: str, what: str) -> tuple[str, ...] | None:
    """A plan's programme from its text when the text does not parse yet."""
    if what == "main_task":
        match = re.search(r"^programme:\s*([a-z0-9][a-z0-9-]*)\s*$", text, re.MULTILINE)
        if match:
            return (match.group(1),)
    return None


def entity_name(ls: OmradeServer, occ: Occurrence) -> str:
    """The name or title of what a definition defines, in the run's language."""
    doc = ls.doc(occ.file)
    if doc is None:
        return ""
    data = doc.loaded.data
    parent = get(data, occ.path[:-1]) if occ.path and occ.path[-1] == "id" else None
    if occ.keys[0][0] == "dimension":
        return f.label(("social", "economic", "ecological", "democratic"), occ.value, ls.lang)
    if not isinstance(parent, dict):
        return ""
    en = ls.lang == "en"
    for attr in ("name", "title"):
        value = parent.get(f"{attr}_en") if en else None
        value = value or parent.get(attr)
        if isinstance(value, str):
            return value
    return ""


# --- hover ----------------------------------------------------------------------------------


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: OmradeServer, params: lsp.HoverParams) -> lsp.Hover | None:
    file = ls.file_of(params.text_document.uri)
    if file is None or ls.session is None:
        return None
    lang = ls.lang
    found = ls.occurrence_at(params.text_document.uri, params.position)
    if found is not None:
        index = ls.indexed()
        occ = found[1]
        key = index.resolve(occ)
        what = WHAT[key[0]][0 if lang == "sv" else 1]
        defs = index.definitions(key)
        if not defs:
            unknown = Translator(lang)._("unknown id")
            text = f"**{occ.value}**: {what}, {unknown}"
        else:
            target = defs[0]
            name = entity_name(ls, target)
            doc = ls.doc(target.file)
            where = target.file
            if doc is not None and (pos := doc.loaded.value_lines().get(target.path)) is not None:
                where = f"{target.file}:{pos.line}"
            heading = f"**{occ.value}** — {name}" if name else f"**{occ.value}**"
            text = f"{heading}\n\n{what} · `{where}`"
            extra = details(ls, target)
            if extra:
                text += "\n\n" + extra
        loc = ls.location(occ)
        return lsp.Hover(
            lsp.MarkupContent(lsp.MarkupKind.Markdown, text),
            range=loc.range if loc is not None else None,
        )
    # a key: the field's description; an enum value: its label
    doc = ls.doc(file)
    if doc is None:
        return None
    line, column = ls.from_client(file, params.position)
    loaded = doc.loaded
    loaded.value_lines()
    for path, pos in loaded.keys.items():
        if pos.line - 1 != line or not path or not isinstance(path[-1], str):
            continue
        name = path[-1]
        if pos.column - 1 <= column <= pos.column - 1 + len(name):
            text = f.description(doc.kind, path, lang)
            if text:
                span = Span(line, pos.column - 1, pos.column - 1 + len(name))
                return lsp.Hover(
                    lsp.MarkupContent(lsp.MarkupKind.Markdown, f"**{name}**: {text}"),
                    range=ls.to_client(file, span),
                )
    for path, pos in loaded.values.items():
        if pos.line - 1 != line:
            continue
        value = get(loaded.data, path)
        if not isinstance(value, str):
            continue
        found_span = token_span(loaded.text, line, pos.column - 1, value)
        if found_span is None or not found_span.contains(line, column):
            continue
        value_shape = f.shape(doc.kind, path)
        if value_shape is not None and value_shape.choices and value in value_shape.choices:
            title = f.label(value_shape.choices, value, lang)
            return lsp.Hover(
                lsp.MarkupContent(lsp.MarkupKind.Markdown, f"**{value}**: {title}"),
                range=ls.to_client(file, found_span),
            )
    return None


def details(ls: OmradeServer, target: Occurrence) -> str:
    """A few facts about what an id names (an organisation's type, an action's main task …)."""
    doc = ls.doc(target.file)
    if doc is None:
        return ""
    parent = get(doc.loaded.data, target.path[:-1])
    if not isinstance(parent, dict):
        return ""
    what = target.keys[0][0]
    lang = ls.lang
    parts = []
    if what == "organisation" and isinstance(parent.get("type"), str):
        parts.append(f.label(ORGANISATION_TYPES, parent["type"], lang))
    if what == "action":
        for key in ("main_task", "responsible", "type"):
            if isinstance(parent.get(key), str):
                parts.append(f"{key}: {parent[key]}")
    if what in ("district", "programme", "group", "dialogue", "guideline"):
        for key in ("district", "status", "type", "level"):
            if isinstance(parent.get(key), str):
                parts.append(f"{key}: {parent[key]}")
    return " · ".join(parts)


# --- code actions -------------------------------------------------------------------------------


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
)
def code_action(ls: OmradeServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    file = ls.file_of(params.text_document.uri)
    if file is None or ls.session is None:
        return None
    doc = ls.doc(file)
    if doc is None:
        return None
    out: list[lsp.CodeAction] = []
    for diag in params.context.diagnostics:
        if diag.source != "omrade" or not isinstance(diag.code, str):
            continue
        path_text = diag.data.get("path", "") if isinstance(diag.data, dict) else ""
        path = parse_path(path_text) if path_text else ()
        fix = quick_fix(ls, file, doc, diag.code, path)
        if fix is None:
            continue
        title, edit = fix
        out.append(
            lsp.CodeAction(
                title=title,
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diag],
                is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
            )
        )
    return out


def quick_fix(
    ls: OmradeServer, file: str, doc: Doc, code: str, path: tuple[str | int, ...]
) -> tuple[str, lsp.TextEdit] | None:
    """The fix a diagnostic's hint already knows: a did-you-mean, or a missing key."""
    loaded = doc.loaded
    loaded.value_lines()
    if code == "OMR101" and path and isinstance(path[-1], str):
        parent = f.shape(doc.kind, path[:-1])
        pos = loaded.keys.get(path)
        if parent is None or parent.model is None or pos is None:
            return None
        key = closest(path[-1], f.fields(parent.model))
        if key is None:
            return None
        at = Span(pos.line - 1, pos.column - 1, pos.column - 1 + len(path[-1]))
        title = Translator(ls.lang)._("Change to '{value}'", value=key)
        return title, lsp.TextEdit(ls.to_client(file, at), key)
    if code == "OMR102":
        return missing_key(ls, file, doc, path)
    value = get(loaded.data, path)
    pos = loaded.values.get(path)
    if not isinstance(value, str) or pos is None:
        return None
    span = token_span(loaded.text, pos.line - 1, pos.column - 1, value)
    if span is None:
        return None
    best: str | None = None
    if code == "OMR104":
        shape = f.shape(doc.kind, path)
        if shape is not None and shape.choices:
            best = closest(value, shape.choices)
    elif code.startswith("OMR2"):
        occ = next((o for o in ls.indexed().in_file(file) if o.path == path), None)
        if occ is not None:
            index = ls.indexed()
            entries: dict[str, str | None] = {}
            for named in occ.keys:
                for d in index.defined(named[0], tuple(named[1:-1])):
                    entries[d.value] = entity_name(ls, d) or None
            best = suggest(value, entries) or closest(value, entries)
    if best is None or best == value:
        return None
    title = Translator(ls.lang)._("Change to '{value}'", value=best)
    return title, lsp.TextEdit(ls.to_client(file, span), best)


def missing_key(
    ls: OmradeServer, file: str, doc: Doc, path: tuple[str | int, ...]
) -> tuple[str, lsp.TextEdit] | None:
    """Add the first required key missing from the mapping at ``path`` (block style)."""
    loaded = doc.loaded
    shape = f.shape(doc.kind, path)
    present = get(loaded.data, path)
    if shape is None or shape.model is None or not isinstance(present, dict):
        return None
    missing = [k for k in f.required(shape.model) if k not in present]
    if not missing or not present:
        return None
    name = missing[0]
    rows = lines(loaded.text)
    child_positions = [
        pos for p, pos in loaded.keys.items() if len(p) == len(path) + 1 and p[: len(path)] == path
    ]
    if not child_positions:
        return None
    first = min(child_positions)
    row = rows[first.line - 1]
    before = row[: first.column - 1]
    if before.strip() not in ("", "-"):
        return None  # a flow mapping: left to the analyst
    indent = " " * (first.column - 1)
    at_line = first.line if before.strip() == "-" else first.line - 1
    where = lsp.Position(at_line, 0)
    title = Translator(ls.lang)._("Add '{key}:'", key=name)
    return title, lsp.TextEdit(lsp.Range(where, where), f"{indent}{name}: \n")


# --- document symbols ---------------------------------------------------------------------------

SYMBOLS: dict[str, list[tuple[tuple[str, ...], lsp.SymbolKind]]] = {
    "plan": [(("actions",), lsp.SymbolKind.Event)],
    "programme": [(("main_tasks",), lsp.SymbolKind.Namespace)],
    "dialogue": [(("themes",), lsp.SymbolKind.Field)],
    "municipality": [
        (("organisations",), lsp.SymbolKind.Class),
        (("bodies",), lsp.SymbolKind.Class),
    ],
    "indicators": [(("indicators",), lsp.SymbolKind.Constant)],
}
CHILDREN = {("programme", "main_tasks"): (("goals",), lsp.SymbolKind.Field)}


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(
    ls: OmradeServer, params: lsp.DocumentSymbolParams
) -> list[lsp.DocumentSymbol] | None:
    file = ls.file_of(params.text_document.uri)
    if file is None or ls.session is None:
        return None
    doc = ls.doc(file)
    if doc is None or not isinstance(doc.loaded.data, dict):
        return None
    loaded = doc.loaded
    loaded.value_lines()
    ends = _last_lines(loaded)
    out: list[lsp.DocumentSymbol] = []
    for base, kind in SYMBOLS.get(doc.kind, []):
        out.extend(_symbols(ls, file, doc, base, kind, ends))
    return out


def _last_lines(loaded: Any) -> dict[tuple[str | int, ...], int]:
    """For every path, the last line (1-based) of anything inside it."""
    ends: dict[tuple[str | int, ...], int] = {}
    for path, pos in loaded.values.items():
        for i in range(len(path) + 1):
            prefix = path[:i]
            if ends.get(prefix, 0) < pos.line:
                ends[prefix] = pos.line
    return ends


def _symbols(
    ls: OmradeServer,
    file: str,
    doc: Doc,
    base: tuple[str | int, ...],
    kind: lsp.SymbolKind,
    ends: dict[tuple[str | int, ...], int],
) -> list[lsp.DocumentSymbol]:
    loaded = doc.loaded
    items = get(loaded.data, base)
    if not isinstance(items, list):
        return []
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        path = (*base, i)
        id_pos = loaded.values.get((*path, "id"))
        start = loaded.values.get(path)
        if id_pos is None or start is None:
            continue
        ident = item["id"]
        title = item.get("title") or item.get("name") or item.get("text") or item.get("said")
        id_span = token_span(loaded.text, id_pos.line - 1, id_pos.column - 1, ident)
        if id_span is None:
            continue
        end_line = ends.get(path, start.line) - 1
        rows = lines(loaded.text)
        end_col = len(rows[end_line]) if end_line < len(rows) else 0
        whole = ls.to_client(file, Span(start.line - 1, start.column - 1, start.column - 1))
        whole.end = ls.to_client(file, Span(end_line, end_col, end_col)).end
        children: list[lsp.DocumentSymbol] = []
        nested = CHILDREN.get((doc.kind, str(base[-1])))
        if nested is not None:
            children = _symbols(ls, file, doc, (*path, *nested[0]), nested[1], ends)
        out.append(
            lsp.DocumentSymbol(
                name=ident,
                detail=str(title) if isinstance(title, str) else None,
                kind=kind,
                range=whole,
                selection_range=ls.to_client(file, id_span),
                children=children or None,
            )
        )
    return out


# --- where a diagnostic and an occurrence are --------------------------------------------------


def occurrence_span(doc: Doc, occ: Occurrence) -> Span | None:
    from omrade.lsp.symbols import span

    return span(doc.loaded, occ)


_WORD = re.compile(r"\"[^\"]*\"|'[^']*'|[^\s,\[\]{}#:]+(?::[^\s,\[\]{}#]+)*")


def diagnostic_span(doc: Doc, d: Diagnostic) -> Span | None:
    """The range a diagnostic underlines: the value (or key) at its path when it is there,
    else the word at its line and column."""
    loaded = doc.loaded
    line, column = d.line - 1, d.column - 1
    if d.path:
        path = parse_path(d.path)
        value = get(loaded.data, path)
        loaded.value_lines()
        pos = loaded.values.get(path)
        if (
            isinstance(value, str)
            and pos is not None
            and (pos.line, pos.column) == (d.line, d.column)
        ):
            return token_span(loaded.text, line, column, value)
    rows = lines(loaded.text)
    if line >= len(rows):
        return None
    match = _WORD.match(rows[line], column)
    end = match.end() if match else column
    return Span(line, column, max(end, column))


def main(as_of: dt.date | None = None, lang: str | None = None) -> None:
    """Serve over stdin and stdout until the editor says exit."""
    server.as_of = as_of
    server.lang_option = lang
    server.start_io()

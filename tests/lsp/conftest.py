"""A real LSP client (pytest-lsp, over stdio) driving ``omrade lsp`` on a copy of the
bundled data, as an editor would: open, type, ask, and wait for the diagnostics of the
version it typed."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.conftest import BASE_AS_OF, ROOT

PLAN = "data/programmes/alby-2024-2028/plan-2025.yaml"
SERVER = [sys.executable, "-m", "omrade", "lsp"]


class Editor(LanguageClient):
    """The test client, remembering which version each published list was for."""

    versions: dict[str, int | None]
    registrations: list[lsp.Registration]
    root: Path


def _make_client() -> Editor:
    client = Editor(converter_factory=default_converter)
    client.versions = {}

    def publish(client: Editor, params: lsp.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.versions[params.uri] = params.version

    def register(client: Editor, params: lsp.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    client.registrations = []
    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
            lsp.CLIENT_REGISTER_CAPABILITY: register,
        },
    )
    return client


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A plan repository: a copy of the bundled data."""
    root = tmp_path / "plans"
    shutil.copytree(ROOT / "data", root / "data")
    return root


@pytest.fixture
def server_options() -> dict[str, Any]:
    """What the editor tells the server (initializationOptions)."""
    return {"asOf": BASE_AS_OF}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=_make_client))
async def editor(lsp_client: Editor, plans: Path, server_options: dict[str, Any]) -> Any:
    lsp_client.root = plans
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=plans.as_uri(),
            initialization_options=server_options,
        )
    )
    yield
    await lsp_client.shutdown_session()


def uri(client: Editor, file: str) -> str:
    return (client.root / file).as_uri()


async def published(
    client: Editor, file: str, version: int, timeout: float = 60
) -> list[lsp.Diagnostic]:
    """The diagnostics the server published for ``file`` at ``version`` (waiting for them)."""
    target = uri(client, file)

    async def wait() -> None:
        while client.versions.get(target) != version:
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)
    return list(client.diagnostics[target])


async def open_file(client: Editor, file: str, text: str | None = None) -> str:
    """Open ``file`` (with its text on disk, or ``text``) as version 1; its text."""
    if text is None:
        text = (client.root / file).read_text(encoding="utf-8")
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri(client, file), language_id="yaml", version=1, text=text)
        )
    )
    await published(client, file, 1)
    return text


async def type_text(client: Editor, file: str, version: int, text: str) -> list[lsp.Diagnostic]:
    """Replace the buffer's text (as version ``version``); the diagnostics for it."""
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri(client, file), version=version),
            [lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await published(client, file, version)


def position_of(text: str, needle: str, offset: int = 0) -> lsp.Position:
    """The position of ``needle`` (plus ``offset`` characters) in ``text``."""
    at = text.index(needle) + offset
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    return lsp.Position(line, column)

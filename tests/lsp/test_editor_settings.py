"""`omrade init` writes each editor's settings for `omrade lsp`, and the VS Code extension
in editors/vscode starts the same command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import client_capabilities, make_test_lsp_client
from typer.testing import CliRunner

from omrade.cli import app
from tests.conftest import ROOT

COMMAND = ["omrade", "lsp"]


@pytest.fixture
def new_repository(tmp_path: Path) -> Path:
    target = tmp_path / "nykommun"
    result = CliRunner().invoke(app, ["init", str(target), "--name", "Nykommun"])
    assert result.exit_code == 0, result.output
    return target


def test_init_writes_helix_settings_that_start_omrade_lsp_for_yaml(new_repository: Path) -> None:
    settings = tomllib.loads((new_repository / ".helix" / "languages.toml").read_text())
    server = settings["language-server"]["omrade"]
    assert [server["command"], *server["args"]] == COMMAND
    (yaml,) = [lang for lang in settings["language"] if lang["name"] == "yaml"]
    # omrade's server beside the schema checks, not instead of them
    assert yaml["language-servers"] == ["omrade", "yaml-language-server"]


def test_init_writes_neovim_settings_that_start_omrade_lsp_for_yaml(new_repository: Path) -> None:
    text = (new_repository / ".nvim.lua").read_text()
    assert 'cmd = { "omrade", "lsp" }' in text
    assert 'filetypes = { "yaml" }' in text
    assert 'root_markers = { "data/municipality.yaml" }' in text
    assert 'vim.lsp.enable("omrade")' in text


def test_init_keeps_the_vscode_schemas(new_repository: Path) -> None:
    settings = json.loads((new_repository / ".vscode" / "settings.json").read_text())
    assert "./schemas/plan.schema.json" in settings["yaml.schemas"]


def test_the_vscode_extension_starts_the_same_command_in_plan_repositories() -> None:
    folder = ROOT / "editors" / "vscode"
    manifest = json.loads((folder / "package.json").read_text())
    assert manifest["activationEvents"] == ["workspaceContains:data/municipality.yaml"]
    command = manifest["contributes"]["configuration"]["properties"]["omrade.command"]
    assert command["default"] == COMMAND
    assert manifest["main"] == "./extension.js"
    source = (folder / "extension.js").read_text()
    assert '.get("command", ["omrade", "lsp"])' in source
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    checked = subprocess.run([node, "--check", str(folder / "extension.js")], check=False)
    assert checked.returncode == 0


def test_without_the_lsp_extra_omrade_lsp_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls raises ImportError
    result = CliRunner().invoke(app, ["lsp"])
    assert result.exit_code == 2
    assert "pip install 'omrade[lsp]'" in result.stderr


@pytest.mark.asyncio
async def test_the_command_the_settings_name_starts_a_server_that_answers(
    new_repository: Path,
) -> None:
    """The installed `omrade lsp` (the command in .helix/languages.toml, .nvim.lua and the
    extension), started as an editor starts it, in the new repository."""
    settings = tomllib.loads((new_repository / ".helix" / "languages.toml").read_text())
    server = settings["language-server"]["omrade"]
    executable = Path(sys.executable).parent / server["command"]
    assert executable.exists()
    client = make_test_lsp_client()
    await client.start_io(str(executable), *server["args"])
    try:
        result = await client.initialize_session(
            lsp.InitializeParams(
                capabilities=client_capabilities("neovim"),
                root_uri=new_repository.as_uri(),
            )
        )
        caps = result.capabilities
        assert caps.definition_provider and caps.references_provider and caps.rename_provider
        assert caps.completion_provider is not None and caps.hover_provider
        assert caps.code_action_provider and caps.document_symbol_provider
        assert result.server_info is not None and result.server_info.name == "omrade"
        await client.shutdown_session()
    finally:
        await client.stop()

"""Help, the usage line and usage errors speak the run's language: Swedish by default,
English with ``--lang en`` (or a repository whose ``locale`` is en), and read whole.

"Swedish" is checked with the language sweep's detector (tests/journeys/
test_language_sweep.py): no sentence of omrade's English catalogues, and no word of an
English sentence outside what a line quotes (an option, a value, a path).
"""

from __future__ import annotations

import ast
import inspect
import re
import shutil
from pathlib import Path

import pytest
import typer.core

from omrade.cli import app
from omrade.cli.words import PYDANTIC_TEMPLATES, TYPER_WORDS
from tests.conftest import ROOT
from tests.journeys.test_language_sweep import ENGLISH, WORDS, _sentences
from tools import readme

GROUPS = [[], ["new"], ["export"], ["import"], ["cache"]]
COMMANDS = readme.command_paths()
HEADING = {"sv": "Kommandon:", "en": "Commands:"}


@pytest.fixture(autouse=True)
def _outside_any_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no repository is (Swedish, the default) unless a test makes one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OMRADE_LANG", raising=False)


def _english_in(text: str) -> list[str]:
    """The English a Swedish text says: catalogue sentences, and English words."""
    said = " ".join(text.split())
    found = sorted(f for f in WORDS["en"] if f in said)
    return found + sorted(set(ENGLISH.findall(_sentences(said))))


def _swedish_in(text: str) -> list[str]:
    said = " ".join(text.split())
    return sorted(f for f in WORDS["sv"] if f in said)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("group", GROUPS, ids=lambda g: " ".join(g) or "omrade")
def test_no_command_summary_is_cut_off(runner, group: list[str], lang: str) -> None:
    result = runner.invoke(app, ["--lang", lang, *group, "--help"], env={"COLUMNS": "88"})
    assert result.exit_code == 0, result.output
    listing = result.stdout.split(HEADING[lang], 1)[1]
    cut = [line for line in listing.splitlines() if line.rstrip().endswith("...")]
    assert cut == []


@pytest.mark.parametrize("path", COMMANDS)
def test_every_commands_help_is_swedish_by_default(runner, path: str) -> None:
    result = runner.invoke(app, [*path.split()[1:], "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Användning: {path} "), result.stdout[:200]
    assert "Flaggor:" in result.stdout and "Visa den här hjälpen och avsluta." in result.stdout
    assert _english_in(result.stdout) == [], path


@pytest.mark.parametrize("path", COMMANDS)
def test_every_commands_help_is_english_with_lang_en(runner, path: str) -> None:
    result = runner.invoke(app, ["--lang", "en", *path.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: {path} "), result.stdout[:200]
    assert "Show this message and exit." in result.stdout
    assert _swedish_in(result.stdout) == [], path


def test_the_help_speaks_the_repositorys_locale(runner, tmp_path: Path) -> None:
    """Help is chosen as the commands' other output: the repository's locale (the one
    the command is pointed at, or the current one), overridden by --lang."""
    repo = tmp_path / "plans"
    shutil.copytree(ROOT / "data", repo / "data")
    municipality = repo / "data" / "municipality.yaml"
    text = municipality.read_text(encoding="utf-8")
    assert "locale: sv" in text
    municipality.write_text(text.replace("locale: sv", "locale: en"), encoding="utf-8")

    assert runner.invoke(app, ["status", "-C", str(repo), "--help"]).stdout.startswith("Usage:")
    sv = runner.invoke(app, ["status", "-C", str(repo), "--lang", "sv", "--help"])
    assert sv.stdout.startswith("Användning:")
    assert runner.invoke(app, ["validate", str(repo), "--help"]).stdout.startswith("Usage:")
    assert runner.invoke(app, ["status", "--help"]).stdout.startswith("Användning:")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(repo)
        top = runner.invoke(app, ["--help"])
        assert top.stdout.startswith("Usage: omrade [OPTIONS] COMMAND"), top.stdout[:100]


# usage errors, and what the Swedish one names of the input
ERRORS = {
    "unknown option": (["validate", "--nope"], "--nope"),
    "unknown command": (["vallidate"], "'validate'"),
    "missing argument": (["diff"], "'bas'"),
    "missing option": (["new", "plan", "-y", "2026"], "'--programme'"),
    "not a choice": (["validate", "--format", "x"], "'text'"),
    "not a number": (["new", "plan", "-p", "alby", "-y", "x"], "heltal"),
    "below the least": (["validate", "--max-file-size", "0"], "minst 1"),
    "no value": (["new", "plan", "-p"], "'-p'"),
    "a value to a flag": (["validate", "--strict=1"], "'--strict'"),
    "an extra argument": (["status", "extra"], "extra"),
    "not a date": (["validate", "--as-of", "2025-13-01"], "ÅÅÅÅ-MM-DD"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_a_usage_error_is_swedish_with_exit_2(runner, case: str) -> None:
    args, named = ERRORS[case]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Fel: " in result.stderr and named in result.stderr, result.stderr
    assert "Error:" not in result.stderr
    assert _english_in(result.stderr) == [], result.stderr


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_a_usage_error_is_english_with_lang_en(runner, case: str) -> None:
    args, _named = ERRORS[case]
    result = runner.invoke(
        app, [*args, "--lang", "en"] if case != "no value" else args, env={"OMRADE_LANG": "en"}
    )
    assert result.exit_code == 2, result.output
    assert "Error: " in result.stderr, result.stderr
    assert _swedish_in(result.stderr) == [], result.stderr


def test_a_usage_error_shows_the_usage_line_and_where_help_is(runner) -> None:
    result = runner.invoke(app, ["new", "district"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "Användning: omrade new district [FLAGGOR] {id}",
        "Skriv 'omrade new district --help' för hjälp.",
    ]
    assert "Fel: Argumentet 'id' saknas." in result.stderr


def test_no_arguments_shows_the_help_in_swedish(runner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert result.output.startswith("Användning: omrade [FLAGGOR] KOMMANDO [ARGUMENT]...")
    assert "Kommandon:" in result.output


def test_typers_own_words_are_all_in_the_catalogue() -> None:
    """typer says these through gettext (typer/core.py); a typer that adds one (and so
    would say it in English) fails here until it is listed and translated."""
    tree = ast.parse(inspect.getsource(typer.core))
    said = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert said == set(TYPER_WORDS)


def test_pydantics_messages_are_the_templates_translated() -> None:
    """What typer passes on from pydantic is translated by the error's type; the English
    templates are pydantic's own, so a changed wording fails here."""
    from pydantic_core._pydantic_core import list_all_errors

    templates = {e["type"]: e["message_template_python"] for e in list_all_errors()}
    for kind, template in PYDANTIC_TEMPLATES.items():
        assert templates[kind] == template, kind


def test_the_help_is_the_same_text_in_a_narrow_terminal(runner) -> None:
    """Laid out for 88 columns whatever the terminal (80 here), never a traceback."""
    for lang in ("sv", "en"):
        for path in COMMANDS:
            args = ["--lang", lang, *path.split()[1:], "--help"]
            result = runner.invoke(app, args, env={"COLUMNS": "80"})
            assert result.exit_code == 0 and "Traceback" not in result.output, path
            assert max(len(line) for line in result.stdout.splitlines()) <= 88
            assert not re.search(r"\x1b\[", result.stdout)

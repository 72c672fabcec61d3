"""The generated docs — the rule catalogue (docs/rules.md), the command reference from
every command's --help (docs/cli.md, in Swedish docs/kommandon.md) and the data
reference's key tables (docs/data-reference.md) — are what the code says (``make docs``
regenerates them)."""

from __future__ import annotations

import difflib
import re
import shutil

import pytest

from omrade.cli import app
from tests.conftest import ROOT
from tools import readme


def test_the_generated_parts_of_the_docs_are_current() -> None:
    for name, parts in readme.blocks().items():
        text = (ROOT / name).read_text(encoding="utf-8")
        fresh = readme.render(text, parts, name)
        stale = "".join(
            difflib.unified_diff(
                text.splitlines(True), fresh.splitlines(True), name, "make docs", n=1
            )
        )
        assert fresh == text, f"{name} is stale; run make docs:\n{stale[:3000]}"


def test_the_reference_has_every_command_and_subcommand() -> None:
    paths = readme.command_paths()
    for command in app.registered_commands:
        assert f"omrade {command.name or command.callback.__name__}" in paths
    for group in app.registered_groups:
        assert f"omrade {group.name}" in paths
    for sub in ("new plan", "new district", "new dialogue", "new guideline"):
        assert f"omrade {sub}" in paths
    for sub in ("export follow-up", "import follow-up", "import kolada", "import scb"):
        assert f"omrade {sub}" in paths
    assert len(paths) == len(set(paths))
    block = readme.cli_block()
    for path in paths:
        assert f"## `{path}`\n\n```text\n$ {path} --help\nUsage: {path} " in block


def test_the_reference_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Width fixed, no colour: the same text in a narrow colour terminal and in CI."""
    plain = readme.cli_block()
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert readme.cli_block() == plain
    assert "\x1b[" not in plain
    assert max(len(line) for line in plain.splitlines()) <= readme.HELP_WIDTH


@pytest.mark.parametrize(("page", "lang"), [("cli.md", "en"), ("kommandon.md", "sv")])
def test_the_reference_is_what_each_command_prints(
    runner, monkeypatch: pytest.MonkeyPatch, page: str, lang: str
) -> None:
    """``omrade … --help`` itself, in a narrow terminal, prints what docs/cli.md shows in
    English and docs/kommandon.md in Swedish."""
    monkeypatch.setenv("OMRADE_LANG", lang)
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    shown = dict(re.findall(r"```text\n\$ (omrade[^\n]*) --help\n(.*?)\n```", text, re.S))
    paths = readme.command_paths()
    assert sorted(shown) == sorted(paths)
    for path in paths:
        result = runner.invoke(app, [*path.split()[1:], "--help"], env={"COLUMNS": "50"})
        assert result.exit_code == 0, result.output
        printed = "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())
        assert printed == shown[path], path


def test_readme_starts_with_the_two_commands() -> None:
    readme_text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme_text[:1500]
    assert "make demo" in head and "make test" in head
    assert shutil.which("make") is not None


def test_the_data_reference_names_every_key_of_every_kind() -> None:
    """docs/data-reference.md has a table for each kind, with each of its model's keys and
    the nested ones as paths (a new field or kind shows up there after make docs)."""
    from omrade.model.documents import KINDS

    text = (ROOT / "docs" / "data-reference.md").read_text(encoding="utf-8")
    for kind, model in KINDS.items():
        start, end = readme.keys_markers(kind)
        assert start in text and end in text, kind
        table = text.split(start, 1)[1].split(end, 1)[0]
        for name, field in model.model_fields.items():
            assert f"| `{field.alias or name}` |" in table, (kind, name)
    for kind, path in [
        ("plan", "actions[].follow_up[].rating"),
        ("analysis", "dimensions.<id>.assessment"),
        ("municipality", "calendar.plan.by"),
        ("indicators", "indicators[].source.scb.sex.female"),
        ("dialogue", "steps.conduct.from"),
    ]:
        assert f"| `{path}` |" in readme.keys(kind), (kind, path)


def test_a_rule_that_is_not_stable_says_so_in_both_catalogues() -> None:
    """A preview or removed rule is marked, from its definition's lifecycle."""
    from dataclasses import replace

    from omrade.catalogue import all_rules

    rule = all_rules()["OMR203"]
    assert rule.lifecycle == "stable"
    stable = readme.rule_section(rule)
    assert "preview" not in stable[2] and "removed" not in stable[2]
    for stage, en, sv in [
        ("preview", "**preview**", "**förhandsversion**"),
        ("removed", "**removed**", "**borttagen**"),
    ]:
        marked = replace(rule, lifecycle=stage)
        assert en in readme.rule_section(marked)[2]
        assert sv in readme.rule_section(marked, "sv")[2]

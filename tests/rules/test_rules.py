"""Each rule's definition: its text beside its check, its example really triggers it, and
``omrade rules CODE`` explains it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import string
from pathlib import Path

import pytest

from omrade.cli import app
from omrade.diagnostics import Example
from omrade.rules import CHECKS, RULES
from omrade.validation import validate
from tests.conftest import BASE_AS_OF, FIXTURES


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the messages in English (--lang en for every command)."""
    monkeypatch.setenv("OMRADE_LANG", "en")


# Rules whose example cannot be written as text in a file of a repository, and why.
WITHOUT_EXAMPLE = {
    "OMR007": "a file over 5 MB",
    "OMR008": "an unreadable file (permissions, a folder named .yaml)",
    "OMR014": "a symbolic link",
    "OMR016": "a file of more than 100 000 values",
    "OMR017": "a file name that is not UTF-8",
    "OMR801": "a refusal of omrade report (a template), not a finding of validate",
    "OMR802": "a refusal of omrade report (a template), not a finding of validate",
    "OMR803": "a refusal of omrade report --out, not a finding of validate",
    "OMR804": "a refusal of report, new, init and schema (a link), not a finding of validate",
}

# What finds each rule that no check in omrade.rules finds: the loader, the repository
# (file discovery, the schema) and the output refusals.
FOUND_ELSEWHERE = {f"OMR0{n:02d}" for n in range(1, 19)} | {f"OMR10{n}" for n in range(1, 7)}
FOUND_ELSEWHERE |= {"OMR801", "OMR802", "OMR803", "OMR804"}


def apply(example: Example, repo: Path) -> None:
    path = repo / example.file
    if example.replaces:
        text = path.read_text(encoding="utf-8")
        assert example.replaces in text, f"{example.file} does not say {example.replaces!r}"
        path.write_text(text.replace(example.replaces, example.text, 1), encoding="utf-8")
    elif example.text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(example.text, encoding="utf-8")
    else:
        path.unlink()


EXAMPLES = sorted(code for code, rule in RULES.items() if rule.example is not None)


@pytest.mark.parametrize("code", EXAMPLES)
def test_the_example_triggers_its_rule(code: str, tmp_path: Path) -> None:
    rule = RULES[code]
    assert rule.example is not None
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", repo)
    apply(rule.example, repo)
    as_of = dt.date.fromisoformat(rule.example.as_of or BASE_AS_OF)
    _repo, outcome = validate(repo, as_of)
    found = [d for d in outcome.diagnostics if d.code == code]
    assert found, f"{code}'s example gives {[(d.code, d.message) for d in outcome.diagnostics]}"


def test_the_base_repository_is_clean_so_the_examples_show_their_own_rule() -> None:
    _repo, outcome = validate(FIXTURES / "base", dt.date.fromisoformat(BASE_AS_OF))
    assert outcome.diagnostics == []


def test_every_rule_has_an_example_or_a_reason_why_not() -> None:
    without = sorted(code for code, rule in RULES.items() if rule.example is None)
    assert without == sorted(WITHOUT_EXAMPLE)


def test_every_rule_is_found_by_a_check_or_where_it_is_read() -> None:
    assert set(CHECKS) | FOUND_ELSEWHERE == set(RULES)
    assert not set(CHECKS) & FOUND_ELSEWHERE


def test_codes_are_unique_and_stable_in_form() -> None:
    from omrade.diagnostics import define

    assert all(len(code) == 6 and code.startswith("OMR") for code in RULES)
    with pytest.raises(ValueError, match="defined twice"):
        define("OMR203", "error", "Again", "A second definition of a code.")


def test_templates_name_their_fields_and_fill_in() -> None:
    """Every template parses into plain named fields, and fills in (a template with a
    positional '{}' or '{0}', or an unbalanced brace, would fail when the rule fires)."""
    for code, rule in RULES.items():
        for name, said in rule.messages.items():
            for template in (said.text, said.hint):
                fields = {f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f}
                assert all(f.isidentifier() for f in fields), (code, name, template)
                filled = template.format_map(_Echo())
                assert all(f"<{f}>" in filled for f in fields), (code, name, filled)


class _Echo(dict[str, object]):
    def __missing__(self, key: str) -> object:
        return _Value(key)


class _Value:
    def __init__(self, name: str) -> None:
        self.name = name

    def __format__(self, spec: str) -> str:
        return f"<{self.name}>"


def test_rules_code_explains_one_rule(runner) -> None:
    result = runner.invoke(app, ["rules", "omr203"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("OMR203  Unknown main task\n")
    assert "Family: 2xx, References and content" in out
    assert "Default severity: error" in out
    assert "Configurable: yes" in out
    assert "Message: the programme for {programme} has no main task '{main_task}'" in out
    assert "Example (in data/programmes/norr-2024-2027/plan-2025.yaml)" in out
    assert "main_task: HU9" in out


def test_rules_code_says_when_a_rule_cannot_be_configured(runner) -> None:
    out = runner.invoke(app, ["rules", "OMR701"]).stdout
    assert "Configurable: no" in out


def test_rules_code_as_json_carries_the_definition(runner) -> None:
    result = runner.invoke(app, ["rules", "OMR005", "--format", "json"])
    data = json.loads(result.stdout)
    rule = RULES["OMR005"]
    assert data["code"] == "OMR005" and data["title"] == rule.title
    assert {m["variant"] for m in data["messages"]} == set(rule.messages)
    assert data["example"]["file"] == rule.example.file


def test_rules_with_an_unknown_code_is_a_usage_error(runner) -> None:
    result = runner.invoke(app, ["rules", "OMR2O3"])
    assert result.exit_code == 2
    assert "no rule 'OMR2O3'" in result.stderr and "did you mean 'OMR" in result.stderr


def test_every_rule_says_its_text_from_its_definition() -> None:
    """No rule's message is written at the place it is raised: each has a template
    (8xx refusals included: ``Refused(rule.code, where, *rule.says(variant, ...))``)."""
    import re as _re

    from omrade.catalogue import all_rules

    assert [c for c, r in all_rules().items() if not any(m.text for m in r.messages.values())] == []
    # and no raise site passes a code as a string literal with its own text
    sources = Path(__file__).resolve().parents[2] / "omrade"
    literal = _re.compile(r"(Refused|TemplateRefused|diag|make)\(\s*\"OMR\d{3}\"")
    offenders = [
        f"{p.relative_to(sources)}"
        for p in sources.rglob("*.py")
        if literal.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []

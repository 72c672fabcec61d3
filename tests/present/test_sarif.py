"""``omrade validate --format sarif``: SARIF 2.1.0 that validates against the published
schema (tests/schemas/, see its README) and says what the JSON output says."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import git
import jsonschema
import pytest
from jsonschema.validators import validator_for

from omrade.cli import app
from omrade.rules import RULES
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case

# these tests read the messages in English (the commands speak Swedish by default)
pytestmark = pytest.mark.usefixtures("english")

SCHEMA_FILE = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c"
BUNDLED_AS_OF = "2025-12-15"
STOCKHOLM_WARNS = "2026-01-15"  # no budget for 2026 yet (data/budget/2025.yaml, as Botkyrka's)


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _run(runner, repo: Path, as_of: str, fmt: str, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["validate", str(repo), "-f", fmt, "--as-of", as_of, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _same_as_json(runner, repo: Path, as_of: str, validator, *args: str) -> dict:
    """The SARIF log validates, and holds exactly the JSON output's diagnostics."""
    code, log = _run(runner, repo, as_of, "sarif", *args)
    json_code, out = _run(runner, repo, as_of, "json", *args)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert code == json_code
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    got = [
        (
            r["ruleId"],
            rules[r["ruleIndex"]]["id"],
            r["level"],
            unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in run["results"]
    ]
    want = [
        (d["code"], d["code"], d["severity"], d["file"], d["line"], d["column"])
        for d in out["diagnostics"]
    ]
    assert got == want
    assert run["invocations"][0]["executionSuccessful"] is True
    return log


def test_the_vendored_schema_is_the_published_file() -> None:
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_bundled_data_as_sarif(runner, validator) -> None:
    log = _same_as_json(runner, ROOT, BUNDLED_AS_OF, validator)
    assert log["version"] == "2.1.0"
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "OMR314" and result["level"] == "warning"
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert location == "data/guidelines/riktlinjer-omradesutveckling.yaml"  # relative to the root
    assert "expired on 2023-09-27" in result["message"]["text"]


def test_the_driver_lists_every_rule_of_the_catalogue(runner, validator) -> None:
    log = _same_as_json(runner, FIXTURES / "base", BASE_AS_OF, validator)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "omrade" and driver["version"]
    by_id = {r["id"]: r for r in driver["rules"]}
    assert sorted(by_id) == sorted(RULES)
    for code, rule in RULES.items():
        described = by_id[code]
        assert described["shortDescription"]["text"] == rule.title
        assert described["fullDescription"]["text"] == rule.description
        assert described["defaultConfiguration"]["level"] == rule.severity
        assert described["name"].isidentifier()


@pytest.mark.parametrize("case", ["references", "schema", "file-names", "personal"])
def test_invalid_fixture_as_sarif(runner, validator, case: str, tmp_path: Path) -> None:
    repo, spec = build_case(FIXTURES / "invalid" / case, tmp_path)
    log = _same_as_json(runner, repo, str(spec.get("as_of", BASE_AS_OF)), validator)
    results = log["runs"][0]["results"]
    assert any(r["level"] == "error" for r in results)
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and str(tmp_path) not in uri and " " not in uri


def test_file_names_are_uri_references(runner, validator, tmp_path: Path) -> None:
    """A name that is not UTF-8 is shown escaped (m\\xf6te.yaml), as in every output; in
    SARIF that backslash, like a space or a non-ASCII letter, is percent-encoded."""
    repo, _ = build_case(FIXTURES / "invalid" / "file-names", tmp_path)
    (repo / "data" / "dialogues" / "möte två.yml.txt").write_text("x", encoding="utf-8")
    log = _same_as_json(runner, repo, BASE_AS_OF, validator)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert "data/dialogues/m%5Cxf6te.yaml" in uris
    assert "data/dialogues/m%C3%B6te%20tv%C3%A5.yml.txt" in uris


def test_what_is_not_listed_is_counted_in_a_notification(runner, validator, tmp_path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    log = _same_as_json(runner, repo, BASE_AS_OF, validator, "--max-diagnostics", "1")
    (notification,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "more diagnostics" in notification["message"]["text"]


def test_the_schema_check_can_fail(runner, validator) -> None:
    """The check above is a real one: a log without a line number's minimum is rejected."""
    _code, log = _run(runner, ROOT, BUNDLED_AS_OF, "sarif")
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(validator.iter_errors(log))
    del log["runs"][0]["tool"]
    assert any("tool" in e.message for e in validator.iter_errors(log))


# --- what GitHub code scanning needs (the Multitool's GitHub rules: test_sarif_github.py) ----


def _uris(log: dict) -> list[str]:
    return [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]


def test_every_rule_has_help_from_its_documentation_and_its_own_anchor(runner) -> None:
    _code, log = _run(runner, ROOT, BUNDLED_AS_OF, "sarif")
    described_rules = log["runs"][0]["tool"]["driver"]["rules"]
    # the run's language: Swedish links to docs/regler.md, English to docs/rules.md
    lang = "sv" if "/docs/regler.md#" in described_rules[0]["helpUri"] else "en"
    page = "regler.md" if lang == "sv" else "rules.md"
    catalogue = (ROOT / "docs" / page).read_text(encoding="utf-8")
    anchors = set()
    for described in described_rules:
        rule = RULES[described["id"]]
        uri = described["helpUri"]
        assert uri == f"https://github.com/omrade/omrade/blob/main/docs/{page}#{rule.code.lower()}"
        assert f"\n### {rule.code}\n" in catalogue, f"docs/{page} has no section {rule.code}"
        anchors.add(uri)
        text, markdown = described["help"]["text"], described["help"]["markdown"]
        for words in (rule.title_in(lang), rule.description_in(lang)):
            assert words in text and words.replace("<", "&lt;").replace(">", "&gt;") in markdown
        if rule.example is not None and rule.example.text:
            first = rule.example.text.strip().splitlines()[0]
            assert first in text and first in markdown
            assert "```yaml" in markdown
        assert uri in text and f"]({uri})" in markdown
    assert len(anchors) == len(RULES)


def _git_checkout(tmp_path: Path, source: Path, where: str) -> Path:
    """A git repository with a copy of the plan repository ``source`` at ``where`` in it."""
    top = tmp_path / "checkout"
    shutil.copytree(source, top / where, ignore=shutil.ignore_patterns(".cache"))
    git.Repo.init(top)
    return top


def test_locations_are_relative_to_the_git_root_wherever_the_plans_are(runner, tmp_path) -> None:
    top = _git_checkout(tmp_path, ROOT / "examples" / "stockholm", "kommun/plan och budget")
    repo = top / "kommun" / "plan och budget"
    _code, log = _run(runner, repo, STOCKHOLM_WARNS, "sarif")
    results = log["runs"][0]["results"]
    assert results
    for result in results:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert location["uri"].startswith("kommun/plan%20och%20budget/data/")
        assert (top / unquote(location["uri"])).is_file()


def test_this_checkouts_stockholm_example_points_into_examples(runner) -> None:
    """`omrade validate examples/stockholm --format sarif` from the root of this checkout:
    code scanning annotates Stockholm's files, not Botkyrka's files of the same name."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    _code, log = _run(runner, ROOT / "examples" / "stockholm", STOCKHOLM_WARNS, "sarif")
    uris = _uris(log)
    assert uris and all(u.startswith("examples/stockholm/data/") for u in uris), uris
    assert all((ROOT / unquote(u)).is_file() for u in uris)


def test_fingerprints_stay_when_lines_are_added_above(runner, tmp_path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    _code, before = _run(runner, repo, BASE_AS_OF, "sarif")
    for path in (repo / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text("# a comment\n# and another\n" + text, encoding="utf-8")
    _code, after = _run(runner, repo, BASE_AS_OF, "sarif")

    def found(log: dict) -> list[tuple[str, int]]:
        return [
            (
                r["partialFingerprints"]["omradeFinding/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        ]

    old, new = found(before), found(after)
    assert len(old) == len(new) > 3
    assert [f for f, _ in old] == [f for f, _ in new]
    assert all(line + 2 == moved for (_f, line), (_g, moved) in zip(old, new, strict=True))
    # different findings are told apart (one fingerprint each)
    assert len({f for f, _ in old}) == len(old)

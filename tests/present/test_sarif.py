"""``omrade validate --format sarif``: SARIF 2.1.0 that validates against the published
schema (tests/schemas/, see its README) and says what the JSON output says."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from jsonschema.validators import validator_for

from omrade.cli import app
from omrade.rules import RULES
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case

SCHEMA_FILE = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c"
BUNDLED_AS_OF = "2025-12-15"


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

"""The committed JSON Schemas, read by two validators that know nothing of omrade:
check-jsonschema (PyPI; its default mode, ECMAScript regular expressions via regress) and
Ajv (npm, from tools/npm's lock; draft 2020-12 in strict mode, with ajv-formats), as editors
and CI steps that are not omrade read them.

Both must load every schema (an editor whose validator cannot compile a schema checks
nothing and says nothing), and both must agree with `omrade validate` on which files have
schema-level errors: over the bundled data, the Stockholm example, the base fixture and
every invalid fixture. check-jsonschema reads the YAML files itself; Ajv gets them as an
editor reads them (YAML 1.2 core schema).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from omrade.cli import app
from omrade.repo.repository import printable_name
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case
from tests.model.test_schema import Core12Loader

SCHEMAS = ROOT / "schemas"
KINDS = sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))
MODULES = ROOT / ".cache" / "npm" / "node_modules"
CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
BUNDLED = {
    "botkyrka": ROOT,
    "stockholm": ROOT / "examples" / "stockholm",
    "base": FIXTURES / "base",
}


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def ajv(schemas: dict[str, Any], documents: list[tuple[str, str, Any]]) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node runs Ajv (Debian: apt-get install npm)"
    assert (MODULES / "ajv").is_dir(), "run make install-dev (it installs ajv into .cache/npm)"
    done = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "ajv_validate.mjs")],
        input=json.dumps({"schemas": schemas, "documents": documents}),
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "AJV_MODULES": str(MODULES)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def committed_schemas() -> dict[str, Any]:
    return {k: json.loads((SCHEMAS / f"{k}.schema.json").read_text("utf-8")) for k in KINDS}


@dataclass
class Document:
    case: str
    name: str  # as omrade's diagnostics name it
    path: Path
    kind: str
    data: Any
    omrade_valid: bool


def _documents(case: str, repo: Path, as_of: str) -> list[Document]:
    """The repository's plan files that omrade could read, with omrade's verdict."""
    result = CliRunner().invoke(app, ["validate", str(repo), "-f", "json", "--as-of", as_of])
    diags = json.loads(result.stdout)["diagnostics"]
    unreadable = {d["file"] for d in diags if d["code"][3] == "0" and d["code"] != "OMR012"}
    schema_errors = {d["file"] for d in diags if d["code"][3] == "1"}
    found = []
    for path in sorted((repo / "data").rglob("*.yaml")):
        name = printable_name(path.relative_to(repo).as_posix())
        if not path.is_file() or name in unreadable:
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Core12Loader)
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind in KINDS:
            found.append(Document(case, name, path, kind, data, name not in schema_errors))
    return found


@dataclass
class Verdicts:
    documents: list[Document]
    check_jsonschema: dict[str, bool]  # path → valid
    ajv: dict[str, bool]  # path → valid


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> Verdicts:
    """Every document of every repository, judged by omrade, check-jsonschema and Ajv (each
    validator run once per kind over all of them)."""
    documents: list[Document] = []
    for case, repo in BUNDLED.items():
        documents += _documents(case, repo, BASE_AS_OF)
    for case in CASES:
        repo, spec = build_case(FIXTURES / "invalid" / case, tmp_path_factory.mktemp(case))
        documents += _documents(case, repo, str(spec.get("as_of", BASE_AS_OF)))

    by_cjs: dict[str, bool] = {}
    by_kind: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        by_kind[doc.kind].append(doc)
    for kind, docs in sorted(by_kind.items()):
        schema = str(SCHEMAS / f"{kind}.schema.json")
        done = check_jsonschema("--schemafile", schema, "-o", "json", *(str(d.path) for d in docs))
        report = json.loads(done.stdout)
        assert not report.get("parse_errors"), report["parse_errors"]
        failing = {e["filename"] for e in report.get("errors", [])}
        for doc in docs:
            by_cjs[str(doc.path)] = str(doc.path) not in failing

    answer = ajv(committed_schemas(), [(str(d.path), d.kind, d.data) for d in documents])
    assert not answer["warnings"], answer["warnings"]
    by_ajv = {path: valid for path, (valid, _errors) in answer["verdicts"].items()}
    return Verdicts(documents, by_cjs, by_ajv)


@pytest.mark.parametrize("kind", KINDS)
def test_check_jsonschema_loads_the_schema(kind: str) -> None:
    """--check-metaschema: the schema is a valid draft 2020-12 schema and every pattern a
    valid ECMAScript regular expression (Unicode mode)."""
    done = check_jsonschema("--check-metaschema", str(SCHEMAS / f"{kind}.schema.json"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_ajv_compiles_every_schema_in_strict_mode() -> None:
    answer = ajv(committed_schemas(), [])
    assert answer["compiled"] == KINDS
    assert not answer["warnings"], answer["warnings"]


def test_both_validators_refuse_a_pattern_that_is_not_ecmascript(tmp_path: Path) -> None:
    """The loading checks above are real ones: an escaped quote in a character class (valid
    in Python, not in Unicode-mode ECMAScript) is refused by both."""
    schema = committed_schemas()["municipality"]
    site = schema["$defs"]["SiteSettings"]["properties"]["base_url"]["anyOf"][0]
    site["pattern"] = r"^https://[^\s\"'<>]+/$"
    path = tmp_path / "municipality.schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert check_jsonschema("--check-metaschema", str(path)).returncode != 0
    node = shutil.which("node")
    assert node
    done = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "ajv_validate.mjs")],
        input=json.dumps({"schemas": {"municipality": schema}, "documents": []}),
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "AJV_MODULES": str(MODULES)},
        check=False,
    )
    assert done.returncode == 2 and "municipality" in done.stderr


@pytest.mark.parametrize("case", [*BUNDLED, *CASES])
def test_both_validators_agree_with_omrade(verdicts: Verdicts, case: str) -> None:
    docs = [d for d in verdicts.documents if d.case == case]
    assert docs, f"{case}: no plan file read"
    disagree = {
        d.name: {
            "omrade": d.omrade_valid,
            "check-jsonschema": verdicts.check_jsonschema[str(d.path)],
            "ajv": verdicts.ajv[str(d.path)],
        }
        for d in docs
        if not d.omrade_valid == verdicts.check_jsonschema[str(d.path)] == verdicts.ajv[str(d.path)]
    }
    assert not disagree, disagree
    if case in BUNDLED:
        assert all(d.omrade_valid for d in docs)


def test_the_fixtures_have_schema_errors_for_the_validators_to_find(verdicts: Verdicts) -> None:
    """The agreement is not only on valid files: both validators refuse files in the
    schema fixture, as omrade does."""
    refused = [d for d in verdicts.documents if d.case == "schema" and not d.omrade_valid]
    assert len(refused) >= 3
    assert not any(verdicts.check_jsonschema[str(d.path)] for d in refused)
    assert not any(verdicts.ajv[str(d.path)] for d in refused)

"""The committed JSON Schemas match the models, and an independent validator (jsonschema)
agrees with `omrade validate` on which files have schema-level errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from omrade.cli import app
from omrade.load.root import printable_name
from omrade.model.schema import json_schemas, render
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


class Core12Loader(yaml.CSafeLoader):
    """YAML 1.2 core schema, as editors read it: true/false only, no dates, no octal 0127.

    .inf and .nan stay text: JSON has no such numbers (omrade.model.scalars.CORE_FLOAT agrees).
    """


Core12Loader.yaml_implicit_resolvers = {
    k: [
        (tag, rx)
        for tag, rx in v
        if tag.rsplit(":", 1)[-1] not in ("bool", "int", "float", "timestamp")
    ]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


def _core_int(loader: yaml.CSafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    return int(text[2:] if base != 10 else text, base)


Core12Loader.add_constructor("tag:yaml.org,2002:int", _core_int)


def test_committed_schemas_are_in_sync() -> None:
    for kind, schema in json_schemas().items():
        path = ROOT / "schemas" / f"{kind}.schema.json"
        assert path.read_text(encoding="utf-8") == render(schema), (
            f"{path} is out of date: run omrade schema"
        )
        Draft202012Validator.check_schema(schema)


def _schema_verdicts(repo: Path, runner, as_of: str) -> dict[str, tuple[bool, bool]]:
    """file → (jsonschema says valid, omrade has no reading/schema error)."""
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", as_of])
    diags = json.loads(result.stdout)["diagnostics"]
    unreadable = {d["file"] for d in diags if d["code"][3] == "0" and d["code"] != "OMR012"}
    schema_errors = {d["file"] for d in diags if d["code"][3] == "1"}
    schemas = json_schemas()
    verdicts = {}
    for path in sorted((repo / "data").rglob("*.yaml")):
        rel = printable_name(path.relative_to(repo).as_posix())  # as diagnostics name it
        if not path.is_file() or rel in unreadable:
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Core12Loader)
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind not in schemas:
            continue
        validator = Draft202012Validator(schemas[kind], format_checker=FormatChecker())
        verdicts[rel] = (validator.is_valid(data), rel not in schema_errors)
    return verdicts


@pytest.mark.parametrize(
    "repo",
    [ROOT, ROOT / "examples" / "stockholm", FIXTURES / "base"],
    ids=["botkyrka", "stockholm", "base"],
)
def test_every_bundled_file_is_valid_by_the_schema(runner, repo: Path) -> None:
    verdicts = _schema_verdicts(repo, runner, BASE_AS_OF)
    assert verdicts and all(ok for ok, _ in verdicts.values()), [
        f for f, (ok, _) in verdicts.items() if not ok
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_jsonschema_agrees_with_validate_on_schema_errors(runner, case, tmp_path) -> None:
    repo, _ = build_case(case, tmp_path)
    verdicts = _schema_verdicts(repo, runner, BASE_AS_OF)
    disagree = {f: v for f, v in verdicts.items() if v[0] != v[1]}
    assert not disagree, disagree

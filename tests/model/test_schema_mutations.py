"""omrade and an independent JSON Schema validator agree on mutated copies of real files.

Every bundled plan file (Botkyrka's and Stockholm's) is read as an editor reads it (YAML 1.2
core schema) and mutated one place at a time: numbers and booleans put in quotes, text
replaced by numbers, booleans, nulls, lists and mappings, impossible and malformed dates,
required and optional keys removed, unknown keys added, the kind removed or changed. Each
mutation is written out as YAML; `jsonschema` (draft 2020-12, with format checking) checks
it against the committed schema of its kind, and one `omrade validate` run checks all of
them. A file is rejected by omrade when it gets a reading (0xx) or schema (1xx) error.
Both must reject exactly the same files.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from omrade.cli import app
from tests.conftest import ROOT
from tests.model.test_schema import Core12Loader

SOURCES = [ROOT / "data", ROOT / "examples" / "stockholm" / "data"]
# repository-level reading codes: where a file is, or that a kind is there twice
NOT_ABOUT_THE_FILE = {"OMR012", "OMR013"}

Path_ = tuple[str | int, ...]


class _NoAliases(yaml.CSafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=200)


def _shape(path: Path_) -> tuple[str, ...]:
    """The place in the schema a path is at: list indices do not matter."""
    return tuple("*" if isinstance(p, int) else p for p in path)


def _nodes(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _nodes(value, (*path, i))


def _replaced(data: Any, path: Path_, value: Any) -> Any:
    out = copy.deepcopy(data)
    parent = out
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return out


def _scalar_mutations(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, bool):
        return [("quoted boolean", str(value).lower()), ("yes for true", "yes"), ("number", 1)]
    if isinstance(value, int | float):
        text = str(value)
        return [
            ("quoted number", text),
            ("number with a space", f"{text[:1]} {text[1:]}" if len(text) > 1 else f"{text} 0"),
            ("decimal comma", text.replace(".", ",") if "." in text else f"{text},5"),
            ("decimal", 1.5),
            ("negative", -abs(value) - 1),
            ("boolean", True),
            ("list", [value]),
        ]
    if isinstance(value, str):
        out: list[tuple[str, Any]] = [
            ("number for text", 2025),
            ("decimal for text", 0.5),
            ("boolean for text", True),
            ("null", None),
            ("empty text", ""),
            ("blank text", "  "),
            ("list for text", [value]),
            ("mapping for text", {"x": value}),
            ("name for an id", "Utbildningsförvaltningen"),
            ("leading-zero number", "0127"),
        ]
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            out += [
                ("impossible date", f"{value[:4]}-02-30"),
                ("month 13", f"{value[:4]}-13-01"),
                ("short date", f"{value[:4]}-1-5"),
                ("date with time", f"{value}T00:00:00"),
            ]
        return out
    return []


def mutations(data: dict[str, Any], seen: set[tuple[str, ...]]) -> Iterator[tuple[str, Any]]:
    """(description, mutated data) for every place of ``data`` whose shape is new."""
    kind = data.get("kind")
    for path, value in _nodes(data):
        shape = (str(kind), *_shape(path))
        if shape in seen:
            continue
        seen.add(shape)
        where = ".".join(str(p) for p in path) or "(top)"
        if path:
            for what, new in _scalar_mutations(value):
                yield f"{where}: {what}", _replaced(data, path, new)
        if isinstance(value, dict):
            for key in value:
                smaller = copy.deepcopy(value)
                del smaller[key]
                yield (
                    f"{where}: without {key}",
                    _replaced(data, path, smaller) if path else smaller,
                )
            bigger = {**copy.deepcopy(value), "extra_key": "x"}
            yield f"{where}: unknown key", _replaced(data, path, bigger) if path else bigger
            if path:
                yield f"{where}: text for a mapping", _replaced(data, path, "x")
        elif isinstance(value, list) and path:
            yield f"{where}: text for a list", _replaced(data, path, "x")
            yield f"{where}: empty list", _replaced(data, path, [])
    if ("top", str(kind)) not in seen:
        seen.add(("top", str(kind)))
        yield "unknown kind", {**data, "kind": "plann"}
        yield "a list, not a mapping", [data]


def test_jsonschema_and_omrade_reject_the_same_mutated_files(runner, tmp_path: Path) -> None:
    schemas = {
        p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
        for p in (ROOT / "schemas").glob("*.schema.json")
    }
    repo = tmp_path / "repo"
    (repo / "data" / "m").mkdir(parents=True)
    seen: set[tuple[str, ...]] = set()
    cases: dict[str, tuple[str, str, bool]] = {}  # file → (source, mutation, schema accepts)
    for source in SOURCES:
        for path in sorted(source.rglob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=Core12Loader)
            kind = data["kind"]
            validator = Draft202012Validator(schemas[kind], format_checker=FormatChecker())
            for what, mutated in mutations(data, seen):
                text = _dump(mutated)
                rel = f"data/m/{len(cases):04d}.yaml"
                (repo / rel).write_text(text, encoding="utf-8")
                # the validator reads the file as written, just as omrade does
                as_read = yaml.load(text, Loader=Core12Loader)
                cases[rel] = (path.relative_to(ROOT).as_posix(), what, validator.is_valid(as_read))
    args = ["validate", str(repo), "-f", "json", "--as-of", "2025-10-01"]
    result = runner.invoke(app, [*args, "--max-diagnostics", "1000000"])  # every one listed
    assert "Traceback" not in result.output
    rejected: dict[str, list[str]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        if d["code"][3] in "01" and d["code"] not in NOT_ABOUT_THE_FILE:
            rejected.setdefault(d["file"], []).append(f"{d['code']} {d['message']}")
    accepted_by_schema = sum(ok for _s, _w, ok in cases.values())
    # the mutations exercise both outcomes, many times over
    assert len(cases) > 1500 and 200 < accepted_by_schema < len(cases) - 1000, (
        len(cases),
        accepted_by_schema,
    )
    disagree = [
        f"{source} — {what}: jsonschema {'accepts' if ok else 'rejects'}, omrade "
        + ("rejects: " + "; ".join(rejected[rel]) if rel in rejected else "accepts")
        for rel, (source, what, ok) in cases.items()
        if ok == (rel in rejected)
    ]
    assert not disagree, "\n".join(disagree[:40]) + f"\n({len(disagree)} in all)"

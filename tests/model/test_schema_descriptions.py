"""Every property of every schema has a description, in Swedish by default and in English
with --lang en (what an editor shows when a key is hovered), and every description written
is used by a key that exists."""

from __future__ import annotations

import json
from typing import Any

import pytest

from omrade.cli import app
from omrade.model.descriptions import DESCRIPTIONS
from omrade.model.documents import KINDS
from omrade.model.schema import json_schemas


def _properties(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """'Model.key' → the property's schema, for the kind's model and its $defs."""
    found = {}
    for owner, node in [(schema["__model"], schema), *schema.get("$defs", {}).items()]:
        for key, prop in node.get("properties", {}).items():
            found[f"{owner}.{key}"] = prop
    return found


def _all(lang: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for kind, schema in json_schemas(lang).items():
        found.update(_properties({**schema, "__model": KINDS[kind].__name__}))
    return found


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_property_is_described(lang: str) -> None:
    props = _all(lang)
    assert len(props) > 250
    missing = [k for k, p in props.items() if not p.get("description", "").strip()]
    assert not missing, missing
    assert not [k for k, p in props.items() if "title" in p]  # pydantic's English key titles


def test_the_two_languages_differ_where_the_words_do() -> None:
    sv, en = _all("sv"), _all("en")
    assert sv.keys() == en.keys()
    assert sv["Action.type"]["description"] != en["Action.type"]["description"]
    assert "främjande" in sv["Action.type"]["description"]
    assert "Stadsdelens" in sv["District.name"]["description"]
    assert "district's" in en["District.name"]["description"]
    same = [k for k in sv if sv[k]["description"] == en[k]["description"]]
    assert not same, same


def test_no_description_names_a_key_that_is_not_there() -> None:
    props = set(_all("en"))
    keys = {k.split(".", 1)[1] for k in props}
    stale = [
        k
        for k in DESCRIPTIONS
        if (k.startswith("*.") and k[2:] not in keys) or (not k.startswith("*.") and k not in props)
    ]
    assert not stale, stale


def test_the_schema_command_writes_the_language_asked_for(runner, tmp_path) -> None:
    for lang, word in (("sv", "Stadsdelens"), ("en", "The district's")):
        out = tmp_path / lang
        args = ["schema", "--out", str(out)] + (["--lang", lang] if lang == "en" else [])
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        district = json.loads((out / "district.schema.json").read_text(encoding="utf-8"))
        assert district["properties"]["name"]["description"].startswith(word)

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


def _name_description(out) -> str:
    district = json.loads((out / "district.schema.json").read_text(encoding="utf-8"))
    return str(district["properties"]["name"]["description"])


def test_the_schema_command_chooses_its_language_as_every_command_does(
    runner, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repository's ``locale`` decides, ``$OMRADE_LANG`` and ``--lang`` override it,
    and outside a repository it is Swedish: as validate, allocate and the rest choose."""
    import shutil

    from tests.conftest import FIXTURES

    english_repo = tmp_path / "english"
    shutil.copytree(FIXTURES / "base", english_repo)
    mun = english_repo / "data" / "municipality.yaml"
    mun.write_text(mun.read_text(encoding="utf-8") + "locale: en\n", encoding="utf-8")
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    monkeypatch.delenv("OMRADE_LANG", raising=False)

    def written(*args: str, env: str | None = None) -> str:
        if env is None:
            monkeypatch.delenv("OMRADE_LANG", raising=False)
        else:
            monkeypatch.setenv("OMRADE_LANG", env)
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        result = runner.invoke(app, ["schema", "--out", str(out), *args])
        assert result.exit_code == 0, result.output
        said = result.stderr
        assert ("schemas in" in said) == _name_description(out).startswith("The district's")
        return _name_description(out)

    assert written("-C", str(english_repo)).startswith("The district's")
    assert written("-C", str(english_repo), "--lang", "sv").startswith("Stadsdelens")
    assert written("-C", str(english_repo), env="sv").startswith("Stadsdelens")
    assert written("-C", str(nowhere)).startswith("Stadsdelens")
    assert written("-C", str(nowhere), env="en").startswith("The district's")
    assert written("-C", str(nowhere), "--lang", "en", env="sv").startswith("The district's")

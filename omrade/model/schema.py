"""JSON Schema (draft 2020-12) for every kind, generated from the models, for editors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from omrade.load.safefs import OMR804, Refused, link_target, replace_file
from omrade.model.documents import KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"


DESCRIBE_FILE = {
    "en": "A plan repository's {kind} file (see docs/data-reference.md).",
    "sv": "En planrepositorys {kind}-fil (se docs/data-reference.md).",
}


def json_schemas(lang: str = "sv") -> dict[str, dict[str, Any]]:
    """kind → its JSON Schema, every property described in ``lang`` ('sv' or 'en')."""
    out = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        _describe(schema, model.__name__, lang)
        for name, definition in schema.get("$defs", {}).items():
            _describe(definition, name, lang)
        out[kind] = {
            "$schema": DRAFT,
            "$id": f"{kind}.schema.json",
            "title": f"omrade {kind}",
            "description": DESCRIBE_FILE[lang].format(kind=kind),
            **{k: v for k, v in schema.items() if k != "title"},
        }
    return out


def _describe(node: dict[str, Any], model: str, lang: str) -> None:
    """Each property of ``model``'s schema gets its description in ``lang`` (and loses the
    English title pydantic makes from the key, which says no more than the key)."""
    from omrade.model.descriptions import describe

    for key, prop in node.get("properties", {}).items():
        words = describe(model, key, lang)
        if words is None:
            raise LookupError(f"no description of {model}.{key} (omrade/model/descriptions.py)")
        prop.pop("title", None)
        prop["description"] = words


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out: Path, lang: str = "sv") -> list[Path]:
    """Write <kind>.schema.json files, described in ``lang``; returns the paths written.

    Nothing is written through a link: ``out`` itself or any schema file being a link
    (even a broken one) is refused (OMR804) before a file is touched. Each file is
    replaced whole (a new file renamed over the old one).
    """
    schemas = {f"{kind}.schema.json": render(schema) for kind, schema in json_schemas(lang).items()}
    if os.path.islink(out):
        said = OMR804.says("schema_out_link", target=link_target(out))
        raise Refused(OMR804.code, str(out), *said)
    for name in schemas:
        if os.path.islink(out / name):
            said = OMR804.says("schema_file_link", target=link_target(out / name))
            raise Refused(OMR804.code, str(out / name), *said)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas.items():
        path = out / name
        unchanged = path.is_file() and path.read_text(encoding="utf-8") == text
        written.append(path if unchanged else replace_file(out, name, text))
    return written

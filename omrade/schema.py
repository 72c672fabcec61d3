"""JSON Schema (draft 2020-12) for every kind, generated from the models, for editors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from omrade.models import KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schemas() -> dict[str, dict[str, Any]]:
    """kind → its JSON Schema."""
    out = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        out[kind] = {
            "$schema": DRAFT,
            "$id": f"{kind}.schema.json",
            "title": f"omrade {kind}",
            "description": f"A plan repository's {kind} file (see the omrade README's data "
            "reference).",
            **{k: v for k, v in schema.items() if k != "title"},
        }
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Write <kind>.schema.json files; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in json_schemas().items():
        path = out / f"{kind}.schema.json"
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)  # never a half-written schema
        written.append(path)
    return written

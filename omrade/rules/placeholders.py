"""OMR232 / OMR313: what `omrade new` and `omrade init` left for a person to fill in.

Their files mark every such place with ``FYLL I``: in a value (``title: "FYLL I: rubrik"``)
or in a comment after a value (``value: 0  # FYLL I: folkmängd``). In a draft that is a
warning; in an adopted document (status adopted or replaced, or a recorded decision) it
is an error: a decision was taken on what the document says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from omrade.diagnostics import Diagnostic, format_path, make
from omrade.load.reader import PathKey
from omrade.repo.repository import Doc
from omrade.rules import Context, check
from omrade.write.scaffold import FILL

# a comment that starts with the marker, as omrade new writes it ("# FYLL I: folkmängd");
# the file's header ("sök efter 'FYLL I'") only mentions it
COMMENT = re.compile(r"(?:^|\s)(#\s*" + re.escape(FILL) + r"\b.*)$")


def adopted(doc: Doc) -> bool:
    data = doc.loaded.data
    if not isinstance(data, dict) or "status" not in data:
        return False
    return data.get("status") in ("adopted", "replaced") or data.get("decision") is not None


def _strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def placeholders(doc: Doc) -> Iterator[tuple[PathKey, int, int, str, bool]]:
    """(path, line, column, what it says, in a comment) for each placeholder in ``doc``."""
    loaded = doc.loaded
    if FILL not in loaded.text or not isinstance(loaded.data, dict):
        return
    lines_done: set[int] = set()
    for path, value in _strings(loaded.data):
        if FILL in value:
            pos = loaded.position(path)
            lines_done.add(pos.line)
            yield path, pos.line, pos.column, value.strip(), False
    on_line: dict[int, PathKey] = {}  # the innermost value that starts on each line
    for path, pos in loaded.value_lines().items():
        if len(path) >= len(on_line.get(pos.line, ())):
            on_line[pos.line] = path
    for number, line in enumerate(loaded.text.splitlines(), start=1):
        if FILL not in line or number in lines_done:
            continue
        match = COMMENT.search(line)
        if match:
            said = match.group(1).lstrip("#").strip()
            yield on_line.get(number, ()), number, match.start(1) + 1, said, True


def _findings(ctx: Context, want_adopted: bool) -> Iterator[Diagnostic]:
    code = "OMR313" if want_adopted else "OMR232"
    for doc in ctx.repo.docs:
        if adopted(doc) != want_adopted:
            continue
        for path, line, column, said, in_comment in placeholders(doc):
            where = f"'{format_path(path)}'" if path else "this line"
            if in_comment:
                what = f"a comment marks {where} as not filled in: # {said}"
                fix = f"write the right value, then remove the '# {FILL}' comment"
            else:
                what = f"{where} is still a placeholder: {said}"
                fix = "write what it should say"
            if want_adopted:
                message = f"adopted {doc.kind}: {what}"
                hint = f"{fix}; an adopted document records what was decided"
            else:
                message = what
                hint = f"{fix} (in an adopted document this is an error)"
            yield make(code, doc.file, line, column, message, hint, format_path(path))


@check("OMR232")
def placeholder_left(ctx: Context) -> Iterator[Diagnostic]:
    return _findings(ctx, want_adopted=False)


@check("OMR313")
def placeholder_in_adopted(ctx: Context) -> Iterator[Diagnostic]:
    return _findings(ctx, want_adopted=True)

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

from omrade.diagnostics import Diagnostic, Example, Rule, define, format_path, kind_noun
from omrade.load.reader import PathKey
from omrade.model.scalars import FILL
from omrade.repo.repository import Doc
from omrade.rules import Context, check

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


def _findings(ctx: Context, rule: Rule, want_adopted: bool) -> Iterator[Diagnostic]:
    for doc in ctx.repo.docs:
        if adopted(doc) != want_adopted:
            continue
        for path, line, column, said, in_comment in placeholders(doc):
            where = f"'{format_path(path)}'" if path else "this line"
            yield rule.at(
                doc.file,
                line,
                column,
                path=format_path(path),
                variant="comment" if in_comment else "",
                kind=kind_noun(doc.kind),
                where=where,
                said=said,
            )


_REMOVE_MARK = "write the right value, then remove the '# " + FILL + "' comment"

OMR232 = define(
    "OMR232",
    "warning",
    "Placeholder not filled in",
    (
        "A draft still says FYLL I, the mark omrade new and omrade init leave "
        "where a person must fill in a value (in the value, or in a comment "
        "after it)."
    ),
    message="{where} is still a placeholder: {said}",
    hint="write what it should say (in an adopted document this is an error)",
    variants={
        "comment": (
            "a comment marks {where} as not filled in: # {said}",
            _REMOVE_MARK + " (in an adopted document this is an error)",
        )
    },
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        "summary: FYLL I\n",
        replaces="summary: Nulägesbild.\n",
        situation="The analysis is a draft.",
    ),
    sv=dict(
        situation="Stadsdelsanalysen är ett utkast.",
        title="Platshållare inte ifylld",
        description=(
            "Ett utkast säger fortfarande FYLL I, märket som omrade new och "
            "omrade init lämnar där en person ska fylla i ett värde (i värdet, "
            "eller i en kommentar efter det)."
        ),
        message="{where} är fortfarande en platshållare: {said}",
        hint="skriv vad som ska stå där (i ett antaget dokument är detta ett fel)",
        variants={
            "comment": (
                "en kommentar markerar att {where} inte är ifyllt: # {said}",
                (
                    "skriv rätt värde och ta sedan bort kommentaren '# FYLL I' (i ett "
                    "antaget dokument är detta ett fel)"
                ),
            ),
        },
    ),
)


@check(OMR232)
def placeholder_left(ctx: Context) -> Iterator[Diagnostic]:
    return _findings(ctx, OMR232, want_adopted=False)


OMR313 = define(
    "OMR313",
    "error",
    "Placeholder in an adopted document",
    (
        "An adopted document (status adopted or replaced, or with a decision) "
        "still says FYLL I: what was decided must be written out."
    ),
    message="adopted {kind}: {where} is still a placeholder: {said}",
    hint="write what it should say; an adopted document records what was decided",
    variants={
        "comment": (
            "adopted {kind}: a comment marks {where} as not filled in: # {said}",
            _REMOVE_MARK + "; an adopted document records what was decided",
        )
    },
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    title: FYLL I\n",
        replaces="    title: Sommarjobb\n",
        situation="The plan is adopted.",
    ),
    sv=dict(
        situation="Handlingsplanen är antagen.",
        title="Platshållare i ett antaget dokument",
        description=(
            "Ett antaget dokument (status adopted eller replaced, eller med ett "
            "beslut) säger fortfarande FYLL I: det som beslutades ska stå "
            "utskrivet."
        ),
        message=("{where} är fortfarande en platshållare i ett antaget dokument ({kind}): {said}"),
        hint="skriv vad som ska stå där; ett antaget dokument visar vad som beslutades",
        variants={
            "comment": (
                (
                    "en kommentar markerar att {where} inte är ifyllt i ett antaget dokument "
                    "({kind}): # {said}"
                ),
                (
                    "skriv rätt värde och ta sedan bort kommentaren '# FYLL I'; ett antaget "
                    "dokument visar vad som beslutades"
                ),
            ),
        },
    ),
)


@check(OMR313)
def placeholder_in_adopted(ctx: Context) -> Iterator[Diagnostic]:
    return _findings(ctx, OMR313, want_adopted=True)

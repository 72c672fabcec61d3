"""Where the cursor is in a YAML text being typed: the path of the mapping it is in, and
whether it is at a key or at a value (and of which key).

Read from the text by indentation, not by parsing it: while the analyst types, the file is
often not YAML yet (``responsible: av``, ``  - ``). Block and flow style both count: a
flow list (``partners: [a, b|``) or mapping (``- {source: are|``) on the cursor's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")
_ITEM = re.compile(r"-(?:\s+|$)")


@dataclass(frozen=True)
class Cursor:
    """``path``: the keys and list indices (ints) from the document to the mapping or list
    the cursor is in. ``key``: the key whose value the cursor is in ('' at a key).
    ``prefix``: what is typed of the word before the cursor; ``start``: its column."""

    path: tuple[str | int, ...]
    key: str
    prefix: str
    start: int
    in_list: bool = False  # in a list's item (block '- ' or flow '[')

    @property
    def at_key(self) -> bool:
        return not self.key and not self.in_list

    def value_path(self) -> tuple[str | int, ...]:
        """The path of the value being typed."""
        return (*self.path, self.key) if self.key else self.path


def _content(line: str) -> str:
    """A line without its comment (a '#' after a space or at the start)."""
    out = re.split(r"(?:^|\s)#", line, maxsplit=1)[0]
    return out.rstrip()


def cursor_at(text: str, line: int, column: int) -> Cursor:
    """The cursor at (line, column), 0-based, columns in code points."""
    rows = re.split(r"\r\n|\r|\n", text)
    # stack of (column, key or index); an index marks a list item
    stack: list[tuple[int, str | int]] = []
    counts: dict[tuple[str | int, ...], int] = {}  # list path → items seen
    for row in rows[:line]:
        body = _content(row)
        if not body.strip():
            continue
        _enter(stack, counts, body)
    current = rows[line][:column] if line < len(rows) else ""
    return _finish(stack, counts, current)


def _pop(stack: list[tuple[int, str | int]], col: int, item: bool) -> None:
    while stack and stack[-1][0] >= col:
        top_col, top = stack[-1]
        # 'key:' then '- item' at the same column: the items belong to the key
        if item and top_col == col and isinstance(top, str):
            break
        stack.pop()


def _enter(
    stack: list[tuple[int, str | int]], counts: dict[tuple[str | int, ...], int], body: str
) -> None:
    col = len(body) - len(body.lstrip(" "))
    rest = body[col:]
    item = bool(_ITEM.match(rest))
    _pop(stack, col, item)
    while (match := _ITEM.match(rest)) is not None:
        parent = tuple(p for _c, p in stack)
        index = counts.get(parent, 0)
        counts[parent] = index + 1
        stack.append((col, index))
        col += match.end()
        rest = rest[match.end() :]
    match = _KEY.match(rest)
    if match is not None:
        stack.append((col, match.group(1)))


def _finish(
    stack: list[tuple[int, str | int]], counts: dict[tuple[str | int, ...], int], current: str
) -> Cursor:
    col = len(current) - len(current.lstrip(" "))
    rest = current[col:]
    item = bool(_ITEM.match(rest)) or rest == "-"
    _pop(stack, col, item)
    in_list = False
    while (match := _ITEM.match(rest)) is not None:
        parent = tuple(p for _c, p in stack)
        index = counts.get(parent, 0)
        stack.append((col, index))
        col += match.end()
        rest = rest[match.end() :]
        in_list = True
    path = tuple(p for _c, p in stack)
    # flow collections on the cursor's line: what is open at the cursor
    key = ""
    flow_path: list[str | int] = []
    text = rest
    match = _KEY.match(text)
    if match is not None:
        key = match.group(1)
        text = text[match.end() :].lstrip()
        in_list = False
    depth_stack: list[str] = []
    groups: list[int] = []  # how many parts each open bracket added to flow_path
    token_start = 0
    for i, c in enumerate(text):
        if c in "[{":
            added: list[str | int] = []
            if key:
                added.append(key)
                key = ""
            if c == "[":
                added.append(0)  # an item of the list (which one does not matter here)
            flow_path.extend(added)
            groups.append(len(added))
            depth_stack.append(c)
            token_start = i + 1
        elif c in "]}":
            if depth_stack:
                depth_stack.pop()
                n = groups.pop()
                del flow_path[len(flow_path) - n :]
            token_start = i + 1
        elif c == ",":
            token_start = i + 1
            if depth_stack and depth_stack[-1] == "{":
                key = ""
        elif c == ":" and depth_stack and depth_stack[-1] == "{":
            key = text[token_start:i].strip()
            token_start = i + 1
    if depth_stack:
        in_list = depth_stack[-1] == "["
        if in_list:
            key = ""
    prefix_text = text[token_start:] if depth_stack or key or in_list else text
    prefix = prefix_text.lstrip(" ").lstrip("\"'")
    start = len(current) - len(prefix)
    if not depth_stack and not key and not in_list and match is None:
        # a key being typed at the start of the line
        prefix = rest
        start = col
    return Cursor((*path, *flow_path), key, prefix, start, in_list)

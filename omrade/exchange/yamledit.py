"""Surgical YAML edits: add or replace follow-up entries in a plan file's text.

A round-trip library re-emits the whole document, and with it may re-indent sequences,
re-wrap long lines or move a comment to the other side of a new entry. Here the file's
text is never re-emitted: the composer (PyYAML, with exact start and end marks) says
where each action and follow-up is, and the new entries are spliced in as text written
in the file's own indentation and newline style. Every byte outside an inserted or
replaced entry stays as it was, by construction; the caller re-reads the result with
the strict loader and checks that it holds exactly the intended data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from omrade.model.scalars import core_literal

FIELD_ORDER = ("period", "status", "rating", "trend", "comment", "comment_en")


class _Keep:
    """An entry value that stays exactly as written in the file (for a replaced entry)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


@dataclass(frozen=True)
class Change:
    """One entry of a list: ``parent[key]``, where ``parent`` is the path to a mapping.

    ``replace`` is the index of the entry to replace, or None to append. The entry's keys
    are written in the dict's order; a value :data:`KEEP` copies that key's value text
    from the entry being replaced.
    """

    parent: tuple[str | int, ...]
    key: str
    entry: dict[str, Any]
    replace: int | None = None


@dataclass(frozen=True)
class Edit:
    """One follow-up entry for the action at ``actions[action_index]`` (see :class:`Change`)."""

    action_index: int
    entry: dict[str, str]
    replace: int | None = None


class EditError(Exception):
    """The file's layout cannot be edited safely (the message says why)."""


# --- scalars ------------------------------------------------------------------------------

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_PLAIN_FIRST = re.compile(r"[^\W_]", re.UNICODE)  # a letter or digit


def _printable(ch: str) -> bool:
    o = ord(ch)
    if ch in "\x85\u2028\u2029":  # YAML 1.1 line breaks: never raw inside a scalar
        return False
    return 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or not _PLAIN_FIRST.match(value[0]):
        return False
    if not all(_printable(ch) for ch in value):
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and any(ch in value for ch in ",[]{}"):
        return False
    # never a value that another YAML reader would take for a number, date or boolean:
    # YAML 1.1's guesses, and YAML 1.2's numbers, which omrade and the schemas read
    # (0180 and 1e3 are text to YAML 1.1, numbers to YAML 1.2)
    if core_literal(value) is not None:
        return False
    resolved: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return resolved == _STR


def _double_quoted(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def scalar(value: Any, flow: bool = False) -> str:
    """``value`` as a YAML scalar on one line: numbers, dates and true/false plain; text
    plain where that is safe, else double-quoted."""
    if isinstance(value, _Verbatim):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | dt.date):
        return as_loaded(value)
    text = str(value)
    return text if _plain_ok(text, flow) else _double_quoted(text)


def as_loaded(value: Any) -> str:
    """The text the strict loader reads back for a value written by :func:`scalar`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def block_item(entry: dict[str, Any], dash: int, key: int, nl: str) -> str:
    """A block sequence item: '- period: …' at column ``dash``, its keys at ``key``."""
    lines = []
    for n, (k, v) in enumerate(entry.items()):
        lead = " " * dash + "-" + " " * (key - dash - 1) if n == 0 else " " * key
        lines.append(f"{lead}{k}: {scalar(v)}")
    return nl.join(lines) + nl


def flow_item(entry: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in entry.items()) + "}"


def dash_flow_item(entry: dict[str, Any], dash: int, nl: str) -> str:
    return " " * dash + "- " + flow_item(entry) + nl


# --- positions ------------------------------------------------------------------------------


class _Text:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(self, mark: yaml.Mark) -> int:
        return self.starts[mark.line] + mark.column

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def after_line(self, offset: int) -> int:
        """The offset just after the newline that ends the line holding ``offset``."""
        nl = self.text.find("\n", offset)
        return len(self.text) if nl < 0 else nl + 1


def _content_end(node: yaml.Node, t: _Text) -> int:
    """The offset just after a node's last character of content (comments excluded)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = t.offset(node.end_mark)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # a block scalar's end mark lies past its line breaks: step back to its text
        while end > 0 and t.text[end - 1] in " \t\r\n":
            end -= 1
    return end


def _get(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _sequence_offset(root: yaml.Node) -> int:
    """How far the file indents a block sequence's dash under its key (0 or more)."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                block = isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value
                if block and not node.flow_style:
                    indent: int = v.start_mark.column - k.start_mark.column
                    return max(0, indent)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return 2


def _key_column(seq: yaml.SequenceNode) -> int:
    first = seq.value[0]
    if isinstance(first, yaml.MappingNode) and not first.flow_style:
        return first.start_mark.column
    return seq.start_mark.column + 2


def _node_at(root: yaml.Node, path: tuple[str | int, ...]) -> yaml.Node:
    node = root
    for part in path:
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[part]
        elif isinstance(part, str) and isinstance(node, yaml.MappingNode):
            found = _get(node, part)
            if found is None:
                raise EditError(f"no '{part}' in the file")
            node = found[1]
        else:
            raise EditError(f"the file's layout does not have {part!r} where expected")
    return node


def apply_changes(text: str, changes: Sequence[Change]) -> str:
    """``text`` with list entries added or replaced; nothing else changes."""
    nl = "\r\n" if "\r\n" in text else "\n"
    t = _Text(text)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the file is not a mapping")
    seq_offset = _sequence_offset(root)
    splices: list[tuple[int, int, str]] = []  # (start, end, new text)
    grouped: dict[tuple[tuple[str | int, ...], str], list[Change]] = {}
    for change in changes:
        grouped.setdefault((change.parent, change.key), []).append(change)
    for (parent_path, key), group in grouped.items():
        parent = _node_at(root, parent_path)
        if not isinstance(parent, yaml.MappingNode):
            raise EditError(f"{'.'.join(map(str, parent_path))} is not a mapping")
        splices += _edit_list(t, parent, key, group, seq_offset, nl)
    splices.sort(key=lambda s: (s[0], s[1]), reverse=True)
    out = text
    last_start = len(text) + 1
    for start, end, new in splices:
        if end > last_start:
            raise EditError("overlapping edits")  # a bug, never expected
        out = out[:start] + new + out[end:]
        last_start = start
    return out


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with the follow-up entries added or replaced; nothing else changes."""
    return apply_changes(
        text,
        [
            Change(
                ("actions", e.action_index),
                "follow_up",
                {k: e.entry[k] for k in FIELD_ORDER if k in e.entry}
                | {k: v for k, v in e.entry.items() if k not in FIELD_ORDER},
                e.replace,
            )
            for e in edits
        ],
    )


def _edit_list(
    t: _Text, parent: yaml.MappingNode, key: str, changes: list[Change], seq_offset: int, nl: str
) -> list[tuple[int, int, str]]:
    found = _get(parent, key)
    appended = [c.entry for c in changes if c.replace is None]
    replaced = [c for c in changes if c.replace is not None]
    splices: list[tuple[int, int, str]] = []
    if found is None:
        if replaced:
            raise EditError(f"nothing to replace: there is no '{key}'")
        if parent.flow_style:
            close = t.offset(parent.end_mark) - 1  # the '}'
            items = ", ".join(flow_item(e) for e in appended)
            sep = ", " if parent.value else ""
            return [(close, close, f"{sep}{key}: [{items}]")]
        key_col = parent.start_mark.column
        at = t.after_line(_content_end(parent, t))
        dash = key_col + seq_offset
        body = f"{' ' * key_col}{key}:{nl}" + "".join(
            block_item(e, dash, dash + 2, nl) for e in appended
        )
        return [(at, at, _ensure_newline(t.text, at, nl) + body)]
    key_node, seq = found
    if _is_null(seq):
        # 'key:' with nothing after it: the entries go on the lines below
        if replaced:
            raise EditError(f"nothing to replace: '{key}' is empty")
        key_col = key_node.start_mark.column
        dash = key_col + seq_offset
        at = t.after_line(t.offset(key_node.end_mark))
        body = "".join(block_item(e, dash, dash + 2, nl) for e in appended)
        return [(at, at, _ensure_newline(t.text, at, nl) + body)]
    if not isinstance(seq, yaml.SequenceNode):
        raise EditError(f"'{key}' is not a list")
    for c in replaced:
        assert c.replace is not None
        item = seq.value[c.replace]
        entry = _resolve_keep(t, item, c.entry)
        if seq.flow_style or (isinstance(item, yaml.MappingNode) and item.flow_style):
            start, end = t.offset(item.start_mark), t.offset(item.end_mark)
            splices.append((start, end, flow_item(entry)))
        else:
            if not isinstance(item, yaml.MappingNode):
                raise EditError(f"an entry of '{key}' is not a mapping")
            dash = _dash_column(t, item)
            start = t.line_start(t.offset(item.start_mark))
            end = t.after_line(_content_end(item, t))
            splices.append((start, end, block_item(entry, dash, item.start_mark.column, nl)))
    if not appended:
        return splices
    if seq.flow_style:
        close = t.offset(seq.end_mark) - 1  # the ']'
        sep = ", " if seq.value else ""
        splices.append((close, close, sep + ", ".join(flow_item(e) for e in appended)))
        return splices
    dash = seq.start_mark.column
    at = t.after_line(_content_end(seq, t))
    last = seq.value[-1]
    if isinstance(last, yaml.MappingNode) and last.flow_style:
        body = "".join(dash_flow_item(e, dash, nl) for e in appended)
    else:
        key_col = _key_column(seq)
        body = "".join(block_item(e, dash, key_col, nl) for e in appended)
    splices.append((at, at, _ensure_newline(t.text, at, nl) + body))
    return splices


class _Verbatim(str):
    """Value text copied from the file: written as it is."""


def _resolve_keep(t: _Text, item: yaml.Node, entry: dict[str, Any]) -> dict[str, Any]:
    if not any(v is KEEP for v in entry.values()):
        return entry
    if not isinstance(item, yaml.MappingNode):
        raise EditError("the entry to replace is not a mapping")
    out: dict[str, Any] = {}
    for k, v in entry.items():
        if v is KEEP:
            found = _get(item, k)
            if found is None:
                raise EditError(f"the entry has no '{k}' to keep")
            node = found[1]
            if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
                raise EditError(f"'{k}' cannot be copied (not a one-line value)")
            text = t.text[t.offset(node.start_mark) : t.offset(node.end_mark)]
            if "\n" in text:
                raise EditError(f"'{k}' cannot be copied (it spans lines)")
            out[k] = _Verbatim(text)
        else:
            out[k] = v
    return out


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in ("", "~", "null")


def _dash_column(t: _Text, item: yaml.MappingNode) -> int:
    line = t.text[t.line_start(t.offset(item.start_mark)) : t.offset(item.start_mark)]
    dash = line.rfind("-")
    if dash < 0:
        raise EditError("a follow-up entry does not start on its dash's line")
    return dash


def _ensure_newline(text: str, at: int, nl: str) -> str:
    """A newline to add first when the insertion point is the end of a last line without one."""
    return nl if at == len(text) and text and not text.endswith("\n") else ""

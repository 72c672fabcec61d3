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

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

FIELD_ORDER = ("period", "status", "rating", "trend", "comment", "comment_en")


@dataclass(frozen=True)
class Edit:
    """One follow-up entry for the action at ``actions[action_index]``.

    ``replace`` is the index in the action's ``follow_up`` list of the entry to replace,
    or None to append.
    """

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
    # never a value that another YAML reader would take for a number, date or boolean
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


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


def scalar(value: str, flow: bool = False) -> str:
    """``value`` as a YAML scalar on one line: plain where that is safe, else quoted."""
    return value if _plain_ok(value, flow) else _double_quoted(value)


def _ordered(entry: dict[str, str]) -> list[tuple[str, str]]:
    keys = [k for k in FIELD_ORDER if k in entry] + [k for k in entry if k not in FIELD_ORDER]
    return [(k, entry[k]) for k in keys]


def block_item(entry: dict[str, str], dash: int, key: int, nl: str) -> str:
    """A block sequence item: '- period: …' at column ``dash``, its keys at ``key``."""
    lines = []
    for n, (k, v) in enumerate(_ordered(entry)):
        lead = " " * dash + "-" + " " * (key - dash - 1) if n == 0 else " " * key
        lines.append(f"{lead}{k}: {scalar(v)}")
    return nl.join(lines) + nl


def flow_item(entry: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in _ordered(entry)) + "}"


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


def _sequence_offset(root: yaml.MappingNode) -> int:
    """How far the file indents a block sequence's dash under its key (0 or more)."""
    actions = _get(root, "actions")
    if actions is None or not isinstance(actions[1], yaml.SequenceNode):
        return 2
    for action in actions[1].value:
        if not isinstance(action, yaml.MappingNode) or action.flow_style:
            continue
        for k, v in action.value:
            if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value:
                return max(0, v.start_mark.column - k.start_mark.column)
    return 2


def _key_column(seq: yaml.SequenceNode) -> int:
    first = seq.value[0]
    if isinstance(first, yaml.MappingNode) and not first.flow_style:
        return first.start_mark.column
    return seq.start_mark.column + 2


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with the follow-up entries added or replaced; nothing else changes."""
    nl = "\r\n" if "\r\n" in text else "\n"
    t = _Text(text)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the file is not a mapping")
    actions = _get(root, "actions")
    if actions is None or not isinstance(actions[1], yaml.SequenceNode):
        raise EditError("the file has no list of actions")
    seq_offset = _sequence_offset(root)
    splices: list[tuple[int, int, str]] = []  # (start, end, new text)
    by_action: dict[int, list[Edit]] = {}
    for edit in edits:
        by_action.setdefault(edit.action_index, []).append(edit)
    for index, group in by_action.items():
        action = actions[1].value[index]
        if not isinstance(action, yaml.MappingNode):
            raise EditError(f"actions[{index}] is not a mapping")
        splices += _edit_action(t, action, group, seq_offset, nl)
    splices.sort(key=lambda s: (s[0], s[1]), reverse=True)
    out = text
    last_start = len(text) + 1
    for start, end, new in splices:
        if end > last_start:
            raise EditError("overlapping edits")  # a bug, never expected
        out = out[:start] + new + out[end:]
        last_start = start
    return out


def _edit_action(
    t: _Text, action: yaml.MappingNode, edits: list[Edit], seq_offset: int, nl: str
) -> list[tuple[int, int, str]]:
    found = _get(action, "follow_up")
    appended = [e.entry for e in edits if e.replace is None]
    replaced = [e for e in edits if e.replace is not None]
    splices: list[tuple[int, int, str]] = []
    if found is None:
        if replaced:
            raise EditError("nothing to replace: the action has no follow_up")
        if action.flow_style:
            close = t.offset(action.end_mark) - 1  # the '}'
            items = ", ".join(flow_item(e) for e in appended)
            sep = ", " if action.value else ""
            return [(close, close, f"{sep}follow_up: [{items}]")]
        key_col = action.start_mark.column
        at = t.after_line(_content_end(action, t))
        dash = key_col + seq_offset
        body = f"{' ' * key_col}follow_up:{nl}" + "".join(
            block_item(e, dash, dash + 2, nl) for e in appended
        )
        return [(at, at, _ensure_newline(t.text, at, nl) + body)]
    key_node, seq = found
    if _is_null(seq):
        # 'follow_up:' with nothing after it: the entries go on the lines below
        if replaced:
            raise EditError("nothing to replace: the action's follow_up is empty")
        key_col = key_node.start_mark.column
        dash = key_col + seq_offset
        at = t.after_line(t.offset(key_node.end_mark))
        body = "".join(block_item(e, dash, dash + 2, nl) for e in appended)
        return [(at, at, _ensure_newline(t.text, at, nl) + body)]
    if not isinstance(seq, yaml.SequenceNode):
        raise EditError("follow_up is not a list")
    for e in replaced:
        assert e.replace is not None
        item = seq.value[e.replace]
        if seq.flow_style or (isinstance(item, yaml.MappingNode) and item.flow_style):
            start, end = t.offset(item.start_mark), t.offset(item.end_mark)
            splices.append((start, end, flow_item(e.entry)))
        else:
            if not isinstance(item, yaml.MappingNode):
                raise EditError("a follow-up entry is not a mapping")
            dash = _dash_column(t, item)
            start = t.line_start(t.offset(item.start_mark))
            end = t.after_line(_content_end(item, t))
            splices.append((start, end, block_item(e.entry, dash, item.start_mark.column, nl)))
    if not appended:
        return splices
    if seq.flow_style:
        close = t.offset(seq.end_mark) - 1  # the ']'
        sep = ", " if seq.value else ""
        splices.append((close, close, sep + ", ".join(flow_item(e) for e in appended)))
        return splices
    dash = seq.start_mark.column
    key_col = _key_column(seq)
    at = t.after_line(_content_end(seq, t))
    body = "".join(block_item(e, dash, key_col, nl) for e in appended)
    splices.append((at, at, _ensure_newline(t.text, at, nl) + body))
    return splices


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

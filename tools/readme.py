"""Regenerate the generated parts of the docs (``make docs``): the rule catalogue in
docs/rules.md (one section per rule, from the rule definitions), the command reference in
docs/cli.md and docs/kommandon.md (every command's ``--help``, in English and in
Swedish) and the key tables of docs/data-reference.md (from the models' JSON Schema).

Each part sits between its own markers. ``tests/test_readme.py`` fails when one is stale,
so a changed option, rule text or field shows up in review as a docs change.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):  # run as a script (make docs): omrade from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from omrade.diagnostics import Rule

ROOT = Path(__file__).resolve().parent.parent
RULES = ("<!-- rules:start -->", "<!-- rules:end -->")
CLI = ("<!-- cli:start -->", "<!-- cli:end -->")
# help is laid out for this width whatever the terminal, without colour, so that the
# generated reference is the same on every machine
HELP_WIDTH = 88


def prose(text: str) -> str:
    """A rule's text as Markdown that shows it as written: its `code spans` stay code, and
    outside them nothing becomes emphasis, a link or HTML (``'__class__'``, ``*name``)."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(
        part if part.startswith("`") else re.sub(r"([\\*_\[\]<>|~])", r"\\\1", part)
        for part in parts
    )


def _visible(text: str) -> str:
    """Control characters (an example's NUL byte) as their Unicode pictures (␀), which a
    page can show; tabs and line ends stay."""
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 32 and c not in "\t\n" else c for c in text)


def _fenced(body: str, info: str) -> list[str]:
    body = _visible(body)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", *body.rstrip("\n").splitlines(), fence]


# The catalogue's own words in each language (the rules' words come from their
# definitions: ``define(..., sv=dict(...))``); Swedish as in the glossary.
WORDS = {
    "en": {
        "code": "code",
        "default": "default",
        "title": "title",
        "error": "error",
        "warning": "warning",
        "configurable": "configurable (`rules: {{{code}: warning}}` or `off` in "
        "`municipality.yaml`)",
        "fixed": "not configurable",
        "message": "Message",
        "hint": "hint",
        "no_template": "Message: written where the problem is found (not from a template).",
        "no_example": "No example: the catalogue's test names the reason.",
        "example": "Example",
        "english_only": "",
        "preview": "**preview**: checked; its wording or scope may still change",
        "removed": "**removed**: never reported; a `rules:` entry naming it is told so",
    },
    "sv": {
        "code": "kod",
        "default": "standard",
        "title": "rubrik",
        "error": "fel",
        "warning": "varning",
        "configurable": "kan ändras (`rules: {{{code}: warning}}` eller `off` i "
        "`municipality.yaml`)",
        "fixed": "kan inte ändras",
        "message": "Meddelande",
        "hint": "tips",
        "no_template": "Meddelande: skrivs där felet hittas (ingen mall).",
        "no_example": "Inget exempel.",
        "example": "Exempel",
        "english_only": "*Regeln har ännu ingen svensk text; här står den engelska.*",
        "preview": "**förhandsversion**: kontrolleras; ordalydelse och omfång kan ändras",
        "removed": "**borttagen**: rapporteras aldrig; `rules:` som nämner den får veta det",
    },
}
FAMILIES_SV = {
    "0": "Läsa YAML",
    "1": "Schema",
    "2": "Hänvisningar och innehåll",
    "3": "Datum och livscykel",
    "4": "Budget",
    "5": "Grupper",
    "6": "Medborgardialoger",
    "7": "Personuppgifter",
    "8": "Mallar och utdata",
}


def _words(rule: Rule, lang: str) -> tuple[str, str, list[tuple[str, str, str]], bool]:
    """Title, description and (variant, message, hint) in ``lang``; False when the rule
    has no words in that language and its English ones stand in."""
    english = [(name, m.text, m.hint) for name, m in rule.messages.items()]
    if lang == "en" or rule.sv is None:
        return rule.title, rule.description, english, lang == "en"
    sv = rule.sv
    said = []
    for name, text, hint in english:
        if name:
            text, hint = sv.variants.get(name, (text, hint))
        else:
            text, hint = sv.message or text, sv.hint or hint
        said.append((name, text, hint))
    return sv.title, sv.description, said, True


def rule_section(rule: Rule, lang: str = "en") -> list[str]:
    """One rule: a ``### OMRnnn`` heading (the stable anchor ``#omrnnn``), its title,
    default severity, whether it can be configured, what it checks, what it says and an
    example that triggers it (in Swedish: a link to the English page's example, as the
    examples' situations are written in English)."""
    from omrade.present.markdown import code

    w = WORDS[lang]
    title, description, messages, own = _words(rule, lang)
    configurable = w["configurable"].format(code=rule.code) if rule.configurable else w["fixed"]
    if rule.lifecycle != "stable":  # said when the rule is not (or no longer) stable
        configurable += f" · {w[rule.lifecycle]}"
    lines = [
        f"### {rule.code}",
        "",
        f"**{prose(title)}** · {w[rule.severity]} · {configurable}",
        "",
        *([w["english_only"], ""] if not own else []),
        prose(description),
        "",
    ]
    said = [(name, text, hint) for name, text, hint in messages if text]
    if not said:
        lines += [w["no_template"], ""]
    for name, text, hint in said:
        label = w["message"] if not name else f"{w['message']} ({code(name)})"
        lines.append(f"- {label}: {code(text)}")
        if hint:
            lines.append(f"  — {w['hint']}: {code(hint)}")
    if said:
        lines.append("")
    ex = rule.example
    if lang != "en":
        if ex is not None:
            lines += [
                f"{w['example']}: [{rule.code} på engelska](rules.md#{rule.code.lower()}).",
                "",
            ]
        return lines
    if ex is None:
        lines += [w["no_example"], ""]
        return lines
    where = f"in `{ex.file}`" if ex.text or ex.replaces else f"`{ex.file}` removed"
    lines.append(f"Example ({where}" + (f", as of {ex.as_of}" if ex.as_of else "") + "):")
    lines.append("")
    if ex.situation:
        lines += [prose(ex.situation), ""]
    if ex.text:
        lines += [*_fenced(ex.text, "yaml"), ""]
    return lines


def rule_block(lang: str = "en") -> str:
    """The rule catalogue: per family a table linking to each rule's section, then the
    sections. Read from the rule definitions, so a new rule or a changed text shows up."""
    from omrade.catalogue import all_rules
    from omrade.diagnostics import FAMILIES

    RULES = all_rules()

    w = WORDS[lang]
    rules = [RULES[code] for code in sorted(RULES)]
    lines: list[str] = []
    for digit, family in FAMILIES.items():
        group = [r for r in rules if r.code[3] == digit]
        if not group:
            continue
        lines += [
            f"## {digit}xx — {family if lang == 'en' else FAMILIES_SV.get(digit, family)}",
            "",
            f"| {w['code']} | {w['default']} | {w['title']} |",
            "|---|---|---|",
            *(
                f"| [{r.code}](#{r.code.lower()}) | {w[r.severity]} | {prose(_words(r, lang)[0])} |"
                for r in group
            ),
            "",
        ]
        for r in group:
            lines += rule_section(r, lang)
    return "\n".join(lines).rstrip() + "\n"


SLUG = "^[a-z0-9][a-z0-9-]*$"
LOCAL_ID = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
TEXT = "\\S"


def keys(kind: str) -> str:
    """The data reference of one kind: every key, nested keys as paths
    (``actions[].funding[].source``), its type, whether it is required, its default and
    its description, read from the JSON Schema that ``omrade schema`` writes (which
    pydantic makes from the models), so a new or changed field shows up here."""
    from omrade.model.schema import json_schemas

    schema = json_schemas("en")[kind]
    defs = schema.get("$defs", {})
    rows: list[tuple[str, str, str, str, str]] = []

    def deref(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            rest = {k: v for k, v in node.items() if k != "$ref"}
            node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **rest}
        return node

    def options(node: dict[str, Any]) -> list[dict[str, Any]]:
        """The alternatives of a value, null left out (it means: optional)."""
        node = deref(node)
        if "anyOf" in node:
            return [deref(o) for o in node["anyOf"] if o.get("type") != "null"]
        return [node]

    def type_of(node: dict[str, Any]) -> str:
        names = []
        for o in options(node):
            names.append(_type_name(o, type_of))
        return " or ".join(dict.fromkeys(names))

    def walk(node: dict[str, Any], prefix: str) -> None:
        node = deref(node)
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            alts = options(prop)
            default = prop.get("default")
            shown_default = "" if default in (None, [], {}) else _value(default)
            description = prop.get("description") or next(
                (o.get("description", "") for o in alts if o.get("type") == "object"), ""
            )
            rows.append(
                (
                    f"`{path}`",
                    type_of(prop),
                    "yes" if name in required else "",
                    shown_default,
                    prose(" ".join(description.split())),
                )
            )
            for o in alts:
                if o.get("type") == "object" and "properties" in o:
                    walk(o, f"{path}.")
                elif o.get("type") == "array":
                    item = deref(o.get("items", {}))
                    for i in options(item):
                        if i.get("type") == "object" and "properties" in i:
                            walk(i, f"{path}[].")
                elif o.get("type") == "object" and "patternProperties" in o:
                    for value in o["patternProperties"].values():
                        for v in options(value):
                            if v.get("type") == "object" and "properties" in v:
                                walk(v, f"{path}.<id>.")

    walk(schema, "")
    head = ["key", "type", "required", "default", "description"]
    if not any(row[-1] for row in rows):  # no description yet: no empty column
        head, rows = head[:-1], [row[:-1] for row in rows]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "`{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}`"
    return f"`{value}`"


def _type_name(node: dict[str, Any], type_of: Any) -> str:
    """A value's type in words: 'id', 'text', 'date', '`a` or `b`', 'list of id' …"""
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return " | ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type")
    if kind == "string":
        pattern = node.get("pattern")
        if node.get("format") == "date":
            return "date"
        if pattern == SLUG:
            return "id"
        if pattern == LOCAL_ID:
            return "local id"
        if pattern in (None, TEXT):
            return "text"
        return f"text matching `{pattern}`"
    if kind == "integer":
        if node.get("minimum") == 1900 and node.get("maximum") == 2200:
            return "year"
        low, high = node.get("minimum"), node.get("maximum")
        bounds = (
            f" {low}–{high}"
            if low is not None and high is not None
            else (f" ≥ {low}" if low is not None else "")
        )
        return f"whole number{bounds}"
    if kind == "number":
        low, high = node.get("minimum", node.get("exclusiveMinimum")), node.get("maximum")
        return "number" + (f" {low}–{high}" if low is not None and high is not None else "")
    if kind == "boolean":
        return "`true` | `false`"
    if kind == "array":
        return f"list of {type_of(node.get('items', {}))}"
    if kind == "object":
        if "properties" in node:
            return "mapping"
        if "patternProperties" in node:
            value = next(iter(node["patternProperties"].values()))
            return f"map of id → {type_of(value)}"
        if isinstance(node.get("additionalProperties"), dict):
            return f"map of text → {type_of(node['additionalProperties'])}"
        return "mapping"
    return "any"


def _commands() -> Iterator[tuple[str, str]]:
    """(command path, its --help) for omrade and every command and subcommand below it,
    in the order ``omrade --help`` lists them."""
    import typer
    import typer.main
    from typer import Context

    from omrade.cli import app

    def walk(command: Any, ctx: typer.Context) -> Iterator[tuple[str, str]]:
        yield ctx.command_path, command.get_help(ctx)
        if hasattr(command, "list_commands"):  # a group: its commands follow
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is None or getattr(sub, "hidden", False):
                    continue
                child = Context(
                    sub,
                    info_name=name,
                    parent=ctx,
                    terminal_width=HELP_WIDTH,
                    max_content_width=HELP_WIDTH,
                    color=False,
                )
                yield from walk(sub, child)

    root = typer.main.get_command(app)
    ctx = Context(
        root,
        info_name="omrade",
        terminal_width=HELP_WIDTH,
        max_content_width=HELP_WIDTH,
        color=False,
    )
    yield from walk(root, ctx)


def command_paths() -> list[str]:
    """Every command the reference documents, e.g. 'omrade new plan'."""
    return [path for path, _help in _commands()]


def cli_block(lang: str = "en") -> str:
    """The command reference: each command's ``--help``, as it prints it in ``lang``
    (``omrade --lang en … --help``: docs/cli.md; Swedish, the default: docs/kommandon.md)."""
    from omrade.diagnostics import speaking

    parts = []
    with speaking(lang):
        commands = list(_commands())
    for path, text in commands:
        body = "\n".join(line.rstrip() for line in text.strip("\n").splitlines())
        parts.append(f"## `{path}`\n\n```text\n$ {path} --help\n{body}\n```\n")
    return "\n".join(parts)


def blocks() -> dict[str, list[tuple[tuple[str, str], str]]]:
    """Per file (relative to the checkout): its generated blocks, each (markers, text)."""
    from omrade.model.documents import KINDS

    return {
        "docs/cli.md": [(CLI, cli_block())],
        "docs/kommandon.md": [(CLI, cli_block("sv"))],
        "docs/rules.md": [(RULES, rule_block())],
        "docs/regler.md": [(RULES, rule_block("sv"))],
        "docs/data-reference.md": [(keys_markers(kind), keys(kind)) for kind in KINDS],
    }


def keys_markers(kind: str) -> tuple[str, str]:
    return f"<!-- keys:{kind}:start -->", f"<!-- keys:{kind}:end -->"


def render(text: str, parts: list[tuple[tuple[str, str], str]], name: str = "") -> str:
    """``text`` with each generated block in ``parts`` regenerated."""
    for (start, end), block in parts:
        if start not in text or end not in text:
            raise SystemExit(f"{name} lacks the markers {start} … {end}")
        replacement = f"{start}\n{block}{end}"
        pattern = re.escape(start) + r".*?" + re.escape(end)
        text = re.sub(pattern, lambda _m, r=replacement: r, text, flags=re.S)
    return text


def update(root: Path = ROOT) -> list[str]:
    """Rewrite the generated blocks; the files that changed."""
    changed = []
    for name, parts in blocks().items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        new = render(text, parts, name)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(name)
    return changed


if __name__ == "__main__":
    changed = update(ROOT)
    print("\n".join(f"{name} updated" for name in changed) or "the docs are up to date")

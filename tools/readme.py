"""Regenerate the generated parts of README.md (``make docs``): the rule catalogue, and
the command reference from every command's ``--help``.

Each part sits between its own markers. ``tests/test_readme.py`` fails when either is
stale, so a changed option or rule text shows up in review as a README change.
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


def rule_section(rule: Rule) -> list[str]:
    """One rule: a ``### OMRnnn`` heading (the stable anchor ``#omrnnn``), its title,
    default severity, whether it can be configured, what it checks, what it says and an
    example that triggers it."""
    from omrade.present.markdown import code

    configurable = (
        f"configurable (`rules: {{{rule.code}: warning}}` or `off` in `municipality.yaml`)"
        if rule.configurable
        else "not configurable"
    )
    lines = [
        f"### {rule.code}",
        "",
        f"**{prose(rule.title)}** · {rule.severity} · {configurable}",
        "",
        prose(rule.description),
        "",
    ]
    said = [(name, m) for name, m in rule.messages.items() if m.text]
    if not said:
        lines += ["Message: written where the problem is found (not from a template).", ""]
    for name, message in said:
        label = "Message" if not name else f"Message ({code(name)})"
        lines.append(f"- {label}: {code(message.text)}")
        if message.hint:
            lines.append(f"  — hint: {code(message.hint)}")
    if said:
        lines.append("")
    ex = rule.example
    if ex is None:
        lines += ["No example: the catalogue's test names the reason.", ""]
        return lines
    where = f"in `{ex.file}`" if ex.text or ex.replaces else f"`{ex.file}` removed"
    lines.append(f"Example ({where}" + (f", as of {ex.as_of}" if ex.as_of else "") + "):")
    lines.append("")
    if ex.situation:
        lines += [prose(ex.situation), ""]
    if ex.text:
        lines += [*_fenced(ex.text, "yaml"), ""]
    return lines


def rule_block() -> str:
    """The rule catalogue: per family a table linking to each rule's section, then the
    sections. Read from the rule definitions, so a new rule or a changed text shows up."""
    from omrade.diagnostics import FAMILIES
    from omrade.rules import RULES

    rules = [RULES[code] for code in sorted(RULES)]
    lines: list[str] = []
    for digit, family in FAMILIES.items():
        group = [r for r in rules if r.code[3] == digit]
        if not group:
            continue
        lines += [
            f"## {digit}xx — {family}",
            "",
            "| code | default | title |",
            "|---|---|---|",
            *(
                f"| [{r.code}](#{r.code.lower()}) | {r.severity} | {prose(r.title)} |"
                for r in group
            ),
            "",
        ]
        for r in group:
            lines += rule_section(r)
    return "\n".join(lines).rstrip() + "\n"


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


def cli_block() -> str:
    """The command reference: each command's ``--help``, as it prints it."""
    parts = []
    for path, text in _commands():
        body = "\n".join(line.rstrip() for line in text.strip("\n").splitlines())
        parts.append(f"## `{path}`\n\n```text\n$ {path} --help\n{body}\n```\n")
    return "\n".join(parts)


def blocks() -> dict[str, list[tuple[tuple[str, str], str]]]:
    """Per file (relative to the checkout): its generated blocks, each (markers, text)."""
    return {
        "docs/cli.md": [(CLI, cli_block())],
        "docs/rules.md": [(RULES, rule_block())],
    }


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

"""Reference text generated from the code (the README's rule catalogue)."""

from __future__ import annotations

import json

from omrade.diagnostics import FAMILIES
from omrade.rules import RULES


def rule_catalogue(fmt: str = "md") -> str:
    rules = [RULES[c] for c in sorted(RULES)]
    if fmt == "json":
        return json.dumps(
            [
                {
                    "code": r.code,
                    "severity": r.severity,
                    "title": r.title,
                    "description": r.description,
                    "family": r.family,
                    "configurable": r.configurable,
                }
                for r in rules
            ],
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "text":
        return "\n".join(f"{r.code}  {r.severity:<8} {r.title}: {r.description}" for r in rules)
    lines = []
    for digit, family in FAMILIES.items():
        group = [r for r in rules if r.code[3] == digit]
        if not group:
            continue
        lines += [
            f"#### {digit}xx — {family}",
            "",
            "| code | default | title | what it checks |",
            "|---|---|---|---|",
        ]
        lines += [f"| {r.code} | {r.severity} | {r.title} | {r.description} |" for r in group]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"

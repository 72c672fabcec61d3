"""Reference text generated from the code: the README's rule catalogue, and one rule
explained (``omrade rules CODE``)."""

from __future__ import annotations

import json

from omrade.diagnostics import FAMILIES, RULES, Rule, did_you_mean


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


def find_rule(code: str) -> Rule:
    """The rule ``code`` (case aside); LookupError with a suggestion when there is none."""
    rule = RULES.get(code.strip().upper())
    if rule is None:
        hint = did_you_mean(code.strip().upper(), RULES)
        raise LookupError(
            f"no rule {code!r}" + (f" ({hint})" if hint else "") + "; omrade rules lists them"
        )
    return rule


def _variants(rule: Rule) -> list[tuple[str, str, str]]:
    return [(name, m.text, m.hint) for name, m in rule.messages.items()]


def rule_text(code: str, fmt: str = "text") -> str:
    """One rule explained: title, family, default severity, whether it can be configured,
    what it checks, its message and hint templates and an example that triggers it."""
    r = find_rule(code)
    ex = r.example
    configurable = (
        f"yes ('rules: {{{r.code}: warning}}' or 'off' in municipality.yaml)"
        if r.configurable
        else "no"
    )
    if fmt == "json":
        return json.dumps(
            {
                "code": r.code,
                "title": r.title,
                "family": r.family,
                "severity": r.severity,
                "configurable": r.configurable,
                "description": r.description,
                "messages": [
                    {"variant": name, "message": text, "hint": hint}
                    for name, text, hint in _variants(r)
                ],
                "example": None
                if ex is None
                else {
                    "file": ex.file,
                    "text": ex.text,
                    "replaces": ex.replaces,
                    "situation": ex.situation,
                    "as_of": ex.as_of,
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    md = fmt == "md"
    lines = [f"### {r.code} — {r.title}" if md else f"{r.code}  {r.title}", ""]
    lines += [
        f"{'- ' if md else ''}Family: {r.code[3]}xx, {r.family}",
        f"{'- ' if md else ''}Default severity: {r.severity}",
        f"{'- ' if md else ''}Configurable: {configurable}",
        "",
        r.description,
        "",
    ]
    said = [(n, t, h) for n, t, h in _variants(r) if t]
    if not said:
        lines += ["Message: written where the problem is found (not from a template).", ""]
    for name, text, hint in said:
        label = "Message" if not name else f"Message ({name})"
        if md:
            lines.append(f"- {label}: `{text}`" + (f"  \n  hint: `{hint}`" if hint else ""))
        else:
            lines.append(f"{label}: {text}")
            if hint:
                lines.append(f"  hint: {hint}")
    if said:
        lines.append("")
    if ex is not None:
        where = f"in {ex.file}" if ex.text or ex.replaces else f"{ex.file} removed"
        lines.append(f"Example ({where}" + (f", as of {ex.as_of}" if ex.as_of else "") + "):")
        if ex.situation:
            lines += ["", ex.situation]
        if ex.text:
            body = ex.text.rstrip("\n").splitlines()
            lines += ["", "```yaml", *body, "```"] if md else ["", *("    " + b for b in body)]
    else:
        lines.append("Example: none (see `omrade rules` for what the rule checks).")
    return "\n".join(lines).rstrip() + "\n"

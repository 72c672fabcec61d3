"""Diagnostics as SARIF 2.1.0, the format GitHub code scanning and most editors read.

One run, in the run's language: the tool's driver lists every rule of the catalogue (id,
name, short and full description, default level, ``help`` in text and Markdown from the
rule's documentation — its title, description and example — and a ``helpUri`` to the
rule's own section of docs/rules.md, or docs/regler.md in Swedish); each diagnostic is a
result pointing at its rule, with the line and column and the file relative to the root of
the git repository the plan repository is in (``uriBaseId`` %SRCROOT%: the checkout code
scanning annotates), or to the plan repository's root when it is in none. Paths are
relative, so the log names no folder of the machine it was made on. Each result has a
``partialFingerprints`` entry made of its code, file, path in the document and message, so
a finding keeps its identity across runs when lines above it move (GitHub code scanning
matches alerts by it).

What GitHub code scanning accepts is checked in the tests with the SARIF Multitool's GitHub
rules (tests/present/test_sarif_github.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from omrade import installed_version
from omrade.diagnostics import RULES, Diagnostic, Outcome, Rule, current_lang, rule_url, say
from omrade.present import plain

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/omrade/omrade#rules"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "omradeFinding/v1"


def rule_name(rule: Rule) -> str:
    """A rule's title as one word in PascalCase ('Unknown main task' → UnknownMainTask,
    'YAML syntax error' → YamlSyntaxError, "Outside the plan's year" → OutsideThePlansYear,
    'Not a mapping' → NotMapping: no two capitals in a row, as SARIF viewers expect)."""
    words = re.findall(r"[^\W_]+", rule.title.replace("'", "").replace("’", ""))
    words = [w for w in words if w.lower() != "a"]
    return (
        "".join(w[:1].upper() + (w[1:].lower() if w.isupper() else w[1:]) for w in words)
        or rule.code
    )


def rule_help(rule: Rule, lang: str) -> dict[str, str]:
    """The rule's documentation in ``lang`` as SARIF ``help``, plain text and GitHub
    Markdown: its title, description and example, and the link to its section."""
    title, description = rule.title_in(lang), rule.description_in(lang)
    uri = rule_url(rule.code, lang)
    text = [f"{rule.code} {title}", "", description]
    markdown = [f"**{rule.code} {_md(title)}**", "", _md(description)]
    ex = rule.example
    if ex is not None:
        shown = ex.text or ex.replaces
        where = say("in {file}", "i {file}") if shown else say("{file} removed", "{file} borttagen")
        as_of = say(", as of {day}", ", per {day}").format(day=ex.as_of) if ex.as_of else ""
        label = say("Example", "Exempel")
        text += ["", f"{label} ({where.format(file=ex.file)}{as_of}):"]
        markdown += ["", f"{label} ({where.format(file=f'`{ex.file}`')}{as_of}):"]
        if ex.situation:
            situation = rule.situation_in(lang)
            text += ["", situation]
            markdown += ["", _md(situation)]
        if ex.text:
            body = ex.text.rstrip("\n").splitlines()
            text += ["", *("    " + line for line in body)]
            fence = "````" if "```" in ex.text else "```"
            markdown += ["", f"{fence}yaml", *body, fence]
    text += ["", say("Documentation: {uri}", "Dokumentation: {uri}").format(uri=uri)]
    link = say("{code} in the rule catalogue", "{code} i regelkatalogen").format(code=rule.code)
    markdown += ["", f"[{link}]({uri})"]
    return {"text": "\n".join(text), "markdown": "\n".join(markdown)}


def _md(text: str) -> str:
    """A rule's words in Markdown, as docs/rules.md shows them (their `code` spans kept),
    with no HTML of their own."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def git_prefix(root: Path) -> str:
    """Where the plan repository ``root`` is inside the git repository that holds it
    ('examples/stockholm'; '' at its root or outside any git repository). Found by the
    ``.git`` folder or file (a worktree's) above it, without running git."""
    here = Path(os.path.realpath(root))
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            relative = here.relative_to(folder).as_posix()
            return "" if relative == "." else relative
    return ""


def fingerprint(d: Diagnostic, file: str) -> str:
    """A finding's identity without its line: its code, file, path in the document and
    message (a hash; the same finding moved by lines added above it keeps it)."""
    key = "\0".join((d.code, file, d.path, d.message))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def artifact_uri(file: str) -> str:
    """A diagnostic's file as a relative URI reference: percent-encoded, and the bytes of
    a name that is not UTF-8 kept as they are on disk."""
    return quote(file.encode("utf-8", "surrogateescape"), safe="/")


def _descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule_name(rule),
        "shortDescription": {"text": rule.title_in(lang)},
        "fullDescription": {"text": rule.description_in(lang)},
        "defaultConfiguration": {"level": rule.severity},
        "help": rule_help(rule, lang),
        "helpUri": rule_url(rule.code, lang),
        "properties": {"tags": [f"{rule.code[3]}xx {rule.family_in(lang)}"]},
    }


def _result(d: Diagnostic, index: dict[str, int], prefix: str) -> dict[str, Any]:
    text = d.message + (say("\nhint: ", "\ntips: ") + d.hint if d.hint else "")
    file = f"{prefix}/{d.file}" if prefix else d.file
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": "error" if d.severity == "error" else "warning",
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(file), "uriBaseId": SRCROOT},
                    "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint(d, file)},
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.path:
        result["properties"] = {"path": d.path}
    return result


def sarif_log(
    outcome: Outcome,
    as_of: dt.date,
    rules: Iterable[Rule] | None = None,
    root: Path | None = None,
) -> dict[str, Any]:
    """The SARIF log of ``outcome`` (of the plan repository at ``root``, whose files are
    named relative to its git repository's root) as a JSON-ready dictionary."""
    prefix = git_prefix(root) if root is not None else ""
    if rules is None and outcome.catalogue is not None:
        rules = outcome.catalogue  # from the run cache: the rules not imported
    if rules is None:
        # every rule defined: whole, since whoever ran the rules imported the catalogue
        rules = [RULES[c] for c in sorted(RULES)]
    catalogue = list(rules)
    index = {rule.code: i for i, rule in enumerate(catalogue)}
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if outcome.omitted_total:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "note",
                "message": {
                    "text": say(
                        "… and {n} more diagnostics (at most {per_file} per file and "
                        "{per_run} in all are listed; run omrade validate for the text output)",
                        "… och {n} anmärkningar till (högst {per_file} per fil och {per_run} "
                        "sammanlagt listas; kör omrade validate för att se textutdata)",
                    ).format(
                        n=outcome.omitted_total, per_file=outcome.per_file, per_run=outcome.per_run
                    )
                },
            }
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "omrade",
                        "version": installed_version(),
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule, current_lang()) for rule in catalogue],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index, prefix) for d in outcome.diagnostics],
                "properties": {
                    "as_of": as_of.isoformat(),
                    "errors": outcome.errors,
                    "warnings": outcome.warnings,
                    "files": outcome.files,
                },
            }
        ],
    }


def as_sarif(outcome: Outcome, as_of: dt.date, root: Path | None = None) -> str:
    """The SARIF log as JSON text (valid UTF-8, safe to print in a CI log)."""
    from omrade.present.diagnostics import valid_utf8

    return valid_utf8(plain.dumps(sarif_log(outcome, as_of, root=root)))

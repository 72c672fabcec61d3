"""Diagnostics as SARIF 2.1.0, the format GitHub code scanning and most editors read.

One run: the tool's driver lists every rule of the catalogue (id, name, short and full
description, default level); each diagnostic is a result pointing at its rule, with the
file relative to the plan repository's root and the line and column. Paths are relative,
so the log names no folder of the machine it was made on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from omrade import installed_version
from omrade.diagnostics import Diagnostic, Outcome, Rule, all_rules, current_lang, rule_url, say
from omrade.present import plain

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/omrade/omrade#rules"


def rule_name(rule: Rule) -> str:
    """A rule's title as one word in PascalCase ('Unknown main task' → UnknownMainTask)."""
    words = re.findall(r"[^\W_]+", rule.title)
    return "".join(w[:1].upper() + w[1:] for w in words) or rule.code


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
        "helpUri": rule_url(rule.code),
    }


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    text = d.message + (say("\nhint: ", "\ntips: ") + d.hint if d.hint else "")
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": "error" if d.severity == "error" else "warning",
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(d.file)},
                    "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                }
            }
        ],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.path:
        result["properties"] = {"path": d.path}
    return result


def sarif_log(
    outcome: Outcome, as_of: dt.date, rules: Iterable[Rule] | None = None
) -> dict[str, Any]:
    """The SARIF log of ``outcome`` as a JSON-ready dictionary."""
    if rules is None and outcome.catalogue is not None:
        rules = outcome.catalogue  # from the run cache: the rules not imported
    if rules is None:
        every = all_rules()  # importing the modules that define them
        rules = [every[c] for c in sorted(every)]
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
                "results": [_result(d, index) for d in outcome.diagnostics],
                "properties": {
                    "as_of": as_of.isoformat(),
                    "errors": outcome.errors,
                    "warnings": outcome.warnings,
                    "files": outcome.files,
                },
            }
        ],
    }


def as_sarif(outcome: Outcome, as_of: dt.date) -> str:
    """The SARIF log as JSON text (valid UTF-8, safe to print in a CI log)."""
    from omrade.present.diagnostics import valid_utf8

    return valid_utf8(plain.dumps(sarif_log(outcome, as_of)))

"""Diagnostics as data, and the one catalogue that knows every rule's code and text.

Every problem omrade finds is a :class:`Diagnostic`. Renderers (text, JSON, GitHub
annotations) turn the same list into different outputs; the library never prints.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
SeverityOrOff = Literal["error", "warning", "off"]

FAMILIES: dict[str, str] = {
    "0": "Reading YAML",
    "1": "Schema",
    "2": "References and content",
    "3": "Dates and lifecycle",
    "4": "Budget",
    "5": "Groups",
    "6": "Dialogues",
    "7": "Personal data",
    "8": "Templates and output",
}


@dataclass(frozen=True)
class Rule:
    """A rule's stable identity: code, default severity, title and explanation."""

    code: str
    severity: Severity
    title: str
    description: str

    @property
    def family(self) -> str:
        return FAMILIES[self.code[3]]

    @property
    def configurable(self) -> bool:
        """Reading and schema errors make a file unusable, and template and output
        refusals protect the machine: none of them can be switched off."""
        return self.code[3] not in "018" or self.severity == "warning"


RULES: dict[str, Rule] = {}


def define(code: str, severity: Severity, title: str, description: str) -> Rule:
    """Register a rule in the catalogue (each code exactly once)."""
    if code in RULES:
        raise ValueError(f"rule {code} defined twice")
    rule = RULES[code] = Rule(code, severity, title, description)
    return rule


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located at ``file:line:column`` (1-based) and ``path`` in the document."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str = ""
    path: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


def make(
    code: str,
    file: str,
    line: int,
    column: int,
    message: str,
    hint: str = "",
    path: str = "",
) -> Diagnostic:
    """A diagnostic with the rule's default severity (configuration may change it later)."""
    return Diagnostic(file, line, column, code, RULES[code].severity, message, hint, path)


def format_path(path: Sequence[str | int]) -> str:
    """('actions', 2, 'main_task') → 'actions[2].main_task'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (case-insensitively equal counts), or None."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {o.lower(): o for o in options}
    return lowered.get(word.lower())


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint, or '' when nothing is close."""
    best = closest(word, choices)
    return f"did you mean '{best}'?" if best else ""


def choices_hint(word: str, choices: Iterable[str], limit: int = 12) -> str:
    """'did you mean …?' plus the allowed values when there are few enough to list."""
    options = sorted(set(choices))
    parts = [did_you_mean(word, options)]
    if options and len(options) <= limit:
        parts.append("allowed: " + ", ".join(options))
    return "; ".join(p for p in parts if p)


def fold(text: str) -> str:
    """For comparing names: case, accents and punctuation ignored ('Förv.' ~ 'forv')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def suggest(word: str, entries: Mapping[str, str | None]) -> str | None:
    """The id of the entry whose id or name ``word`` is, or is close to (folded), or None.

    ``entries`` maps ids to display names: ``responsible: Utbildningsförvaltningen`` finds
    ``utbf``, as do ``utbildningsforvaltningen``, ``Utbildning`` and ``utbildningsförvaltning``.
    """
    key = fold(word)
    if not key:
        return None
    forms: dict[str, str] = {}
    for ident, name in sorted(entries.items()):
        for form in (fold(ident), fold(name or "")):
            if form:
                forms.setdefault(form, ident)
    if key in forms:
        return forms[key]
    close = difflib.get_close_matches(key, list(forms), n=1, cutoff=0.75)
    if close:
        return forms[close[0]]
    if len(key) >= 4:  # the start of a name: 'utbildning' for Utbildningsförvaltningen
        starts = sorted({ident for form, ident in forms.items() if form.startswith(key)})
        if len(starts) == 1:
            return starts[0]
    return None


def reference_hint(word: str, entries: Mapping[str, str | None], limit: int = 8) -> str:
    """'did you mean 'utbf' (Utbildningsförvaltningen)?' plus the ids when there are few."""
    parts = []
    best = suggest(word, entries)
    if best is None:
        parts.append(did_you_mean(word, entries))
    else:
        name = entries.get(best)
        parts.append(
            f"did you mean '{best}'" + (f" ({name})" if name and name != best else "") + "?"
        )
    if entries and len(entries) <= limit:
        parts.append("allowed: " + ", ".join(sorted(entries)))
    return "; ".join(p for p in parts if p)


@dataclass
class Outcome:
    """Diagnostics after the municipality's severity configuration has been applied."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")


def apply_severities(
    diagnostics: Iterable[Diagnostic], overrides: dict[str, SeverityOrOff]
) -> list[Diagnostic]:
    """Apply per-code severities (``rules:`` in municipality.yaml), drop 'off', sort."""
    out: list[Diagnostic] = []
    seen: set[Diagnostic] = set()
    for d in diagnostics:
        level = overrides.get(d.code)
        if level == "off":
            continue
        if level is not None and level != d.severity:
            d = Diagnostic(d.file, d.line, d.column, d.code, level, d.message, d.hint, d.path)
        if d not in seen:
            seen.add(d)
            out.append(d)
    return sorted(out)

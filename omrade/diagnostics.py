"""Diagnostics as data, and the one catalogue that knows every rule's code and text.

Every problem omrade finds is a :class:`Diagnostic`. Renderers (text, JSON, GitHub
annotations) turn the same list into different outputs; the library never prints.
"""

from __future__ import annotations

import contextlib
import difflib
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Protocol

Severity = Literal["error", "warning"]
Lifecycle = Literal["stable", "preview", "removed"]
SeverityOrOff = Literal["error", "warning", "off"]

# --- the run's language --------------------------------------------------------------------
#
# One language per run: the command decides it (``--lang``, else the repository's
# ``locale``) and everything said while it runs is said in it: the rules' messages and
# hints (``Rule.at``, ``Rule.on``, ``Rule.says``), the hints built in code (``did_you_mean``,
# ``choices_hint``, ``reference_hint``, ``say``). A diagnostic keeps its ``code`` whatever
# the language; the caches that keep diagnostics key them by the language as well.

_LANG: ContextVar[str | None] = ContextVar("omrade_lang", default=None)


def current_lang() -> str:
    """The language of the run in progress (English when no command chose one: the
    library's callers choose with ``speaking``)."""
    return _LANG.get() or "en"


def chosen_lang() -> str | None:
    """The language a command chose (``--lang`` or the municipality's), or None in a
    library call that chose none (which then asks the repository's ``locale``)."""
    return _LANG.get()


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Everything said inside the block is said in ``lang`` ('sv' or 'en')."""
    if lang not in ("sv", "en"):
        raise ValueError(f"unknown language {lang!r}")
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def set_lang(lang: str) -> Token[str | None]:
    """Choose the language for the rest of a command (the command line, once it knows
    ``--lang`` or the repository's ``locale``); ``reset_lang`` with the token ends it."""
    if lang not in ("sv", "en"):
        raise ValueError(f"unknown language {lang!r}")
    return _LANG.set(lang)


def reset_lang(token: Token[str | None]) -> None:
    _LANG.reset(token)


def unset_lang() -> Token[str | None]:
    """No language chosen (the start of a command, before it chooses one); ``reset_lang``
    with the token puts back what was there before."""
    return _LANG.set(None)


class _SwedishNumbers(string.Formatter):
    """``str.format`` with numbers written the Swedish way: a decimal comma and a
    no-break space between thousands ('5 242 880', '0,75', '4,50:1')."""

    def format_field(self, value: object, format_spec: str) -> str:
        text = format(value, format_spec)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text


_SWEDISH = _SwedishNumbers()


def fill(template: str, lang: str, /, **fields: object) -> str:
    """A template's fields filled in, numbers written as ``lang`` writes them."""
    if not template:
        return ""
    return _SWEDISH.vformat(template, (), fields) if lang == "sv" else template.format(**fields)


def say(en: str, sv: str) -> str:
    """A phrase built in code, in the run's language (both given where it is written, so
    neither can be forgotten); ``str.format`` fields are filled in by the caller."""
    return sv if _LANG.get() == "sv" else en


# a document of each kind, as a sentence names it (Swedish; English says the kind itself)
KINDS_SV: dict[str, str] = {
    "municipality": "kommunfilen",
    "indicators": "indikatorkatalogen",
    "district": "stadsdelen",
    "analysis": "stadsdelsanalysen",
    "programme": "utvecklingsprogrammet",
    "plan": "handlingsplanen",
    "group": "gruppen",
    "budget": "budgeten",
    "dialogue": "dialogen",
    "guideline": "riktlinjen",
    "scenario": "scenariot",
}

# the follow-up cycles (calendar.follow_up in municipality.yaml), in Swedish
CYCLES_SV: dict[str, str] = {
    "tertial": "tertial",
    "quarter": "kvartal",
    "half_year": "halvår",
    "year": "år",
}


def kind_noun(kind: str) -> str:
    """A document of ``kind`` as a sentence in the run's language names it."""
    return say(kind, KINDS_SV.get(kind, kind))


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

FAMILIES_SV: dict[str, str] = {
    "0": "Läsa YAML",
    "1": "Schema",
    "2": "Hänvisningar och innehåll",
    "3": "Datum och livscykel",
    "4": "Budget och fördelning",
    "5": "Grupper",
    "6": "Dialoger",
    "7": "Personuppgifter",
    "8": "Mallar och utdata",
}


@dataclass(frozen=True)
class Message:
    """What a rule says: a message and a hint, ``str.format`` templates with named fields."""

    text: str
    hint: str = ""


@dataclass(frozen=True)
class Example:
    """A situation that triggers a rule, shown by ``omrade rules CODE``.

    ``text`` is written into ``file`` of a small valid repository (``tests/fixtures/base``):
    in place of ``replaces`` when given, else as the whole file (``text`` empty and no
    ``replaces``: the file is removed). ``situation`` says in words what else is true, and
    ``as_of`` the day it is checked as of. A test runs every example and expects its code.
    The situation is said in English here and in Swedish in the rule's ``sv=dict(situation=
    ...)`` (``Rule.situation_in``).
    """

    file: str
    text: str
    replaces: str = ""
    situation: str = ""
    as_of: str = ""


@dataclass(frozen=True)
class RuleText:
    """A rule's words in one language: title, description, the default message and hint,
    and each named variant's (message, hint) — the same ``{fields}`` in every language —
    and the situation of its example."""

    title: str
    description: str
    message: str = ""
    hint: str = ""
    variants: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    situation: str = ""


@dataclass(frozen=True)
class Location:
    """Where a diagnostic is: ``file:line:column`` (1-based) and the path in the document."""

    file: str
    line: int
    column: int
    path: str = ""


class Locating(Protocol):
    """A document that places a diagnostic at a path inside it (``omrade.model.doc.Doc``;
    the allocation's overlaid budget places some in the scenario instead)."""

    def locate(self, code: str, path: PathKey, *, key: bool = False) -> Location: ...


PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Rule:
    """A rule's stable identity and its text: code, default severity, title, explanation,
    what it says (one message, or a few named variants when it says different things)
    and an example that triggers it."""

    code: str
    severity: Severity
    title: str
    description: str
    messages: Mapping[str, Message] = field(default_factory=dict)
    example: Example | None = None
    # the Swedish words (title, description, messages): see ``define(sv=...)``
    sv: RuleText | None = None
    # stable: checked and reported; preview: checked, its wording or scope may still
    # change; removed: kept so that a configuration naming it says so, never reported
    lifecycle: Lifecycle = "stable"
    # whether ``rules:`` in municipality.yaml may lower it or switch it off
    configurable: bool = True

    @property
    def family(self) -> str:
        return FAMILIES[self.code[3]]

    def family_in(self, lang: str) -> str:
        return (FAMILIES_SV if lang == "sv" else FAMILIES)[self.code[3]]

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (English when the rule has no Swedish words yet)."""
        return self.sv.title if lang == "sv" and self.sv is not None else self.title

    def description_in(self, lang: str) -> str:
        return self.sv.description if lang == "sv" and self.sv is not None else self.description

    def situation_in(self, lang: str) -> str:
        """The example's situation in ``lang`` (English when the rule says none in Swedish)."""
        english = self.example.situation if self.example is not None else ""
        if lang == "sv" and self.sv is not None and self.sv.situation:
            return self.sv.situation
        return english

    def templates(self, variant: str = "", lang: str | None = None) -> Message:
        """The ``variant`` message and hint templates in ``lang`` (default: the run's)."""
        english = self.messages[variant]
        if (lang or _LANG.get()) != "sv" or self.sv is None:
            return english
        if not variant:
            return Message(self.sv.message or english.text, self.sv.hint)
        pair = self.sv.variants.get(variant)
        return Message(*pair) if pair is not None else english

    def at(
        self,
        file: str,
        line: int,
        column: int,
        /,
        *,
        path: str = "",
        variant: str = "",
        **fields: object,
    ) -> Diagnostic:
        """A diagnostic at ``file:line:column`` saying the ``variant`` message in the run's
        language, its fields filled in (the rule's default severity; configuration may
        change it later)."""
        message, hint = self.says(variant, **fields)
        return Diagnostic(file, line, column, self.code, self.severity, message, hint, path)

    def says(self, variant: str = "", /, **fields: object) -> tuple[str, str]:
        """The ``variant`` message and hint, fields filled in, for a refusal that is not
        placed in a document (8xx: ``Refused(rule.code, where, *rule.says(...))``)."""
        lang = current_lang()
        said = self.templates(variant, lang)
        return fill(said.text, lang, **fields), fill(said.hint, lang, **fields)

    def on(
        self,
        doc: Locating,
        path: PathKey,
        /,
        *,
        key: bool = False,
        variant: str = "",
        **fields: object,
    ) -> Diagnostic:
        """A diagnostic at ``path`` inside ``doc`` (at its key when ``key``)."""
        where = doc.locate(self.code, path, key=key)
        return self.at(
            where.file, where.line, where.column, path=where.path, variant=variant, **fields
        )


RULES: dict[str, Rule] = {}

# where each rule is explained: the rule catalogue, one heading per rule (its anchor: the
# code in lowercase)
RULES_URL = "https://github.com/omrade/omrade/blob/main/docs/rules.md#{anchor}"
# the same catalogue in Swedish, with the same anchors
RULES_URL_SV = "https://github.com/omrade/omrade/blob/main/docs/regler.md#{anchor}"


def rule_url(code: str, lang: str | None = None) -> str:
    """The address of the rule's explanation in ``lang`` (default: the run's):
    docs/rules.md#omrnnn, or docs/regler.md#omrnnn in Swedish, on the project's GitHub."""
    url = RULES_URL_SV if (lang or _LANG.get()) == "sv" else RULES_URL
    return url.format(anchor=code.lower())


def define(
    code: str,
    severity: Severity,
    title: str,
    description: str,
    *,
    message: str = "",
    hint: str = "",
    variants: Mapping[str, tuple[str, str]] | None = None,
    example: Example | None = None,
    sv: RuleText | Mapping[str, object] | None = None,
    lifecycle: Lifecycle = "stable",
    configurable: bool | None = None,
) -> Rule:
    """Define a rule and register it (each code exactly once).

    ``message`` and ``hint`` are the default templates; ``variants`` name other
    (message, hint) pairs. A rule without a message template is one whose text is
    written where it is found (the refusals of ``report``, ``new``, ``init``).
    ``sv`` holds the Swedish words: a ``RuleText`` or a dict with its keys (``title``,
    ``description``, ``message``, ``hint``, ``variants`` with the same names and fields).
    ``lifecycle`` and ``configurable`` are the rule's own: a rule of reading (0xx), the
    schema (1xx), personal data (7xx) or the refusals (8xx) that is an error cannot be
    configured unless it says so.
    """
    if code in RULES:
        raise ValueError(f"rule {code} defined twice")
    messages = {"": Message(message, hint)}
    for name, (text, hint_text) in (variants or {}).items():
        messages[name] = Message(text, hint_text)
    swedish = sv if isinstance(sv, RuleText) or sv is None else RuleText(**sv)  # type: ignore[arg-type]
    if configurable is None:
        # reading and schema errors make a file unusable, personal data must never be
        # published, and template and output refusals protect the machine: none of them
        # can be switched off or lowered (a warning of theirs can)
        configurable = code[3] not in "0178" or severity == "warning"
    rule = RULES[code] = Rule(
        code,
        severity,
        title,
        description,
        messages,
        example,
        swedish,
        lifecycle,
        configurable,
    )
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
    """A 'did you mean' hint, or '' when nothing is close (in the run's language)."""
    best = closest(word, choices)
    return say("did you mean '{best}'?", "menade du '{best}'?").format(best=best) if best else ""


def allowed(options: Iterable[str]) -> str:
    """'allowed: a, b, c' in the run's language."""
    return say("allowed: ", "tillåtna: ") + ", ".join(options)


def choices_hint(word: str, choices: Iterable[str], limit: int = 12) -> str:
    """'did you mean …?' plus the allowed values when there are few enough to list."""
    options = sorted(set(choices))
    parts = [did_you_mean(word, options)]
    if options and len(options) <= limit:
        parts.append(allowed(options))
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
    """'did you mean 'utbf' (Utbildningsförvaltningen)?' plus the ids when there are few
    (in the run's language)."""
    parts = []
    best = suggest(word, entries)
    if best is None:
        parts.append(did_you_mean(word, entries))
    else:
        name = entries.get(best)
        named = f"'{best}'" + (f" ({name})" if name and name != best else "")
        parts.append(say("did you mean {named}?", "menade du {named}?").format(named=named))
    if entries and len(entries) <= limit:
        parts.append(allowed(sorted(entries)))
    return "; ".join(p for p in parts if p)


# How many diagnostics a run lists: the first MAX_PER_FILE of each file (by line) and
# the first MAX_PER_RUN in all; the rest are counted ("… and 12 more"). Without a limit a
# file of a million mistakes would mean a million lines and gigabytes held in memory.
MAX_PER_FILE = 100
MAX_PER_RUN = 1000


@dataclass
class Outcome:
    """Diagnostics after the municipality's severity configuration has been applied."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    # diagnostics found but not listed: file → how many, and how many of them are errors
    omitted: dict[str, int] = field(default_factory=dict)
    omitted_errors: dict[str, int] = field(default_factory=dict)
    # the listing limits the outcome was made with
    per_file: int = MAX_PER_FILE
    per_run: int = MAX_PER_RUN
    # the rule catalogue as the run that made the outcome knew it, when the outcome comes
    # from the run cache (SARIF lists it; omrade.load.runcache); None: every rule defined
    # (``RULES``, whole once ``omrade.catalogue`` is imported)
    catalogue: tuple[Rule, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def errors(self) -> int:
        listed = sum(1 for d in self.diagnostics if d.severity == "error")
        return listed + sum(self.omitted_errors.values())

    @property
    def warnings(self) -> int:
        listed = sum(1 for d in self.diagnostics if d.severity == "warning")
        return listed + self.omitted_total - sum(self.omitted_errors.values())

    @property
    def omitted_total(self) -> int:
        return sum(self.omitted.values())


class Collector:
    """Gathers diagnostics as they are found, applying the configured severities and
    keeping only what will be listed, so memory stays bounded whatever the input."""

    def __init__(
        self,
        overrides: dict[str, SeverityOrOff],
        per_file: int = MAX_PER_FILE,
        per_run: int = MAX_PER_RUN,
        report_on: Callable[[str], bool] | None = None,
    ):
        self.overrides = overrides
        self.report_on = report_on  # files to report on (None: all)
        self.per_file = per_file
        self.per_run = per_run
        self._kept: dict[str, list[Diagnostic]] = {}
        self._seen: set[Diagnostic] = set()
        self._omitted: dict[str, int] = {}
        self._omitted_errors: dict[str, int] = {}

    def _severity(self, code: str, default: Severity) -> SeverityOrOff:
        return self.overrides.get(code, default)

    def _drop(self, d: Diagnostic) -> None:
        self._seen.discard(d)
        self._count(d.file, 1, d.severity)

    def _count(self, file: str, count: int, level: SeverityOrOff) -> None:
        self._omitted[file] = self._omitted.get(file, 0) + count
        if level == "error":
            self._omitted_errors[file] = self._omitted_errors.get(file, 0) + count

    def add(self, d: Diagnostic) -> None:
        level = self._severity(d.code, d.severity)
        if level == "off" or (self.report_on is not None and not self.report_on(d.file)):
            return
        if level != d.severity:
            d = Diagnostic(d.file, d.line, d.column, d.code, level, d.message, d.hint, d.path)
        if d in self._seen:
            return
        kept = self._kept.setdefault(d.file, [])
        kept.append(d)
        self._seen.add(d)
        if len(kept) >= 2 * self.per_file:  # amortised: sort, keep the first per_file
            kept.sort()
            for extra in kept[self.per_file :]:
                self._drop(extra)
            del kept[self.per_file :]

    def add_all(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    def count(self, file: str, code: str, count: int) -> None:
        """Diagnostics found but never made (the finder only counted them)."""
        level = self._severity(code, RULES[code].severity)
        if level == "off" or count <= 0:
            return
        if self.report_on is None or self.report_on(file):
            self._count(file, count, level)

    def outcome(self, files: int) -> Outcome:
        listed: list[Diagnostic] = []
        for file in sorted(self._kept):
            kept = sorted(self._kept[file])
            for extra in kept[self.per_file :]:
                self._drop(extra)
            listed.extend(kept[: self.per_file])
        listed.sort()
        for extra in listed[self.per_run :]:
            self._drop(extra)
        del listed[self.per_run :]
        return Outcome(
            listed,
            files,
            dict(sorted(self._omitted.items())),
            self._omitted_errors,
            self.per_file,
            self.per_run,
        )


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

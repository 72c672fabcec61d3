"""7xx: personal data. Identity numbers never; emails and phones only in roster fields;
names of members with ``public: false`` nowhere that is published.

The scan reads each file's whole text, so comments are covered too, with the detector of
``omrade.personal`` (which also checks the rendered public site, so what the source
check misses the output check stops).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from omrade.diagnostics import Diagnostic, Example, define, say
from omrade.load.reader import MAX_LISTED, PathKey
from omrade.model.documents import Group
from omrade.personal import (
    CODES,
    Finding,
    Kind,
    Normalised,
    contains_name,
    find,
    name_key,
    names_pattern,
)
from omrade.repo import memo
from omrade.repo.repository import Doc
from omrade.rules import Context, check

# --- the source check ---------------------------------------------------------------------


Pos = tuple[int, int]  # 1-based line and column
CONTACT_KINDS = ("group", "municipality")  # where contact details have a place
Spans = dict[str, list[tuple[Pos, Pos]]]


def _contact_spans(doc: Doc) -> Spans:
    """Where contact details may be (1-based): the values of roster members' ``email`` and
    ``phone`` fields, and the site's published contact (``site.contact`` in
    municipality.yaml, a functional address or number) for either kind."""
    spans: Spans = {"email": [], "phone": []}
    try:
        root = yaml.compose(doc.loaded.text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return spans
    if not isinstance(root, yaml.MappingNode):
        return spans
    if doc.kind == "municipality":
        for key, value in root.value:
            if key.value == "site" and isinstance(value, yaml.MappingNode):
                for field_key, field_value in value.value:
                    if field_key.value == "contact" and isinstance(field_value, yaml.ScalarNode):
                        s, e = field_value.start_mark, field_value.end_mark
                        span = ((s.line + 1, s.column + 1), (e.line + 1, e.column + 1))
                        spans["email"].append(span)
                        spans["phone"].append(span)
        return spans
    for key, value in root.value:
        if key.value != "members" or not isinstance(value, yaml.SequenceNode):
            continue
        for member in value.value:
            if not isinstance(member, yaml.MappingNode):
                continue
            for field_key, field_value in member.value:
                if field_key.value in spans and isinstance(field_value, yaml.ScalarNode):
                    s, e = field_value.start_mark, field_value.end_mark
                    spans[field_key.value].append(
                        ((s.line + 1, s.column + 1), (e.line + 1, e.column + 1))
                    )
    return spans


@dataclass(frozen=True)
class Located:
    finding: Finding
    line: int
    column: int


def _scan(ctx: Context) -> dict[Kind, list[tuple[Doc, Located]]]:
    """Every finding of the repository not allowed where it is, computed once per run.

    At most MAX_LISTED findings of a kind are kept per file; the rest are counted in
    ``ctx.omitted`` (the outputs say 'N more').
    """
    cached: dict[Kind, list[tuple[Doc, Located]]] | None = ctx.cache.get("personal")
    if cached is not None:
        return cached
    out: dict[Kind, list[tuple[Doc, Located]]] = {"identity": [], "email": [], "phone": []}
    for doc in ctx.repo.docs:
        if not doc.loaded.text:
            continue
        norm = _normalised(ctx, doc)
        found, more = find(norm.text, MAX_LISTED)
        for kind, count in more.items():
            ctx.omit(doc.file, CODES[kind], count)
        spans: Spans | None = None
        where: list[tuple[Kind, Pos, Pos]] = []
        for f in found:
            start, end = norm.position(f.start), norm.position(f.end)
            where.append((f.kind, start, end))
            if doc.kind in CONTACT_KINDS and (f.kind != "identity" or f.bare):
                if spans is None:
                    spans = _contact_spans(doc)
                field = "email" if f.kind == "email" else "phone"
                if any(s <= start and end <= e for s, e in spans[field]):
                    continue  # a roster member's own contact detail, inside its value
            out[f.kind].append((doc, Located(f, *start)))
        if "\\" in doc.loaded.text:
            for kind, f, start in _hidden_by_escapes(doc, where):
                out[kind].append((doc, Located(f, *start)))
    ctx.cache["personal"] = out
    return out


def _escaped_values(text: str) -> Iterator[tuple[str, Pos, Pos]]:
    """Double-quoted values written with backslash escapes ("070\\x20123…"): what they
    say is not what the file's text shows, so they are scanned as values too."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            s, e = node.start_mark, node.end_mark
            if node.style == '"' and "\\" in text[s.index : e.index]:
                yield node.value, (s.line + 1, s.column + 1), (e.line + 1, e.column + 1)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _hidden_by_escapes(
    doc: Doc, seen: list[tuple[Kind, Pos, Pos]]
) -> Iterator[tuple[Kind, Finding, Pos]]:
    """Findings in escaped values that the text scan did not see (located at the value)."""
    spans: Spans | None = None
    for value, start, end in _escaped_values(doc.loaded.text):
        found, _more = find(Normalised(value).text, MAX_LISTED)
        for f in found:
            if any(k == f.kind and start <= s and e <= end for k, s, e in seen):
                continue
            if doc.kind in CONTACT_KINDS and (f.kind != "identity" or f.bare):
                if spans is None:
                    spans = _contact_spans(doc)
                field = "email" if f.kind == "email" else "phone"
                if (start, end) in spans[field]:
                    continue
            yield f.kind, f, start


def _normalised(ctx: Context, doc: Doc) -> Normalised:
    """The document's text as a reader sees it, computed once per run."""
    key = ("normalised", doc.file)
    norm = ctx.cache.get(key)
    if norm is None:
        norm = ctx.cache[key] = Normalised(doc.loaded.text)
    return norm


OMR701 = define(
    "OMR701",
    "error",
    "Personal identity number",
    (
        "A Swedish personal identity number (personnummer or samordningsnummer "
        "with a valid check digit) must never enter the repository — not in "
        "values, not in comments."
    ),
    message=("a personal identity number (personnummer or samordningsnummer) is written here"),
    hint=(
        "remove it at once (and from the git history): personal identity numbers "
        "never enter a plan repository"
    ),
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr  # kontakt 121212-1212\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="Personnummer",
        description=(
            "Ett svenskt personnummer (personnummer eller samordningsnummer med "
            "giltig kontrollsiffra) får aldrig komma in i repot — inte i värden, "
            "inte i kommentarer."
        ),
        message="här står ett personnummer (eller samordningsnummer)",
        hint=(
            "ta bort det genast (och ur git-historiken): personnummer hör aldrig hemma "
            "i ett planrepo"
        ),
    ),
)


@check(OMR701)
def identity_number(ctx: Context) -> Iterator[Diagnostic]:
    for doc, loc in _scan(ctx)["identity"]:
        yield OMR701.at(doc.file, loc.line, loc.column)


OMR702 = define(
    "OMR702",
    "error",
    "Email address outside a roster",
    "Email addresses belong only in a group member's 'email' field.",
    message="an email address is written outside a roster member's 'email' field",
    hint="use a functional address in a group member's 'email' field, or remove it",
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr  # frågor till anna.exempel@example.org\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="E-postadress utanför en medlemslista",
        description="E-postadresser hör bara hemma i fältet 'email' hos en gruppmedlem.",
        message="en e-postadress står utanför en gruppmedlems fält 'email'",
        hint="använd en funktionsadress i en gruppmedlems fält 'email', eller ta bort den",
    ),
)


@check(OMR702)
def email_outside_roster(ctx: Context) -> Iterator[Diagnostic]:
    for doc, loc in _scan(ctx)["email"]:
        yield OMR702.at(doc.file, loc.line, loc.column)


OMR703 = define(
    "OMR703",
    "error",
    "Phone number outside a roster",
    "Phone numbers belong only in a group member's 'phone' field.",
    message="a phone number is written outside a roster member's 'phone' field",
    hint="put it in a group member's 'phone' field, or remove it",
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr  # ring 070-123 45 67\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="Telefonnummer utanför en medlemslista",
        description="Telefonnummer hör bara hemma i fältet 'phone' hos en gruppmedlem.",
        message="ett telefonnummer står utanför en gruppmedlems fält 'phone'",
        hint="lägg det i en gruppmedlems fält 'phone', eller ta bort det",
    ),
)


@check(OMR703)
def phone_outside_roster(ctx: Context) -> Iterator[Diagnostic]:
    for doc, loc in _scan(ctx)["phone"]:
        yield OMR703.at(doc.file, loc.line, loc.column)


# --- names of members who are not public ----------------------------------------------------


def hidden_names(ctx_or_repo: Any) -> dict[str, str]:
    """name key → the file of a group that lists a member so named with ``public: false``."""
    repo = getattr(ctx_or_repo, "repo", ctx_or_repo)
    groups = repo.groups
    # kept while the groups' index is the same: a repository laid over another with only a
    # plan changed (omrade.repo.repository.replaced) shares it
    found = memo.kept("hidden names", groups)
    if found is not None:
        return dict(found)
    out: dict[str, str] = {}
    for doc, group in repo.valid(groups, Group):
        for member in group.members:
            if not member.public:
                key = name_key(member.name)
                if key:
                    out.setdefault(key, doc.file)
    if isinstance(groups, dict):
        memo.keep("hidden names", groups, dict(out))
    return out


def _strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))


OMR704 = define(
    "OMR704",
    "error",
    "Hidden member named",
    (
        "The name of a group member with 'public: false' is written in a field "
        "that is published (a comment, a note, a title, another roster), or "
        "another member of the same name is public."
    ),
    message="{message}",
    hint=(
        "leave the name out (write the role or the organisation instead), or make the member public"
    ),
    example=Example(
        "data/groups/norr-hu1.yaml",
        (
            "  - {name: Bo Exempel, organisation: utbf, role: representative, "
            "mandate: true}\n"
            "  - {name: Dold Person, organisation: kof, role: member, public: "
            "false}\n"
            "notes: Dold Person samordnar.\n"
        ),
        replaces=(
            "  - {name: Bo Exempel, organisation: utbf, role: representative, mandate: true}\n"
        ),
        situation=(
            "A member who is not public is named in the group's notes, which are published."
        ),
    ),
    sv=dict(
        situation="En medlem som inte är offentlig nämns i gruppens anteckningar, som publiceras.",
        title="Dold medlem namngiven",
        description=(
            "Namnet på en gruppmedlem med 'public: false' står i ett fält som "
            "publiceras (en kommentar, en anteckning, en titel, en annan "
            "medlemslista), eller så är en annan medlem med samma namn offentlig."
        ),
        message="{message}",
        hint=(
            "utelämna namnet (skriv rollen eller organisationen i stället), eller gör "
            "medlemmen offentlig"
        ),
    ),
)


@check(OMR704)
def hidden_member_named(ctx: Context) -> Iterator[Diagnostic]:
    hidden = hidden_names(ctx)
    pattern = names_pattern(hidden)
    if pattern is None:
        return
    for doc in ctx.repo.docs:
        if not isinstance(doc.loaded.data, dict):
            continue
        if not pattern.search(_normalised(ctx, doc).text):
            continue  # the common case: the file names nobody hidden
        listed = 0
        own: set[PathKey] = set()
        if doc.kind == "group" and doc.model is not None:
            own = {("members", i, "name") for i, m in enumerate(doc.model.members) if not m.public}
        for path, value in _strings(doc.loaded.data):
            if path in own:
                continue
            key = name_key(value)
            for name, where in hidden.items():
                if contains_name(key, name):
                    public_member = doc.kind == "group" and len(path) == 3 and path[0] == "members"
                    message = (
                        say(
                            "this member is public here, but a member of the same name is "
                            "not public in {where}: the name would be published",
                            "medlemmen är offentlig här, men en medlem med samma namn är inte "
                            "offentlig i {where}: namnet skulle publiceras",
                        )
                        if public_member and path[2] == "name"
                        else say(
                            "the name of a group member who is not public (public: false, "
                            "in {where}) is written here: it would be published",
                            "här står namnet på en gruppmedlem som inte är offentlig "
                            "(public: false, i {where}): namnet skulle publiceras",
                        )
                    ).format(where=where)
                    listed += 1
                    if listed > MAX_LISTED:
                        ctx.omit(doc.file, "OMR704")
                        break
                    yield OMR704.on(doc, path, message=message)
                    break

"""One Repository object: every document of a plan repository, indexed by kind and id."""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from omrade.diagnostics import (
    RULES,
    Diagnostic,
    Example,
    SeverityOrOff,
    choices_hint,
    current_lang,
    define,
    did_you_mean,
    reference_hint,
    say,
    suggest,
)
from omrade.load.reader import (
    DEFAULT_MAX_BYTES,
    LoadedFile,
    PathKey,
    read_file,
)

# defined in omrade.load.root (light, for the start of every command); named here too
from omrade.load.root import ConfigError as ConfigError
from omrade.load.root import find_root as find_root
from omrade.load.root import printable_name as printable_name
from omrade.load.root import utf8_name as utf8_name
from omrade.model import documents as m
from omrade.model.doc import Doc as Doc
from omrade.model.errors import describe, schema_diagnostics
from omrade.repo.discover import discover, relative
from omrade.repo.index import Index
from omrade.repo.index import Made as Made
from omrade.repo.queries import Queries

# a document's model class (m.Plan, m.Group, …)
M = TypeVar("M", bound=BaseModel)


@dataclass
class Repository(Index):
    """A plan repository: its documents indexed by kind and id (``Index``), the domain
    questions asked of it (``queries``) and its municipality's rule configuration."""

    @cached_property
    def queries(self) -> Queries:
        """The domain questions (current programme, latest analysis, money by district, …),
        indexed once for this repository (``omrade.repo.queries``)."""
        return Queries(self)

    def severity_overrides(self) -> dict[str, SeverityOrOff]:
        """The municipality's ``rules:`` map, checked; a bad entry is a ConfigError."""
        doc = self.municipality_doc
        if doc is None or doc.model is None:
            return {}
        overrides: dict[str, SeverityOrOff] = {}
        rules = RULES  # every rule defined (whole once omrade.catalogue is imported)
        for code, level in doc.model.rules.items():
            pos = doc.loaded.position(("rules", code), key=True)
            where = f"{doc.file}:{pos.line}:{pos.column}"
            if code not in rules:
                hint = did_you_mean(code, rules)
                raise ConfigError(
                    say(
                        "{where}: unknown rule code '{code}' in 'rules'",
                        "{where}: okänd regelkod '{code}' under 'rules'",
                    ).format(where=where, code=code)
                    + (f" ({hint})" if hint else "")
                )
            if not rules[code].configurable and level != rules[code].severity:
                why = {
                    "7": say(
                        "personal data is never published, so the personal-data rules (7xx) "
                        "are always errors",
                        "personuppgifter publiceras aldrig, så reglerna om personuppgifter "
                        "(7xx) är alltid fel",
                    ),
                    "8": say(
                        "template and output refusals protect the machine that runs omrade",
                        "mallarnas och utdatans spärrar skyddar datorn som kör omrade",
                    ),
                }.get(
                    code[3],
                    say(
                        "a file that cannot be read or fails its schema is always an error",
                        "en fil som inte kan läsas eller inte följer sitt schema är alltid ett fel",
                    ),
                )
                raise ConfigError(
                    say(
                        "{where}: {code} ({title}) cannot be set to '{level}': {why}; "
                        "remove the line",
                        "{where}: {code} ({title}) kan inte sättas till '{level}': {why}; "
                        "ta bort raden",
                    ).format(
                        where=where,
                        code=code,
                        title=rules[code].title_in(current_lang()),
                        level=level,
                        why=why,
                    )
                )
            overrides[code] = level
        return overrides


# --- loading ----------------------------------------------------------------------------


def load_repository(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Repository:
    """Read every file of the repository at ``root``. Reads only; never writes."""
    from omrade.load import cache

    paths, problems = discover(root)
    parse = cache.parser(root)
    loaded = (read_file(path, relative(path, root), max_bytes, parse) for path in paths)
    repo = build_repository(root, loaded, problems)
    cache.flush(root)
    return repo


def build_repository(
    root: Path, files: Iterable[LoadedFile | Made], problems: Iterable[Diagnostic] = ()
) -> Repository:
    """A Repository from files already read (from disk, or from git blobs); a file may
    be given as made already (``Made``, from another revision with the same bytes)."""
    repo = Repository(root=root)
    repo.diagnostics.extend(problems)
    for item in files:
        place_document(repo, item if isinstance(item, Made) else make_document(item))
    _check_singletons(repo)
    _hint_names(repo)
    return repo


# what a reference field names, by the field's key (the same in every kind)
REFERENCE_FIELDS = {
    "responsible": ("organisation",),
    "partners": ("organisation",),
    "organisation": ("organisation",),
    "to": ("organisation", "body"),
    "body": ("body",),
    "indicator": ("indicator",),
    "district": ("district",),
    "districts": ("district",),
    "programme": ("programme",),
    "replaces": ("programme",),
    "group": ("group",),
    "dialogue": ("dialogue",),
    "dialogues": ("dialogue",),
}


def parse_path(text: str) -> PathKey:
    """'actions[2].partners[0]' → ('actions', 2, 'partners', 0) (format_path's inverse)."""
    out: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", text):
        out.append(int(part[1:-1]) if part.startswith("[") else part)
    return tuple(out)


def _hint_names(repo: Repository) -> None:
    """A malformed id in a reference (``responsible: Utbildningsförvaltningen``) is often
    the name of what it means: suggest that entry's id, which the schema could not know."""
    by_file = {doc.file: doc for doc in repo.docs}
    for i, d in enumerate(repo.diagnostics):
        if d.code != "OMR105" or d.file not in by_file:
            continue
        path = parse_path(d.path)
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        targets = REFERENCE_FIELDS.get(field)
        value: Any = by_file[d.file].loaded.data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                value = None
        if not targets or not isinstance(value, str):
            continue
        entries: dict[str, str | None] = {}
        for target in targets:
            entries.update(repo.names(target))
        if suggest(value, entries) is not None:
            repo.diagnostics[i] = dataclasses.replace(d, hint=reference_hint(value, entries))


OMR011 = define(
    "OMR011",
    "error",
    "Unknown or missing kind",
    (
        "Every file names its kind: municipality, indicators, district, "
        "analysis, programme, plan, group, budget, dialogue or guideline."
    ),
    message="the file has no 'kind:'",
    hint="start the file with e.g. 'kind: plan'; kinds: {items}",
    variants={
        "unknown": (
            "{detail}",
            "{advice}",
        ),
    },
    example=Example(
        "data/districts/ost.yaml",
        "kind: distrikt\nid: ost\nname: Öst\n",
    ),
    sv=dict(
        title="Okänd eller saknad sort (kind)",
        description=(
            "Varje fil anger sin sort: municipality, indicators, district, "
            "analysis, programme, plan, group, budget, dialogue eller guideline."
        ),
        message="filen saknar 'kind:'",
        hint="börja filen med t.ex. 'kind: plan'; sorterna är {items}",
        variants={
            "unknown": (
                "{detail}",
                "{advice}",
            ),
        },
    ),
)


def make_document(loaded: LoadedFile) -> Made:
    """Validate one loaded file against its kind's model (nothing indexed yet)."""
    diagnostics = list(loaded.diagnostics)
    data = loaded.data
    if not isinstance(data, dict):
        return Made(Doc("unknown", loaded.file, loaded), diagnostics)
    kind = data.get("kind")
    doc = Doc(str(kind), loaded.file, loaded)
    made = Made(doc, diagnostics)
    if not isinstance(kind, str) or kind not in m.KINDS:
        if kind is None:
            pos = loaded.position(())
            diagnostics.append(
                OMR011.at(loaded.file, pos.line, pos.column, items=", ".join(m.KINDS))
            )
        else:
            diagnostics.append(
                OMR011.on(
                    doc,
                    ("kind",),
                    variant="unknown",
                    detail=say("unknown kind {kind}", "okänd sort (kind) {kind}").format(
                        kind=describe(kind)
                    )
                    if isinstance(kind, str)
                    else say(
                        "'kind' is {kind}, not the name of a kind",
                        "'kind' är {kind}, inte namnet på en sort",
                    ).format(kind=describe(kind)),
                    advice=choices_hint(kind, m.KINDS)
                    if isinstance(kind, str)
                    else say(
                        "write e.g. 'kind: plan'; kinds: ", "skriv t.ex. 'kind: plan'; sorter: "
                    )
                    + ", ".join(m.KINDS),
                )
            )
        return made
    model_cls = m.KINDS[kind]
    try:
        doc.model = model_cls.model_validate(data)
    except ValidationError as exc:
        diagnostics.extend(schema_diagnostics(exc, model_cls, doc))
        made.broken = (kind, _ident(kind, data))
    else:
        made.expected = expected_path(doc)
    made.data = data
    return made


def place_document(repo: Repository, made: Made) -> Doc:
    """Add a made document to the repository: its diagnostics, and its place in the
    indexes (which reports a duplicate id or a file in the wrong place)."""
    repo.docs.append(made.doc)
    repo.diagnostics.extend(made.diagnostics)
    repo.made[made.doc.file] = made
    if made.broken is not None:
        repo.broken.setdefault(made.broken[0], set()).add(made.broken[1])
    if made.data is not None:
        _index(repo, made.doc, made.data, made.expected)
    return made.doc


def add_document(repo: Repository, loaded: LoadedFile) -> Doc | None:
    """Validate one loaded file against its kind's model and index it."""
    made = make_document(loaded)
    doc = place_document(repo, made)
    return doc if isinstance(loaded.data, dict) else None


def _ident(kind: str, data: dict[str, Any]) -> str:
    """A document's id as written (even when it failed the schema); '*' when unknown."""
    if kind in ("analysis",):
        return f"{data.get('district')}/{data.get('year')}"
    if kind == "plan":
        return f"{data.get('programme')}/{data.get('year')}"
    if kind == "budget":
        return str(data.get("year"))
    ident = data.get("id")
    return ident if isinstance(ident, str) else "*"


EXPECTED_PATH: dict[str, str] = {
    "municipality": "data/municipality.yaml",
    "indicators": "data/indicators.yaml",
    "district": "data/districts/{id}.yaml",
    "analysis": "data/districts/{district}/analysis-{year}.yaml",
    "programme": "data/programmes/{id}.yaml",
    "plan": "data/programmes/{programme}/plan-{year}.yaml",
    "group": "data/groups/{id}.yaml",
    "budget": "data/budget/{year}.yaml",
    "dialogue": "data/dialogues/{id}.yaml",
    "guideline": "data/guidelines/{id}.yaml",
}


# the fields each kind's expected path names (a field a model lacks costs an exception)
_PATH_FIELDS = {
    kind: [name for _text, name, _spec, _conv in string.Formatter().parse(path) if name]
    for kind, path in EXPECTED_PATH.items()
}


def expected_path(doc: Doc) -> str:
    """Where a document of its kind and ids belongs in the repository."""
    fields = {k: getattr(doc.model, k, "") for k in _PATH_FIELDS[doc.kind]}
    return EXPECTED_PATH[doc.kind].format(**fields)


def at_home(doc: Doc) -> bool:
    return re.sub(r"\.yml$", ".yaml", doc.file) == expected_path(doc)


OMR012 = define(
    "OMR012",
    "warning",
    "File in the wrong place",
    (
        "A file's path disagrees with its kind or ids, e.g. a plan for 2025 not "
        "named plan-2025.yaml under its programme's folder."
    ),
    message="a {kind} file is expected at {expected}",
    hint="move or rename the file, or correct its ids (found at {file})",
    example=Example(
        "data/districts/ost.yaml",
        (
            "kind: district\n"
            "id: oster\n"
            "name: Öster\n"
            "population: {value: 100, year: 2024, source: test}\n"
        ),
        situation=("The district's id is oster, so its file belongs at data/districts/oster.yaml."),
    ),
    sv=dict(
        situation="Stadsdelens id är oster, så dess fil ska ligga på data/districts/oster.yaml.",
        title="Filen ligger på fel plats",
        description=(
            "Filens sökväg stämmer inte med dess sort eller id, t.ex. en "
            "handlingsplan för 2025 som inte heter plan-2025.yaml i sitt "
            "utvecklingsprograms mapp."
        ),
        message="en fil av sorten {kind} ska ligga på {expected}",
        hint=("flytta filen eller byt namn på den, eller rätta dess id (den ligger nu på {file})"),
    ),
)


OMR013 = define(
    "OMR013",
    "error",
    "Missing municipality or indicator file",
    ("A plan repository has data/municipality.yaml and data/indicators.yaml, each once."),
    message="the repository has no {kind} file",
    hint=("create data/{kind}.yaml with 'kind: {kind}' (see the README's data reference)"),
    variants={
        "second_municipality": (
            "a second municipality file",
            "a repository has one; the first is {file}",
        ),
        "second_indicators": (
            "a second indicator catalogue",
            "a repository has one; the first is {file}",
        ),
    },
    example=Example(
        "data/indicators.yaml",
        "",
        situation="The repository has no data/indicators.yaml.",
    ),
    sv=dict(
        situation="Repot har ingen data/indicators.yaml.",
        title="Kommunfil eller indikatorkatalog saknas",
        description=(
            "Ett planrepo har data/municipality.yaml och data/indicators.yaml, en av varje."
        ),
        message="repot saknar en fil av sorten {kind}",
        hint=(
            "skapa data/{kind}.yaml med 'kind: {kind}' (se datareferensen i docs/data-reference.md)"
        ),
        variants={
            "second_municipality": (
                "en andra kommunfil",
                "ett repo har bara en; den första är {file}",
            ),
            "second_indicators": (
                "en andra indikatorkatalog",
                "ett repo har bara en; den första är {file}",
            ),
        },
    ),
)


OMR209 = define(
    "OMR209",
    "error",
    "Duplicate id",
    "Two documents, or two entries in one document, share an id.",
    message="another {kind} has the same id",
    hint="the other is {file}; give each {kind} its own id",
    variants={
        "entry": (
            "{what} '{ident}' is given twice",
            "the first is {what} number {number}; ids must be unique",
        ),
        "goal": (
            "goal '{id}' is given twice",
            "it is already a goal of main task '{main_task}'",
        ),
        "listed": ("district '{ident}' is listed twice", ""),
    },
    example=Example(
        "data/districts/nord.yaml",
        (
            "kind: district\n"
            "id: norr\n"
            "name: Norr\n"
            "population: {value: 10000, year: 2024, source: test}\n"
        ),
        situation="data/districts/norr.yaml describes the district norr too.",
    ),
    sv=dict(
        situation="data/districts/norr.yaml beskriver också stadsdelen norr.",
        title="Dubblerat id",
        description="Två dokument, eller två poster i ett dokument, har samma id.",
        message="ett annat dokument av sorten {kind} har samma id",
        hint="det andra är {file}; ge vart och ett sitt eget id",
        variants={
            "entry": (
                "{what} '{ident}' står två gånger",
                "den första är {what} nummer {number}; id måste vara unika",
            ),
            "goal": (
                "målet '{id}' står två gånger",
                "det är redan ett mål under huvuduppgiften '{main_task}'",
            ),
            "listed": (
                "stadsdelen '{ident}' står två gånger",
                "",
            ),
        },
    ),
)


def _index(repo: Repository, doc: Doc, data: dict[str, Any], expected: str = "") -> None:
    model = doc.model
    kind = doc.kind
    if model is not None:
        expected = expected or expected_path(doc)
        if re.sub(r"\.yml$", ".yaml", doc.file) != expected:
            repo.diagnostics.append(
                OMR012.on(doc, ("kind",), kind=kind, expected=expected, file=doc.file)
            )
    if model is None:
        return
    key: Any
    index: dict[Any, Doc]
    id_path: PathKey = ("id",)
    if kind == "municipality":
        if repo.municipality_doc is not None:
            repo.diagnostics.append(
                OMR013.on(
                    doc, ("kind",), variant="second_municipality", file=repo.municipality_doc.file
                )
            )
        else:
            repo.municipality_doc = doc
        return
    if kind == "indicators":
        if repo.indicators_doc is not None:
            repo.diagnostics.append(
                OMR013.on(
                    doc, ("kind",), variant="second_indicators", file=repo.indicators_doc.file
                )
            )
        else:
            repo.indicators_doc = doc
        return
    if kind == "analysis":
        index, key, id_path = repo.analyses, (model.district, model.year), ("year",)
    elif kind == "plan":
        index, key, id_path = repo.plans, (model.programme, model.year), ("year",)
    elif kind == "budget":
        index, key, id_path = repo.budgets, model.year, ("year",)
    else:
        index = {
            "district": repo.districts,
            "programme": repo.programmes,
            "group": repo.groups,
            "dialogue": repo.dialogues,
            "guideline": repo.guidelines,
        }[kind]
        key = model.id
    if key in index:
        # the copy in the conventional place keeps the id; the other one is reported
        first, second = index[key], doc
        if at_home(doc) and not at_home(first):
            first, second = doc, first
            index[key] = doc
        repo.diagnostics.append(OMR209.on(second, id_path, kind=kind, file=first.file))
        return
    index[key] = doc


def _check_singletons(repo: Repository) -> None:
    for kind, doc in (("municipality", repo.municipality_doc), ("indicators", repo.indicators_doc)):
        if doc is None and not repo.is_broken(kind):
            repo.diagnostics.append(OMR013.at(f"data/{kind}.yaml", 1, 1, kind=kind))


# the indexes a document is placed in by its key (not the municipality or the catalogue,
# which every rule reads)
_KEYED = {
    "district": "districts",
    "analysis": "analyses",
    "programme": "programmes",
    "plan": "plans",
    "group": "groups",
    "budget": "budgets",
    "dialogue": "dialogues",
    "guideline": "guidelines",
}


def index_key(doc: Doc) -> Any:
    """The key a schema-valid document of a keyed kind is indexed under."""
    model = doc.model
    if doc.kind == "analysis":
        return (model.district, model.year)
    if doc.kind == "plan":
        return (model.programme, model.year)
    if doc.kind == "budget":
        return model.year
    return model.id


def _in_place(made: Made | None) -> bool:
    """Whether a made document is schema-valid, of a keyed kind and in its place."""
    if made is None or made.broken is not None or made.doc.model is None:
        return False
    if made.doc.kind not in _KEYED:
        return False
    return re.sub(r"\.yml$", ".yaml", made.doc.file) == made.expected


def positions(repo: Repository) -> dict[str, int]:
    """File → the place of its document in ``repo.docs`` (worked out once; a repository
    laid from another shares it: ``replaced`` keeps every document's place)."""
    if not repo.positions and repo.docs:
        repo.positions.update((doc.file, i) for i, doc in enumerate(repo.docs))
    return repo.positions


def replaced(repo: Repository, made: Made) -> Repository | None:
    """``repo`` with the document of ``made``'s file replaced by ``made``'s, built without
    reading the other documents again: the same as ``build_repository`` over the same
    files, when the old and the new document are both schema-valid, of the same kind and
    key, in their place, and the old one holds its key (no duplicate took it). None when
    the change is not one of those (build the repository again)."""
    file = made.doc.file
    old = repo.made.get(file)
    if old is None or not (_in_place(old) and _in_place(made)):
        return None
    if old.doc.kind != made.doc.kind or index_key(old.doc) != index_key(made.doc):
        return None
    name = _KEYED[made.doc.kind]
    index: dict[Any, Doc] = getattr(repo, name)
    key = index_key(old.doc)
    if index.get(key) is not old.doc:
        return None
    if any(d.code == "OMR105" for d in repo.diagnostics):
        return None  # its hints name what the ids might mean (_hint_names), by name
    at = positions(repo).get(file)
    if at is None or repo.docs[at] is not old.doc:
        return None
    docs = list(repo.docs)
    docs[at] = made.doc
    diagnostics = repo.diagnostics
    if old.diagnostics or made.diagnostics:
        # the old file's findings in the repository are its own (reading; no index
        # finding names a document in its place that holds its key)
        diagnostics = [d for d in diagnostics if d.file != file] + made.diagnostics
    placed: dict[str, Any] = {name: {**index, key: made.doc}}
    new = dataclasses.replace(
        repo,
        docs=docs,
        diagnostics=diagnostics,  # (a repository's list is not changed once built)
        broken={k: set(v) for k, v in repo.broken.items()},
        made={**repo.made, file: made},
        **placed,
    )
    return new

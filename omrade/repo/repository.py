"""One Repository object: every document of a plan repository, indexed by kind and id."""

from __future__ import annotations

import dataclasses
import os
import re
import string
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from pydantic import BaseModel, ValidationError

from omrade.diagnostics import (
    Diagnostic,
    Example,
    SeverityOrOff,
    all_rules,
    choices_hint,
    closest,
    current_lang,
    define,
    did_you_mean,
    format_path,
    make,
    reference_hint,
    say,
    suggest,
)
from omrade.load.reader import (
    DEFAULT_MAX_BYTES,
    MAX_LISTED,
    OMR008,
    LoadedFile,
    PathKey,
    link_diagnostic,
    read_file,
)
from omrade.model import documents as m

# defined in omrade.repo.root (light, for the start of every command); named here too
from omrade.repo.root import ConfigError as ConfigError
from omrade.repo.root import find_root as find_root
from omrade.repo.root import printable_name as printable_name
from omrade.repo.root import utf8_name as utf8_name

if TYPE_CHECKING:
    from omrade.repo.queries import Queries

YAML_SUFFIXES = (".yaml", ".yml")

# a document's model class (m.Plan, m.Group, …)
M = TypeVar("M", bound=BaseModel)


@dataclass
class Doc:
    """A document as read: where it is, what it says, and (if valid) its model.

    ``model`` is untyped, for the code that reads documents of any kind; the rules get
    typed models from ``repo.valid(repo.plans, m.Plan)``.
    """

    kind: str
    file: str
    loaded: LoadedFile
    model: Any = None

    def diag(
        self,
        code: str,
        path: PathKey,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
    ) -> Diagnostic:
        """A diagnostic located at ``path`` inside this document."""
        pos = self.loaded.position(path, key=key)
        return make(code, self.file, pos.line, pos.column, message, hint, format_path(path))


@dataclass
class Repository:
    root: Path
    docs: list[Doc] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    municipality_doc: Doc | None = None
    indicators_doc: Doc | None = None
    districts: dict[str, Doc] = field(default_factory=dict)
    analyses: dict[tuple[str, int], Doc] = field(default_factory=dict)
    programmes: dict[str, Doc] = field(default_factory=dict)
    plans: dict[tuple[str, int], Doc] = field(default_factory=dict)
    groups: dict[str, Doc] = field(default_factory=dict)
    budgets: dict[int, Doc] = field(default_factory=dict)
    dialogues: dict[str, Doc] = field(default_factory=dict)
    guidelines: dict[str, Doc] = field(default_factory=dict)
    # ids of documents that exist but failed the schema: references to them are not
    # reported again, and coverage rules for their kind stay quiet.
    broken: dict[str, set[str]] = field(default_factory=dict)
    # file → what it made on its own (reused by another revision where it is unchanged)
    made: dict[str, Made] = field(default_factory=dict, repr=False)

    @cached_property
    def queries(self) -> Queries:
        """The domain questions (current programme, latest analysis, money by district, …),
        indexed once for this repository (``omrade.repo.queries``)."""
        from omrade.repo.queries import Queries

        return Queries(self)

    # --- typed views ------------------------------------------------------------------

    @property
    def municipality(self) -> m.Municipality | None:
        return self.municipality_doc.model if self.municipality_doc else None

    @property
    def indicators(self) -> dict[str, m.Indicator]:
        if self.indicators_doc is None or self.indicators_doc.model is None:
            return {}
        return {i.id: i for i in self.indicators_doc.model.indicators}

    @property
    def organisations(self) -> dict[str, m.Organisation]:
        mun = self.municipality
        return {o.id: o for o in mun.organisations} if mun else {}

    @property
    def bodies(self) -> dict[str, m.Body]:
        mun = self.municipality
        return {b.id: b for b in mun.bodies} if mun else {}

    def names(self, target: str) -> dict[str, str | None]:
        """id → display name of what a reference of ``target`` may name (for hints)."""
        if target == "organisation":
            return {o.id: o.name for o in self.organisations.values()}
        if target == "body":
            return {b.id: b.name for b in self.bodies.values()}
        if target == "indicator":
            return {i.id: i.name for i in self.indicators.values()}
        index: dict[str, Doc] = {
            "district": self.districts,
            "programme": self.programmes,
            "group": self.groups,
            "dialogue": self.dialogues,
            "guideline": self.guidelines,
        }[target]
        return {
            ident: getattr(doc.model, "name", None) or getattr(doc.model, "title", None)
            for ident, doc in index.items()
        }

    @overload
    def valid(self, index: Mapping[Any, Doc]) -> Iterator[tuple[Doc, Any]]: ...

    @overload
    def valid(self, index: Mapping[Any, Doc], model: type[M]) -> Iterator[tuple[Doc, M]]: ...

    def valid(
        self, index: Mapping[Any, Doc], model: type[M] | None = None
    ) -> Iterator[tuple[Doc, Any]]:
        """(document, model) for every schema-valid document of an index; typed when the
        model's class is given (``repo.valid(repo.plans, m.Plan)``), as the rules do."""
        for doc in index.values():
            if doc.model is not None:
                yield doc, doc.model

    def is_broken(self, kind: str, ident: object = None) -> bool:
        ids = self.broken.get(kind, set())
        return bool(ids) if ident is None else (str(ident) in ids or "*" in ids)

    def exists(self, kind: str, ident: str) -> bool:
        index: dict[Any, Doc] = {
            "district": self.districts,
            "programme": self.programmes,
            "group": self.groups,
            "dialogue": self.dialogues,
            "guideline": self.guidelines,
        }[kind]
        return ident in index or self.is_broken(kind, ident)

    def severity_overrides(self) -> dict[str, SeverityOrOff]:
        """The municipality's ``rules:`` map, checked; a bad entry is a ConfigError."""
        doc = self.municipality_doc
        if doc is None or doc.model is None:
            return {}
        overrides: dict[str, SeverityOrOff] = {}
        rules = all_rules()  # every rule, not only those whose modules are loaded yet
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


def discover(root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every *.yaml / *.yml below data/. No link is followed: a link to a folder, or one
    named like a YAML file, is reported (OMR014) and its target never read."""
    data = root / "data"
    found: list[Path] = []
    problems: list[Diagnostic] = []
    if data.is_symlink():
        return [], [link_diagnostic("data", os.readlink(data))]

    def onerror(exc: OSError) -> None:
        rel = _rel(Path(exc.filename), root) if exc.filename else "data"
        problems.append(OMR008.at(rel, 1, 1, variant="folder", reason=exc.strerror))

    for dirpath, dirnames, filenames in os.walk(data, onerror=onerror, followlinks=False):
        dirnames.sort()
        for name in list(dirnames):
            path = Path(dirpath) / name
            if not utf8_name(name):
                problems.append(bad_name(_rel(path, root), "folder"))
                dirnames.remove(name)  # nothing below it could be named in a diagnostic
                continue
            if name.startswith(".") and not name.endswith(YAML_SUFFIXES):
                continue
            if path.is_symlink():  # a folder link (walk does not descend into it)
                problems.append(link_diagnostic(_rel(path, root), os.readlink(path)))
            elif name.endswith(YAML_SUFFIXES):
                found.append(path)  # reported as "not a regular file"
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if not utf8_name(name):
                if name.endswith(YAML_SUFFIXES) or not harmless(name):
                    problems.append(bad_name(_rel(path, root), "file"))
            elif path.is_symlink():  # any link, dangling ones included: never followed
                problems.append(link_diagnostic(_rel(path, root), os.readlink(path)))
            elif name.endswith(YAML_SUFFIXES):
                found.append(path)
            elif not harmless(name):
                problems.append(unrecognised(_rel(path, root)))
    return found, problems


SPREADSHEETS = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".numbers")


def harmless(name: str) -> bool:
    """Files under data/ that are not plan files and need no warning (docs/validate.md)."""
    return (
        name.startswith(".")  # .gitkeep, .DS_Store, editors' swap files
        or name.endswith("~")  # editors' backups
        or name.split(".")[0].upper() == "README"  # a note for people
    )


OMR015 = define(
    "OMR015",
    "warning",
    "File not read",
    (
        "A file under data/ that omrade does not read: another extension (.csv, "
        ".xlsx, .json, .txt …) or .yaml in another case (.YAML, .Yml). Hidden "
        "files, backups (name~) and README files are left alone."
    ),
    message=("'{name}' is not read: only .yaml and .yml files under data/ are plan files"),
    hint="{hint}",
    variants={
        "case": (
            "'{name}' is not read: plan files end in .yaml or .yml, in lowercase",
            "rename it to {stem}.yaml",
        ),
    },
    example=Example(
        "data/districts/norr.csv",
        "id;name\nnorr;Norr\n",
    ),
    sv=dict(
        title="Filen läses inte",
        description=(
            "En fil under data/ som omrade inte läser: en annan filändelse "
            "(.csv, .xlsx, .json, .txt …) eller .yaml med versaler (.YAML, "
            ".Yml). Dolda filer, säkerhetskopior (namn~) och README-filer lämnas "
            "i fred."
        ),
        message="'{name}' läses inte: bara .yaml- och .yml-filer under data/ är planfiler",
        hint="{hint}",
        variants={
            "case": (
                "'{name}' läses inte: planfiler slutar på .yaml eller .yml, med gemener",
                "byt namn till {stem}.yaml",
            ),
        },
    ),
)


def unrecognised(rel: str) -> Diagnostic:
    """OMR015 for a file under data/ that omrade does not read."""
    name = rel.rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    stem = stem if dot else name
    if suffix in YAML_SUFFIXES:
        return OMR015.at(rel, 1, 1, variant="case", name=name, stem=stem)
    if suffix == ".json":
        hint = say(
            "if it is a plan file, rename it to {stem}.yaml (JSON is YAML); else move it "
            "out of data/",
            "är det en planfil, byt namn till {stem}.yaml (JSON är YAML); annars flytta den "
            "ut ur data/",
        ).format(stem=stem)
    elif suffix in SPREADSHEETS:
        hint = say(
            "move it out of data/ (e.g. to sources/); figures belong in an analysis's "
            "values, the budget in data/budget/<year>.yaml",
            "flytta den ut ur data/ (t.ex. till sources/); siffror hör hemma bland värdena "
            "i en stadsdelsanalys, budgeten i data/budget/<år>.yaml",
        )
    else:
        hint = say(
            "move it out of data/, or if it is a plan file, save it as YAML named .yaml",
            "flytta den ut ur data/, eller spara den som YAML med namnet .yaml om det är en "
            "planfil",
        )
    return OMR015.at(rel, 1, 1, name=name, hint=hint)


OMR017 = define(
    "OMR017",
    "error",
    "File name not UTF-8",
    (
        "A file or folder under data/ whose name is not UTF-8 (e.g. Latin-1 from "
        "an old system) is not read; its name is shown with the odd bytes "
        "escaped (bad\\xff.yaml)."
    ),
    message="the {what} name is not UTF-8 text, so the {what} is not read",
    hint=("rename the {what} (with git mv) using UTF-8, as every editor does by default"),
    sv=dict(
        title="Filnamnet är inte UTF-8",
        description=(
            "En fil eller mapp under data/ vars namn inte är UTF-8 (t.ex. "
            "Latin-1 från ett äldre system) läses inte; namnet visas med de udda "
            "byten utskrivna (bad\\xff.yaml)."
        ),
        message="namnet på {what} är inte UTF-8-text, så {what} läses inte",
        hint=(
            "byt namn på {what} (med git mv) till UTF-8, som alla redigerare använder som standard"
        ),
    ),
)


def bad_name(rel: str, what: str = "file") -> Diagnostic:
    """OMR017 for a file or folder (relative to the repository) not named in UTF-8."""
    said = {"file": say("file", "filen"), "folder": say("folder", "mappen")}.get(what, what)
    return OMR017.at(printable_name(rel), 1, 1, what=said)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_repository(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Repository:
    """Read every file of the repository at ``root``. Reads only; never writes."""
    from omrade.load import cache

    paths, problems = discover(root)
    parse = cache.parser(root)
    loaded = (read_file(path, _rel(path, root), max_bytes, parse) for path in paths)
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


@dataclass
class Made:
    """What one file makes on its own, whatever else the repository holds: its document
    (with the model when schema-valid), the diagnostics of reading and of the schema, and
    the id of a document that failed its schema. Another revision whose file has the same
    bytes uses it as it is (``build_repository``), without validating again."""

    doc: Doc
    diagnostics: list[Diagnostic]
    broken: tuple[str, str] | None = None  # (kind, id as written)
    data: dict[str, Any] | None = None  # the plain data, when a known kind is indexed
    expected: str = ""  # where a schema-valid document belongs (see expected_path)


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
                        kind=_describe(kind)
                    )
                    if isinstance(kind, str)
                    else say(
                        "'kind' is {kind}, not the name of a kind",
                        "'kind' är {kind}, inte namnet på en sort",
                    ).format(kind=_describe(kind)),
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


# --- schema errors → diagnostics ------------------------------------------------------


TYPE_WORDS = {
    "int": "a whole number",
    "decimal": "a number",
    "float": "a number",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date (YYYY-MM-DD)",
    "bool": "true or false",
    "omr_bool": "true or false",
    "string": "text",
    "list": "a list",
    "dict": "a mapping of keys",
    "model": "a mapping of keys",
}


TYPE_WORDS_SV = {
    "int": "ett heltal",
    "decimal": "ett tal",
    "float": "ett tal",
    "date": "ett datum (ÅÅÅÅ-MM-DD)",
    "datetime": "ett datum (ÅÅÅÅ-MM-DD)",
    "bool": "true eller false",
    "omr_bool": "true eller false",
    "string": "text",
    "list": "en lista",
    "dict": "en mappning av nycklar",
    "model": "en mappning av nycklar",
}

BOUNDS = {
    "greater_than_equal": ("ge", "it should be at least {limit}", "värdet ska vara minst {limit}"),
    "less_than_equal": ("le", "it should be at most {limit}", "värdet ska vara högst {limit}"),
    "greater_than": (
        "gt",
        "it should be greater than {limit}",
        "värdet ska vara större än {limit}",
    ),
    "less_than": ("lt", "it should be less than {limit}", "värdet ska vara mindre än {limit}"),
}


def _bound(typ: str, ctx: dict[str, Any]) -> str:
    """'it should be at least 0' for a value out of pydantic's range, in the run's language."""
    key, en, sv = BOUNDS[typ]
    if key not in ctx or current_lang() != "sv":
        return ""  # English: pydantic's own words, as they were
    return say(en, sv).format(limit=ctx[key])


def _describe(value: Any) -> str:
    if value is None:
        return say("an empty value", "ett tomt värde")
    if isinstance(value, dict):
        return say("a mapping", "en mappning")
    if isinstance(value, list):
        return say("a list", "en lista")
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the mapping at ``loc`` (for 'did you mean' on keys)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or name): f for name, f in current.model_fields.items()}
            if part not in fields:
                return None
            current = fields[part].annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] down to the underlying type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def field_names(model: type[BaseModel]) -> list[str]:
    return [(f.alias or name) for name, f in model.model_fields.items()]


# the code of a pydantic error type, for schema errors that are counted, not made
SCHEMA_CODES = {
    "extra_forbidden": "OMR101",
    "missing": "OMR102",
    "literal_error": "OMR104",
    "string_pattern_mismatch": "OMR105",
    "omr_too_large": "OMR106",
}


OMR101 = define(
    "OMR101",
    "error",
    "Unknown key",
    "A key that the kind does not have; usually a misspelling.",
    message="unknown key '{name}'",
    hint="{hint}",
    example=Example(
        "data/districts/norr.yaml",
        "name: Norr\nnamn: Norr\n",
        replaces="name: Norr\n",
    ),
    sv=dict(
        title="Okänd nyckel",
        description="En nyckel som sorten inte har; oftast en felstavning.",
        message="okänd nyckel '{name}'",
        hint="{hint}",
    ),
)


OMR102 = define(
    "OMR102",
    "error",
    "Missing key",
    "A required key is absent.",
    message="'{name}' is missing{where}",
    hint="{hint}",
    example=Example(
        "data/districts/norr.yaml",
        "id: norr\npopulation:",
        replaces="id: norr\nname: Norr\npopulation:",
        situation="The district has no 'name:'.",
    ),
    sv=dict(
        title="Nyckel saknas",
        description="En nyckel som måste finnas saknas.",
        message="'{name}' saknas{where}",
        hint="{hint}",
    ),
)


OMR104 = define(
    "OMR104",
    "error",
    "Value not allowed",
    "A value outside the listed choices (status, type, unit, role …).",
    message="{value} is not a valid {name}",
    hint="{choices}",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "type: promotion\n",
        replaces="type: promoting\n",
    ),
    sv=dict(
        title="Värdet är inte tillåtet",
        description="Ett värde utanför de tillåtna valen (status, typ, enhet, roll …).",
        message="{value} är inte ett tillåtet värde för {name}",
        hint="{choices}",
    ),
)


def schema_diagnostics(
    exc: ValidationError, model_cls: type[BaseModel], doc: Doc
) -> list[Diagnostic]:
    """Translate pydantic's errors into positioned diagnostics with helpful hints.

    The first MAX_LISTED are made (hints cost time); the rest are only counted.
    """
    out: list[Diagnostic] = []
    for number, err in enumerate(exc.errors(include_url=False)):
        typ: str = err["type"]
        if number >= MAX_LISTED:
            code = SCHEMA_CODES.get(typ, "OMR103")
            doc.loaded.omitted[code] = doc.loaded.omitted.get(code, 0) + 1
            continue
        loc = tuple(err["loc"])
        value = err.get("input")
        ctx = err.get("ctx") or {}
        key_error = "[key]" in loc
        if key_error:
            loc = loc[: loc.index("[key]")]
        path: PathKey = tuple(p for p in loc if isinstance(p, int | str))
        name = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
        if typ == "extra_forbidden":
            parent = _model_at(model_cls, path[:-1])
            hint = did_you_mean(name, field_names(parent)) if parent else ""
            if not hint and parent:
                hint = say("known keys here: ", "nycklar som finns här: ") + ", ".join(
                    field_names(parent)
                )
            out.append(OMR101.on(doc, path, key=True, name=name, hint=hint))
        elif typ == "missing":
            parent_path = path[:-1]
            present = doc.loaded.data
            for p in parent_path:
                if isinstance(present, dict):
                    present = present.get(p)
                elif isinstance(present, list) and isinstance(p, int):
                    present = present[p]
                else:
                    present = None
            extras = [k for k in present] if isinstance(present, dict) else []
            near = closest(name, extras)
            hint = (
                say("'{near}' is written — misspelt?", "'{near}' står här — felstavat?")
                if near
                else say("add '{name}:' here", "lägg till '{name}:' här")
            ).format(near=near, name=name)
            where = (
                say(" in {path}", " i {path}").format(path=format_path(parent_path))
                if parent_path
                else ""
            )
            out.append(OMR102.on(doc, parent_path, key=True, name=name, where=where, hint=hint))
        elif typ == "literal_error":
            allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            out.append(
                OMR104.on(
                    doc,
                    path,
                    value=_describe(value),
                    name=name,
                    choices=choices_hint(str(value), allowed, limit=20),
                )
            )
        elif typ == "string_pattern_mismatch":
            pattern = str(ctx.get("pattern", ""))
            out.append(_pattern_diag(doc, path, name, value, pattern, key_error))
        else:
            out.append(_type_or_value_diag(doc, path, name, typ, value, str(err["msg"]), ctx))
    return out


OMR105 = define(
    "OMR105",
    "error",
    "Malformed id",
    (
        "File ids are slugs (^[a-z0-9][a-z0-9-]*$); local ids of main tasks, "
        "goals and actions match ^[A-Za-z0-9][A-Za-z0-9._-]*$."
    ),
    message="{value} is not a valid id",
    hint="ids use lowercase a–z, digits and hyphens: '{suggestion}'",
    variants={
        "local": (
            "{value} is not a valid {name}",
            "use letters, digits, '.', '_' or '-', e.g. 'HU1' or 'A3'",
        ),
    },
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "  - id: A 1\n",
        replaces="  - id: A1\n",
    ),
    sv=dict(
        title="Felaktigt id",
        description=(
            "Filernas id skrivs med gemener, siffror och bindestreck "
            "(^[a-z0-9][a-z0-9-]*$); lokala id för huvuduppgifter, mål och "
            "insatser följer ^[A-Za-z0-9][A-Za-z0-9._-]*$."
        ),
        message="{value} är inte ett giltigt id",
        hint="id skrivs med gemener a–z, siffror och bindestreck: '{suggestion}'",
        variants={
            "local": (
                "{value} är inte ett giltigt värde för {name}",
                "använd bokstäver, siffror, '.', '_' eller '-', t.ex. 'HU1' eller 'A3'",
            ),
        },
    ),
)


OMR106 = define(
    "OMR106",
    "error",
    "Invalid value",
    (
        "A value breaks a constraint: a negative amount, a year out of range, an "
        "empty list where one entry is needed, both or neither of two "
        "alternatives, a number beyond 15 figures before the decimal point or 12 "
        "after it (1e99999999, 1e-99999), which is refused before any arithmetic."
    ),
    message="invalid value for '{name}': {msg}",
    variants={
        "pattern": (
            "{value} does not match {pattern}",
            "",
        ),
        "period": (
            "{value} is not a follow-up period",
            "write e.g. 2025-T1 … 2025-T3, 2025-Q1 … Q4, 2025-H1, H2 or 2025",
        ),
        "code": (
            "{value} is not a four-digit code",
            'SCB\'s municipality code has four digits, e.g. code: "0127"',
        ),
        "range": (
            "{value} is out of range for '{name}'",
            "{detail}",
        ),
        "empty": (
            "'{name}' is empty",
            "write the text or remove the key",
        ),
        "one_of": (
            "{msg}",
            "",
        ),
        "too_short": (
            "'{name}' needs at least one entry",
            "",
        ),
    },
    example=Example(
        "data/budget/2025.yaml",
        "appropriation: -500000\n",
        replaces="appropriation: 500000\n",
    ),
    sv=dict(
        title="Ogiltigt värde",
        description=(
            "Ett värde bryter mot en begränsning: ett negativt belopp, ett år "
            "utanför intervallet, en tom lista där det behövs en post, båda "
            "eller inget av två alternativ, eller ett tal med fler än 15 siffror "
            "före decimaltecknet eller 12 efter (1e99999999, 1e-99999), som "
            "avvisas före all beräkning."
        ),
        message="ogiltigt värde för '{name}': {msg}",
        hint="",
        variants={
            "pattern": (
                "{value} följer inte mönstret {pattern}",
                "",
            ),
            "period": (
                "{value} är ingen uppföljningsperiod",
                "skriv t.ex. 2025-T1 … 2025-T3, 2025-Q1 … Q4, 2025-H1, H2 eller 2025",
            ),
            "code": (
                "{value} är inte en fyrsiffrig kod",
                'SCB:s kommunkod har fyra siffror, t.ex. code: "0127"',
            ),
            "range": (
                "{value} ligger utanför det tillåtna för '{name}'",
                "{detail}",
            ),
            "empty": (
                "'{name}' är tomt",
                "skriv texten eller ta bort nyckeln",
            ),
            "one_of": (
                "{msg}",
                "",
            ),
            "too_short": (
                "'{name}' behöver minst en post",
                "",
            ),
        },
    ),
)


def _pattern_diag(
    doc: Doc, path: PathKey, name: str, value: Any, pattern: str, key_error: bool
) -> Diagnostic:
    if pattern == m.SLUG_PATTERN:
        suggestion = re.sub(
            r"[^a-z0-9-]+", "-", str(value).lower().translate(str.maketrans("åäöé", "aaoe"))
        ).strip("-")
        return OMR105.on(doc, path, key=key_error, value=_describe(value), suggestion=suggestion)
    if pattern == m.LOCAL_ID_PATTERN:
        return OMR105.on(doc, path, variant="local", value=_describe(value), name=name)
    if "T[1-3]" in pattern:
        return OMR106.on(doc, path, variant="period", value=_describe(value))
    if pattern == r"^\d{4}$":
        return OMR106.on(doc, path, variant="code", value=_describe(value))
    return OMR106.on(doc, path, variant="pattern", value=_describe(value), pattern=pattern)


# omrade's own type errors (omrade.model.documents) and the pydantic family whose hints they share
OMR_FAMILIES = {"omr_int": "int", "omr_number": "decimal", "omr_date": "date"}


OMR103 = define(
    "OMR103",
    "error",
    "Wrong type",
    (
        "A value has the wrong type: text where a number, date, list or "
        "true/false is expected, or the other way round."
    ),
    message="expected {expected} for '{name}', got {value}",
    hint="{hint}",
    variants={
        "quoted": (
            "expected {detail} for '{name}', got the text {value} (in quotes)",
            "{advice}",
        ),
        "not_text": (
            "expected text for '{name}', got {detail}",
            "{advice}",
        ),
        "impossible_date": (
            "{value} is not a date: {detail}",
            "{advice2}",
        ),
        "whole_number": (
            "expected a whole number for '{name}', got {value}",
            "a whole number is needed here",
        ),
        "empty": (
            "'{name}' is empty; expected {expected}",
            "{value}",
        ),
    },
    example=Example(
        "data/districts/norr.yaml",
        "population: {value: tiotusen, year: 2024, source: test}\n",
        replaces="population: {value: 10000, year: 2024, source: test}\n",
    ),
    sv=dict(
        title="Fel typ",
        description=(
            "Ett värde har fel typ: text där ett tal, ett datum, en lista eller "
            "true/false väntas, eller tvärtom."
        ),
        message="'{name}' ska vara {expected}, men är {value}",
        hint="{hint}",
        variants={
            "quoted": (
                "'{name}' ska vara {detail}, men är texten {value} (inom citattecken)",
                "{advice}",
            ),
            "not_text": (
                "'{name}' ska vara text, men är {detail}",
                "{advice}",
            ),
            "impossible_date": (
                "{value} är inte ett datum: {detail}",
                "{advice2}",
            ),
            "whole_number": (
                "'{name}' ska vara ett heltal, men är {value}",
                "här behövs ett heltal",
            ),
            "empty": (
                "'{name}' är tomt; här ska stå {expected}",
                "{value}",
            ),
        },
    ),
)


def _type_or_value_diag(
    doc: Doc,
    path: PathKey,
    name: str,
    typ: str,
    value: Any,
    msg: str,
    ctx: dict[str, Any] | None = None,
) -> Diagnostic:
    ctx = ctx or {}
    if typ == "omr_quoted":
        return OMR103.on(
            doc,
            path,
            variant="quoted",
            detail=ctx.get("expected", say("a number", "ett tal")),
            name=name,
            value=_describe(value),
            advice=say("remove the quotes: {value}", "ta bort citattecknen: {value}").format(
                value=value
            )
            if len(str(value)) <= 60
            else say("remove the quotes", "ta bort citattecknen"),
        )
    if typ == "omr_not_text":
        return OMR103.on(
            doc,
            path,
            variant="not_text",
            name=name,
            detail=ctx.get("got", _describe(value)),
            advice=say(
                'if text is meant, put it in quotes: "{value}"',
                'om det ska vara text, sätt det inom citattecken: "{value}"',
            ).format(value=value)
            if len(str(value)) <= 60
            else say(
                "if text is meant, put it in quotes",
                "om det ska vara text, sätt det inom citattecken",
            ),
        )
    if typ == "omr_impossible_date":
        return OMR103.on(
            doc,
            path,
            variant="impossible_date",
            value=value,
            detail=ctx.get("why", msg),
            advice2=str(ctx.get("hint", "")),
        )
    if typ == "omr_too_large":
        return OMR106.on(
            doc,
            path,
            variant="range",
            value=_describe(value),
            name=name,
            detail=ctx.get("hint", ""),
        )
    family = OMR_FAMILIES.get(typ) or (typ.split("_")[0] if not typ.startswith("omr_") else typ)
    if family in TYPE_WORDS and typ not in ("int_from_float",):
        expected = say(TYPE_WORDS[family], TYPE_WORDS_SV[family])
        hint = ""
        if family == "string" and isinstance(value, dict | list):
            hint = say(
                "if you meant text, put it in quotes",
                "om det ska vara text, sätt det inom citattecken",
            )
        elif family in ("int", "decimal", "float") and isinstance(value, str):
            if re.fullmatch(r"[\d\s]+", value):
                compact = re.sub(r"\s", "", value)
                hint = say(
                    "write numbers without spaces: {compact}",
                    "skriv tal utan mellanslag: {compact}",
                ).format(compact=compact)
            elif re.fullmatch(r"-?\d+,\d+", value):
                hint = say(
                    "use a decimal point: {point}", "använd decimalpunkt i YAML: {point}"
                ).format(point=value.replace(",", "."))
            elif family == "int" and re.fullmatch(r"-?\d+\.\d+", value):
                hint = say("a whole number is needed here", "här behövs ett heltal")
        elif family in ("date", "datetime"):
            hint = say(
                "write dates as YYYY-MM-DD, e.g. 2025-03-15",
                "skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-15",
            )
        elif family == "omr_bool":
            hint = say(
                "write true or false (yes/no/on/off are not accepted)",
                "skriv true eller false (yes/no/on/off godtas inte)",
            )
        elif family in ("list",) and isinstance(value, str):
            hint = say(
                "write a list: [{value}] or one '- item' per line",
                "skriv en lista: [{value}] eller en '- post' per rad",
            ).format(value=value)
        elif family in ("dict", "model") and isinstance(value, str):
            hint = say(
                "this needs keys underneath, indented",
                "här behövs nycklar under, indragna",
            )
        if value is None:
            return OMR103.on(
                doc,
                path,
                variant="empty",
                name=name,
                expected=expected,
                value=hint
                or say(
                    "fill in a value or remove the key", "fyll i ett värde eller ta bort nyckeln"
                ),
            )
        return OMR103.on(doc, path, expected=expected, name=name, value=_describe(value), hint=hint)
    if typ == "int_from_float":
        return OMR103.on(doc, path, variant="whole_number", name=name, value=_describe(value))
    if typ == "omr_empty":
        return OMR106.on(doc, path, variant="empty", name=name)
    if typ == "omr_one_of":
        return OMR106.on(doc, path, variant="one_of", msg=msg)
    if typ in ("too_short",):
        return OMR106.on(doc, path, variant="too_short", name=name)
    if typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return OMR106.on(
            doc,
            path,
            variant="range",
            value=_describe(value),
            name=name,
            detail=_bound(typ, ctx) or msg.replace("Input should be", "it should be"),
        )
    return OMR106.on(doc, path, name=name, msg=msg)

"""Which files of a plan repository are read: every *.yaml / *.yml below data/, no link
followed; anything else below data/ is named (OMR015), and a name that is not UTF-8 too
(OMR017)."""

from __future__ import annotations

import os
from pathlib import Path

from omrade.diagnostics import (
    Diagnostic,
    Example,
    define,
    say,
)
from omrade.load.reader import (
    OMR008,
    link_diagnostic,
)
from omrade.load.root import YAML_SUFFIXES as YAML_SUFFIXES
from omrade.load.root import printable_name as printable_name
from omrade.load.root import utf8_name as utf8_name


def discover(root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every *.yaml / *.yml below data/, in git's order (by path): a revision read from
    disk and the same read from git are built alike. No link is followed: a link to a
    folder, or one named like a YAML file, is reported (OMR014) and its target never
    read. Problems are named folder by folder, each folder's before what is below it."""
    found, problems = discover_paths(root)
    return [Path(full) for full in found], problems


def discover_paths(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """``discover`` with each file's path as text (a ``Path`` costs more than the rest of
    finding a file, for those of a large repository that are not read)."""
    data = root / "data"
    found: list[str] = []
    problems: list[Diagnostic] = []
    if data.is_symlink():
        return [], [link_diagnostic("data", os.readlink(data))]
    base = os.fspath(root)

    def rel(full: str) -> str:
        return relative(Path(full), root)

    def walk(folder: str) -> list[str]:
        """Name what is in ``folder``; the folders to walk below it, in order."""
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            name = relative(Path(exc.filename), root) if exc.filename else "data"
            problems.append(OMR008.at(name, 1, 1, variant="folder", reason=exc.strerror))
            return []
        folders: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # a link to a folder counts as a folder, not entered
            except OSError:
                is_dir = False
            (folders if is_dir else files).append(entry)
        folders.sort(key=lambda e: e.name)
        files.sort(key=lambda e: e.name)
        below: list[str] = []
        for entry in folders:
            name = entry.name
            if not utf8_name(name):
                problems.append(bad_name(rel(entry.path), "folder"))
                continue  # nothing below it could be named in a diagnostic
            if entry.is_symlink():  # a folder link: never entered
                if not name.startswith(".") or name.endswith(YAML_SUFFIXES):
                    problems.append(link_diagnostic(rel(entry.path), os.readlink(entry.path)))
                continue
            below.append(entry.path)
            if name.endswith(YAML_SUFFIXES):
                found.append(entry.path)  # reported as "not a regular file"
        for entry in files:
            name = entry.name
            if name.startswith("."):
                continue
            if not utf8_name(name):
                if name.endswith(YAML_SUFFIXES) or not harmless(name):
                    problems.append(bad_name(rel(entry.path), "file"))
            elif entry.is_symlink():  # any link, dangling ones included: never followed
                problems.append(link_diagnostic(rel(entry.path), os.readlink(entry.path)))
            elif name.endswith(YAML_SUFFIXES):
                found.append(entry.path)
            elif not harmless(name):
                problems.append(unrecognised(rel(entry.path)))
        return below

    # depth first, as deep as the folders go (no recursion: no limit on nesting)
    waiting = [os.path.join(base, "data")]
    while waiting:
        waiting.extend(reversed(walk(waiting.pop())))
    found.sort()
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


def relative(path: Path | str, root: Path) -> str:
    text, base = str(path), str(root)
    if os.sep == "/" and base not in ("", ".") and text.startswith(base.rstrip("/") + "/"):
        return text[len(base.rstrip("/")) + 1 :]  # the common case, without pathlib's parsing
    try:
        return Path(text).relative_to(root).as_posix()
    except ValueError:
        return Path(text).as_posix()

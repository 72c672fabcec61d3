"""Swedish for everyone who reads (issue 23's "done when"): on the bundled data and on a
new municipality with planted faults, every message and hint that ``validate``, ``diff``,
``status``, ``allocate``, ``import`` and the site show is Swedish by default and English
with ``--lang en``, and the public site shows no rule code, file path or finding.

"Swedish" is checked against omrade's own words: no sentence of the English catalogues
(the terminal's messages, every rule's message, hint and variants, the site's labels, the
workbook's headings) appears in a Swedish run, and no Swedish sentence in an English
run. Names from the plans (an action called "Läxhjälp för unga") are the same in both
languages and are not sentences of a catalogue, so they do not count either way.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import git
import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from omrade.cli import app
from omrade.i18n import po_path
from omrade.labels import MESSAGES
from tests.conftest import ROOT

AS_OF = "2026-03-01"
FIELD = re.compile(r"\{[^{}]*\}")
pytestmark = pytest.mark.usefixtures("swedish")


def _pairs() -> Iterator[tuple[str, str]]:
    """(English, Swedish) of every sentence omrade says to a person."""
    from omrade.exchange.followup import LABELS
    from omrade.rules import RULES

    with po_path("sv").open("rb") as f:
        catalogue = read_po(f)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        for en in ids:
            for sv in strs:
                yield en, sv
    for sv, en in MESSAGES.values():
        yield en, sv
    for key, sv in LABELS["sv"].items():
        yield LABELS["en"][key], sv
    for rule in RULES.values():
        if rule.sv is None:
            continue
        yield rule.title, rule.sv.title
        for variant, english in rule.messages.items():
            swedish = rule.templates(variant, "sv")
            yield english.text, swedish.text
            yield english.hint, swedish.hint


def _fragments(text: str) -> Iterator[str]:
    """The literal parts of a template between its fields, as a terminal shows them."""
    for part in FIELD.split(text.replace("{{", "{").replace("}}", "}")):
        part = " ".join(part.split()).strip(" ,;:.()'\"")
        if len(part) >= 16 and len(re.findall(r"[^\W\d_]{2,}", part)) >= 3:
            yield part


def _words() -> dict[str, set[str]]:
    """Each language's sentences that the other language never says."""
    english, swedish = set(), set()
    for en, sv in _pairs():
        english.update(_fragments(en))
        swedish.update(_fragments(sv))
    both = english & swedish
    everything = {
        "en": " ".join(en for en, _sv in _pairs()),
        "sv": " ".join(sv for _en, sv in _pairs()),
    }
    return {
        "en": {f for f in english - both if f not in everything["sv"]},
        "sv": {f for f in swedish - both if f not in everything["en"]},
    }


WORDS = _words()


def _committed(root: Path) -> None:
    r = git.Repo.init(root, initial_branch="main")
    with r.config_writer() as cw:
        cw.set_value("user", "name", "Test")
        cw.set_value("user", "email", "test@example.org")
    r.git.add(A=True)
    r.index.commit("plans")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _bundled(root: Path) -> tuple[str, list[str]]:
    """Botkyrka as bundled; its faults: a trend that is not one, an unknown office."""
    shutil.copytree(ROOT / "data", root / "data")
    _committed(root)

    def plant() -> None:
        plan = root / "data" / "programmes" / "alby-2024-2028" / "plan-2025.yaml"
        _replace(plan, "trend: improving", "trend: stable")
        _replace(plan, "responsible: avux", "responsible: avuxx")

    return "2025", [plant]  # type: ignore[return-value]


def _malmo(root: Path) -> tuple[str, list[str]]:
    """A new municipality written with omrade init and omrade new, its blanks filled in;
    its faults: a population in words, an unknown office, an unknown indicator weighed."""
    import datetime as dt

    from omrade.repo.repository import load_repository
    from omrade.write import scaffold
    from omrade.write.source import Pin
    from tests.write.test_new_kinds import fill

    day = dt.date.fromisoformat(AS_OF)
    scaffold.init_repository(root, "Malmö stad", Pin("omrade==0", "https://example.org", None))
    fill(root / "data" / "municipality.yaml")
    written = []
    for ident, name in (("rosengard", "Rosengård"), ("hyllie", "Hyllie"), ("fosie", "Fosie")):
        written += scaffold.new_district(load_repository(root), ident, name, day)
    written.append(
        scaffold.new_indicator(
            load_repository(root), "forvarvsfrekvens", None, "percent", "lower_is_need", "economic"
        )
    )
    written.append(scaffold.new_programme(load_repository(root), "rosengard", 2026, 2029))
    for district in ("rosengard", "hyllie", "fosie"):
        written.append(scaffold.new_analysis(load_repository(root), district, 2026, day))
    written.append(scaffold.new_budget(load_repository(root), 2026))
    for file in written:
        fill(file)
    group = scaffold.new_group(load_repository(root), "rosengard", "coordination", "HU1", day)
    fill(group)
    _committed(root)

    def plant() -> None:
        data = root / "data"
        _replace(data / "districts" / "hyllie.yaml", "population:", "population_old:")
        text = group.read_text(encoding="utf-8")
        org = re.search(r"organisation: (\w+)", text)
        assert org is not None, text
        _replace(group, f"organisation: {org.group(1)}", f"organisation: {org.group(1)}x")
        _replace(data / "budget" / "2026.yaml", "forvarvsfrekvens", "forvarvsfrekvnes")

    return "2026", [plant]  # type: ignore[return-value]


# words of an English sentence that no Swedish sentence of omrade uses (the catalogues'
# long sentences are checked above; these catch a short one: "{file} has errors")
ENGLISH = re.compile(
    r"\b(?:the|is|are|has|have|was|not|of|and|with|errors?|warnings?|missing|unknown|"
    r"allowed|hint|did you mean|cannot|no longer|should|must|fix)\b"
)
# what a sentence quotes rather than says: a value or key in quotes, a file, a key path,
# a YAML key or value with an underscore, a command, a URL
QUOTED = re.compile(r"'[^']*'|`[^`]*`|\S*/\S*|\([\w.\[\]]+\)|\b\w+_\w+\b|--?\w[\w-]*|https?://\S+")


def _sentences(text: str) -> str:
    return QUOTED.sub(" ", text)


REPOS = {"bundled": _bundled, "malmo": _malmo}
LANGS = {"sv": [], "en": ["--lang", "en"]}


# the keys of JSON and SARIF whose values are words for a person
WORDED = {"message", "hint", "text", "markdown", "tags"}


def _worded(data: object, key: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for k, value in data.items():
            yield from _worded(value, k)
    elif isinstance(data, list):
        for value in data:
            yield from _worded(value, key)
    elif isinstance(data, str) and key in WORDED:
        yield data


def _text(result, key: str) -> str:
    """What a person reads of a command's output: JSON and SARIF by their worded values,
    GitHub's workflow commands without their ``::error file=…::`` frame."""
    out = result.stdout
    if key in ("validate-json", "validate-sarif"):
        out = "\n".join(_worded(json.loads(out)))
    elif key == "validate-github":
        out = re.sub(r"^::\w+ [^\n]*?::", "", out, flags=re.M).replace("%0A", "\n")
    return " ".join(f"{out}\n{result.stderr}".split())


def _site(folder: Path) -> str:
    pages = []
    for page in sorted(folder.rglob("*.html")):
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text("utf-8"), flags=re.S)
        pages.append(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    return " ".join(" ".join(pages).split())


@pytest.fixture(scope="module", params=sorted(REPOS))
def said(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What each command said in each language, on one repository: a clean run of the
    site, then the faults planted (uncommitted) and every command run again."""
    import openpyxl

    from omrade.exchange.followup import COLUMNS, FIRST_ROW, META_SHEET

    runner = CliRunner(env={"OMRADE_LANG": ""})  # the municipality's language
    base = tmp_path_factory.mktemp(request.param)
    root = base / "plans"
    year, (plant,) = REPOS[request.param](root)
    out: dict = {"name": request.param, "root": root, "codes": {}}

    def run(key: str, *args: str) -> None:
        for lang, extra in LANGS.items():
            result = runner.invoke(app, [*(a.format(lang=lang) for a in args), *extra])
            assert "Traceback" not in result.output, (key, lang, result.output)
            assert result.exit_code in (0, 1), (key, lang, result.exit_code, result.output)
            out[(key, lang)] = _text(result, key)
            out["codes"][(key, lang)] = result.exit_code

    for lang, extra in LANGS.items():
        for site, public in (("site", []), ("public", ["--public"])):
            folder = base / f"{site}-{lang}"
            result = runner.invoke(
                app,
                ["report", "-C", str(root), "--as-of", AS_OF, "-o", str(folder), *public, *extra],
            )
            assert result.exit_code == 0, result.output
            out[(site, lang)] = _site(folder)
            out[f"{site}-folder", lang] = folder

    for lang, extra in LANGS.items():  # what the office is told of the clean repository
        result = runner.invoke(app, ["validate", str(root), "--as-of", AS_OF, "-f", "json", *extra])
        found = json.loads(result.stdout)["diagnostics"]
        out["findings", lang] = [" ".join(d["message"].split()) for d in found]

    # each language's workbook, a status typed over in it, imported in that language
    book = base / "uppfoljning-{lang}.xlsx"
    run("export", "export", "follow-up", "2025-T3", "-o", str(book), "-C", str(root))
    for lang in LANGS:
        path = Path(str(book).format(lang=lang))
        if path.exists():
            wb = openpyxl.load_workbook(path)
            sheet = next(ws for ws in wb.worksheets if ws.title != META_SHEET)
            sheet.cell(FIRST_ROW, COLUMNS.index("status") + 1).value = "Klar"
            wb.save(path)
        else:  # nothing to follow up in a new municipality: a file that is no workbook
            path.write_text("Status;Klar\n", encoding="utf-8")
    run("import", "import", "follow-up", str(book), "-C", str(root), "--dry-run")

    plant()
    run("validate", "validate", str(root), "--as-of", AS_OF)
    for fmt in ("json", "sarif", "github"):
        run(f"validate-{fmt}", "validate", str(root), "--as-of", AS_OF, "-f", fmt)
    run("diff", "diff", "HEAD", "-C", str(root), "--as-of", AS_OF)
    run("diff-md", "diff", "HEAD", "-C", str(root), "--as-of", AS_OF, "-f", "md")
    run("status", "status", "-C", str(root), "--as-of", AS_OF)
    run("allocate", "allocate", year, "-C", str(root), "--as-of", AS_OF)
    run("allocate-csv", "allocate", year, "-C", str(root), "--as-of", AS_OF, "-f", "csv", "--excel")
    run("report", "report", "-C", str(root), "--as-of", AS_OF, "-o", str(base / "refused"))
    return out


COMMANDS = [
    "site",
    "public",
    "export",
    "import",
    "validate",
    "validate-json",
    "validate-sarif",
    "validate-github",
    "diff",
    "diff-md",
    "status",
    "allocate",
    "allocate-csv",
    "report",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_speaks_swedish_by_default_and_english_on_request(
    said: dict, command: str
) -> None:
    for lang, other in (("sv", "en"), ("en", "sv")):
        text = said[(command, lang)]
        strays = sorted(f for f in WORDS[other] if f in text)
        assert not strays, f"{said['name']}: omrade {command} ({lang}) says {other}: {strays}"
    left = sorted(set(ENGLISH.findall(_sentences(said[(command, "sv")]))))
    assert not left, f"{said['name']}: omrade {command} says in English: {left}"
    assert said[(command, "sv")] != said[(command, "en")], f"{command} says the same in both"
    if command in said["codes"]:
        codes = said["codes"]
        assert codes[(command, "sv")] == codes[(command, "en")], command


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_the_sweep_reads_the_languages_own_sentences(said: dict, lang: str) -> None:
    """The check above is only as good as what it recognises: each language's run says
    many of that language's sentences, so a language left out would be seen."""
    text = " ".join(said[(command, lang)] for command in COMMANDS)
    own = {f for f in WORDS[lang] if f in text}
    assert len(own) >= 20, (said["name"], lang, sorted(own))


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_the_public_site_shows_no_rule_code_file_or_finding(said: dict, lang: str) -> None:
    """Residents read the public site: the office's findings, with their rule codes and
    files, are on the internal site only, in the run's language."""
    public, internal = said[("public", lang)], said[("site", lang)]
    findings = said[("findings", lang)]
    assert findings, "the clean repository has warnings for the office"
    assert not re.search(r"OMR\d{3}", public)
    assert not re.search(r"data/[\w./<>-]+|\w\.ya?ml\b", public)
    assert not [f for f in findings if f in public]
    assert re.search(r"OMR\d{3}", internal) and [f for f in findings if f in internal]

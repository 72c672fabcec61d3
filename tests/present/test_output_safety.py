"""Hostile text in a real plan repository, through every output a person or a program
reads: the pull-request comment (`diff --format md`), the allocation table
(`allocate --format md`), the Markdown report, CSV, the text formats and Rich tables.

The hostile values go where a contributor can put text: file names, district names,
organisation names, action titles, goal texts, member names and free text (summaries,
assessments, follow-up comments). Each Markdown output is rendered as GitHub renders it
(tests/gfm.py) and compared with the output for benign values of the same shape: the
same elements in the same order, the same elements and attributes (links included),
nothing made live by GitHub's filters, and the data shown as text.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import io
import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from typer.testing import CliRunner

from omrade.cli import app
from omrade.present import plain
from tests.conftest import BASE_AS_OF, FIXTURES
from tests.gfm import BIDI, live, render, shape, shown
from tests.present.test_markdown_safety import HOSTILE, hostile_text, shown_text
from tests.test_diff import committed

# Text that trips the personal-data rules (e-mail addresses) would give the hostile run
# diagnostics the benign run has not, a difference of content rather than of safety.
CORPUS = [h for h in HOSTILE if "@example.com" not in h]
# File names: anything but NUL; '/' makes folders, as a contributor's path would.
FILE_NAMES = [h for h in CORPUS if "\x00" not in h and h.strip("/ ")]
TEXT_KEYS = {"name", "title", "summary", "assessment", "text", "purpose", "vision", "description"}
LIST_KEYS = {"strengths", "challenges"}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # omrade refuses anchors and aliases


def _text_scalar(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML (YAML 1.1) leaves 0999 plain; omrade reads YAML 1.2, where that is a number.
    # A text holding CR, NEL, LS or PS is written double-quoted, where they are escapes:
    # raw, they are line breaks omrade refuses in a file (OMR018); in the data, they stay
    number = re.fullmatch(r"[-+.0-9][-+.0-9_:eE]*", value)
    style = '"' if number or any(c in value for c in "\r\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_scalar)


def _dump(document: Any) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def _fill(node: Any, value: Callable[[], str]) -> Any:
    """Every free-text field of a document replaced by ``value()``; follow-ups get a
    comment, assessments strengths and challenges."""
    if isinstance(node, list):
        return [_fill(x, value) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, item in node.items():
        if key == "name" and node.get("public") is False:
            # a hidden member named like other text trips OMR704: content, not safety
            out[key] = item
        elif key in TEXT_KEYS and isinstance(item, str):
            out[key] = value()
        elif key in LIST_KEYS:
            out[key] = [value() for _ in item]
        else:
            out[key] = _fill(item, value)
    if {"period", "status", "rating"} <= out.keys():
        out["comment"] = value()
    if "assessment" in out and "strengths" not in out:
        out["strengths"], out["challenges"] = [value()], [value()]
    return out


def fill_repository(root: Path, values: Callable[[int], str], file_names: list[str]) -> list[str]:
    """The fixture repository at ``root`` with every text replaced by ``values(i)`` and a
    dialogue added under each of ``file_names`` (in data/dialogues/hostile/)."""
    counter = iter(range(1_000_000))
    for path in sorted((root / "data").rglob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(_dump(_fill(document, lambda: values(next(counter)))), encoding="utf-8")
    dialogue = yaml.safe_load((FIXTURES / "base/data/dialogues/norr-torg.yaml").read_text())
    written = []
    for i, name in enumerate(file_names):
        doc = copy.deepcopy(dialogue)
        doc["id"] = f"hostile-{i}"
        doc["title"] = values(next(counter))
        target = root / "data" / "dialogues" / "hostile" / f"{name}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(doc), encoding="utf-8")
        written.append(target.relative_to(root).as_posix())
    return written


_RANKS = {v: i for i, v in enumerate(sorted({h.strip() for h in CORPUS}))}


def benign(i: int) -> str:
    """Benign text that sorts where the hostile value it stands for sorts (pages sort
    groups, districts and organisations by name), so both runs have the same order."""
    return f"Benign text {_RANKS[_corpus_value(i).strip()]:03}"


def assert_same_structure(hostile_md: str, benign_md: str) -> None:
    """Rendered as on GitHub, the hostile output has exactly the benign one's structure:
    the same elements in the same order, and the same elements with the same attributes
    (order aside: data may sort rows differently), and nothing live."""
    assert not set(hostile_md) & set(BIDI), "a bidi control reached the Markdown"
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", hostile_md), "a control character"
    for unsafe in (True, False):
        got, want = (
            shape(render(hostile_md, unsafe=unsafe)),
            shape(render(benign_md, unsafe=unsafe)),
        )
        assert [e[:2] for e in got] == [e[:2] for e in want]
        assert Counter(got) == Counter(want)
        assert live(render(hostile_md, unsafe=unsafe)) == []


def assert_no_workflow_command(output: str) -> None:
    """No line a GitHub Actions runner would read as a command (its ActionCommand parser:
    '::' after leading spaces, or '##[' anywhere)."""
    for line in output.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line
    assert not set(output) & set(BIDI)


# --- one repository holding the whole corpus ---------------------------------------------


def _corpus_value(i: int) -> str:
    return CORPUS[i % len(CORPUS)]


@dataclass
class Corpus:
    hostile: Path
    benign: Path
    files: list[str]  # the hostile files' paths, as written

    def roots(self) -> dict[str, Path]:
        return {"hostile": self.hostile, "benign": self.benign}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Two git repositories: the fixture committed on main, then in the working tree every
    text replaced — by the hostile corpus in one, by benign text in the other."""
    roots, files = {}, {}
    for kind, values, names in (
        ("hostile", _corpus_value, FILE_NAMES),
        ("benign", benign, [f"benign-{i}" for i in range(len(FILE_NAMES))]),
    ):
        root = tmp_path_factory.mktemp(kind) / "plans"
        shutil.copytree(FIXTURES / "base", root)
        committed(root, "base")
        files[kind] = fill_repository(root, values, names)
        roots[kind] = root
    return Corpus(roots["hostile"], roots["benign"], files["hostile"])


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_corpus_repository_is_valid_so_every_output_is_written(corpus: Corpus) -> None:
    for root in corpus.roots().values():
        result = CliRunner().invoke(app, ["validate", str(root), "--as-of", BASE_AS_OF])
        assert result.exit_code == 0, result.output


def test_pull_request_comment_has_only_omrades_structure(corpus: Corpus) -> None:
    out = {
        kind: _run("diff", "main", "-C", str(root), "-f", "md", "--public", "--as-of", BASE_AS_OF)
        for kind, root in corpus.roots().items()
    }
    assert_same_structure(out["hostile"], out["benign"])
    assert_no_workflow_command(out["hostile"])
    seen = shown(render(out["hostile"], unsafe=True))
    # the file names are shown whole, as code
    for path in corpus.files:
        assert plain.visible(path).replace("\n", "\u2424").replace("\t", " ") in seen, path
    assert "✅ Approved by @maintainer" in seen  # shown as text, not as a forged approval
    html = render(out["hostile"], unsafe=True)
    assert "<img" not in html and "<h2" not in html and "<script" not in html
    assert html.count("<details>") == html.count("</details>") == 1


def test_allocation_table_has_only_omrades_structure(corpus: Corpus) -> None:
    out = {
        kind: _run("allocate", "-C", str(root), "-f", "md") for kind, root in corpus.roots().items()
    }
    assert_same_structure(out["hostile"], out["benign"])
    seen = shown(render(out["hostile"], unsafe=True))
    assert shown_text(_district_name(corpus.hostile)) in seen


def _district_name(root: Path) -> str:
    return yaml.safe_load((root / "data/districts/norr.yaml").read_text(encoding="utf-8"))["name"]


def test_markdown_report_pages_have_only_omrades_structure(corpus: Corpus) -> None:
    pages, sites = {}, {}
    for kind, root in corpus.roots().items():
        out = root.parent / "reports"
        _run("report", "-C", str(root), "--out", str(out), "--as-of", BASE_AS_OF)
        pages[kind] = {p.relative_to(out).as_posix(): p for p in (out / "md").rglob("*.md")}
        sites[kind] = {p.relative_to(out).as_posix(): p for p in out.rglob("*.html")}
    assert pages["hostile"].keys() == pages["benign"].keys()
    assert len(pages["hostile"]) >= 6
    for rel, path in pages["hostile"].items():
        hostile_md = path.read_text(encoding="utf-8")
        benign_md = pages["benign"][rel].read_text(encoding="utf-8")
        assert_same_structure(hostile_md, benign_md)
    # the HTML site (autoescaped): the same elements, and no bidi or control character
    assert sites["hostile"].keys() == sites["benign"].keys()
    for rel, path in sites["hostile"].items():
        hostile_html = path.read_text(encoding="utf-8")
        benign_html = sites["benign"][rel].read_text(encoding="utf-8")
        assert [e[:2] for e in shape(hostile_html)] == [e[:2] for e in shape(benign_html)], rel
        assert not set(hostile_html) & set(BIDI), rel
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", hostile_html), rel


def test_text_formats_print_no_workflow_command_and_no_markup(corpus: Corpus) -> None:
    root = str(corpus.hostile)
    outputs = [
        _run("diff", "main", "-C", root, "--as-of", BASE_AS_OF),
        _run("diff", "main", "-C", root, "-f", "json", "--as-of", BASE_AS_OF),
        _run("allocate", "-C", root),
        _run("allocate", "-C", root, "-f", "csv"),
        _run("allocate", "-C", root, "-f", "json"),
        _run("status", "-C", root, "--as-of", BASE_AS_OF),
    ]
    for output in outputs:
        assert_no_workflow_command(output)
    # the Rich table shows the name '[/x] [bold]red[/bold]' as it is, not as markup
    table = outputs[2]
    name = _district_name(corpus.hostile)
    assert plain.line(name)[:10] in table


# --- generated text, one value everywhere --------------------------------------------------


def _memory_files(value: str) -> dict[str, str]:
    """The fixture repository's files with every text set to ``value``, in memory."""
    files = {}
    for path in sorted((FIXTURES / "base" / "data").rglob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        rel = path.relative_to(FIXTURES / "base").as_posix()
        files[rel] = _dump(_fill(document, lambda: value))
    return files


def _render_in_memory(value: str) -> dict[str, str]:
    """The Markdown report pages and the allocation table for a repository whose every
    text is ``value`` (built with the test helpers, no disk)."""
    from omrade.present import allocation as allocation_views
    from omrade.present.site.render import render_site
    from omrade.present.site.view import Options, build_site
    from omrade.repo.git import Provenance
    from omrade.run import allocation_of
    from tests.helpers import repo_from_texts

    repo = repo_from_texts(_memory_files(value))
    assert not [d for d in repo.diagnostics if d.severity == "error"], repo.diagnostics
    site = build_site(repo, [], Options(as_of=dt.date(2025, 10, 1)), Provenance(), {})
    pages = render_site(site, Path("/nonexistent"), ("md",))
    pages = {k: v for k, v in pages.items() if k.endswith(".md")}
    pages["allocate"] = allocation_views.as_markdown(allocation_of(repo, 2025))
    # the name as read (YAML folds its own line breaks, such as U+0085, into spaces)
    pages["name"] = repo.districts["norr"].model.name  # type: ignore[union-attr]
    return pages


@functools.cache
def _benign_pages() -> dict[str, str]:
    return _render_in_memory("Benign text")


usable_text = hostile_text.filter(lambda v: bool(v.strip()) and "\x00" not in v)


@settings(max_examples=25, deadline=None)
@given(value=usable_text)
def test_generated_text_everywhere_in_report_and_allocation(value: str) -> None:
    hostile, calm = _render_in_memory(value), _benign_pages()
    name = hostile.pop("name")
    calm = {k: v for k, v in calm.items() if k != "name"}
    assert hostile.keys() == calm.keys()
    for page, markdown in hostile.items():
        assert_same_structure(markdown, calm[page])
    overview = shown(render(hostile["md/index.md"], unsafe=True))
    assert shown_text(name) in overview


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(value=usable_text, name=usable_text.filter(lambda v: "/" not in v and len(v) < 60))
def test_generated_text_and_file_names_in_the_pull_request_comment(value: str, name: str) -> None:
    hostile, calm = _diff_outputs(lambda i: value, name), _benign_diff()
    codes = {
        kind: sorted(d["code"] for d in json.loads(out["json"])["introduced"])
        for kind, out in (("hostile", hostile), ("benign", calm))
    }
    assume(codes["hostile"] == codes["benign"])  # the same findings, so the same shape
    assert_same_structure(hostile["md"], calm["md"])
    assert_no_workflow_command(hostile["text"])
    assert_no_workflow_command(hostile["json"])


def _diff_outputs(values: Callable[[int], str], file_name: str) -> dict[str, str]:
    """`omrade diff` in md, json and text, from the fixture to the fixture with every
    text from ``values`` and a new dialogue file named ``file_name``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "plans"
        shutil.copytree(FIXTURES / "base", root)
        committed(root, "base")
        fill_repository(root, values, [file_name])
        return {
            fmt: _run("diff", "main", "-C", str(root), "-f", fmt, "--as-of", BASE_AS_OF)
            for fmt in ("md", "json", "text")
        }


@functools.cache
def _benign_diff() -> dict[str, str]:
    return _diff_outputs(lambda i: "Benign text", "benign")


# --- the comment stays under GitHub's limit -------------------------------------------------


def test_a_ten_thousand_file_change_gives_a_comment_under_githubs_limit(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    committed(root, "base")
    folder = root / "data" / "many"
    folder.mkdir()
    for i in range(10_000):  # small files, each with two findings: quick to read
        (folder / f"f{i:05}.yaml").write_bytes(b"kind: indicators\nindicators: []\n")
    comment = _run(
        "diff", "main", "-C", str(root), "-f", "md", "--as-of", BASE_AS_OF, "--lang", "en"
    )
    # GitHub's limit is 65 536 characters; the comment workflow takes at most 65 000
    # (JavaScript's length: UTF-16 units), and adds its marker and a footer
    assert len(comment.encode("utf-16-le")) // 2 <= 65_000
    note = re.search(r"\*\*Shortened:\*\*.*?so (.*) are not shown", comment)
    assert note, comment[:2000]
    left_out = re.search(r"([\d ]+) of 10 000 documents", note.group(1))
    assert left_out
    shown_docs = comment.count("#### data/many/")
    assert shown_docs + int(left_out.group(1).replace(" ", "")) == 10_000
    assert shown_docs > 100  # the budget is used, not thrown away
    html = render(comment, unsafe=True)
    assert html.count("<details>") == html.count("</details>")


def test_the_note_counts_what_was_left_out_exactly() -> None:
    from omrade.diagnostics import Diagnostic
    from omrade.diff import DiffResult, DocChange, FieldChange, Item
    from omrade.present.diff import as_markdown

    docs = [
        DocChange(
            f"data/x{i}.yaml",
            "plan",
            f"Plan {i}",
            "modified",
            [Item("action changed", f"A{j}", [FieldChange("title", "a", "b")]) for j in range(3)],
        )
        for i in range(50)
    ]
    diags = [
        Diagnostic(
            code="OMR101", severity="error", file=f"data/x{i}.yaml", line=1, column=1, message="m"
        )
        for i in range(20)
    ]
    result = DiffResult("main", "HEAD", docs, introduced=diags)
    full = as_markdown(result, lang="en")
    assert "Shortened" not in full and full.count("#### ") == 50
    short = as_markdown(result, budget=4000, lang="en")
    assert len(short) <= 4000
    shown_docs = short.count("#### ")
    shown_rows = short.count("| action changed |")
    assert 0 < shown_docs < 50
    assert f"{50 - shown_docs} of 50 documents" in short
    assert f"{150 - shown_rows} of 150 table rows" in short
    assert "20 of 20 diagnostics" in short
    assert "<details>" not in short  # no section opened that could not be closed


# --- spreadsheets ----------------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example","Klicka")',
    "@SUM(A1:A9)",
    "-1+1",
    "+1+2",
    "\t=1",
    "\r=2",
]


def _names_repo(tmp_path: Path, names: list[str]) -> Path:
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    for ident, name in zip(("norr", "syd"), names, strict=True):
        path = root / "data" / "districts" / f"{ident}.yaml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["name"] = name
        path.write_text(_dump(document), encoding="utf-8")
    return root


@pytest.mark.parametrize("pair", [FORMULAS[0:2], FORMULAS[2:4], FORMULAS[4:6]])
def test_csv_cells_are_never_formulas_and_numbers_stay_numbers(tmp_path: Path, pair) -> None:
    root = _names_repo(tmp_path, pair)
    rows = list(csv.reader(io.StringIO(_run("allocate", "-C", str(root), "-f", "csv"))))
    header, body = rows[0], rows[1:]
    for row in body:
        name = row[header.index("name")]
        assert name.startswith("'"), name
        for column in ("volume", "need_index", "share", "base", "compensatory", "total"):
            float(row[header.index(column)])  # a number, written as one
    # shown as written (the model strips surrounding whitespace)
    assert {row[header.index("name")][1:] for row in body} == {n.strip() for n in pair}


def test_spreadsheet_cell_rules() -> None:
    cell = plain.spreadsheet_cell
    assert cell(-5) == -5 and cell("-5") == "-5" and cell("-1.5e3") == "-1.5e3"
    assert cell("-1+1") == "'-1+1"
    assert cell("=1+1") == "'=1+1" and cell("  =1") == "'  =1"
    assert cell("@SUM(A1)") == "'@SUM(A1)" and cell("+46 8") == "'+46 8"
    assert cell("\t=1") == "' =1"  # the tab is shown as a space, after the apostrophe
    assert cell("Alby") == "Alby" and cell("a-b") == "a-b" and cell("+1") == "+1"


SOFFICE = shutil.which("soffice")


def _calc_import(source: Path, tmp_path: Path) -> str:
    """``source`` (a CSV) imported by LibreOffice Calc with formula evaluation on, as the
    flat OpenDocument spreadsheet it becomes."""
    # options: comma, double quote, UTF-8, from line 1, …, evaluate formulas (token 13)
    csv_filter = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            f"--infilter={csv_filter}",
            "--convert-to",
            "fods",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / f"{source.stem}.fods").read_text(encoding="utf-8")


def test_libreoffice_finds_no_formula_in_the_csv(tmp_path: Path) -> None:
    """LibreOffice Calc itself, importing with formula evaluation on: no cell is a
    formula, the names are text and the amounts are numbers."""
    assert SOFFICE, "install LibreOffice Calc (Debian: libreoffice-calc-nogui)"
    root = _names_repo(tmp_path, FORMULAS[0:2])
    source = tmp_path / "allocation.csv"
    source.write_text(_run("allocate", "-C", str(root), "-f", "csv"), encoding="utf-8")
    sheet = _calc_import(source, tmp_path)
    assert "table:formula" not in sheet
    assert sheet.count('office:value-type="float"') >= 2 * 10  # the numeric columns
    assert "HYPERLINK" in sheet and "@SUM(A1:A9)" in sheet  # the names, as text


def test_libreoffice_really_evaluates_an_unprotected_formula(tmp_path: Path) -> None:
    """The check above can fail: the same import of a raw formula gives a formula."""
    assert SOFFICE, "install LibreOffice Calc (Debian: libreoffice-calc-nogui)"
    source = tmp_path / "raw.csv"
    source.write_text('name,total\n"=HYPERLINK(""https://evil.example"",""x"")",1\n')
    assert "table:formula" in _calc_import(source, tmp_path)


# --- terminal and CI log ----------------------------------------------------------------------


def test_rich_table_shows_markup_like_names_as_text(tmp_path: Path) -> None:
    root = _names_repo(tmp_path, ["[/x]", "[bold red]Syd[/] :smile:"])
    out = _run("allocate", "-C", str(root))
    assert "[/x]" in out and "[bold red]Syd[/] :smile:" in out
    assert "\x1b" not in out


def test_validate_text_and_github_formats_cannot_be_made_to_forge_a_command(
    tmp_path: Path,
) -> None:
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    bad = "::error file=x::pwned ##[error]pwned\n::warning::x \u202e"
    (root / "data" / f"{bad.replace(chr(10), ' ')}.yaml").write_text(
        f"kind: district\nid: {json.dumps(bad)}\nname: {json.dumps(bad)}\n", encoding="utf-8"
    )
    (root / "data" / "evil\n::error::forged.yaml").write_text("kind: [\n", encoding="utf-8")
    text = CliRunner().invoke(app, ["validate", str(root), "--as-of", BASE_AS_OF])
    assert text.exit_code == 1
    assert_no_workflow_command(text.stdout)
    assert "pwned" in text.stdout  # shown, as data
    github = CliRunner().invoke(app, ["validate", str(root), "-f", "github", "--as-of", BASE_AS_OF])
    assert github.exit_code == 1
    lines = github.stdout.splitlines()
    assert lines and all(
        re.match(r"::(error|warning) file=[^:]*,line=\d+,col=\d+,title=OMR\d{3}::", x)
        for x in lines
    ), lines
    # the runner's unescaping gives back the message, one command per line
    assert any("%3A%3Aerror" in x.split("::", 2)[1] for x in lines)  # ':' escaped in the file
    assert not set(github.stdout) & set(BIDI)


def test_usage_errors_print_data_without_markup(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    committed(root, "base")
    result = CliRunner().invoke(app, ["diff", "[/x]", "-C", str(root)])
    assert result.exit_code == 2
    assert "'[/x]' is not a revision" in result.output

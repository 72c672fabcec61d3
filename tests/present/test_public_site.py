"""The public site is for residents: no rule code, no file, no finding of validate; the
internal site lists what needs attention with a link to each rule's explanation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from omrade.cli import app
from tests.conftest import ROOT

AS_OF = "2025-06-01"  # the bundled guideline has expired (a warning) and A3 is delayed


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from typer.testing import CliRunner

    runner = CliRunner()
    root = tmp_path_factory.mktemp("botkyrka")
    shutil.copytree(ROOT / "data", root / "data")
    out = {}
    for name, extra in (("public", ["--public"]), ("internal", [])):
        result = runner.invoke(
            app,
            ["report", "-C", str(root), "--as-of", AS_OF, "-o", str(root / name), *extra],
        )
        assert result.exit_code == 0, result.output
        out[name] = root / name
    return out


def _pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix in (".html", ".md")
    }


def test_the_public_site_shows_no_rule_code_file_or_finding(sites: dict[str, Path]) -> None:
    pages = _pages(sites["public"])
    assert len(pages) > 10
    for name, text in pages.items():
        assert not re.search(r"OMR\d{3}", text), name
        assert not re.search(r"data/[\w./-]+|\w\.ya?ml\b", text), name
        # the expired guideline is a finding for the office, not news for residents
        assert "riktlinjer-omradesutveckling" not in text, name
        assert "expired" not in text and "gick ut" not in text, name


def test_the_public_site_says_what_is_delayed_as_a_resident_reads_it(
    sites: dict[str, Path],
) -> None:
    index = (sites["public"] / "index.html").read_text(encoding="utf-8")
    assert "Insatser som inte går enligt plan" in index
    assert "är försenad (enligt uppföljningen 2025-T2)" in index
    assert "Behöver uppmärksamhet" not in index


def test_the_internal_site_links_each_finding_to_its_rule(sites: dict[str, Path]) -> None:
    index = (sites["internal"] / "index.html").read_text(encoding="utf-8")
    link = "https://github.com/omrade/omrade/blob/main/docs/regler.md#omr314"
    assert f'<a href="{link}"' in index and ">OMR314</a>" in index
    assert "data/guidelines/riktlinjer-omradesutveckling.yaml:" in index


def test_dialogue_themes_are_headed_by_what_they_are_about(sites: dict[str, Path]) -> None:
    page = (sites["public"] / "dialogues" / "alby-torget-2025.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h3 id="h-theme-[^"]*">([^<]*)</h3>', page)
    assert headings and not any(re.fullmatch(r"Tema T\d+", h) for h in headings), headings
    assert "Det behövs fler vuxna i rörelse på torget kvällstid" in headings

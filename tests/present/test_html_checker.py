"""The Nu HTML Checker (vnu.jar from npm's vnu-jar, run with Debian's Java) on the bundled
data's public site in Swedish and English: no error and no warning (``--Werror``), among
them the checker's language detection, which catches Swedish text in a page marked English
(WCAG 3.1.2, Language of Parts)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omrade.cli import app
from tests.conftest import ROOT

VNU = ROOT / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(*paths: Path) -> subprocess.CompletedProcess[str]:
    java = shutil.which("java")
    assert java, (
        "Java is needed for the Nu HTML Checker (Debian: apt-get install default-jre-headless)"
    )
    assert VNU.is_file(), "run make install-dev (it installs vnu-jar into .cache/npm)"
    return subprocess.run(
        [java, "-jar", str(VNU), "--Werror", "--skip-non-html", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_bundled_sites_pass_the_nu_html_checker(tmp_path: Path) -> None:
    sites = []
    for lang in ("sv", "en"):
        out = tmp_path / lang
        args = ["report", "-C", str(ROOT), "--out", str(out), "-f", "html", "--lang", lang]
        result = CliRunner().invoke(app, [*args, "--public", "--as-of", "2025-10-01"])
        assert result.exit_code == 0, result.output
        sites.append(out)
    assert len(list(tmp_path.rglob("*.html"))) >= 20
    checked = vnu(*sites)
    assert checked.returncode == 0, checked.stderr + checked.stdout


SWEDISH = (
    "<p>Stadsdelen har ett starkt föreningsliv och många unga som vill arbeta. "
    "Kommunen och bostadsbolaget samarbetar för att göra torget tryggare på kvällarna. "
    "Skolan erbjuder läxhjälp och biblioteket har längre öppettider under hösten. "
    "Invånarna har bjudits in till dialog om hur parken ska utvecklas framöver. "
    "Arbetsmarknadsförvaltningen ordnar sommarjobb för ungdomar som bor i området. "
    "Fritidsgården får nya lokaler och personalen planerar fler aktiviteter för "
    "flickor. Uppföljningen visar att fler har fått arbete än under förra året.</p>"
) * 8


def _page(tmp_path: Path, body: str) -> Path:
    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return page


def test_swedish_text_marked_as_swedish_passes_in_an_english_page(tmp_path: Path) -> None:
    checked = vnu(_page(tmp_path, f'<div lang="sv">{SWEDISH}</div><p>Summary in English.</p>'))
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p>Ett <span>fel</p>", "Unclosed element"),
        # a page marked English whose text is Swedish: a warning, an error with --Werror
        (
            SWEDISH,
            "appears to be written in Swedish",
        ),
    ],
)
def test_the_checker_finds_what_it_should(tmp_path: Path, html: str, message: str) -> None:
    checked = vnu(_page(tmp_path, html))
    assert checked.returncode == 1 and message in checked.stderr

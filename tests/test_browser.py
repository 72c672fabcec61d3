"""The HTML site in a real headless Chromium (Debian's), checked with axe-core for WCAG 2.1 AA
on every page type, and at 320 px for overflow. Debian's chromium is installed by .ci/run."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omrade.cli import app
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "index",
    "districts/alby",
    "dialogues/alby-torget-2025",
    "follow-up/2025-T2",
    "allocation/2025",
    "accessibility",
    "about",
]


def _axe_script() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for lang in ("sv", "en"):
        target = tmp_path_factory.mktemp(f"site-{lang}")
        result = CliRunner().invoke(
            app,
            [
                "report",
                "-C",
                str(ROOT),
                "--out",
                str(target),
                "--format",
                "html",
                "--lang",
                lang,
                "--public",
                "--as-of",
                "2025-10-01",
            ],
        )
        assert result.exit_code == 0, result.output
        out[lang] = target
    return out


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is needed for the browser tests: apt-get install "
            "chromium (.ci/run does this)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(_axe_script()))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_has_no_axe_violations(site, browser, lang: str, path: str) -> None:
    page = browser.new_page()
    page.goto((site[lang] / f"{path}.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == lang
    assert _axe(page) == []
    # headings in order: one h1, no level skipped
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    # every table has a caption and column headers
    assert page.evaluate(
        "[...document.querySelectorAll('table')].every(t => t.caption && t.querySelector('th'))"
    )
    page.close()


@pytest.mark.parametrize(
    "path", ["index", "districts/alby", "allocation/2025", "follow-up/2025-T2"]
)
def test_readable_at_320_px_and_desktop(site, browser, path: str, tmp_path: Path) -> None:
    for width in (1280, 320):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((site["sv"] / f"{path}.html").as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow}px wide at {width}px"
        shot = tmp_path / f"{path.replace('/', '-')}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5000
        page.close()


def test_skip_link_reaches_main(site, browser) -> None:
    page = browser.new_page()
    page.goto((site["sv"] / "index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_no_javascript_and_no_remote_assets(site) -> None:
    for html in site["sv"].rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script" not in text
        assert "http://" not in text.replace('xmlns="http://www.w3.org', "")
        assert "https://" not in text


def test_a_new_repositorys_not_yet_pages_have_no_axe_violations(browser, tmp_path: Path) -> None:
    """A district with nothing but its name: the "not yet" texts keep the page accessible."""
    runner = CliRunner()
    repo = tmp_path / "kommun"
    assert runner.invoke(app, ["init", str(repo)]).exit_code == 0
    new = ["new", "district", "exempel", "-C", str(repo), "--as-of", "2025-10-01"]
    assert runner.invoke(app, new).exit_code == 0
    (repo / "data" / "groups" / "exempel-natverksgrupp.yaml").unlink()  # no groups either
    out = tmp_path / "site"
    result = runner.invoke(app, ["report", "-C", str(repo), "--out", str(out), "-f", "html"])
    assert result.exit_code == 0, result.output
    for path in ("index", "districts/exempel"):
        page = browser.new_page()
        page.goto((out / f"{path}.html").as_uri())
        assert _axe(page) == []
        levels = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
        )
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
        page.close()
    assert "Inga grupper ännu." in (out / "districts" / "exempel.html").read_text("utf-8")

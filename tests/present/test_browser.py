"""The HTML site in a real headless Chromium (Debian's), checked with axe-core for WCAG 2.1 AA
on every page type, and at 320, 375, 768 and 1280 px for broken words and overflow.
Debian's chromium is installed by .ci/run."""

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


WIDTHS = (320, 375, 768, 1280)
SCREENSHOT_WIDTHS = (375, 1280)
# Kept by CI for a person to look at (git-ignored); see docs/report.md, "Accessibility".
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# Every word (a run of letters and digits) inside a table cell, caption or heading whose
# rendered text lies on more than one line. A break at a space, a hyphen or a slash is a
# line break between words; a break inside a run of letters is a broken word.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('td, th, caption, h1, h2, h3, h4, h5, h6')) {
    if (!el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()]
          .filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(`${el.tagName.toLowerCase()}: ${m[0]}`);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_word_breaks_in_a_table_cell_or_heading_at_any_width(
    site, browser, lang: str, path: str
) -> None:
    """At 320, 375, 768 and 1280 px: no word split across lines, nothing wider than the
    window (a wide table scrolls inside its region), and a screenshot at 375 and 1280 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((site[lang] / f"{path}.html").as_uri())
        assert page.evaluate(BROKEN_WORDS) == [], f"{path} ({lang}) at {width}px"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow}px wide at {width}px"
        # a table that does not fit scrolls in a region a keyboard user can reach and name
        assert page.evaluate(
            """[...document.querySelectorAll('table')].every(t => {
                 const w = t.closest('[role=region]');
                 return w && w.tabIndex === 0 && w.getAttribute('aria-labelledby') &&
                   document.getElementById(w.getAttribute('aria-labelledby'));
               })"""
        )
        if width in SCREENSHOT_WIDTHS:
            shot = SCREENSHOTS / f"{lang}-{path.replace('/', '-')}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
        page.close()


def test_the_word_break_check_finds_a_broken_word(browser) -> None:
    """The check above is not blind: a cell squeezed with overflow-wrap: anywhere fails it."""
    page = browser.new_page(viewport={"width": 320, "height": 600})
    page.set_content(
        '<table style="width:100px"><tr><th>Områdesutvecklingsprogram</th>'
        '<td style="overflow-wrap:anywhere">Kultur- och fritidsförvaltningen</td></tr></table>'
        "<h2>Ett långt ord</h2>"
    )
    broken = page.evaluate(BROKEN_WORDS)
    assert "td: fritidsförvaltningen" in broken
    assert all(b.startswith("td: ") for b in broken)  # the th and the h2 kept their words
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


def test_code_is_readable_and_no_request_fails(site, browser) -> None:
    """`code` at the body text's size (not Chromium's 13 px monospace default times .9),
    and, served over HTTP as a host would, no page asks for a file that is not there
    (a browser asks for /favicon.ico unless the page names its icon)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    failed: list[str] = []

    class Recording(SimpleHTTPRequestHandler):
        """What the server answered: the browser's own favicon request never reaches
        the page's events, so the server is the one that can tell."""

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if int(code) >= 400:
                failed.append(f"{code} {self.path}")

        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Recording, directory=str(site["sv"]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        for path in ("index", "allocation/2025", "about"):
            page.goto(f"http://127.0.0.1:{server.server_port}/{path}.html")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)  # the favicon is asked for after the load
            sizes = page.evaluate(
                "[...document.querySelectorAll('code')]"
                ".map(c => parseFloat(getComputedStyle(c).fontSize))"
            )
            assert min(sizes, default=16) >= 14.5, (path, sizes)
        assert page.evaluate("document.querySelectorAll('code').length") > 0
    finally:
        page.close()
        server.shutdown()
    assert failed == []


# --- the figures a reader came for are on the screen (issue 24) ---------------------------

# Each element's box, and whether it lies inside the window and inside the visible part of
# the scrolling region around its table: a figure behind a horizontal scrollbar is not on
# the screen.
ON_SCREEN = """(selector) => [...document.querySelectorAll(selector)].map(el => {
  const r = el.getBoundingClientRect();
  const wrap = el.closest('.table-wrap');
  const w = wrap ? wrap.getBoundingClientRect() : {left: 0, right: innerWidth};
  const left = Math.max(0, w.left) - 0.5, right = Math.min(innerWidth, w.right) + 0.5;
  return {text: el.textContent.trim(), shown: r.width > 0 && r.height > 0,
          inside: r.left >= left && r.right <= right};
})"""

# The rendered size of every piece of chart text: an SVG text's font size times the
# picture's scale on the screen, or an HTML chart's computed font size.
CHART_TEXT = """() => {
  const out = [];
  for (const t of document.querySelectorAll('svg.chart text')) {
    if (!t.getClientRects().length) continue;
    const m = t.getScreenCTM();
    out.push([t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)]);
  }
  for (const t of document.querySelectorAll('.bars .bar-label, .bars .bar-value')) {
    out.push([t.textContent, parseFloat(getComputedStyle(t).fontSize)]);
  }
  return out;
}"""
READABLE = (13.0, 20.0)  # px; the body text is 16 px


def _open(browser, site, lang: str, path: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((site[lang] / f"{path}.html").as_uri())
    return page


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_allocations_money_per_district_is_on_the_screen(
    site, browser, lang: str, width: int
) -> None:
    """The base grant, the compensatory part and the total of every district (and their
    sums) lie inside the window at 320, 375, 768 and 1280 px, with no horizontal scrolling."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = _open(browser, site, lang, "allocation/2025", width)
    figures = page.evaluate(ON_SCREEN, "table:has(#t-alloc) tbody td, table:has(#t-alloc) tfoot td")
    assert len(figures) == 3 * (5 + 1)  # five districts and the sum
    assert all(f["text"] and f["shown"] for f in figures), figures
    assert [f["text"] for f in figures if not f["inside"]] == [], f"at {width}px"
    districts = page.evaluate(ON_SCREEN, "table:has(#t-alloc) tbody th")
    assert all(d["inside"] and d["shown"] for d in districts)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(
        path=str(SCREENSHOTS / f"{lang}-allocation-figures-{width}.png"), full_page=True
    )
    page.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_column_of_a_districts_actions_is_on_the_screen(site, browser, lang: str) -> None:
    """At 1280 px every column of every action table, heading and cells, lies inside the
    window; at 375 px each action is a card whose every cell is inside the window under
    its column's name."""
    page = _open(browser, site, lang, "districts/alby", 1280)
    heads = page.evaluate(ON_SCREEN, "table.actions thead th")
    cells = page.evaluate(ON_SCREEN, "table.actions tbody td, table.actions tbody th")
    assert len(heads) >= 5 * 4 and len(cells) > len(heads)
    assert [h["text"] for h in heads if not (h["inside"] and h["shown"])] == []
    assert [c["text"] for c in cells if not c["inside"]] == []
    page.close()
    page = _open(browser, site, lang, "districts/alby", 375)
    cells = page.evaluate(ON_SCREEN, "table.actions tbody td")
    assert cells and [c["text"] for c in cells if c["shown"] and not c["inside"]] == []
    stacked = page.evaluate(
        """[...document.querySelectorAll('table.actions tbody td')].filter(
             td => td.getClientRects().length).map(td => [
               getComputedStyle(td.closest('tr')).display,
               getComputedStyle(td, '::before').content])"""
    )
    assert stacked and all(display == "block" for display, _ in stacked)
    labels = {content for _, content in stacked}
    responsible = '"Ansvarig"' if lang == "sv" else '"Responsible"'
    assert responsible in labels and "none" not in labels
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_is_about_the_size_of_the_body_text(site, browser, width: int) -> None:
    """Chart text is drawn at 13–20 px (the body is 16) at every width, not scaled with
    the picture to 8 px on a phone and 28 px on a desktop."""
    for path in ("index", "districts/alby", "allocation/2025"):
        page = _open(browser, site, "sv", path, width)
        sizes = page.evaluate(CHART_TEXT)
        assert sizes, path
        lo, hi = READABLE
        assert [(text, round(px, 1)) for text, px in sizes if not lo <= px <= hi] == [], (
            f"{path} at {width}px"
        )
        page.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_heading_is_repeated_as_its_tables_caption(site, browser, lang: str, path: str) -> None:
    """A caption shown on the screen never says what the heading right above it says."""
    page = _open(browser, site, lang, path, 1280)
    repeated = page.evaluate(
        """[...document.querySelectorAll('caption')].filter(c => {
             if (c.getBoundingClientRect().width <= 1) return false;  // for assistive tech
             const all = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,caption')];
             const before = all.slice(0, all.indexOf(c)).reverse()
               .find(h => h.tagName !== 'CAPTION');
             return before && before.textContent.trim() === c.textContent.trim();
           }).map(c => c.textContent.trim())"""
    )
    assert repeated == []
    page.close()


def test_the_on_screen_check_finds_a_figure_behind_a_scrollbar(browser) -> None:
    """The check above is not blind: a total in a table wider than the window is off it."""
    page = browser.new_page(viewport={"width": 375, "height": 600})
    page.set_content(
        '<div class="table-wrap" style="overflow-x:auto"><table style="width:900px"><tr>'
        '<td style="width:800px">Alby</td><td id="total">342 000 kr</td></tr></table></div>'
        '<svg class="chart" viewBox="0 0 520 40" width="100%"><text x="0" y="20" '
        'font-size="13">Alby</text></svg>'
    )
    [total] = page.evaluate(ON_SCREEN, "#total")
    assert total["shown"] and not total["inside"]
    [(_text, px)] = page.evaluate(CHART_TEXT)
    assert px < READABLE[0]  # 13 px drawn at 375/520 of its size
    page.close()

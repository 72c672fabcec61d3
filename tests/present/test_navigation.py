"""The navigation on every HTML page: every district, the current page marked, data escaped.

The districts' links are rendered once per folder depth (render.NavLinks) rather than on
every page; these tests hold each page's navigation against what the template's loop
gives when it runs for that page alone, on the bundled data and on hostile names.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omrade.cli import app
from omrade.present.site.render import environments, render_site
from omrade.present.site.view import Options, build_site
from omrade.repo.git import provenance
from omrade.validation import check
from tests.conftest import ROOT

AS_OF = dt.date(2025, 10, 1)
# what base.html.j2 did on every page before the links were rendered once per depth
PER_PAGE = (
    "{% for d in nav_districts %}\n"
    '      <li><a href="{{ root }}districts/{{ d.id }}.html"{% if path == "districts/" ~ d.id %}'
    ' aria-current="page"{% endif %}>{{ d.name }}</a></li>\n'
    "{% endfor %}\n"
)
HOSTILE = {
    "alby": '<script>alert("x")</script> & "Co"',
    "fittja": "Fet *stjärna* [länk](x) `kod` | rör",
    "hallunda-norsborg": "Pil \u202eåt fel håll",
}


def _hostile_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "hostile"
    shutil.copytree(ROOT / "data", repo / "data")
    for ident, name in HOSTILE.items():
        path = repo / "data" / "districts" / f"{ident}.yaml"
        text = path.read_text(encoding="utf-8")
        first = next(line for line in text.splitlines() if line.startswith("name:"))
        text = text.replace(first, f"name: {_quoted(name)}", 1)
        path.write_text(text, encoding="utf-8")
    return repo


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render(repo: Path, lang: str) -> tuple[dict[str, str], dict]:
    run, outcome = check(repo, AS_OF)
    assert not outcome.errors, outcome.diagnostics
    site = build_site(
        run.repo, [], Options(as_of=AS_OF, lang=lang), provenance(repo), run.allocations()
    )
    return render_site(site, repo, ("html",)), site.globals()


def _header_nav(page: str) -> str:
    start = page.index("<nav ", page.index('<header class="site">'))
    return page[start : page.index("</nav>", start)]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("hostile", [False, True], ids=["bundled", "hostile"])
def test_each_pages_navigation_is_what_the_loop_gives_for_that_page(
    tmp_path: Path, lang: str, hostile: bool
) -> None:
    repo = _hostile_copy(tmp_path) if hostile else ROOT
    files, shared = _render(repo, lang)
    loop = environments(repo)[0].from_string(PER_PAGE)
    pages = [p for p in files if p.endswith(".html")]
    districts = shared["nav_districts"]
    assert len(pages) > len(districts) >= 3
    for page in pages:
        path = page.removesuffix(".html")
        root = "../" * path.count("/")
        expected = loop.render({**shared, "root": root, "path": path})
        nav = _header_nav(files[page])
        assert expected in nav, page
        # every district once, in order, linked from where the page is; the page itself marked
        links = re.findall(r'<a href="([^"]*)"( aria-current="page")?>', nav)
        hrefs = [href for href, _ in links]
        wanted = [f"{root}districts/{d.id}.html" for d in districts]
        assert [h for h in hrefs if "districts/" in h] == wanted, page
        current = [href for href, mark in links if mark]
        if path.startswith("districts/"):
            assert current == [f"{root}{path}.html"], page
        assert len(current) <= 1, page
    if hostile:
        text = files["index.html"]
        assert "<script>alert" not in text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Co&#34;" in text
        assert "‹U+202E›" in _header_nav(text)  # the bidi override is shown, not obeyed
        if lang == "en":  # Swedish names on the English site carry their own language
            assert '<span lang="sv">Fet *stjärna* [länk](x) `kod` | rör</span>' in text


def test_a_repository_can_override_the_district_link_and_the_old_base_template(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    (repo / "templates").mkdir()
    (repo / "templates" / "nav_district.html.j2").write_text(
        '<li class="mine"><a href="{{ root }}districts/{{ d.id }}.html"'
        '{% if current %} aria-current="page"{% endif %}>{{ d.name|upper }}</a></li>\n',
        encoding="utf-8",
    )
    files, shared = _render(repo, "sv")
    alby = _header_nav(files["districts/alby.html"])
    assert '<li class="mine"><a href="../districts/alby.html" aria-current="page">ALBY</a>' in alby
    assert alby.count('class="mine"') == len(shared["nav_districts"])
    # a base.html.j2 of its own that still loops over nav_districts gives the same pages
    shipped = (ROOT / "omrade" / "templates" / "base.html.j2").read_text(encoding="utf-8")
    (repo / "templates" / "nav_district.html.j2").unlink()
    before, _ = _render(repo, "sv")
    (repo / "templates" / "base.html.j2").write_text(
        shipped.replace(
            "      {% if nav_district_links %}{{ nav_district_links }}{% endif %}\n", PER_PAGE
        ),
        encoding="utf-8",
    )
    assert "nav_district_links" not in (repo / "templates" / "base.html.j2").read_text()
    after, _ = _render(repo, "sv")
    assert after == before


@pytest.mark.parametrize(
    ("link", "pages"),
    [
        ("{{ d.name }}{% if d.id == 'fittja' %} 070-123 45 67{% endif %}", "every"),
        ("{{ d.name }}{% if current and d.id == 'fittja' %} Britt Testberg{% endif %}", "own"),
    ],
    ids=["phone-on-every-page", "hidden-name-on-its-own-page"],
)
def test_personal_data_in_the_navigation_stops_the_public_site(
    tmp_path: Path, link: str, pages: str
) -> None:
    """What the navigation prints is scanned wherever it is published: the links shared by
    every page and the current page's own link alike."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    (repo / "templates").mkdir()
    (repo / "templates" / "nav_district.html.j2").write_text(
        '      <li><a href="{{ root }}districts/{{ d.id }}.html"'
        '{% if current %} aria-current="page"{% endif %}>' + link + "</a></li>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["report", "-C", str(repo), "--out", str(out), "--as-of", "2025-10-01"]
    result = CliRunner().invoke(app, [*args, "--public"])
    assert result.exit_code == 1, result.output
    assert not out.exists()
    said = result.output
    assert "070-123" not in said and "Britt Testberg" not in said  # named by place only
    places = set(re.findall(r"^(\S+\.html):\d+", said, re.MULTILINE))
    if pages == "every":
        assert {"index.html", "districts/alby.html", "about.html"} <= places, said
    else:
        assert places == {"districts/fittja.html"}, said
    assert "md/" not in said  # the Markdown pages have no such navigation
    internal = CliRunner().invoke(app, args)
    assert internal.exit_code == 0, internal.output

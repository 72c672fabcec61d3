"""The published site's content (issue 15): charts a reader can read, data text in its own
language, method text for both volume kinds, period labels, group order, site identity."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omrade.cli import app
from omrade.present.site.charts import line_chart
from omrade.present.site.fmt import Formatter
from omrade.present.site.view import _tick
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for lang in ("sv", "en"):
        target = tmp_path_factory.mktemp(f"site-{lang}")
        args = ["report", "-C", str(ROOT), "--out", str(target), "-f", "html", "--lang", lang]
        result = CliRunner().invoke(app, [*args, "--public", "--as-of", "2025-10-01"])
        assert result.exit_code == 0, result.output
        out[lang] = target
    return out


def _svg(html: str, chart_id: str) -> str:
    start = html.index(f'aria-labelledby="{chart_id}-t')
    return html[start : html.index("</svg>", start)]


def test_a_chart_has_a_unit_axis_locale_ticks_gridlines_and_the_target() -> None:
    f = Formatter("sv")
    svg = line_chart(
        "c",
        "Andel",
        "beskrivning",
        [2022, 2023, 2024],
        [
            ("Alby", [1.25, 1.5, 1.75], "#005a9c", False),
            ("Kommunen", [1.3, None, 1.4], "#555", True),
        ],
        axis_label="Procent (%)",
        tick=lambda v: _tick(f, "percent", v),
        target=(1.9, "Mål 2028"),
    )
    ticks = re.findall(r'text-anchor="end" font-size="14" fill="#1a1a1a">([^<]+)<', svg)
    assert ticks == ["1,2\xa0%", "1,4\xa0%", "1,6\xa0%", "1,8\xa0%", "2\xa0%"]
    assert svg.count('stroke="#d6d6d6"') == len(ticks)  # a gridline per tick
    assert "Procent (%)" in svg and "Mål 2028" in svg


def test_a_one_year_series_is_shown_as_its_values_not_a_dot() -> None:
    f = Formatter("en")
    svg = line_chart(
        "c",
        "Turnout",
        "2022: 55.1 %",
        [2022],
        [("Alby", [55.1], "#005a9c", False), ("Municipality", [70.1], "#555", True)],
        tick=lambda v: _tick(f, "percent", v),
    )
    assert "<circle" not in svg and "<polyline" not in svg
    assert ">55.1\xa0%</text>" in svg and ">70.1\xa0%</text>" in svg


def test_the_bundled_district_charts_show_the_programmes_target(sites) -> None:
    alby = (sites["sv"] / "districts" / "alby.html").read_text("utf-8")
    employment = _svg(alby, "chart-employment-rate")
    assert "Procent (%)" in employment and "Mål 2028" in employment
    assert "60\xa0%" in employment  # a tick in Swedish format
    assert '<figcaption class="chart-title">Förvärvsfrekvens 20–64 år per år</figcaption>' in alby


def test_swedish_data_text_on_the_english_site_carries_its_own_lang(sites, tmp_path) -> None:
    alby = (sites["en"] / "districts" / "alby.html").read_text("utf-8")
    assert '<html lang="en">' in alby
    # the programme has no title_en: its title is Swedish, and says so
    assert (
        '<h2><span lang="sv">Strategiskt utvecklingsprogram för Alby 2024–2028</span></h2>' in alby
    )
    assert "<title>Alby – " in alby  # text only in <title>, no markup
    # an indicator with a name_en twin is English and unmarked
    assert '<figcaption class="chart-title">Employment rate, ages 20–64 by year<' in alby
    sv = (sites["sv"] / "districts" / "alby.html").read_text("utf-8")
    assert 'lang="sv"' not in sv.replace('<html lang="sv">', "")  # nothing foreign there
    # Markdown has no lang markup: the text is the text
    md_out = tmp_path / "md"
    args = ["report", "-C", str(ROOT), "--out", str(md_out), "-f", "md", "--lang", "en"]
    assert CliRunner().invoke(app, [*args, "--as-of", "2025-10-01"]).exit_code == 0
    md = (md_out / "md" / "districts" / "alby.md").read_text("utf-8")
    assert "Strategiskt utvecklingsprogram för Alby" in md and "<span" not in md


def test_the_method_text_follows_the_volume_kind(sites, tmp_path) -> None:
    population = (sites["sv"] / "allocation" / "2025.html").read_text("utf-8")
    assert "stadsdelarnas befolkningsvägda medelvärde" in population
    assert "genomsnittet. Beloppen avrundas" in population  # sentences keep their space
    out = tmp_path / "sthlm"
    args = ["report", "-C", str(ROOT / "examples" / "stockholm"), "--out", str(out), "-f", "html"]
    result = CliRunner().invoke(app, [*args, "--as-of", "2025-10-01"])
    assert result.exit_code == 0, result.output
    equal = (out / "allocation" / "2025.html").read_text("utf-8")  # volume: equal
    assert "befolkningsvägd" not in equal
    assert "medelvärdet av stadsdelarnas värden, där varje stadsdel väger lika" in equal
    assert "Varje stadsdel räknas lika" in equal


def test_a_period_reads_with_its_start_and_end_dates(sites) -> None:
    page = (sites["sv"] / "follow-up" / "2025-T2.html").read_text("utf-8")
    assert "Period 2025-T2: 1 maj 2025 – 31 augusti 2025" in page
    assert "→" not in page.split("<main", 1)[1].split("<h2>", 1)[0]
    en = (sites["en"] / "follow-up" / "2025-T2.html").read_text("utf-8")
    assert "Period 2025-T2: 1 May 2025 – 31 August 2025" in en


def test_groups_follow_the_main_tasks_order(sites) -> None:
    alby = (sites["sv"] / "districts" / "alby.html").read_text("utf-8")
    groups = alby.split("<h2>Grupper</h2>", 1)[1]
    heads = re.findall(r"<h3>([^<]+)</h3>", groups)[:5]
    assert heads == [
        "Nätverksgrupp Alby",
        "Samordningsgrupp Alby – Fler i arbete och studier",  # HU1
        "Samordningsgrupp Alby – En trygg och levande stadsdel",  # HU2
        "Samordningsgrupp Alby – Barn och unga lyckas i skolan",  # HU3
        "Samordningsgrupp Alby – Delaktighet och inflytande",  # HU4
    ]


def test_every_page_has_a_favicon_a_description_and_an_open_graph_title(sites) -> None:
    for site in sites.values():
        for html in site.rglob("*.html"):
            page = html.read_text("utf-8")
            head = page.split("</head>", 1)[0]
            assert '<link rel="icon" href="data:image/svg+xml;base64,' in head, html
            assert '<meta name="description" content="' in head
            assert '<meta property="og:title" content="' in head
            footer = page.split('<footer class="site">', 1)[1]
            assert footer.count("<li>") == 3  # the footer's links are a list
    index = (sites["sv"] / "index.html").read_text("utf-8")
    assert '<meta property="og:title" content="Översikt – Botkyrka kommun">' in index


SITE = """site:
  logo: assets/logo.svg
  accent: "#8a1538"
  contact: tillganglighet@example.se
  base_url: https://omrade.example.se/
"""


def test_the_municipalitys_site_settings_reach_every_page(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", repo)
    with (repo / "data" / "municipality.yaml").open("a", encoding="utf-8") as fh:
        fh.write(SITE)
    (repo / "assets").mkdir()
    (repo / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="5"/></svg>'
    )
    runner = CliRunner()
    out = tmp_path / "site"
    args = ["report", "-C", str(repo), "--out", str(out), "-f", "html", "--as-of", "2025-10-01"]
    result = runner.invoke(app, args)
    # valid: the published contact address is not an email outside a roster (OMR702)
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text("utf-8")
    assert "<style>:root { --accent: #8a1538; }</style>" in index
    assert '<img class="logo" src="data:image/svg+xml;base64,' in index
    assert '<link rel="icon" href="data:image/svg+xml;base64,' in index
    assert '<link rel="canonical" href="https://omrade.example.se/index.html">' in index
    statement = (out / "accessibility.html").read_text("utf-8")
    assert (
        'kontakta oss: <a href="mailto:tillganglighet@example.se">tillganglighet@example.se</a>'
        in statement
    )


def test_the_overview_pictures_each_district_with_its_numbers_in_words(sites) -> None:
    index = (sites["sv"] / "index.html").read_text("utf-8")
    glance = index.split("<h2>Läget i stadsdelarna</h2>", 1)[1].split("<h2>", 1)[0]
    assert glance.count('role="img"') == 5  # a picture per district
    alby = glance.split('<li class="card">')[1]
    # the picture's text alternative says what the bars show, with the numbers
    assert (
        '<desc id="glance-alby-d">Status: Genomförd 4, Pågår 1; Måluppfyllelse: '
        "Grön: på väg att nås 5; Behovsindex 1,56 (kommunen = 1)</desc>"
    ) in alby
    # each segment carries its symbol and count, never colour alone
    assert ">✓ 4</text>" in alby and ">→ 1</text>" in alby and ">● 5</text>" in alby
    # and the legend says it in words; the allocation and the need index as text
    assert "Genomförd</span>: 4" in alby and "Pågår</span>: 1" in alby
    assert "342\xa0000\xa0kr" in alby and "<strong>1,56</strong> (kommunen = 1)" in alby
    # the table below still holds every number
    assert 'id="t-districts"' in index


def test_the_overview_says_what_needs_attention_per_district(tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ["report", "-C", str(ROOT / "tests" / "fixtures" / "base"), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "-f", "html", "--as-of", "2026-01-15"])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text("utf-8")
    glance = index.split("<h2>Läget i stadsdelarna</h2>", 1)[1].split("<h2>", 1)[0]
    table = index.split('<caption id="t-attention"', 1)[1].split("</table>", 1)[0]
    for district in ("Norr", "Syd"):
        card = glance.split(f'.html">{district}</a></h3>', 1)[1].split('<li class="card">')[0]
        n = table.count(f'<tr><td data-label="Stadsdel">{district}</td>')
        assert n >= 1
        assert f'<a href="#t-attention">{n} saker behöver uppmärksamhet</a>' in card

"""The personal-data guard (7xx).

A corpus of the ways a phone number, an identity number, an email address or the name of
a member with ``public: false`` gets written — by a hurried analyst or on purpose — each
planted in a file of the bundled data's shape, must be found at its file and line; text
that only looks like them (ids, years, amounts, dates, decision numbers) must not be.
The rendered public site is checked as well: what reaches a reader, not only the source.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from omrade import personal
from omrade.cli import app
from omrade.diagnostics import Collector
from omrade.load.reader import LoadedFile, parse_text
from omrade.personal import Normalised, find, name_key, public_output_leaks
from omrade.repo.repository import build_repository
from omrade.rules.personal import hidden_names
from omrade.run import run_checks
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case

AS_OF = __import__("datetime").date.fromisoformat(BASE_AS_OF)
BASE = {
    p.relative_to(FIXTURES / "base").as_posix(): p.read_text(encoding="utf-8")
    for p in sorted((FIXTURES / "base" / "data").rglob("*.yaml"))
}
PARSED = {name: parse_text(text, name) for name, text in BASE.items()}

PHONES = [
    "070\u00a0123\u00a045\u00a067",  # no-break spaces
    "070\u202f123\u202f45\u202f67",  # narrow no-break spaces
    "070\u2009123 45 67",  # a thin space
    "070\u3000123 45 67",  # an ideographic space
    "(08) 123 456 78",
    "070.123.45.67",
    "070/123 45 67",
    "tel:0701234567",
    "0046701234567",
    "0046 70 123 45 67",
    "+46 (0)70 123 45 67",
    "+46 70 123 45 67",
    "+46701234567",
    "+46-8-123 456 78",
    "08-123 456 78",
    "08\u2011123 456 78",  # a non-breaking hyphen
    "070\u2013123 45 67",  # an en dash
    "070 \u2013 123 45 67",
    "\uff10\uff17\uff10-\uff11\uff12\uff13 \uff14\uff15 \uff16\uff17",  # full-width digits
    "\uff0b46 70 123 45 67",  # a full-width plus
    "07\u200b0-123 45 67",  # a zero-width space inside
    "070\u00ad123 45 67",  # a soft hyphen
    "\u0660\u0667\u0660-\u0661\u0662\u0663 \u0664\u0665 \u0666\u0667",  # Arabic-Indic digits
    "+44 20 7946 0958",
    "+1 202 555 0143",
    "00 44 20 7946 0958",
    "0480-123 45",
    "08-12 34 56",
]
IDENTITIES = [
    "811218-9876",
    "811218+9876",  # over 100 years old
    "811218 9876",
    "811218\u20139876",  # an en dash
    "811218 \u2013 9876",
    "811218\u00a09876",
    "8112189876",
    "19811218-9876",
    "198112189876",
    "pnr:8112189876",
    "personnummer8112189876",  # glued to the word before
    "8112189876abc",  # and to the word after
    "701063-2391",  # samordningsnummer: day + 60
    "811278-9873",
    "\uff18\uff11\uff11\uff12\uff11\uff18\uff0d\uff19\uff18\uff17\uff16",  # full-width
    "811218\u200b-9876",
    "0101011237",  # born 2001: starts with 0 like a phone number, and is not one
    "121212-1212",
]
EMAILS = [
    "anna@example.org",
    "anna\uff20example.org",  # a full-width at sign
    "anna\ufe6bexample.org",  # a small at sign
    "anna@ex\u00e4mpel.se",  # a non-ASCII domain
    "\u00e5sa.\u00f6berg@kommun.se",
    "anna@xn--exmpel-bua.se",
    "anna (at) example.org",
    "anna[at]example.org",
    "ANNA@EXAMPLE.ORG",
    "an\u00adna@example.org",
    "mailto:anna@example.org",
    "anna.b+nyhetsbrev@example.co.uk",
    "0701234567@sms.example.org",  # one address, not a phone number too
]
NOT_PERSONAL = [
    "d00001-2024-2027",
    "2024\u20132027",
    "1 250 000 kr",
    "1\u00a0250\u00a0000 kr",
    "+1 250 000 kr",
    "2025-01-20",
    "20 januari 2025",
    "KS/2017:96",
    "KS 2019/0123",
    "Dnr 2019-000123",
    "01.02.2025",
    "kl. 08.00\u201317.00",
    "08:00-17:00",
    "0,5 mnkr",
    "population 14208",
    "ref A0123456789",
    "212000-0142",  # an organisation number
    "147 85 Tumba",
    "SFS 2018:218",
    "https://www.kolada.se/?kpi=N00914&municipality=0127&year=2024",
    "811218-9875",  # the check digit is wrong
    "811318-9876",  # month 13
    "version 0.1.0",
    "@botkyrka",
    "0.000000000001",
    "HU1.2",
]

# where a text is planted: (file, old text, new text with {text}); the finding is on the
# line where {text} ends up
PLACES = {
    "follow-up comment": (
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "      - {period: 2025-T1, status: ongoing, rating: green, trend: improving}\n",
        "      - {period: 2025-T1, status: ongoing, rating: green, trend: improving, "
        'comment: "Uppf\u00f6ljning: {text} i dag"}\n',
    ),
    "action description": (
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    title: Sommarjobb\n",
        "    title: Sommarjobb\n    description: 'Kontakt {text}.'\n",
    ),
    "folded dialogue results": (
        "data/dialogues/norr-torg.yaml",
        "level: consultation\n",
        "level: consultation\nresults: >-\n  Resultatet sammanst\u00e4lls,\n"
        "  fr\u00e5gor: {text}\n",
    ),
    "YAML comment": (
        "data/districts/norr/analysis-2025.yaml",
        "summary: Nul\u00e4gesbild.\n",
        "summary: Nul\u00e4gesbild.\n# ring {text} om siffrorna\n",
    ),
    "roster member name": (
        "data/groups/syd-natverk.yaml",
        "  - {name: Anna Exempel, organisation: kof,",
        '  - {name: "Anna Exempel {text}", organisation: kof,',
    ),
    "roster purpose": (
        "data/groups/norr-natverk.yaml",
        "name: N\u00e4tverksgrupp Norr\n",
        "name: N\u00e4tverksgrupp Norr\npurpose: 'Samordnas via {text}'\n",
    ),
    "municipality note": (
        "data/municipality.yaml",
        'code: "0999"\n',
        'code: "0999"\nnote: "{text}"\n',
    ),
    "analysis needs": (
        "data/districts/norr/analysis-2025.yaml",
        "summary: Nul\u00e4gesbild.\n",
        "summary: Nul\u00e4gesbild.\nneeds:\n  - Fler vuxna.\n  - '{text}'\n",
    ),
    "budget note": ("data/budget/2025.yaml", "unit: 1000\n", "unit: 1000\nnote: '{text}'\n"),
    "district description": (
        "data/districts/norr.yaml",
        "name: Norr\n",
        "name: Norr\ndescription: Se {text}\n",
    ),
}


def plant(text: str, place: str) -> tuple[str, str, int]:
    """(file, its new content, the line of the planted text) in the base fixture."""
    file, old, new = PLACES[place]
    content = BASE[file]
    assert old in content, (place, old)
    planted = content.replace(old, new.replace("{text}", text), 1)
    start = planted.index(text) if text in planted else planted.index(new[:20])
    return file, planted, planted.count("\n", 0, start) + 1


def diagnostics(files: dict[str, str]) -> list[tuple[str, str, int]]:
    """(code, file, line) of the repository's diagnostics, as omrade validate makes them."""
    loaded: list[LoadedFile] = [
        parse_text(files[name], name) if name in files else PARSED[name] for name in BASE
    ]
    repo = build_repository(ROOT, loaded)
    collector = Collector(repo.severity_overrides())
    collector.add_all(repo.diagnostics)
    collector.add_all(run_checks(repo, AS_OF))
    return [(d.code, d.file, d.line) for d in collector.outcome(len(loaded)).diagnostics]


CORPUS = (
    [(t, "OMR703") for t in PHONES]
    + [(t, "OMR701") for t in IDENTITIES]
    + [(t, "OMR702") for t in EMAILS]
)
NAMES = list(PLACES)


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for i, (text, code) in enumerate(CORPUS):
        place = NAMES[i % len(NAMES)]
        cases.append((text, code, place))
        if place != "roster member name":  # every spelling also beside a roster's contact
            cases.append((text, code, "roster member name"))
    return cases


@pytest.mark.parametrize(
    "text, code, place", _cases(), ids=lambda v: ascii(v)[1:-1] if isinstance(v, str) else v
)
def test_every_spelling_is_found_where_it_is_planted(text: str, code: str, place: str) -> None:
    file, content, line = plant(text, place)
    assert diagnostics({file: content}) == [(code, file, line)]


def test_the_base_fixture_is_clean_so_each_planted_item_is_the_only_finding() -> None:
    assert diagnostics({}) == []


@pytest.mark.parametrize("place", NAMES)
def test_text_that_only_looks_personal_is_not_reported(place: str) -> None:
    file, old, new = PLACES[place]
    texts = "; ".join(NOT_PERSONAL).replace("'", "")
    if place in ("follow-up comment", "municipality note", "roster member name"):
        texts = texts.replace('"', "")
    content = BASE[file].replace(old, new.replace("{text}", texts), 1)
    assert diagnostics({file: content}) == []


def test_a_number_folded_over_two_lines_is_still_found() -> None:
    text = "kind: dialogue\nresults: >-\n  Ring 070 123\n  45 67 eller skriv, pnr 811218-\n  9876\n"
    found = find(Normalised(text).text)[0]
    assert [(f.kind, text.count("\n", 0, f.start) + 1) for f in found] == [
        ("phone", 3),
        ("identity", 4),
    ]


LINE_PIECES = [
    "Ring ",
    "070 123 45 67",
    "\uff10\uff17\uff10-\uff11\uff12\uff13 45 67",
    "●",
    "å",
    "\u200b",
    "\u0663",
    "\ufb01",
    "\u00a0",
    "\r",
    "<b>",
    "\n",
]


@pytest.mark.parametrize("seed", range(4))
def test_normalising_only_the_unusual_lines_is_normalising_every_line(seed: int) -> None:
    """Normalised looks only at the lines that hold an unusual character (a site of
    thousands of lines has a few): the text and the changed lines are what normalising
    every line on its own gives (all that position() needs to map a finding back)."""

    rnd = random.Random(seed)
    for _ in range(2000):
        text = "".join(rnd.choice(LINE_PIECES) for _ in range(rnd.randint(0, 30)))
        lines = text.split("\n")
        every = [personal.normalise_line(line) for line in lines]
        norm = Normalised(text)
        assert norm.text == "\n".join(every)
        assert norm.changed == {i: lines[i] for i, n in enumerate(every) if n != lines[i]}


def test_a_tag_over_two_lines_keeps_the_page_s_line_numbers() -> None:
    page = '<p>a</p>\n<a\nhref="x">070 123 45 67</a>\n'
    leaks = public_output_leaks({"x.html": page, "y.html": page.replace("<a\n", "<a ")}, [])
    assert [(leak.file, leak.line) for leak in leaks] == [("x.html", 3), ("y.html", 2)]


def test_values_written_with_escapes_are_found_at_the_value() -> None:
    file = "data/dialogues/norr-torg.yaml"
    content = BASE[file] + (
        'results: "Ring 070\\x20123 45 67, skriv anna\\x40example.org, pnr 811218\\u20139876"\n'
    )
    line = content.count("\n")
    assert sorted(diagnostics({file: content})) == [
        ("OMR701", file, line),
        ("OMR702", file, line),
        ("OMR703", file, line),
    ]


def test_a_roster_may_hold_its_members_contact_details_and_nothing_else() -> None:
    file = "data/groups/syd-natverk.yaml"
    base = BASE[file]
    # the base roster has an email and a phone on the same line as the member's name
    assert "email: natverk@example.org, phone: 08-123 456 78" in base
    rows = [
        "  - {name: Eva, organisation: kof, role: member, phone: '+46 (0)70 123 45 67'}\n",
        "  - {name: Bo, organisation: kof, role: member, phone: '0701234569'}\n",
        "  - {name: Al, organisation: kof, role: member, phone: 010101-1237}\n",  # expect 701
        "  - {name: Ia, organisation: kof, role: member, phone: ia@example.org}\n",  # expect 702
        "  - {name: Ek, organisation: kof, role: member, email: 070-123 45 67}\n",  # expect 703
        "  - name: Uno\n    organisation: kof\n    role: member\n"
        '    email: "uno\\x40example.org"\n    phone: >-\n      070 123\n      45 67\n',
    ]
    content = base + "".join(rows)
    first = base.count("\n") + 1
    assert sorted(diagnostics({file: content})) == [
        ("OMR701", file, first + 2),
        ("OMR702", file, first + 3),
        ("OMR703", file, first + 4),
    ]
    # Bo's '0701234569' is a valid identity number too (07-01-23, check digit 9): in a
    # roster's phone field it is read as a phone number, elsewhere as an identity number
    assert [f.kind for f in find("0701234569")[0]] == ["identity"]


def test_the_bench_generator_data_has_no_false_positives(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate  # type: ignore[import-not-found]

    generate(tmp_path / "bench", 30)
    from omrade.validation import validate

    _repo, outcome = validate(tmp_path / "bench", AS_OF)
    assert [d for d in outcome.diagnostics if d.code.startswith("OMR7")] == []


# --- names of members with public: false --------------------------------------------------


HIDDEN_SPELLINGS = [
    "Dold Person",
    "DOLD PERSON",
    "dold person",
    "Dold\u00a0Person",
    "Dold  Person",
    "Dold Persons",  # genitive
    "dold-person",
    "\uff24\uff4f\uff4c\uff44 \uff30\uff45\uff52\uff53\uff4f\uff4e",  # full-width
    "Dold\u200b Person",
]
HIDDEN_PLACES = [
    "follow-up comment",
    "action description",
    "folded dialogue results",
    "roster purpose",
    "municipality note",
    "analysis needs",
    "budget note",
    "district description",
]


@pytest.mark.parametrize("place", HIDDEN_PLACES)
@pytest.mark.parametrize("spelling", HIDDEN_SPELLINGS, ids=lambda s: ascii(s)[1:-1])
def test_a_hidden_members_name_in_any_published_field_is_reported(
    spelling: str, place: str
) -> None:
    file, content, _line = plant(spelling, place)
    found = diagnostics({file: content})
    assert [code for code, f, _ in found] == ["OMR704"], found
    assert found[0][1] == file


def test_a_hidden_members_name_in_a_yaml_comment_is_not_published_so_not_reported() -> None:
    file, content, _ = plant("Dold Person", "YAML comment")
    assert diagnostics({file: content}) == []


def test_a_public_member_with_a_hidden_members_name_is_reported() -> None:
    file = "data/groups/norr-hu1.yaml"
    content = BASE[file] + "  - {name: Dold Person, organisation: kof, role: member}\n"
    assert diagnostics({file: content}) == [("OMR704", file, content.count("\n"))]


def test_similar_names_are_not_the_hidden_member() -> None:
    file, content, _ = plant("Dold Personsson och Doldis Person", "follow-up comment")
    assert diagnostics({file: content}) == []


def test_name_key() -> None:
    assert name_key("  Dold\u00a0PERSON ") == name_key("dold-person") == "dold person"


# --- the rendered public output ----------------------------------------------------------------


def _site_text(out: Path) -> dict[str, str]:
    """What a reader of each page reads: tags removed, entities decoded, spaces collapsed."""
    pages = {}
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".md"):
            raw = path.read_text(encoding="utf-8")
            text = html.unescape(re.sub(r"<[^>]*>", " ", raw)).replace("\\", "")
            pages[path.relative_to(out).as_posix()] = " ".join(text.split())
    return pages


def test_the_public_site_of_the_bundled_data_names_no_hidden_member(runner, tmp_path) -> None:
    from omrade.repo.repository import load_repository

    repo = load_repository(ROOT)
    hidden = [m.name for _d, g in repo.valid(repo.groups) for m in g.members if not m.public]
    emails = [m.email for _d, g in repo.valid(repo.groups) for m in g.members if m.email]
    assert len(hidden) >= 5 and emails
    for public in (True, False):
        out = tmp_path / ("public" if public else "internal")
        args = ["report", "-C", str(ROOT), "--out", str(out), "--as-of", "2025-10-01"]
        result = runner.invoke(app, args + (["--public"] if public else []))
        assert result.exit_code == 0, result.output
        text = "\n".join(_site_text(out).values())
        named = [name for name in hidden if name in text]
        shown = [email for email in emails if email in text]
        if public:
            assert named == [] and shown == []
        else:  # the same check sees them where they are allowed: it is not blind
            assert named == hidden and shown == emails


def test_a_template_that_leaks_stops_the_public_report(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "personal-hidden", tmp_path)
    # the data is clean again; the leak is in a repository template, which no rule reads
    for rel in (
        "programmes/norr-2024-2027/plan-2025.yaml",
        "groups/norr-hu1.yaml",
        "dialogues/norr-torg.yaml",
    ):
        (repo / "data" / rel).write_text(BASE["data/" + rel], encoding="utf-8")
    shipped = (ROOT / "omrade" / "templates" / "about.html.j2").read_text(encoding="utf-8")
    (repo / "templates").mkdir()
    (repo / "templates" / "about.html.j2").write_text(
        shipped.replace(
            "{% endblock %}", "<p>Fr\u00e5gor: Dold Person, 070-123 45 67</p>{% endblock %}", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    args = ["report", "-C", str(repo), "--out", str(out), "--as-of", BASE_AS_OF]
    refused = runner.invoke(app, [*args, "--public"])
    assert refused.exit_code == 1, refused.output
    assert not out.exists()
    assert "about.html:" in refused.stderr  # in the municipality's language, Swedish
    assert "namnet på en medlem med public: false" in refused.stderr
    assert "ett telefonnummer" in refused.stderr and "inte skapad" in refused.stderr
    english = runner.invoke(app, [*args, "--public", "--lang", "en"])
    assert english.exit_code == 1
    assert "the name of a member with public: false" in english.stderr
    assert "a phone number" in english.stderr and "not written" in english.stderr
    assert "Dold Person" not in refused.stderr and "070-123" not in refused.stderr
    internal = runner.invoke(app, args)  # not public: the template may say what it likes
    assert internal.exit_code == 0, internal.output


def test_the_output_check_reads_pages_as_a_reader_does() -> None:
    names = hidden_names(build_repository(ROOT, list(PARSED.values())))
    assert list(names) == ["dold person"]
    page = (
        '<svg viewBox="0 0 600 300"><text x="0" y="120">2025</text></svg>'
        "<table><tr><td>0.60</td><td>0.40</td></tr></table><p>Dold&nbsp;Person</p>"
    )
    leaks = public_output_leaks(
        {"x.html": page, "x.md": "Ring 070\\-123 45 67", "s.css": "0701234567"}, names
    )
    assert [(leak.file, leak.what) for leak in leaks] == [
        ("x.html", "the name of a member with public: false"),
        ("x.md", "a phone number"),
    ]


def test_validate_reports_the_corpus_through_the_command_line(runner, tmp_path: Path) -> None:
    """End to end: one repository holding one spelling of each kind per place, JSON out."""
    repo, _ = build_case(FIXTURES / "invalid" / "personal", tmp_path)
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF])
    out = json.loads(result.stdout)
    assert Counter(d["code"] for d in out["diagnostics"]) == {
        "OMR701": 1,
        "OMR702": 1,
        "OMR703": 1,
    }
    assert out["summary"]["omitted"] == 0


@pytest.mark.parametrize("fmt", ["md", "text", "json"])
def test_diff_public_shows_no_personal_data_that_a_change_adds(runner, tmp_path, fmt) -> None:
    """The pull-request summary is posted publicly, also when the change is the mistake."""
    import shutil

    from tests.test_diff import committed

    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    r = committed(root, "base")
    file = "data/programmes/norr-2024-2027/plan-2025.yaml"
    added = "Sommarjobb med Dold Person, 070\u00a0123 45 67, anna@example.org"
    (root / file).write_text(BASE[file].replace("title: Sommarjobb", f"title: {added}"), "utf-8")
    args = ["diff", "HEAD", "-C", str(root), "-f", fmt, "--as-of", BASE_AS_OF]
    internal = runner.invoke(app, args).stdout
    public = runner.invoke(app, [*args, "--public"]).stdout
    for text in (internal, public):
        assert "Sommarjobb med" in text  # the change itself is shown
        assert "OMR704" in text and "OMR703" in text and "OMR702" in text
    # (Markdown puts a word joiner after '@', so that GitHub makes no mention of it)
    assert "Dold Person" in internal and "example.org" in internal
    for secret in ("Dold Person", "070", "example.org"):
        assert secret not in public, secret
    if fmt == "json":
        json.loads(public)  # still valid JSON
    assert r.git.status("--porcelain")  # the edit is in the working tree only


@pytest.mark.parametrize("contact", ["tillganglighet@example.org", "08-530 610 00"])
def test_the_sites_published_contact_is_allowed_in_its_field_only(
    runner, tmp_path: Path, contact: str
) -> None:
    """site.contact (municipality.yaml) is a functional address the accessibility
    statement publishes: allowed there, in the source and in the public site."""
    import shutil

    root = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", root)
    mun = root / "data" / "municipality.yaml"
    mun.write_text(mun.read_text("utf-8") + f"site: {{contact: '{contact}'}}\n", "utf-8")
    assert diagnostics({"data/municipality.yaml": mun.read_text("utf-8")}) == []
    out = tmp_path / "site"
    args = ["report", "-C", str(root), "--out", str(out), "--as-of", BASE_AS_OF, "--public"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert contact in (out / "accessibility.html").read_text("utf-8")
    # the same address anywhere else is still reported
    file, content, line = plant(contact, "budget note")
    code = "OMR702" if "@" in contact else "OMR703"
    assert diagnostics({file: content}) == [(code, file, line)]

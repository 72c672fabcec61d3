"""Rendering: content present, personal data hidden in public mode, text escaped, output
replaced atomically, invalid repositories refused, templates overridable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from omrade.cli import app
from omrade.present.site import render as render_mod
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case


def report(runner, repo: Path, out: Path, *args: str):
    return runner.invoke(
        app, ["report", "-C", str(repo), "--out", str(out), "--as-of", BASE_AS_OF, *args]
    )


def read_all(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file())


def test_bundled_data_renders_both_formats_with_content(runner, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = report(runner, ROOT, out)
    assert result.exit_code == 0, result.output
    for page in (
        "index",
        "districts/alby",
        "follow-up/2025-T2",
        "allocation/2025",
        "accessibility",
        "about",
    ):
        assert (out / f"{page}.html").is_file()
        assert (out / "md" / f"{page}.md").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Hallunda-Norsborg" in index and "21\xa0130" in index
    assert "342\xa0000\xa0kr" in index  # Alby's allocation, Swedish money format
    alby = (out / "districts" / "alby.html").read_text(encoding="utf-8")
    assert "Sommarjobb och feriepraktik för unga i Alby" in alby
    assert "Arbetsmarknads- och vuxenutbildningsförvaltningen" in alby
    assert "Genomförd" in alby and "Dialog om ett tryggare Alby torg" in alby
    assert "58,9\xa0%*" in alby  # Swedish decimal comma, illustrative marker
    alloc = (out / "allocation" / "2025.html").read_text(encoding="utf-8")
    assert "1\xa0570\xa0000\xa0kr" in alloc and "Så fördelas anslaget" in alloc
    about = (out / "about.html").read_text(encoding="utf-8")
    assert "data/budget/2025.yaml" in about


def test_english_labels_and_number_format(runner, tmp_path: Path) -> None:
    out = tmp_path / "en"
    assert report(runner, ROOT, out, "--lang", "en", "--format", "html").exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in index and "Needs attention" in index
    assert "SEK\xa0342,000" in index or "342,000" in index
    alby = (out / "districts" / "alby.html").read_text(encoding="utf-8")
    assert "Dialogue on a safer Alby square" in alby  # the title_en twin
    assert not (out / "md").exists()


def test_follow_up_page_lists_missing_follow_ups(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "expiring", tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["report", "-C", str(repo), "--out", str(out), "--as-of", "2027-08-01", "--format", "md"],
    )
    assert result.exit_code == 0, result.output
    text = (out / "md" / "follow-up" / "2025-T3.md").read_text(encoding="utf-8")
    missing = text.split("## Per stadsdel")[0]
    assert "Norr: A1 Sommarjobb" in missing and "Syd: A1 Sommarjobb" in missing
    assert "A2" not in missing  # done in T2: nothing more is due
    overview = (out / "md" / "index.md").read_text(encoding="utf-8")
    assert "går ut 2027-12-31" in overview  # warnings listed under "needs attention"


def _plant_personal_data(repo: Path) -> None:
    group = repo / "data" / "groups" / "norr-natverk.yaml"
    group.write_text(
        "kind: group\nid: norr-natverk\ntype: network\ndistrict: norr\n"
        "name: Nätverksgrupp Norr\nmembers:\n"
        "  - {name: Synlig Person, organisation: kof, role: area_developer, mandate: true,"
        " email: synlig.hemlig@example.org, phone: 070-111 22 33}\n"
        "  - {name: Gömd Gunnarsson, organisation: bostad, role: member, public: false,"
        " email: gomd@example.org, phone: 08-765 43 21}\n",
        encoding="utf-8",
    )


def test_public_mode_hides_every_email_phone_and_hidden_member(runner, tmp_path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)  # a valid repository
    _plant_personal_data(repo)
    internal = tmp_path / "internal"
    assert report(runner, repo, internal).exit_code == 0
    text = read_all(internal)
    assert "synlig.hemlig@example.org" in text and "Gömd Gunnarsson" in text  # planted
    public = tmp_path / "public"
    assert report(runner, repo, public, "--public").exit_code == 0
    text = read_all(public)
    for secret in (
        "synlig.hemlig@example.org",
        "070-111 22 33",
        "gomd@example.org",
        "08-765 43 21",
        "Gömd Gunnarsson",
        "@example.org",
    ):
        assert secret not in text, secret
    assert "Synlig Person" in text
    assert "1 medlem visas inte i den offentliga versionen" in text


def test_text_from_the_data_is_escaped(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    plan = repo / "data" / "programmes" / "norr-2024-2027" / "plan-2025.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "title: Sommarjobb", 'title: "<script>alert(1)</script> a|b *fet* [l](x)"'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert report(runner, repo, out).exit_code == 0
    html = (out / "districts" / "norr.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; a|b *fet* [l](x)" in html
    md = (out / "md" / "districts" / "norr.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if "alert" in line)
    assert "\\<script\\>" in row and "a\\|b" in row and "\\*fet\\*" in row
    # the table row keeps its column count: unescaped pipes only as separators
    header = next(line for line in md.splitlines() if line.startswith("| Insats |"))
    unescaped = lambda s: s.replace("\\|", "").count("|")  # noqa: E731
    assert unescaped(row) == unescaped(header)


def test_invalid_repository_is_refused_and_old_reports_stay(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "references", tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".omrade-report").write_text("x")
    (out / "index.html").write_text("previous")
    result = report(runner, repo, out)
    assert result.exit_code == 1
    assert "OMR203" in result.stdout and "inte skapad" in result.stderr
    assert (out / "index.html").read_text() == "previous"


def test_a_failing_render_leaves_the_previous_reports(runner, tmp_path, monkeypatch) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    out = tmp_path / "out"
    assert report(runner, repo, out).exit_code == 0
    before = read_all(out)

    from omrade.present.site import output

    real_write = output._write
    written: list[Path] = []

    def full_disk(path: Path, content: str) -> None:
        if len(written) == 5:  # some files are in the new folder: the disk fills up
            raise OSError(28, "No space left on device")
        written.append(path)
        real_write(path, content)

    monkeypatch.setattr(output, "_write", full_disk)
    result = report(runner, repo, out)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "det finns inget utrymme kvar på disken" in result.stderr
    assert "de tidigare rapporterna är orörda" in result.stderr
    assert read_all(out) == before
    written.clear()
    monkeypatch.setattr(output, "_write", full_disk)
    english = report(runner, repo, out, "--lang", "en")
    monkeypatch.undo()
    assert english.exit_code == 1
    assert "No space left on device" in english.stderr
    assert "the previous reports are untouched" in english.stderr
    assert read_all(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_a_template_error_leaves_the_previous_reports(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    out = tmp_path / "out"
    assert report(runner, repo, out).exit_code == 0
    before = read_all(out)
    (repo / "templates").mkdir()
    (repo / "templates" / "about.html.j2").write_text("<p>\n{{ page.no_such_thing.attr }}")
    result = report(runner, repo, out)
    assert result.exit_code == 2, result.output
    assert "templates/about.html.j2:2" in result.output and "OMR802" in result.output
    assert read_all(out) == before


def test_a_repository_can_override_a_template(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "accessibility.md.j2").write_text(
        "# Egen redogörelse för {{ municipality }}\n"
    )
    out = tmp_path / "out"
    assert report(runner, repo, out, "--format", "md").exit_code == 0
    text = (out / "md" / "accessibility.md").read_text(encoding="utf-8")
    assert text.startswith("# Egen redogörelse för Exempels kommun")


def test_refuses_to_replace_a_folder_it_did_not_write(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "balance", tmp_path)
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "important.txt").write_text("do not delete")
    result = report(runner, repo, keep)
    assert result.exit_code == 2
    assert (keep / "important.txt").read_text() == "do not delete"


def test_status_lists_what_needs_attention(runner, tmp_path: Path) -> None:
    repo, _ = build_case(FIXTURES / "invalid" / "expiring", tmp_path)
    result = runner.invoke(
        app, ["status", "-C", str(repo), "--as-of", "2027-08-01"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0
    assert "Norr" in result.stdout and "går ut 2027-12-31" in result.stdout
    bullets = result.stdout.count("•")
    assert f"{bullets} saker behöver uppmärksamhet per 2027-08-01" in result.stderr
    clean = runner.invoke(app, ["status", "-C", str(FIXTURES / "base"), "--as-of", BASE_AS_OF])
    assert "Inget behöver uppmärksamhet per 2025-10-01." in clean.stdout
    clean = runner.invoke(
        app, ["status", "-C", str(FIXTURES / "base"), "--as-of", BASE_AS_OF, "--lang", "en"]
    )
    assert "Nothing needs attention as of 2025-10-01." in clean.stdout


def test_markdown_escape_keeps_plain_text_readable() -> None:
    assert render_mod.md_escape("Alby – 2025") == "Alby – 2025"
    assert render_mod.md_escape("a|b\nc") == "a\\|b c"
    assert render_mod.md_escape(render_mod.MdSafe("[x](y)")) == "[x](y)"


@pytest.fixture(autouse=True)
def _no_leftovers(tmp_path: Path):
    yield
    shutil.rmtree(tmp_path, ignore_errors=True)

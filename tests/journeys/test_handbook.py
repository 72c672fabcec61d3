"""The Swedish handbook (docs/handbok.md) works as written: its commands run in order on a
new municipality, and every file it shows filled in is written where it says.

A ``sh`` block's lines run in a shell one by one (``cd`` carries over); a ``yaml`` block
whose first line is ``# fil: PATH`` is that file as the reader fills it in. The omrade
that runs is the one under test.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HANDBOOK = ROOT / "docs" / "handbok.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)


def steps() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(HANDBOOK.read_text("utf-8"))]


def test_the_handbook_has_commands_and_files_for_each_step() -> None:
    found = steps()
    commands = [line for kind, body in found if kind == "sh" for line in body.splitlines()]
    assert any(c.startswith("omrade init ") for c in commands)
    for command in (
        "new district",
        "new indicator",
        "new analysis",
        "new programme",
        "new group",
        "new budget",
        "new plan",
        "allocate",
        "validate",
        "report --public",
        "export follow-up",
        "status",
        "diff",
    ):
        assert any(c.startswith(f"omrade {command}") for c in commands), command
    assert sum(1 for kind, body in found if kind == "yaml" and body.startswith("# fil: ")) > 5


def test_the_handbooks_commands_run_on_a_new_municipality(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "OMRADE_NO_CACHE": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
        "COLUMNS": "120",
    }
    env.pop("GITHUB_ACTIONS", None)
    env.pop("OMRADE_LANG", None)  # the municipality's language, as a user runs omrade
    cwd = tmp_path
    for kind, body in steps():
        if kind == "yaml":
            first, _, rest = body.partition("\n")
            if first.startswith("# fil: "):
                target = cwd / first.removeprefix("# fil: ").strip()
                assert target.parent.is_dir(), f"the handbook writes {target} into no folder"
                target.write_text(rest, encoding="utf-8")
            continue
        if kind != "sh":
            continue
        for line in body.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            words = shlex.split(line)
            if words[0] == "cd":
                cwd = cwd / words[1]
                continue
            result = subprocess.run(
                line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=120
            )
            said = result.stdout + result.stderr
            assert result.returncode == 0, f"$ {line}\n{said}"
            assert "Traceback" not in said, f"$ {line}\n{said}"
            if words[:2] == ["omrade", "validate"] and "--lang" not in words:
                assert " fel, " in said or said.strip() == "", said  # Swedish, by locale
    site = cwd / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Rosengård" in index and "Kvällsvandringar med föreningar" in index
    assert not re.search(r"OMR\d{3}|FYLL I|data/", index)

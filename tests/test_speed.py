"""Speed settings that must not leak: the garbage-collector tuning belongs to the command
line, never to omrade imported as a library."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _gc_state_after(code: str) -> str:
    probe = f"{code}\nimport gc\nprint(gc.get_threshold(), gc.get_freeze_count() > 0)"
    return subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_importing_the_library_leaves_the_garbage_collector_alone() -> None:
    untouched = _gc_state_after("pass")
    assert untouched == "(700, 10, 10) False"
    imported = _gc_state_after(
        "import omrade.cli, omrade.repo.repository, omrade.validation, omrade.diff\n"
        "from omrade.repo.repository import load_repository\n"
        "load_repository(__import__('pathlib').Path('.'))"
    )
    assert imported == untouched


def test_the_command_line_tunes_the_garbage_collector() -> None:
    tuned = _gc_state_after(
        "import sys\nfrom omrade.entry import main\nsys.argv = ['omrade', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert tuned.endswith("(50000, 10, 10) True")

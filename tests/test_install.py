"""Install steps that fail say why: the npm step of `make install-dev` (`npm ci`, quiet
when it works) and .ci/run's apt-get step show the tool's own words (the registry's error,
the package apt could not find) and which step failed — not only "Error 1".

Each runs the real Makefile or .ci/run, copied into a temporary folder, with a stand-in
``npm`` or ``apt-get`` first on PATH that fails as the real one does offline."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT


def _stand_in(folder: Path, name: str, said: str) -> None:
    """An executable ``name`` in ``folder`` that prints ``said`` on stderr and fails."""
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{said}' >&2\nexit 1\n", encoding="utf-8")
    tool.chmod(0o755)


def test_a_failed_npm_ci_shows_npms_words(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "tools" / "npm").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", checkout / "Makefile")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "tools" / "npm" / name, checkout / "tools" / "npm" / name)
    said = "npm error code E404\nnpm error 404 Not Found - GET ajv-formats"
    _stand_in(tmp_path / "bin", "npm", said)
    env = {**os.environ, "PATH": os.pathsep.join([str(tmp_path / "bin"), "/usr/bin", "/bin"])}
    done = subprocess.run(
        ["make", "-C", str(checkout), ".cache/npm/.installed"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "npm error 404 Not Found - GET ajv-formats" in done.stderr, done.stderr
    assert "npm ci failed in .cache/npm" in done.stderr
    assert not (checkout / ".cache" / "npm" / ".installed").exists()  # tried again next time


def test_a_failed_apt_get_in_ci_shows_apts_words(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    bin_ = tmp_path / "bin"
    _stand_in(bin_, "apt-get", "E: Unable to locate package libreoffice-calc-nogui")
    # the few tools .ci/run uses before it installs anything; none of the packages it
    # checks for is on this PATH, so it asks apt-get for all of them
    for tool in ("dirname", "mktemp", "cat", "rm"):
        found = shutil.which(tool)
        assert found, tool
        (bin_ / tool).symlink_to(found)
    done = subprocess.run(
        [shutil.which("bash") or "/bin/bash", str(checkout / ".ci" / "run")],
        env={"PATH": str(bin_), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "E: Unable to locate package libreoffice-calc-nogui" in done.stderr, done.stderr
    assert "installing with apt-get: chromium npm" in done.stdout
    assert ".ci/run: installing" in done.stderr and "failed" in done.stderr

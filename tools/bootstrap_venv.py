"""Create the project's virtual environment with a working pip, using only the standard library.

Debian and Ubuntu ship Python without ``ensurepip`` unless ``python3-venv`` is installed, so
``python3 -m venv`` fails there. In that case the environment is made without pip and a
pinned pip wheel is fetched from PyPI's simple index and checked against its SHA-256 before
it is run. Usage: ``python3 tools/bootstrap_venv.py .venv``.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

PIP_WHEEL = "pip-26.0.1-py3-none-any.whl"
PIP_SHA256 = "bdb1b08f4274833d62c1aa29e20907365a2ceb950410df15fc9521bad440122b"
INDEX = os.environ.get("OMRADE_BOOTSTRAP_INDEX", "https://pypi.org/simple/pip/")


def python_of(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def has_pip(env: Path) -> bool:
    probe = subprocess.run(
        [str(python_of(env)), "-m", "pip", "--version"], capture_output=True, check=False
    )
    return probe.returncode == 0


def fetch_pip_wheel(folder: Path) -> Path:
    with urllib.request.urlopen(INDEX, timeout=60) as answer:
        page = answer.read().decode("utf-8", "replace")
    match = re.search(r'href="([^"#]*' + re.escape(PIP_WHEEL) + r')(?:#[^"]*)?"', page)
    if not match:
        sys.exit(f"bootstrap: {PIP_WHEEL} is not listed at {INDEX}")
    url = urllib.request.urljoin(INDEX, match.group(1))
    with urllib.request.urlopen(url, timeout=120) as answer:
        data = answer.read()
    if hashlib.sha256(data).hexdigest() != PIP_SHA256:
        sys.exit(f"bootstrap: {PIP_WHEEL} from {url} does not match its pinned SHA-256")
    wheel = folder / PIP_WHEEL
    wheel.write_bytes(data)
    return wheel


def main() -> None:
    env = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    if python_of(env).exists() and has_pip(env):
        return
    venv.create(env, with_pip=False, clear=True)
    # What `venv` would do with pip, but quietly: where ensurepip is missing, fall back.
    subprocess.run(
        [str(python_of(env)), "-m", "ensurepip", "--upgrade", "--default-pip"],
        capture_output=True,
        check=False,
    )
    if has_pip(env):
        return
    print(f"bootstrap: this Python has no ensurepip; fetching {PIP_WHEEL} from PyPI")
    with tempfile.TemporaryDirectory() as tmp:
        wheel = fetch_pip_wheel(Path(tmp))
        # A wheel is a zip file that Python can run from: pip installs itself from it.
        subprocess.run(
            [str(python_of(env)), f"{wheel}/pip", "install", "--quiet", "--no-index", str(wheel)],
            check=True,
        )


if __name__ == "__main__":
    main()

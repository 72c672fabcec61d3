"""Render the reports with two versions of omrade and compare every file byte for byte.

    python tools/site_identity.py [--base main] [--keep DIR]

``--base`` is a git revision (``git archive`` of it is what runs as the old code); the new
code is this checkout. Both run as fresh ``python -m omrade report`` processes (with
``PYTHONPATH`` pointing at the code) on the same repositories, with the same options:

- the bundled data (Swedish, English, ``--public``), ``examples/stockholm``;
- the test fixtures' base repository and every case under ``tests/fixtures/invalid``
  (most are refused; then the exit codes and messages must agree);
- a hostile copy of the bundled data: district names with markup, Markdown, quotes,
  ampersands, a bidi override, a line break and a name in another language;
- the same with the repository's own ``base.html.j2`` (the old template with the loop
  over ``nav_districts``), so that overriding templates keeps working;
- a generated repository of 60 districts (``bench/generate.py``).

Prints one line per case and exits 1 when any output differs (``diff -r`` shows how).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
AS_OF = "2025-10-01"

HOSTILE_NAMES = [
    '<script>alert("x")</script> & Co',
    "Fet *stjärna* [länk](x) `kod` | rör",
    "Pil \u202eåt fel håll",
    "Två\nrader",
]


def _hostile(repo: Path) -> None:
    """District names that must be escaped; one district named in English (a Foreign)."""
    names = sorted((repo / "data" / "districts").glob("*.yaml"))
    for path, name in zip(names, HOSTILE_NAMES, strict=False):
        text = path.read_text(encoding="utf-8")
        first = next(line for line in text.splitlines() if line.startswith("name:"))
        quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        text = text.replace(first, f'name: "{quoted}"', 1)
        path.write_text(text, encoding="utf-8")


def _old_base_template(repo: Path, base_src: Path) -> None:
    (repo / "templates").mkdir(exist_ok=True)
    shutil.copy(base_src / "omrade" / "templates" / "base.html.j2", repo / "templates")


def cases(work: Path, base_src: Path) -> list[tuple[str, Path, list[str]]]:
    from conftest import build_case
    from generate import generate

    found: list[tuple[str, Path, list[str]]] = []
    bundled = ROOT  # in git: the pages show its history
    found += [
        ("bundled", bundled, []),
        ("bundled-en", bundled, ["--lang", "en"]),
        ("bundled-public", bundled, ["--public"]),
        ("stockholm", ROOT / "examples" / "stockholm", []),
        ("stockholm-public", ROOT / "examples" / "stockholm", ["--public"]),
    ]
    fixtures = ROOT / "tests" / "fixtures"
    repo, _ = build_case(fixtures / "base", work / "fixture-base")
    found.append(("fixture-base", repo, []))
    for case in sorted((fixtures / "invalid").iterdir()):
        repo, _ = build_case(case, work / f"invalid-{case.name}")
        found.append((f"invalid/{case.name}", repo, []))
    hostile = work / "hostile"
    shutil.copytree(ROOT / "data", hostile / "data")
    _hostile(hostile)
    found += [("hostile", hostile, []), ("hostile-en", hostile, ["--lang", "en"])]
    overridden = work / "hostile-old-template"
    shutil.copytree(hostile, overridden)
    _old_base_template(overridden, base_src)
    found.append(("hostile-old-template", overridden, []))
    generated = work / "generated"
    generate(generated, 60)
    found += [("generated-60", generated, []), ("generated-60-public", generated, ["--public"])]
    return found


def render(code: Path, repo: Path, out: Path, args: list[str]) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(code), "OMRADE_NO_CACHE": "1"}
    command = ["report", "-C", str(repo), "--out", str(out), "--as-of", AS_OF, *args]
    done = subprocess.run(
        [sys.executable, "-m", "omrade", *command],
        env=env,
        capture_output=True,
        text=True,
        cwd=repo,
    )
    return done.returncode, done.stdout + done.stderr.replace(str(out), "OUT")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="main", help="git revision of the old code")
    parser.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="omrade-identity-"))
    work.mkdir(parents=True, exist_ok=True)
    base_src = work / "base-src"
    shutil.rmtree(base_src, ignore_errors=True)
    base_src.mkdir()
    archive = subprocess.run(
        ["git", "archive", args.base, "omrade"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(base_src)], input=archive, check=True)
    failed = 0
    try:
        for name, repo, extra in cases(work / "repos", base_src):
            outs = work / "out" / name.replace("/", "-")
            old_code, old_said = render(base_src, repo, outs / "old", extra)
            new_code, new_said = render(ROOT, repo, outs / "new", extra)
            same = old_code == new_code and old_said == new_said
            if same and old_code == 0:
                diff = subprocess.run(
                    ["diff", "-r", "-q", str(outs / "old"), str(outs / "new")],
                    capture_output=True,
                    text=True,
                )
                same = diff.returncode == 0
            pages = len(list((outs / "new").rglob("*.*"))) if new_code == 0 else 0
            print(f"{'same' if same else 'DIFFERENT':<9} {name} (exit {new_code}, {pages} files)")
            if not same:
                failed += 1
                if old_code != new_code or old_said != new_said:
                    print(f"  exit {old_code} → {new_code}\n  old: {old_said}\n  new: {new_said}")
                else:
                    print(diff.stdout)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{failed} of the cases differ" if failed else "every file is the same")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

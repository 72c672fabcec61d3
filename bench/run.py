"""`make bench`: omrade's speed and memory as ratios against baselines measured in the same run.

    python bench/run.py [--sizes 50 500 5000] [--repeat 3] [--write docs/benchmarks.md]

Every figure is the median of --repeat runs of a fresh process. Targets (issue 6):
validate ≤ 1.5× the libyaml parse floor at every size and growing linearly; start-up
≤ 5× `python -c pass`; report ≤ 3× validate; diff with one changed file ≤ 1.5× apart
between the smallest and the largest repository.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
AS_OF = "2025-10-01"
FLOOR = (
    "import pathlib, sys, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.compose(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
    " stderr=subprocess.DEVNULL)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " r.returncode)\n"
)


def run(cmd: list[str], cwd: Path | None = None, repeat: int = 3) -> tuple[float, int]:
    """Median seconds and peak resident memory (KiB) of a command, each run a fresh process."""
    times, peaks = [], []
    for _ in range(repeat):
        out = subprocess.run(
            [PY, "-c", MEASURE, *cmd], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.split()
        if out[2] not in ("0", "1"):
            raise SystemExit(f"{' '.join(cmd)} exited {out[2]}")
        times.append(float(out[0]))
        peaks.append(int(out[1]))
    return statistics.median(times), max(peaks)


def omrade(*args: str) -> list[str]:
    return [PY, "-m", "omrade", *args]


def git_repo(path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    for cmd in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "-m", "bench"],
    ):
        subprocess.run(cmd, cwd=path, check=True, env=env)
    plan = path / "data" / "programmes" / "d00000-2024-2027" / "plan-2025.yaml"
    plan.write_text(plan.read_text().replace("responsible: kof", "responsible: sof", 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--report-max",
        type=int,
        default=500,
        help="largest size to render reports for (a page per district)",
    )
    parser.add_argument("--write", type=Path, help="also write the table as Markdown")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="omrade-bench-"))
    rows: list[tuple[str, str, str, str, str]] = []

    def row(what: str, value: float, baseline: float, target: float | None, unit: str = "s"):
        ratio = value / baseline if baseline else float("inf")
        verdict = "–" if target is None else ("met" if ratio <= target else "missed")
        shown = f"{value:.3f} {unit}"
        base = f"{baseline:.3f} {unit}"
        rows.append(
            (what, shown, base, f"{ratio:.2f}×", verdict + (f" (≤ {target}×)" if target else ""))
        )
        print(f"{what:<46} {shown:>14} {base:>14} {ratio:>7.2f}×  {rows[-1][4]}", flush=True)

    print(f"{'measure':<46} {'omrade':>14} {'baseline':>14} {'ratio':>8}")
    try:
        # start-up
        py_pass, _ = run([PY, "-c", "pass"], repeat=max(5, args.repeat))
        helped, _ = run(omrade("--help"), repeat=max(5, args.repeat))
        row("omrade --help vs python -c pass", helped, py_pass, 5)
        bundled, _ = run(omrade("validate", "--as-of", AS_OF), cwd=ROOT, repeat=max(5, args.repeat))
        row("omrade validate (bundled data) vs python -c pass", bundled, py_pass, 5)

        per_file: list[tuple[int, float]] = []
        diffs: dict[int, float] = {}
        for size in args.sizes:
            repo = work / f"r{size}"
            files = generate(repo, size)
            floor, _ = run([PY, "-c", FLOOR, str(repo / "data")], repeat=args.repeat)
            valid, mem = run(omrade("validate", str(repo), "--as-of", AS_OF), repeat=args.repeat)
            row(f"validate {size} districts ({files} files) vs parse", valid, floor, 1.5)
            per_file.append((files, valid / files))
            rows.append((f"  peak memory, validate {size}", f"{mem / 1024:,.0f} MiB", "", "", ""))
            print(f"  peak memory {mem / 1024:,.0f} MiB", flush=True)
            if size <= args.report_max:
                out = work / f"out{size}"
                rep, rep_mem = run(
                    omrade("report", "-C", str(repo), "--out", str(out), "--as-of", AS_OF),
                    repeat=args.repeat,
                )
                row(f"report {size} districts vs validate", rep, valid, 3)
                rows.append(
                    (f"  peak memory, report {size}", f"{rep_mem / 1024:,.0f} MiB", "", "", "")
                )
                print(f"  peak memory {rep_mem / 1024:,.0f} MiB", flush=True)
            if size in (min(args.sizes), max(args.sizes)):
                git_repo(repo)
                diffs[size], _ = run(
                    omrade("diff", "HEAD", "-C", str(repo), "--as-of", AS_OF), repeat=args.repeat
                )
        if len(per_file) > 1:
            (n0, t0), (n1, t1) = per_file[0], per_file[-1]
            row(
                f"validate time per file, {n1} vs {n0} files (linear: 1×)",
                t1 * 1000,
                t0 * 1000,
                1.5,
                unit="ms/file",
            )
        if len(diffs) == 2:
            small, large = min(diffs), max(diffs)
            row(
                f"diff, one changed file: {large} vs {small} districts",
                diffs[large],
                diffs[small],
                1.5,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.write:
        machine = (
            f"{platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {platform.platform()}"
        )
        table = ["| measure | omrade | baseline | ratio | target |", "|---|---:|---:|---:|---|"]
        table += ["| " + " | ".join(r) + " |" for r in rows]
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        block = (
            f"{start}\nMeasured {time.strftime('%Y-%m-%d')} on {machine}; medians of "
            f"{args.repeat} runs.\n\n" + "\n".join(table) + f"\n{end}"
        )
        if start in text:
            text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
        else:
            text += "\n" + block + "\n"
        args.write.write_text(text, encoding="utf-8")
        print(f"written to {args.write}")


if __name__ == "__main__":
    main()

"""`make bench`: omrade's speed and memory as ratios against baselines measured in the same run.

    python bench/run.py [--sizes 50 500 5000] [--repeat 3] [--repeat-large 1]
                        [--write docs/benchmarks.md]

Every measure is a CPU time (user + system) of a fresh process, paired with its baseline:
the two run one after the other, again and again, and the ratio is the median of the
ratios of the pairs, so a machine that slows down or speeds up in the middle changes both
sides alike. The rows and targets are issue 14's:

- validate against the libyaml parse floor at each size, cold (no cache) and warm (the
  cache in .cache/omrade/ filled by the run before, nothing changed since);
- validate's time per file at the largest size against 500 districts (so start-up cannot
  hide it);
- report against validate at 500 districts;
- diff with one changed file, the largest repository against the smallest: the cache is
  warm from validating the base and from one diff against it (which keeps the base's
  checked run: ``omrade.diff.base``), and each measured diff follows a fresh edit of one plan
  (text no run has seen), so no cached result of a whole run can answer it; once against
  the working tree (``diff HEAD``) and once between two commits (``diff base HEAD``,
  each measured diff after a new commit of a fresh edit);
- `omrade validate` on the bundled data against `python -c pass`, warm;
- the language server (issue 28, ``bench/lsp.py``): the wall time from a ``didChange`` of
  one plan to its published diagnostics (median of many edits in one server) at each of
  ``--lsp-sizes`` against the smallest, and at 500 districts against 20 ms; the server's
  peak memory at the largest.
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
from collections.abc import Callable
from functools import partial
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
# runs a command; prints its CPU time (user + system), peak memory (KiB) and exit code
MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(u.ru_utime + u.ru_stime, u.ru_maxrss, r.returncode)\n"
)


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """CPU seconds and peak resident memory (KiB) of one fresh process."""
    out = subprocess.run(
        [PY, "-c", MEASURE, *cmd], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.split()
    if out[2] not in ("0", "1"):
        raise SystemExit(f"{' '.join(cmd)} exited {out[2]}")
    return float(out[0]), int(out[1])


Step = Callable[[], tuple[float, int]]


def paired(subject: Step, baseline: Step, repeat: int) -> tuple[float, float, float, int]:
    """Median CPU seconds of each side, the median ratio of the pairs, peak memory."""
    times, bases, ratios, peaks = [], [], [], []
    for _ in range(repeat):
        b, _ = baseline()
        t, peak = subject()
        times.append(t)
        bases.append(b)
        ratios.append(t / b if b else float("inf"))
        peaks.append(peak)
    return statistics.median(times), statistics.median(bases), statistics.median(ratios), max(peaks)


def omrade(*args: str) -> list[str]:
    return [PY, "-m", "omrade", *args]


def clear_cache(repo: Path) -> None:
    shutil.rmtree(repo / ".cache", ignore_errors=True)


GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git_repo(path: Path) -> None:
    """Commit the repository (the base revision of the diffs, tagged ``base``)."""
    (path / ".gitignore").write_text("/.cache/\n", encoding="utf-8")
    for cmd in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "-m", "bench"],
        ["git", "tag", "base"],
    ):
        subprocess.run(cmd, cwd=path, check=True, env=GIT_ENV)


EDITS = [0]


def edit_one_file(path: Path) -> None:
    """Change one plan in the working tree, each time to text no run has seen before (a new
    title for its first action), so that no cache of a whole result can answer the diff
    that follows: only the one changed file is new."""
    EDITS[0] += 1
    plan = path / "data" / "programmes" / "d00000-2024-2027" / "plan-2025.yaml"
    text = subprocess.run(
        ["git", "show", "base:data/programmes/d00000-2024-2027/plan-2025.yaml"],
        cwd=path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    plan.write_text(
        text.replace("title: Insats 1 i", f"title: Insats 1 (ändring {EDITS[0]}) i", 1),
        encoding="utf-8",
    )


def after_edit(path: Path, cmd: list[str]) -> tuple[float, int]:
    """One fresh edit, then the measure of ``cmd`` (the edit is not measured)."""
    edit_one_file(path)
    return measure(cmd)


def after_commit(path: Path, cmd: list[str]) -> tuple[float, int]:
    """One fresh edit committed on top of the base (tag ``base``: the head then differs
    from it in that one plan), then the measure of ``cmd`` (the commit is not measured)."""
    edit_one_file(path)
    subprocess.run(
        ["git", "commit", "-q", "-a", "-m", f"edit {EDITS[0]}"], cwd=path, check=True, env=GIT_ENV
    )
    return measure(cmd)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="pairs per measure")
    parser.add_argument(
        "--repeat-large", type=int, default=1, help="pairs per measure above 1 000 districts"
    )
    parser.add_argument("--report-at", type=int, default=500, help="size for report vs validate")
    parser.add_argument("--write", type=Path, help="also write the table as Markdown")
    parser.add_argument(
        "--lsp-sizes",
        type=int,
        nargs="*",
        default=[50, 500, 5000],
        help="repository sizes for the language server (none: skip it)",
    )
    args = parser.parse_args()
    env_note = "" if "OMRADE_NO_CACHE" not in os.environ else " (OMRADE_NO_CACHE is set!)"
    os.environ.pop("OMRADE_NO_CACHE", None)
    # as installed by pip, omrade's modules are compiled once (pip compiles on install):
    # measure that, not compiling from source in every process, also where
    # PYTHONDONTWRITEBYTECODE is set (this machine's kind sets it)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "omrade")], check=True)
    work = Path(tempfile.mkdtemp(prefix="omrade-bench-"))
    rows: list[tuple[str, str, str, str, str]] = []
    started = time.monotonic()

    def row(what: str, value: float, base: float, ratio: float, target: float | None) -> None:
        verdict = "–" if target is None else ("met" if ratio <= target else "missed")
        shown, based = f"{value:.3f} s", f"{base:.3f} s"
        rows.append(
            (what, shown, based, f"{ratio:.2f}×", verdict + (f" (≤ {target}×)" if target else ""))
        )
        print(f"{what:<60} {shown:>10} {based:>10} {ratio:>7.2f}×  {rows[-1][4]}", flush=True)

    def memory(what: str, kib: int) -> None:
        rows.append((f"  peak memory, {what}", f"{kib / 1024:,.0f} MiB", "", "", ""))
        print(f"  peak memory, {what}: {kib / 1024:,.0f} MiB", flush=True)

    print(f"{'measure (CPU time, fresh processes)':<60} {'omrade':>10} {'baseline':>10} ratio")
    try:
        py_pass: Step = partial(measure, [PY, "-c", "pass"])
        reps = max(5, args.repeat)
        t, b, r, _ = paired(partial(measure, omrade("--help")), py_pass, reps)
        row("omrade --help vs python -c pass", t, b, r, None)
        bundled = omrade("validate", "--as-of", AS_OF)
        measure(bundled, cwd=ROOT)  # fills the cache
        t, b, r, _ = paired(partial(measure, bundled, ROOT), py_pass, reps)
        row("omrade validate, bundled data, warm vs python -c pass", t, b, r, 5)
        t, b, r, _ = paired(partial(measure, [*bundled, "--no-cache"], ROOT), py_pass, reps)
        row("omrade validate, bundled data, --no-cache vs python -c pass", t, b, r, None)

        repos: dict[int, tuple[Path, int]] = {}
        for size in sorted(args.sizes):
            repo = work / f"r{size}"
            repos[size] = (repo, generate(repo, size))
            # committed, as a plan repository is: the cache is trusted only where git can
            # answer (without git a warm run would run without it)
            git_repo(repo)
        per_file: dict[int, float] = {}
        for size in sorted(args.sizes):
            repo, files = repos[size]
            repeat = args.repeat if size <= 1000 else args.repeat_large
            floor: Step = partial(measure, [PY, "-c", FLOOR, str(repo / "data")])
            cmd = omrade("validate", str(repo), "--as-of", AS_OF)

            def cold(cmd: list[str] = cmd, repo: Path = repo) -> tuple[float, int]:
                clear_cache(repo)
                return measure(cmd)

            t, b, r, peak = paired(cold, floor, repeat)
            row(f"validate {size} districts ({files} files), cold vs parse floor", t, b, r, 2)
            memory(f"validate {size}, cold", peak)
            per_file[size] = t / files
            measure(cmd)  # the cache is full now
            t, b, r, peak = paired(partial(measure, cmd), floor, repeat)
            row(f"validate {size} districts, warm vs parse floor", t, b, r, 1)
            memory(f"validate {size}, warm", peak)
            if size == args.report_at:
                out = work / f"out{size}"
                report = omrade(
                    "report", "-C", str(repo), "--out", str(out), "--as-of", AS_OF, "--no-cache"
                )
                t, b, r, peak = paired(
                    partial(measure, report),
                    partial(measure, [*cmd, "--no-cache"]),
                    repeat,
                )
                row(f"report vs validate, {size} districts (--no-cache both)", t, b, r, 2)
                memory(f"report {size}", peak)
        if 500 in per_file and max(per_file) > 500:
            large = max(per_file)
            files_small, files_large = repos[500][1], repos[large][1]
            ratio = per_file[large] / per_file[500]
            row(
                f"validate time per file, {large} vs 500 districts, cold (linear: 1×)",
                per_file[large] * files_large,
                per_file[500] * files_small,
                ratio,
                1.05,
            )
            rows[-1] = (
                rows[-1][0],
                f"{per_file[large] * 1000:.3f} ms/file",
                f"{per_file[500] * 1000:.3f} ms/file",
                *rows[-1][3:],
            )
        if len(args.sizes) > 1:
            small, large = min(args.sizes), max(args.sizes)
            diffs = {
                size: omrade("diff", "HEAD", "-C", str(repos[size][0]), "--as-of", AS_OF)
                for size in (small, large)
            }
            for size in (small, large):
                # warm: the cache holds every file of the base (validated, as CI does on
                # main) and the base's checked run, kept by one diff against it (as a
                # reviewer's second diff finds it; omrade.diff.base); each measured diff
                # follows a fresh edit that no run has seen
                measure(omrade("validate", str(repos[size][0]), "--as-of", AS_OF))
                after_edit(repos[size][0], diffs[size])
            repeat = args.repeat if large <= 1000 else args.repeat_large
            t, b, r, peak = paired(
                partial(after_edit, repos[large][0], diffs[large]),
                partial(after_edit, repos[small][0], diffs[small]),
                repeat,
            )
            row(f"diff, one changed file, warm: {large} vs {small} districts", t, b, r, 1.5)
            memory(f"diff {large}", peak)
            # between two commits: the base and a commit that changes one plan (each
            # measured diff a new commit, with text no run has seen)
            commits = {
                size: omrade("diff", "base", "HEAD", "-C", str(repos[size][0]), "--as-of", AS_OF)
                for size in (small, large)
            }
            t, b, r, peak = paired(
                partial(after_commit, repos[large][0], commits[large]),
                partial(after_commit, repos[small][0], commits[small]),
                repeat,
            )
            row(
                f"diff base HEAD (two commits, one changed plan): {large} vs {small} districts",
                t,
                b,
                r,
                1.1,
            )
            memory(f"diff base HEAD {large}", peak)
        if args.lsp_sizes:
            made = {size: repo for size, (repo, _files) in repos.items()}
            language_server(work, sorted(args.lsp_sizes), row, memory, made)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    took = time.monotonic() - started
    print(f"took {took:.0f} s")

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
            f"{start}\nMeasured {time.strftime('%Y-%m-%d')} on {machine}{env_note}. CPU time "
            f"(user + system) of fresh processes; each ratio is the median over {args.repeat} "
            f"pairs ({args.repeat_large} above 1 000 districts) of omrade and its baseline "
            f"run one after the other; the whole run took {took / 60:.0f} minutes.\n\n"
            + "\n".join(table)
            + f"\n{end}"
        )
        if start in text:
            text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
        else:
            text += "\n" + block + "\n"
        args.write.write_text(text, encoding="utf-8")
        print(f"written to {args.write}")


def language_server(
    work: Path,
    sizes: list[int],
    row: Callable[[str, float, float, float, float | None], None],
    memory: Callable[[str, int], None],
    made: dict[int, Path],
) -> None:
    """didChange → published diagnostics (wall time, the median of many edits in one
    server), each size against the smallest and 500 districts against 20 ms. A
    repository the run made already is used again (generating 5 000 districts takes a
    while)."""
    from lsp import change_to_diagnostics

    found: dict[int, tuple[float, int]] = {}
    for size in sizes:
        repo = made.get(size) or work / f"lsp{size}"
        if not repo.exists():
            generate(repo, size)
        median, peak, _opened = change_to_diagnostics(repo)
        found[size] = (median, peak)
        print(f"  lsp {size}: {median * 1000:.1f} ms, {peak / 1024:.0f} MiB", flush=True)
    small = sizes[0]
    for size in sizes[1:]:
        t, b = found[size][0], found[small][0]
        row(f"lsp didChange → diagnostics (wall): {size} vs {small} districts", t, b, t / b, 1.5)
    if 500 in found:
        t = found[500][0]
        row("lsp didChange → diagnostics (wall), 500 districts vs 20 ms", t, 0.020, t / 0.020, 1)
    memory(f"lsp server, {sizes[-1]} districts", found[sizes[-1]][1])


if __name__ == "__main__":
    main()

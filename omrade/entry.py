"""The console entry point: ``omrade`` (and ``python -m omrade``).

It answers the plainest forms of ``omrade validate`` from the run cache before the
command line (typer, in ``omrade.cli.main``) is imported at all, and hands everything else to
typer. Nothing here imports typer, pydantic, the models or the rules: on a warm cache a
validate costs little more than starting Python.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from omrade.cli.common import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    FORMATS,
    MAX_DIAGNOSTICS,
    MAX_FILE_SIZE_LIMIT,
    show_validation,
)

# Validate from the run cache, before typer.
#
# typer turns every option's text into its value through a pydantic TypeAdapter, and
# importing pydantic and building those costs more than all the rest of a validate that
# the run cache answers (omrade.load.runcache). So main() first tries the plainest forms
# of ``omrade validate`` itself: at most the repository's path, each option at most once,
# in the forms below,
# with values typer would accept as they are. Anything else — or an answer not in the
# run cache — goes to typer as always (the one parser of record, with its messages).

_FAST_VALUE_OPTIONS = {
    "--format": "format",
    "-f": "format",
    "--as-of": "as_of",
    "--max-file-size": "max_file_size",
    "--max-diagnostics": "max_diagnostics",
}
_FAST_INT = {"max_file_size": MAX_FILE_SIZE_LIMIT, "max_diagnostics": None}
_DIGITS = "0123456789"


def _fast_validate_options(args: list[str]) -> dict[str, str] | None:
    """The options of ``omrade validate`` given as ``args`` when they are of the plainest
    forms (see above), as text by name; None for anything else."""
    if not args or args[0] != "validate":
        return None
    found: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--strict":
            name, value = "strict", ""
        elif arg and not arg.startswith("-"):
            name, value = "path", arg  # one path; a run over the whole repository only
        else:
            option, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
            if option not in _FAST_VALUE_OPTIONS:
                return None  # --no-cache, --help, -fjson, --, an unknown option
            name = _FAST_VALUE_OPTIONS[option]
            if not eq:
                value = next(rest, "")
                if not value or value.startswith("-"):
                    return None
        if name in found:
            return None  # given twice: typer decides which counts
        found[name] = value
    if "format" in found and found["format"] not in FORMATS:
        return None
    for name, limit in _FAST_INT.items():
        text = found.get(name)
        if text is None:
            continue
        if not (0 < len(text) <= 12 and text[0] in "123456789" and all(c in _DIGITS for c in text)):
            return None
        if limit is not None and int(text) > limit:
            return None
    return found


def _fast_validate(args: list[str]) -> int | None:
    """``omrade validate`` answered from the run cache without typer: its exit code, or
    None when typer must run it (another form, the cache off, or not in the cache)."""
    options = _fast_validate_options(args)
    if options is None or os.environ.get("OMRADE_NO_CACHE", "") not in ("", "0"):
        return None
    if "_OMRADE_COMPLETE" in os.environ:  # a shell completion request: typer's
        return None
    from omrade import api
    from omrade.load import cache, runcache

    try:
        date = api.parse_date(options.get("as_of"))
        root, selected = api.resolve([Path(options["path"])] if "path" in options else [])
    except api.UsageError:
        return None  # typer says it
    if selected:
        return None  # files to report on: not cached
    token = cache.set_enabled(True)
    try:
        store = runcache.for_root(root)
        if store is None:
            return None
        most = int(options.get("max_diagnostics", MAX_DIAGNOSTICS))
        found = store.find(
            date.isoformat(), int(options.get("max_file_size", api.DEFAULT_MAX_FILE_SIZE)), most
        )
        if found.outcome is None:
            store.remember(found, date.isoformat(), most)
            return None  # typer runs it (and uses the listing just made)
        result = api.Validation(root, date, found.outcome)
        return show_validation(result, options.get("format"), "strict" in options)
    finally:
        cache.reset(token)


def _tune_gc() -> None:
    """Fewer garbage collections for a run that builds many small objects and frees few.

    A run reads thousands of files into dicts and lists that live to its end; with the
    default threshold the collector walks them again and again (about 30 % of validate).
    What is imported so far is frozen (never walked again), and a collection of the
    youngest objects waits for 50 000 allocations instead of 700 (a quarter less time,
    the same peak memory: measured). Only the command line does this: importing omrade
    as a library changes no global state.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


def main() -> None:
    """Entry point: one line for an internal error (exit 3), the traceback with --debug."""
    _tune_gc()
    try:
        try:
            code = _fast_validate(sys.argv[1:])
        except BrokenPipeError:  # as typer does: a reader that stopped reading (| head)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_FINDINGS)
        if code is not None:
            sys.exit(code)
        from omrade.cli.main import app

        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("omrade: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly
        if "--debug" in sys.argv:
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            f"omrade: internal error ({exc.__class__.__name__}: {exc}). This is a bug; "
            "please report it with the command you ran (add --debug for the traceback).\n"
        )
        sys.exit(EXIT_INTERNAL)

"""The console entry point: ``omrade`` (and ``python -m omrade``).

It answers the plainest forms of ``omrade validate`` from the run cache before the
command line (typer, in ``omrade.cli.main``) is imported at all, and hands everything else to
typer. Nothing here imports typer, pydantic, the models or the rules: on a warm cache a
validate costs little more than starting Python.
"""

from __future__ import annotations

import contextlib
import errno
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
from omrade.diagnostics import chosen_lang

# Validate without typer.
#
# typer turns every option's text into its value through a pydantic TypeAdapter, and
# importing typer and building those costs more than all the rest of a validate that
# the run cache answers (omrade.load.runcache). So main() first runs the plainest forms
# of ``omrade validate`` itself: at most the repository's path, each option at most once,
# in the forms below, with values typer would accept as they are — from the run cache
# when it holds the answer, else by the same call typer's command makes. Anything else,
# and every usage error, goes to typer as always (the one parser of record, with its
# messages).

_FAST_VALUE_OPTIONS = {
    "--format": "format",
    "-f": "format",
    "--as-of": "as_of",
    "--max-file-size": "max_file_size",
    "--max-diagnostics": "max_diagnostics",
    "--lang": "lang",
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
    if "lang" in found and found["lang"] not in ("sv", "en"):
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
    """``omrade validate`` run without typer (answered from the run cache, or run): its
    exit code, or None when typer must run it (another form, the cache off, a usage
    error)."""
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
        lang = options.get("lang") or os.environ.get("OMRADE_LANG", "")
        if lang not in ("", "sv", "en"):
            lang = ""
        max_bytes = int(options.get("max_file_size", api.DEFAULT_MAX_FILE_SIZE))
        found = store.find(date.isoformat(), max_bytes, most, lang)
        if found.outcome is None:
            # not in the cache: run it here, as typer's command would (the same call), so
            # that a cold run does not import typer; it uses the listing just made
            store.remember(found, date.isoformat(), most, lang)
            paths = [Path(options["path"])] if "path" in options else []
            try:
                result = api.validate(paths, date, max_bytes, most, lang or None)
            except api.UsageError:
                return None  # typer says it, as it says every usage error
        else:
            result = api.Validation(root, date, found.outcome, found.lang)
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
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with it closed (>&-): its words go nowhere
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
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
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            _internal_error(exc)
        _output_failed(exc)
    except Exception as exc:  # a bug: say so plainly
        _internal_error(exc)


# what can go wrong when output is written, and how to say it (en, sv)
_OUTPUT_ERRORS = {
    errno.ENOSPC: ("the disk is full", "disken är full"),
    errno.EDQUOT: ("the disk quota is used up", "diskkvoten är slut"),
    errno.EFBIG: ("the file would be too large", "filen skulle bli för stor"),
    errno.EIO: ("an input/output error", "ett in- eller utmatningsfel"),
    errno.EBADF: ("the output is closed", "utdata är stängd"),
    errno.EPIPE: ("the reader stopped reading", "läsaren slutade läsa"),
}


def _lang() -> str:
    """The language of a last word said outside any command's run: the one the command
    chose when it is known, else --lang or $OMRADE_LANG, else Swedish."""
    chosen = chosen_lang()
    if chosen in ("sv", "en"):
        return chosen
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("sv", "en"):
            return args[i + 1]
        if arg in ("--lang=sv", "--lang=en"):
            return arg.split("=", 1)[1]
    return "en" if os.environ.get("OMRADE_LANG") == "en" else "sv"


def _output_failed(exc: OSError) -> None:
    """Output that could not be written (a full disk, a closed pipe): said in one line on
    stderr where it can be, exit 1 — the user's machine, not a bug."""
    en, sv = _OUTPUT_ERRORS.get(exc.errno or 0, (str(exc), str(exc)))
    if exc.errno != errno.EPIPE:  # a reader that stopped (| head) wants no word
        text = (
            f"omrade: could not write the output: {en}. Check where the output goes "
            "(free some space if the disk is full), then run the command again.\n"
            if _lang() == "en"
            else f"omrade: kunde inte skriva utdata: {sv}. Kontrollera vart utdata går "
            "(frigör utrymme om disken är full) och kör kommandot igen.\n"
        )
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass
    _quiet_stdout()  # what is still buffered goes nowhere when Python flushes at exit
    sys.exit(EXIT_FINDINGS)


def _quiet_stdout() -> None:
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def _internal_error(exc: BaseException) -> None:
    """A bug: said plainly in one line (the traceback with --debug), exit 3."""
    if "--debug" in sys.argv:
        import traceback

        traceback.print_exc()
    sys.stderr.write(
        f"omrade: internal error ({exc.__class__.__name__}: {exc}). This is a bug; "
        "please report it with the command you ran (add --debug for the traceback).\n"
    )
    sys.exit(EXIT_INTERNAL)


def cli() -> None:
    """The console entry point (``omrade``, ``python -m omrade``): :func:`main`, and after
    ``omrade validate`` the process ends as soon as its output is out.

    Tearing down the interpreter frees every object a run made, one by one (a tenth of a
    cold validate of a large repository), for a process that is about to end anyway. A
    validate has nothing left to do at its end — its files (the cache) are written whole
    and closed — so once stdout and stderr are flushed it ends with its exit code at once.
    Other commands end as Python ends them (their threads, temporary folders and
    ``atexit`` work are left alone); :func:`main` itself, which tests call in their own
    process, raises SystemExit as always.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
        if sys.argv[1:2] == ["validate"] and (code is None or type(code) is int):
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except BaseException:  # Python's own exit then says what went wrong
                raise exc from None
            os._exit(code or 0)
        raise

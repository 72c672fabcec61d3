"""`omrade cache clear`: the cache of read files in `.cache/omrade/`."""

from __future__ import annotations

from pathlib import Path

from omrade.cli.common import (
    stderr,
)
from omrade.cli.options import (
    OmradeTyper,
    RepoOption,
    app,
    fail_usage,
    speak,
)
from omrade.i18n import N_

cache_app = OmradeTyper(
    short_help=N_("The repository's caches in .cache/omrade/."),
    help=N_(
        "The repository's caches in .cache/omrade/: read files, validate's results and "
        "the diff's kept base revisions."
    ),
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command(
    "clear", help=N_("Remove the cache (it is rebuilt by the next command that reads).")
)
def cache_clear(repo_path: RepoOption = Path(".")) -> None:
    from omrade.i18n import Translator, os_reason
    from omrade.load import cache
    from omrade.repo.repository import ConfigError, find_root

    lang = speak(None, repo_path)
    t = Translator(lang)
    try:
        root = find_root(repo_path)
    except ConfigError as exc:
        fail_usage(str(exc))
        return
    try:
        removed = cache.clear(root)
    except OSError as exc:
        folder = root / cache.FOLDER
        fail_usage(
            t._("cannot remove {folder}: {reason}", folder=folder, reason=os_reason(exc, lang))
        )
        return
    said = t.ngettext(
        "{n} entry removed from {folder}",
        "{n} entries removed from {folder}",
        removed,
        folder=root / cache.FOLDER,
    )
    stderr().print(f"omrade cache clear: {said}", markup=False, highlight=False)

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
)
from omrade.i18n import N_

cache_app = OmradeTyper(
    help=N_("The cache of read files in the repository's .cache/omrade/."), no_args_is_help=True
)
app.add_typer(cache_app, name="cache")


@cache_app.command(
    "clear", help=N_("Remove the cache (it is rebuilt by the next command that reads).")
)
def cache_clear(repo_path: RepoOption = Path(".")) -> None:
    from omrade.load import cache
    from omrade.repo.repository import ConfigError, find_root

    try:
        root = find_root(repo_path)
    except ConfigError as exc:
        fail_usage(str(exc))
        return
    try:
        removed = cache.clear(root)
    except OSError as exc:
        fail_usage(f"cannot remove {root / cache.FOLDER}: {exc.strerror or exc}")
        return
    stderr().print(f"omrade cache clear: {removed} entries removed from {root / cache.FOLDER}")

"""Where a plan repository is, found without reading it: light enough for the start of
every command (no pydantic, no YAML), so that a run answered from the run cache
(``omrade.load.runcache``) never imports what reading would need."""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(Exception):
    """The repository or its configuration cannot be used at all (exit code 2)."""


def find_root(start: Path) -> Path:
    """The repository root: the nearest directory at or above ``start`` holding ``data/``."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for candidate in (here, *here.parents):
        # a 'data' link counts too: discover() reports it (OMR014) instead of following it
        if (candidate / "data").is_dir() or (candidate / "data").is_symlink():
            return candidate
    raise ConfigError(
        f"no plan repository at {start}: no 'data/' folder here or above "
        "(run inside a plan repository, or name one: omrade validate path/to/repo)"
    )


def printable_name(name: str) -> str:
    """A name that may not be UTF-8, shown with its odd bytes escaped (bad\\xff.yaml)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def utf8_name(name: str) -> bool:
    """False for a name that is not UTF-8 on disk (Python holds its bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# the files that are plan files: *.yaml and *.yml below data/ (lowercase)
YAML_SUFFIXES = (".yaml", ".yml")

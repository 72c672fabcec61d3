"""omrade — Swedish municipal area development (områdesutveckling) from a git repository."""

from __future__ import annotations

from functools import cache


@cache
def installed_version() -> str:
    """The version of the installed distribution: pyproject.toml is the one source."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("omrade")
    except PackageNotFoundError:  # a source tree on sys.path that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # ``__version__`` is read lazily: importlib.metadata costs start-up time that
    # ``omrade --help`` and ``omrade validate`` need not pay.
    if name == "__version__":
        return installed_version()
    raise AttributeError(f"module 'omrade' has no attribute {name!r}")

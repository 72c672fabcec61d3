"""The command line: one module per command or command group on a shared typer app.

- ``common``: typer-free — exit codes, the consoles, the validation printer — which the
  fast entry point (``omrade.entry``) uses before typer is imported.
- ``options``: the typer app and the options several commands share (``--as-of``,
  ``--repo``/``-C``, ``--lang``, ``--no-cache``), and how a command calls the library.
- ``validate``, ``rules``, ``allocate``, ``report``, ``status``, ``schema``, ``diff``,
  ``new`` (and ``init``), ``cache``, ``exchange`` (``export`` and ``import``): the commands.
- ``main``: imports every command module and so holds the whole app.

A command parses its options, calls one function of ``omrade.api``, picks a renderer from
``omrade.present.registry`` and maps the outcome to an exit code; nothing is computed here.
This package's own import is light: ``from omrade.cli import app`` loads the commands
only when asked for.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "app":
        from omrade.cli.main import app

        return app
    raise AttributeError(name)

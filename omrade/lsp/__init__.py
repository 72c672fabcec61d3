"""The language server: ``omrade lsp`` (pygls, imported only when the server starts)."""

from __future__ import annotations

import datetime as dt


def serve(as_of: dt.date | None = None, lang: str | None = None) -> None:
    """Serve the editor over stdin and stdout until it says exit. ``as_of`` and ``lang``:
    what the editor's ``asOf`` and ``lang`` options say when it gives none."""
    from omrade.lsp.server import main

    main(as_of, lang)

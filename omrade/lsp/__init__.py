"""The language server: ``omrade lsp`` (pygls, imported only when the server starts)."""

from __future__ import annotations


def serve() -> None:
    """Serve the editor over stdin and stdout until it says exit."""
    from omrade.lsp.server import main

    main()

"""The language server: ``omrade lsp`` (pygls, imported only when the server starts).

``server`` speaks the protocol (``server.main`` serves stdin and stdout), ``session``
keeps the repository's documents and their diagnostics as the editor changes them,
``symbols`` and ``context`` find the id under the cursor, ``fields`` says what a key
means.
"""

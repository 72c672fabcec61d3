"""`omrade lsp`: the language server for editors, over stdin and stdout."""

from __future__ import annotations

from omrade.cli.options import AsOf, LangOption, app, fail_usage, parse_as_of, speak
from omrade.i18n import N_


@app.command(
    short_help=N_("Serve an editor over stdin and stdout (the Language Server Protocol)."),
    help=N_(
        "Serve an editor over stdin and stdout (the Language Server Protocol): "
        "diagnostics as you type, completion, hover, go to definition, "
        "references, rename, quick fixes. Needs the lsp extra: pip install "
        "'omrade[lsp]'. See docs/editors.md."
    ),
)
def lsp(as_of: AsOf = None, lang: LangOption = None) -> None:
    date = parse_as_of(as_of) if as_of is not None else None
    try:
        import pygls  # noqa: F401  (the extra: say so before the editor waits for nothing)
    except ImportError:
        from omrade.i18n import Translator

        t = Translator(speak(lang, None))
        fail_usage(t._("omrade lsp needs pygls: pip install 'omrade[lsp]'"))
    from omrade.lsp.server import main as serve

    serve(as_of=date, lang=lang.value if lang is not None else None)

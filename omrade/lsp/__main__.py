from omrade.lsp import serve

serve()

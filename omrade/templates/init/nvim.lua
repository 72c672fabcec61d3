-- omrade's language server for the plan files (Neovim 0.11 or later reads this file
-- when 'exrc' is on: `vim.o.exrc = true` in your init.lua, then `:trust` this file once)
vim.lsp.config("omrade", {
  cmd = { "omrade", "lsp" },
  filetypes = { "yaml" },
  root_markers = { "data/municipality.yaml" },
})
vim.lsp.enable("omrade")

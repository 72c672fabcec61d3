// omrade for VS Code: starts `omrade lsp` for the plan files of a workspace that has
// data/municipality.yaml. Everything else (diagnostics, completion, hover, definition,
// references, rename, quick fixes, outline) is the language server's.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("omrade")
    .get("command", ["omrade", "lsp"]);
  const server = { command, args, options: { env: process.env } };
  client = new LanguageClient(
    "omrade",
    "omrade",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "yaml", pattern: "**/data/**/*.{yaml,yml}" },
      ],
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

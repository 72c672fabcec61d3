// Validate documents with Ajv (npm: ajv, its draft 2020-12 class, with ajv-formats), as
// editors that use Ajv underneath do. Reads one JSON object on standard input:
//   {"schemas": {"<kind>": <schema>, ...}, "documents": [["<name>", "<kind>", <data>], ...]}
// and prints {"compiled": ["<kind>", ...], "warnings": [...], "verdicts": {"<name>": [valid,
// [messages]]}}. A schema Ajv cannot compile (an invalid pattern, an unknown keyword in
// the default strict mode) is an error: the message goes to standard error and the exit code is 2.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const modules = process.env.AJV_MODULES;
const require = createRequire(pathToFileURL(modules + '/'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const warnings = [];
const logger = {
  log: () => {},
  warn: (...args) => warnings.push(args.join(' ')),
  error: (...args) => warnings.push(args.join(' ')),
};
// Ajv's default strict mode, as editors get it: an unknown keyword or format is an error,
// and what it only logs (strictTypes, strictTuples) is collected and reported as warnings
const ajv = new Ajv2020({ allErrors: true, logger });
addFormats(ajv);

const input = JSON.parse(readFileSync(0, 'utf8'));
const validators = {};
for (const [kind, schema] of Object.entries(input.schemas)) {
  try {
    validators[kind] = ajv.compile(schema);
  } catch (error) {
    process.stderr.write(`${kind}: ${error.message}\n`);
    process.exit(2);
  }
}
const verdicts = {};
for (const [name, kind, data] of input.documents) {
  const validate = validators[kind];
  const valid = validate(data);
  verdicts[name] = [valid, (validate.errors || []).map((e) => `${e.instancePath} ${e.message}`)];
}
process.stdout.write(JSON.stringify({ compiled: Object.keys(validators), warnings, verdicts }));

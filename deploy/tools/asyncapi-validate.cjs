// Parses an AsyncAPI document with the AsyncAPI parser (npm @asyncapi/parser, which also runs
// its Spectral ruleset) and prints one JSON line: whether a document came out, and every
// diagnostic with its severity (0 error, 1 warning, 2 information, 3 hint).
//   NODE_PATH=<node_modules> node deploy/tools/asyncapi-validate.cjs contracts/asyncapi.json
const fs = require("fs");
const { Parser } = require("@asyncapi/parser");

(async () => {
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(fs.readFileSync(process.argv[2], "utf8"));
  const count = (severity) => diagnostics.filter((d) => d.severity === severity).length;
  console.log(JSON.stringify({
    parsed: document !== undefined,
    version: document ? document.version() : null,
    channels: document ? document.channels().length : 0,
    messages: document ? document.components().messages().length : 0,
    errors: count(0),
    warnings: count(1),
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity, code: d.code, message: d.message, path: d.path.join("/"),
    })),
  }));
})().catch((error) => { console.error(error); process.exit(2); });

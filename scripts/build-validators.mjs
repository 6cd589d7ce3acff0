#!/usr/bin/env node
// Precompile one standalone validator per schema into dist/validators/ (run by
// `npm run build` after tsc), so that a run validates without loading ajv's compiler.
// What the generated code requires at run time (ajv/dist/runtime/*, formats) is bundled
// once into dist/validators/runtime.cjs, so the validators need no installed package.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const { _ } = require("ajv");
const standaloneCode = require("ajv/dist/standalone").default;
const root = fileURLToPath(new URL("..", import.meta.url));
const { createAjv, precompiledValidatorPath, readSchema, validatorSourceHash } = await import(`${root}dist/src/schema-registry.js`);

const RUNTIME = "./runtime.cjs";
const ajv = createAjv({ source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` });
const files = readdirSync(`${root}schemas`).filter((file) => file.endsWith(".schema.json") && file !== "base.schema.json");
const required = new Set();
const outputs = new Map();
for (const file of files) {
  const code = standaloneCode(ajv, ajv.compile(readSchema(file))).replace(/require\("([^".][^"]*)"\)/g, (_call, id) => {
    required.add(id);
    return `require(${JSON.stringify(RUNTIME)})[${JSON.stringify(id)}]`;
  });
  outputs.set(precompiledValidatorPath(file), `${code}\nmodule.exports.sourceHash = ${JSON.stringify(validatorSourceHash(file))};\n`);
}
const dir = dirname([...outputs.keys()][0]);
mkdirSync(dir, { recursive: true });
for (const [target, code] of outputs) writeFileSync(target, code);

// Exactly the modules the validators named, with their own dependencies inlined.
const entry = `module.exports = {\n${[...required].sort().map((id) => `  ${JSON.stringify(id)}: require(${JSON.stringify(id)}),`).join("\n")}\n};\n`;
const runtime = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: "validators-runtime.cjs", loader: "js" },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifySyntax: true,
  legalComments: "none",
  outfile: join(dir, RUNTIME),
  logLevel: "warning",
  metafile: true,
});
// What went in, for the licence notices of the bundle (kept out of the package).
writeFileSync(join(root, "dist", "validators-runtime.meta.json"), JSON.stringify(runtime.metafile));

#!/usr/bin/env node
// Precompile one standalone validator per schema into dist/validators/ (run by
// `npm run build` after tsc), so that a run validates without loading ajv's compiler.
// What the generated code requires at run time (ajv/dist/runtime/*, formats) is bundled
// once and inlined into every validator file, so a validator is one file to load and
// needs no installed package.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const { _ } = require("ajv");
const standaloneCode = require("ajv/dist/standalone").default;
const root = fileURLToPath(new URL("..", import.meta.url));
const { createAjv, precompiledSchemaValidatorsPath, precompiledValidatorPath, readSchema, schemaValidatorKey, validatorSourceHash } = await import(`${root}dist/src/schema-registry.js`);
const { loadStarters } = await import(`${root}dist/src/starter-registry.js`);
const { fieldsForStarter } = await import(`${root}dist/src/option-fields.js`);
const { answerSchema, askIfSchema } = await import(`${root}dist/src/prompt-for-options.js`);

const RUNTIME = "__validatorRuntime";
const ajv = createAjv({ source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` });
// base.schema.json too: a run with an unknown starter checks what every starter shares.
const files = readdirSync(`${root}schemas`).filter((file) => file.endsWith(".schema.json"));
const required = new Set();
const standalone = (schema) =>
  // A schema the ajv instance already holds (base, for $ref) is compiled once, by its $id.
  standaloneCode(ajv, (schema.$id && ajv.getSchema(schema.$id)) || ajv.compile(schema)).replace(/require\("([^".][^"]*)"\)/g, (_call, id) => {
    required.add(id);
    return `${RUNTIME}[${JSON.stringify(id)}]`;
  });
const outputs = new Map();
for (const file of files) {
  outputs.set(precompiledValidatorPath(file), `${standalone(readSchema(file))}\nmodule.exports.sourceHash = ${JSON.stringify(validatorSourceHash(file))};\n`);
}

// The schemas a run builds from one option (one answer checked on its own, an x-ask-if
// condition), for every option of every schema, keyed by their content; each made only
// when first asked for.
const byContent = new Map();
const optionSchemas = [];
const starters = await loadStarters();
for (const starter of starters) {
  for (const field of fieldsForStarter(starter.id)) optionSchemas.push(answerSchema(field), askIfSchema(field));
}
// Every property of the option schemas too (flag-less ones included), not the roster's.
for (const file of ["base.schema.json", ...starters.map((starter) => `${starter.id}.schema.json`)]) {
  for (const property of Object.values(readSchema(file).properties ?? {})) optionSchemas.push(answerSchema({ schema: property }), askIfSchema({ schema: property }));
}
for (const schema of optionSchemas.filter(Boolean)) {
  const key = schemaValidatorKey(schema);
  if (!byContent.has(key)) byContent.set(key, `() => {\n const module = { exports: {} };\n${standalone(schema)}\n return module.exports;\n}`);
}
outputs.set(precompiledSchemaValidatorsPath(), `"use strict";\nmodule.exports = {\n${[...byContent].map(([key, make]) => `${JSON.stringify(key)}: ${make},`).join("\n")}\n};\n`);
const dir = dirname([...outputs.keys()][0]);
// A fresh folder: nothing from an earlier build of another shape is shipped.
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

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
  write: false,
  outfile: join(dir, "runtime.cjs"),
  logLevel: "warning",
  metafile: true,
});
const runtimeModule = `const ${RUNTIME} = (() => {\n const module = { exports: {} };\n (function (module, exports) {\n${runtime.outputFiles[0].text}\n })(module, module.exports);\n return module.exports;\n})();\n`;
for (const [target, code] of outputs) writeFileSync(target, `"use strict";\n${runtimeModule}${code}`);
// What went in, for the licence notices of the bundle (kept out of the package).
writeFileSync(join(root, "dist", "validators-runtime.meta.json"), JSON.stringify(runtime.metafile));

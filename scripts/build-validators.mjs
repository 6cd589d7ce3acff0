#!/usr/bin/env node
// Precompile one standalone validator per schema into dist/validators/ (run by
// `npm run build` after tsc), so that a run validates without loading ajv's compiler.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { _ } = require("ajv");
const standaloneCode = require("ajv/dist/standalone").default;
const root = fileURLToPath(new URL("..", import.meta.url));
const { createAjv, precompiledValidatorPath, readSchema, validatorSourceHash } = await import(`${root}dist/src/schema-registry.js`);

const ajv = createAjv({ source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` });
const files = readdirSync(`${root}schemas`).filter((file) => file.endsWith(".schema.json") && file !== "base.schema.json");
for (const file of files) {
  const target = precompiledValidatorPath(file);
  mkdirSync(dirname(target), { recursive: true });
  const code = standaloneCode(ajv, ajv.compile(readSchema(file)));
  writeFileSync(target, `${code}\nmodule.exports.sourceHash = ${JSON.stringify(validatorSourceHash(file))};\n`);
}

#!/usr/bin/env node
// TypeScript types for the options, generated from schemas/ (the single source of
// truth). `npm run generate:types` rewrites src/generated/option-types.ts; a test
// fails when the committed file is out of date.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const schemasDir = join(root, "schemas");

export async function optionTypesSource() {
  const files = readdirSync(schemasDir).filter((file) => file.endsWith(".schema.json")).sort();
  const parts = ["/* Generated from schemas/ by scripts/generate-option-types.mjs. Do not edit. */"];
  for (const file of files) {
    const { $id: _id, $schema: _schema, title: _title, ...schema } = JSON.parse(readFileSync(join(schemasDir, file), "utf8"));
    const id = file.replace(".schema.json", "");
    const pascal = id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c) => c.toUpperCase());
    const options = { bannerComment: "", additionalProperties: false, format: true, strictIndexSignatures: true };
    if (id === "base" || id === "cohort") {
      parts.push((await compile(schema, id === "base" ? "BaseOptions" : "CohortRoster", options)).trim());
      continue;
    }
    // A starter schema is the base (allOf) plus its own keys: type the own keys, then join.
    const { template: _template, ...own } = schema.properties;
    const ownSchema = { type: "object", properties: own, required: Object.keys(own), additionalProperties: false };
    parts.push((await compile(ownSchema, `${pascal}OwnOptions`, options)).trim());
    parts.push(`export type ${pascal}Options = BaseOptions & ${pascal}OwnOptions & { template: "${id}" };`);
  }
  return `${parts.join("\n\n")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(root, "src", "generated", "option-types.ts"), await optionTypesSource());
  console.log("wrote src/generated/option-types.ts");
}

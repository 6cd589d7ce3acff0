import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Options as AjvOptions, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { packageRoot, schemasDir } from "./package-root.js";
import type { JsonSchema } from "./json-schema.js";
import { sourceHash } from "./source-hash.js";

const require = createRequire(import.meta.url);

/** Annotations our schemas carry for prompts and messages; ajv must know them in strict mode. */
const ANNOTATIONS = ["x-prompt", "x-ask-if", "x-pattern-message", "x-not-message", "x-required-message", "x-flag"];

// Schemas are read by several steps of one run (flags, help, validation, messages):
// each file is read and parsed once. Callers treat the result as read-only.
const schemaTexts = new Map<string, string>();
const schemas = new Map<string, JsonSchema>();

function schemaText(file: string): string {
  let text = schemaTexts.get(file);
  if (text === undefined) {
    text = readFileSync(join(schemasDir, file), "utf8");
    schemaTexts.set(file, text);
  }
  return text;
}

export function readSchema(file: string): JsonSchema {
  let schema = schemas.get(file);
  if (!schema) {
    schema = JSON.parse(schemaText(file)) as JsonSchema;
    schemas.set(file, schema);
  }
  return schema;
}

/** What a precompiled validator of `file` was made from: the file and the base it extends. */
export function validatorSourceHash(file: string): string {
  return sourceHash(schemaText(file), schemaText("base.schema.json"));
}

export function starterSchemaFile(starterId: string): string {
  return `${starterId}.schema.json`;
}

/** The one ajv configuration: used at run time and by the build to precompile validators. */
export function createAjv(code?: AjvOptions["code"]): Ajv2020 {
  // Loaded on demand: with precompiled validators, a normal run never needs the compiler.
  const { Ajv2020: Ajv } = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js");
  const addFormats = require("ajv-formats") as (ajv: Ajv2020) => void;
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, ...(code ? { code } : {}) });
  addFormats(ajv);
  ajv.addVocabulary(ANNOTATIONS);
  ajv.addSchema(readSchema("base.schema.json") as object);
  return ajv;
}

let ajvInstance: Ajv2020 | undefined;

/** The process's ajv, for what cannot be precompiled (one prompt answer, `x-ask-if`). */
export function getAjv(): Ajv2020 {
  ajvInstance ??= createAjv();
  return ajvInstance;
}

/** Where `npm run build` writes the standalone validator of a schema. */
export function precompiledValidatorPath(schemaFile: string): string {
  return join(packageRoot, "dist", "validators", schemaFile.replace(/\.schema\.json$/, ".cjs"));
}

const validators = new Map<string, ValidateFunction>();

export function getValidator(schemaFile: string): ValidateFunction {
  let validate = validators.get(schemaFile);
  if (!validate) {
    // The build's standalone validator when it was made from these exact schemas
    // (same staleness rule as precompiled templates), otherwise compiled now.
    const path = precompiledValidatorPath(schemaFile);
    const precompiled = existsSync(path) ? (require(path) as ValidateFunction & { sourceHash?: string }) : undefined;
    validate =
      precompiled?.sourceHash === validatorSourceHash(schemaFile)
        ? precompiled
        : getAjv().compile(readSchema(schemaFile) as object);
    validators.set(schemaFile, validate);
  }
  return validate;
}

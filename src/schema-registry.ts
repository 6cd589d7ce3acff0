import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Options as AjvOptions, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { requireWithCodeCache } from "./code-cache.js";
import { packageRoot, schemasDir } from "./package-root.js";
import type { JsonSchema } from "./json-schema.js";
import { sourceHash } from "./source-hash.js";
import { bundledRegistry } from "./bundled-registry.js";

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
    schema = bundledRegistry?.schemas[file] ?? (JSON.parse(schemaText(file)) as JsonSchema);
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

/** The one ajv configuration: used by the build to precompile validators, and in a checkout whose build is stale. */
export function createAjv(code?: AjvOptions["code"]): Ajv2020 {
  // Loaded on demand: with precompiled validators, a run never needs the compiler, and
  // the published bundle leaves it out (`build-only`; see scripts/build-bundle.mjs).
  const { Ajv2020: Ajv } = require(/* build-only */ "ajv/dist/2020") as typeof import("ajv/dist/2020.js");
  const addFormats = require(/* build-only */ "ajv-formats") as (ajv: Ajv2020) => void;
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, ...(code ? { code } : {}) });
  addFormats(ajv);
  ajv.addVocabulary(ANNOTATIONS);
  ajv.addSchema(readSchema("base.schema.json") as object);
  return ajv;
}

let ajvInstance: Ajv2020 | undefined;

/** The process's ajv, for a schema the build did not precompile. */
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
    // The build's standalone validator (the build and the tests that follow it prove it
    // was made from these schemas: its sourceHash), otherwise, in a checkout not built
    // yet, compiled now.
    const path = precompiledValidatorPath(schemaFile);
    validate = existsSync(path) ? (requireWithCodeCache(path) as ValidateFunction) : getAjv().compile(readSchema(schemaFile) as object);
    validators.set(schemaFile, validate);
  }
  return validate;
}

/** Where `npm run build` writes validators of small schemas made at run time, by content. */
export function precompiledSchemaValidatorsPath(): string {
  return join(packageRoot, "dist", "validators", "by-content.cjs");
}

/** The key of such a schema: its text (the build precompiles them against the base schema of the same build). */
export function schemaValidatorKey(schema: JsonSchema): string {
  return JSON.stringify(schema);
}

let byContent: Record<string, () => ValidateFunction> | undefined;
const schemaValidators = new Map<string, ValidateFunction>();

/**
 * A validator for a schema built at run time (one prompt answer, an `x-ask-if`
 * condition): the build's precompiled one for exactly this schema, otherwise compiled now.
 */
export function getSchemaValidator(schema: JsonSchema): ValidateFunction {
  const key = schemaValidatorKey(schema);
  let validate = schemaValidators.get(key);
  if (!validate) {
    const path = precompiledSchemaValidatorsPath();
    byContent ??= existsSync(path) ? (requireWithCodeCache(path) as Record<string, () => ValidateFunction>) : {};
    validate = byContent[key]?.() ?? getAjv().compile(schema as object);
    schemaValidators.set(key, validate);
  }
  return validate;
}

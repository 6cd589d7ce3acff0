import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Options as AjvOptions, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { packageRoot, schemasDir } from "./package-root.js";
import type { JsonSchema } from "./json-schema.js";

const require = createRequire(import.meta.url);

/** Annotations our schemas carry for prompts and messages; ajv must know them in strict mode. */
const ANNOTATIONS = ["x-prompt", "x-ask-if", "x-pattern-message", "x-not-message", "x-required-message", "x-flag"];

export function readSchema(file: string): JsonSchema {
  return JSON.parse(readFileSync(join(schemasDir, file), "utf8")) as JsonSchema;
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
    const precompiled = precompiledValidatorPath(schemaFile);
    validate = existsSync(precompiled)
      ? (require(precompiled) as ValidateFunction)
      : getAjv().compile(readSchema(schemaFile) as object);
    validators.set(schemaFile, validate);
  }
  return validate;
}

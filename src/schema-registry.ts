import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { schemasDir } from "./package-root.js";
import type { JsonSchema } from "./json-schema.js";

/** Annotations our schemas carry for prompts and messages; ajv must know them in strict mode. */
const ANNOTATIONS = ["x-prompt", "x-ask-if", "x-pattern-message", "x-not-message", "x-flag"];

export function readSchema(file: string): JsonSchema {
  return JSON.parse(readFileSync(join(schemasDir, file), "utf8")) as JsonSchema;
}

export function starterSchemaFile(starterId: string): string {
  return `${starterId}.schema.json`;
}

let ajvInstance: Ajv2020 | undefined;

/** One ajv for the process: base schema registered once, starter schemas compiled on demand. */
export function getAjv(): Ajv2020 {
  if (!ajvInstance) {
    const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: true, verbose: true });
    (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
    ajv.addVocabulary(ANNOTATIONS);
    ajv.addSchema(readSchema("base.schema.json") as object);
    ajvInstance = ajv;
  }
  return ajvInstance;
}

const validators = new Map<string, ValidateFunction>();

export function getValidator(schemaFile: string): ValidateFunction {
  let validate = validators.get(schemaFile);
  if (!validate) {
    const schema = readSchema(schemaFile);
    const ajv = getAjv();
    validate = (schema.$id && ajv.getSchema(schema.$id)) || ajv.compile(schema as object);
    validators.set(schemaFile, validate);
  }
  return validate;
}

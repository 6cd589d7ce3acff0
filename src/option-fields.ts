import type { JsonSchema } from "./json-schema.js";
import { readSchema, starterSchemaFile } from "./schema-registry.js";

/** One option as the CLI sees it: derived entirely from the schemas. */
export interface OptionField {
  key: string;
  flag: string;
  schema: JsonSchema;
  kind: "string" | "boolean" | "number" | "integer" | "array";
}

export function toKebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function kindOf(schema: JsonSchema): OptionField["kind"] {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "boolean" || type === "number" || type === "integer" || type === "array") return type;
  return "string";
}

function fieldsOf(schema: JsonSchema): OptionField[] {
  // `x-flag: false` marks structured options that only answers/roster files can set.
  return Object.entries(schema.properties ?? {}).filter(([, property]) => property["x-flag"] !== false).map(([key, property]) => ({
    key,
    flag: `--${toKebab(key)}`,
    schema: property,
    kind: kindOf(property),
  }));
}

/** Options every starter has (base schema), in schema order. */
export function baseFields(): OptionField[] {
  return fieldsOf(readSchema("base.schema.json"));
}

/** Options that only this starter has (its schema's own properties, minus `template`). */
export function starterOwnFields(starterId: string): OptionField[] {
  return fieldsOf(readSchema(starterSchemaFile(starterId))).filter((field) => field.key !== "template");
}

export function fieldsForStarter(starterId: string): OptionField[] {
  return [...baseFields(), ...starterOwnFields(starterId)];
}

import { UsageError } from "../errors.js";
import { didYouMean } from "../did-you-mean.js";
import type { JsonSchema } from "../json-schema.js";
import { showValue } from "../safe-text.js";
import { readSchema, starterSchemaFile } from "../schema-registry.js";
import { loadStarters } from "../starter-registry.js";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";
const EDITOR_SCHEMA_KEY: JsonSchema = { type: "string", description: "The schema this file follows (for editors)." };

/** The base options, without the bookkeeping of the file (and nothing required: defaults and derivations fill them). */
function baseProperties(): Record<string, JsonSchema> {
  return { ...(readSchema("base.schema.json").properties ?? {}) };
}

/** A starter's own options (its schema's properties, minus `template`). */
function ownProperties(starterId: string): Record<string, JsonSchema> {
  const { template: _template, ...own } = readSchema(starterSchemaFile(starterId)).properties ?? {};
  return own;
}

/**
 * A starter's schema as one self-contained document: the base it extends is inlined
 * under $defs, and `$schema` is allowed, so an editor can use the printed file (or a
 * copy) as the `$schema` of an answers file with nothing else to fetch. Nothing is
 * required there: an answers file may leave out what has a default, is derived, or
 * comes from the command line (`--template`, the directory argument).
 */
export function bundledStarterSchema(starterId: string): JsonSchema {
  const { $id: _id, $schema: _draft, required: _required, ...base } = readSchema("base.schema.json");
  const starter = readSchema(starterSchemaFile(starterId));
  return {
    ...starter,
    allOf: (starter.allOf ?? []).map((part) => (part.$ref === "base.schema.json" ? { $ref: "#/$defs/base" } : part)),
    properties: { $schema: EDITOR_SCHEMA_KEY, ...starter.properties },
    $defs: { base },
  };
}

/** One `if starter is X then its options are typed so` per starter. */
function perStarter(ids: string[], discriminator: string, then: (id: string) => JsonSchema): JsonSchema[] {
  return ids.map((id) => ({ if: { properties: { [discriminator]: { const: id } }, required: [discriminator] }, then: then(id) }));
}

/**
 * The schema of an answers file (`--answers`): only `template` is required; every
 * base option and, through `if`/`then` on `template`, every option of that starter is
 * typed; another starter's option is rejected.
 */
export function answersSchema(ids: string[]): JsonSchema {
  const base = readSchema("base.schema.json");
  const properties = baseProperties();
  return {
    $schema: DRAFT,
    title: "create-devops-py answers file",
    description: "Options for one project (`create-devops-py --answers <file>`). Only `template` is required; flags override the file.",
    type: "object",
    required: ["template"],
    properties: { $schema: EDITOR_SCHEMA_KEY, ...properties, template: { ...base.properties?.template, enum: ids } },
    allOf: perStarter(ids, "template", (id) => ({ properties: ownProperties(id) })),
    unevaluatedProperties: false,
  };
}

/** Options any starter has, for roster `defaults` (a key two starters type differently is left open). */
function everyOption(ids: string[]): Record<string, JsonSchema> {
  const { template: _template, ...all } = baseProperties();
  const merged: Record<string, JsonSchema> = { ...all };
  for (const id of ids) {
    for (const [key, schema] of Object.entries(ownProperties(id))) {
      merged[key] = key in merged && JSON.stringify(merged[key]) !== JSON.stringify(schema) ? {} : schema;
    }
  }
  return merged;
}

/**
 * The roster schema an editor and check-jsonschema can use: `starter` is one of the
 * starters, and a team's `options` are typed by its starter (`if`/`then`), so
 * `starter: monitorin` or another starter's option is rejected.
 */
export function cohortSchema(ids: string[]): JsonSchema {
  const { $id: _id, ...cohort } = structuredClone(readSchema("cohort.schema.json"));
  const defs = cohort.$defs as Record<string, JsonSchema>;
  const team = defs.team as JsonSchema;
  const teamProperties = team.properties as Record<string, JsonSchema>;
  teamProperties.starter = { ...teamProperties.starter, enum: ids };
  const { template: _template, ...base } = baseProperties();
  team.allOf = perStarter(ids, "starter", (id) => ({
    properties: { options: { type: "object", properties: { ...base, ...ownProperties(id) }, additionalProperties: false } },
  }));
  const properties = cohort.properties as Record<string, JsonSchema>;
  properties.defaults = { ...properties.defaults, properties: everyOption(ids), additionalProperties: false };
  return cohort;
}

const KINDS = ["answers", "base", "cohort"];

/** The schema a file's `$schema` should point at: answers (also `base`), cohort, or one starter's. */
export async function printSchema(which = "answers"): Promise<string> {
  const ids = (await loadStarters()).map((starter) => starter.id);
  if (which === "answers" || which === "base") return JSON.stringify(answersSchema(ids), null, 2);
  if (which === "cohort") return JSON.stringify(cohortSchema(ids), null, 2);
  if (!ids.includes(which)) {
    throw new UsageError("Unknown schema.", [
      { option: "schema", message: `${showValue(which)} is not a schema${didYouMean(which, [...KINDS, ...ids])}; use answers, cohort or one of: ${ids.join(", ")}` },
    ]);
  }
  return JSON.stringify(bundledStarterSchema(which), null, 2);
}

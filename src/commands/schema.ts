import { UsageError } from "../errors.js";
import type { JsonSchema } from "../json-schema.js";
import { readSchema, starterSchemaFile } from "../schema-registry.js";
import { loadStarters } from "../starter-registry.js";

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
    properties: { $schema: { type: "string", description: "The schema this file follows (for editors)." }, ...starter.properties },
    $defs: { base },
  };
}

/** The schema a file's `$schema` should point at: base, cohort, or one starter's. */
export async function printSchema(which = "base"): Promise<string> {
  const ids = (await loadStarters()).map((starter) => starter.id);
  if (which === "base" || which === "cohort") return JSON.stringify(readSchema(`${which}.schema.json`), null, 2);
  if (!ids.includes(which)) {
    throw new UsageError("Unknown schema.", [{ option: "schema", message: `${JSON.stringify(which)} is not a schema; use base, cohort or one of: ${ids.join(", ")}` }]);
  }
  return JSON.stringify(bundledStarterSchema(which), null, 2);
}

import { UsageError } from "../errors.js";
import { readSchema, starterSchemaFile } from "../schema-registry.js";
import { loadStarters } from "../starter-registry.js";

/** The schema a file's `$schema` should point at: base, cohort, or one starter's. */
export async function printSchema(which = "base"): Promise<string> {
  const ids = (await loadStarters()).map((starter) => starter.id);
  if (which === "base" || which === "cohort") return JSON.stringify(readSchema(`${which}.schema.json`), null, 2);
  if (!ids.includes(which)) {
    throw new UsageError("Unknown schema.", [{ option: "schema", message: `${JSON.stringify(which)} is not a schema; use base, cohort or one of: ${ids.join(", ")}` }]);
  }
  return JSON.stringify(readSchema(starterSchemaFile(which)), null, 2);
}

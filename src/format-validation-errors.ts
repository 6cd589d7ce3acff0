import type { ErrorObject } from "ajv";
import { didYouMean } from "./did-you-mean.js";
import type { Problem } from "./errors.js";
import type { JsonSchema } from "./json-schema.js";
import { echo, showValue } from "./safe-text.js";
import { readSchema } from "./schema-registry.js";

// Values are echoed bounded and with control characters made visible.
const show = (value: unknown): string => showValue(value);

function optionName(instancePath: string): string {
  // "/clouds/2" -> "clouds[2]", "/coAuthors/0/email" -> "coAuthors[0].email"
  const [first = "", ...rest] = instancePath.split("/").slice(1).map((part) => echo(part.replaceAll("~1", "/").replaceAll("~0", "~"), 60));
  return first + rest.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join("");
}

function valueAt(data: unknown, instancePath: string): unknown {
  let value = data;
  for (const part of instancePath.split("/").slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return value;
}

/** Follow `$ref`s: another schema file by name, or a `#/$defs/...` of the root. */
function resolve(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  const ref = schema?.$ref;
  if (!ref) return schema;
  if (ref.startsWith("#/$defs/")) return resolve((root.$defs as Record<string, JsonSchema>)[ref.slice(8)], root);
  return readSchema(ref);
}

function propertyOf(schema: JsonSchema | undefined, key: string, root: JsonSchema): JsonSchema | undefined {
  const own = schema?.properties?.[key];
  if (own) return resolve(own, root);
  for (const part of schema?.allOf ?? []) {
    const found = propertyOf(resolve(part, root), key, root);
    if (found) return found;
  }
  return undefined;
}

/** Every key a schema (with the schemas it extends) accepts at its top level. */
export function knownKeys(schema: JsonSchema | undefined, root: JsonSchema): string[] {
  const own = Object.keys(schema?.properties ?? {});
  return [...own, ...(schema?.allOf ?? []).flatMap((part) => knownKeys(resolve(part, root), root))];
}

/** The subschema that validates the value at an instance path (for its x- messages). */
function schemaAt(root: JsonSchema, instancePath: string): JsonSchema | undefined {
  let current: JsonSchema | undefined = root;
  for (const part of instancePath.split("/").slice(1)) {
    current = /^\d+$/.test(part) ? resolve(current?.items, root) : propertyOf(current, part, root);
  }
  return current;
}

function messageFor(error: ErrorObject, data: unknown, root: JsonSchema): string {
  const parent = schemaAt(root, error.instancePath);
  const got = valueAt(data, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof got === "string" ? didYouMean(got, allowed) : "";
      return `${show(got)} is not allowed${hint ? `${hint} U` : "; u"}se one of: ${allowed.join(", ")}`;
    }
    case "const":
      return `must be ${show(params.allowedValue)}`;
    case "pattern":
      return `${show(got)} is not valid: ${parent?.["x-pattern-message"] ?? `must match ${String(params.pattern)}`}`;
    case "not":
      return `${show(got)} ${parent?.["x-not-message"] ?? "is not allowed"}`;
    case "format":
      return `${show(got)} is not a valid ${String(params.format)}${params.format === "email" ? " address (e.g. you@example.com)" : ""}`;
    case "type":
      return `${show(got)} is not a ${String(params.type)}`;
    case "minLength":
      return Number(params.limit) === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters`;
    case "maxLength":
      return `is ${String(got).length} characters long; at most ${String(params.limit)} are allowed`;
    case "minItems":
      return `needs at least ${String(params.limit)} item(s)`;
    case "maxItems":
      return `allows at most ${String(params.limit)} item(s)`;
    case "uniqueItems":
      return `lists ${show((got as unknown[])[Number(params.i)])} twice`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${show(got)} ${String(error.message)}`;
    default:
      return error.message ?? "is invalid";
  }
}

/**
 * Turn ajv errors into one problem per option, each naming the option and what is
 * allowed. `schema` is the root that was validated; its `x-*-message` annotations
 * phrase pattern and `not` failures for people.
 */
export function formatValidationErrors(errors: ErrorObject[], data: unknown, schema: JsonSchema, context = ""): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // An `if`/`then` failure is already reported by the `then` branch's own error.
    if (error.keyword === "if") continue;
    let option: string;
    let message: string;
    if (error.keyword === "required") {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      option = error.instancePath ? `${optionName(error.instancePath)}.${missing}` : missing;
      message = schemaAt(schema, `${error.instancePath}/${missing}`)?.["x-required-message"] ?? "is required";
    } else if (error.keyword === "unevaluatedProperties" || error.keyword === "additionalProperties") {
      const params = error.params as { unevaluatedProperty?: string; additionalProperty?: string };
      const key = String(params.unevaluatedProperty ?? params.additionalProperty);
      option = echo(key, 60);
      if (error.instancePath) option = `${optionName(error.instancePath)}.${option}`;
      const hint = didYouMean(key, knownKeys(schemaAt(schema, error.instancePath), schema));
      message = `${context ? `is not an option of ${context}` : "is not a known option"}${hint}`;
    } else {
      option = optionName(error.instancePath) || "(root)";
      message = messageFor(error, data, schema);
    }
    const key = `${option}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ option, message });
    }
  }
  return problems;
}

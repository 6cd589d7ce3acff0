import type { ErrorObject } from "ajv";
import type { Problem } from "./errors.js";
import type { JsonSchema } from "./json-schema.js";

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

function optionName(instancePath: string): string {
  // "/clouds/2" -> "clouds[2]", "/coAuthors/0/email" -> "coAuthors[0].email"
  const [first = "", ...rest] = instancePath.split("/").slice(1);
  return first + rest.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join("");
}

function valueAt(data: unknown, instancePath: string): unknown {
  let value = data;
  for (const part of instancePath.split("/").slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[part];
  }
  return value;
}

function messageFor(error: ErrorObject, data: unknown): string {
  const parent = error.parentSchema as JsonSchema | undefined;
  const got = valueAt(data, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "enum":
      return `${show(got)} is not allowed; use one of: ${(params.allowedValues as unknown[]).map(String).join(", ")}`;
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

/** Turn ajv errors into one problem per option, each naming the option and what is allowed. */
export function formatValidationErrors(errors: ErrorObject[], data: unknown, context = ""): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    let option: string;
    let message: string;
    if (error.keyword === "required") {
      option = String((error.params as { missingProperty: string }).missingProperty);
      if (error.instancePath) option = `${optionName(error.instancePath)}.${option}`;
      message = "is required";
    } else if (error.keyword === "unevaluatedProperties" || error.keyword === "additionalProperties") {
      const params = error.params as { unevaluatedProperty?: string; additionalProperty?: string };
      option = String(params.unevaluatedProperty ?? params.additionalProperty);
      if (error.instancePath) option = `${optionName(error.instancePath)}.${option}`;
      message = context ? `is not an option of ${context}` : "is not a known option";
    } else {
      option = optionName(error.instancePath) || "(root)";
      message = messageFor(error, data);
    }
    const key = `${option}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ option, message });
    }
  }
  return problems;
}

import type { ValidateFunction } from "ajv";
import { checkbox, confirm, input, select } from "@inquirer/prompts";
import { CancelledError } from "./errors.js";
import { deriveOptions } from "./derive-options.js";
import { formatValidationErrors } from "./format-validation-errors.js";
import type { JsonSchema } from "./json-schema.js";
import type { OptionField } from "./option-fields.js";
import { getSchemaValidator } from "./schema-registry.js";
import type { StarterDefinition } from "./starter-definition.js";

function isCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError");
}

async function guard<T>(prompt: Promise<T>): Promise<T> {
  try {
    return await prompt;
  } catch (error) {
    if (isCancel(error)) throw new CancelledError();
    throw error;
  }
}

const fieldValidators = new Map<string, ValidateFunction>();

/** What one typed answer is checked against: the option's schema without its default. */
export function answerSchema(field: OptionField): JsonSchema {
  const { default: _default, ...schema } = field.schema;
  return schema;
}

/** An option's `x-ask-if` as a schema over the answers so far (the build precompiles both). */
export function askIfSchema(field: OptionField): JsonSchema | undefined {
  const condition = field.schema["x-ask-if"];
  return condition ? { type: "object", ...condition } : undefined;
}

/** Check one answer against its own schema and return the message the user should see. */
function checkOne(field: OptionField, value: unknown): true | string {
  let validate = fieldValidators.get(field.key);
  if (!validate) {
    validate = getSchemaValidator(answerSchema(field));
    fieldValidators.set(field.key, validate);
  }
  if (validate(value)) return true;
  const wrapped = { [field.key]: value };
  const errors = (validate.errors ?? []).map((error) => ({ ...error, instancePath: `/${field.key}${error.instancePath}` }));
  return formatValidationErrors(errors, wrapped, { properties: { [field.key]: field.schema } }).map((problem) => problem.message).join("; ");
}

export async function promptForStarter(starters: StarterDefinition[]): Promise<string> {
  return guard(
    select({
      message: "Which starter?",
      choices: starters.map((starter) => ({ name: `${starter.title} (${starter.id})`, value: starter.id, description: starter.summary })),
    }),
  );
}

/** Ask only for what was not given and is relevant to the answers so far (`x-ask-if`). */
export function shouldAsk(field: OptionField, answers: Record<string, unknown>): boolean {
  if (answers[field.key] !== undefined || !field.schema["x-prompt"]) return false;
  const condition = askIfSchema(field);
  return !condition || getSchemaValidator(condition)(answers) === true;
}

/**
 * Ask, in schema order, for every option that has a prompt, was not given, and whose
 * `x-ask-if` condition (a schema over the answers so far) holds.
 */
export async function promptForOptions(
  fields: OptionField[],
  given: Record<string, unknown>,
  // Checks beyond the schema that the caller knows about (e.g. the target directory is free).
  extraChecks: Record<string, (value: string) => true | string> = {},
): Promise<Record<string, unknown>> {
  const answers = { ...given };
  for (const field of fields) {
    const message = field.schema["x-prompt"];
    if (!message || !shouldAsk(field, answers)) continue;
    const derivedDefault = deriveOptions(answers)[field.key];
    const fallback = field.schema.default ?? derivedDefault;
    const choices = (field.kind === "array" ? field.schema.items?.enum : field.schema.enum) ?? [];
    if (field.kind === "boolean") {
      answers[field.key] = await guard(confirm({ message, default: fallback === true }));
    } else if (field.kind === "array" && choices.length > 0) {
      const selected = Array.isArray(fallback) ? fallback : [];
      answers[field.key] = await guard(
        checkbox({
          message,
          choices: choices.map((choice) => ({ name: String(choice), value: choice, checked: selected.includes(choice) })),
          validate: (picked) => checkOne(field, picked.map((item) => item.value)),
        }),
      );
    } else if (choices.length > 0) {
      answers[field.key] = await guard(
        select({ message, choices: choices.map((choice) => ({ name: String(choice), value: choice })), default: fallback }),
      );
    } else {
      const numeric = field.kind === "number" || field.kind === "integer";
      const text = await guard(
        input({
          message,
          default: fallback === undefined ? undefined : String(fallback),
          validate: (value) => {
            const schemaCheck = checkOne(field, numeric ? Number(value) : value);
            return schemaCheck === true ? (extraChecks[field.key]?.(value) ?? true) : schemaCheck;
          },
        }),
      );
      answers[field.key] = numeric ? Number(text) : text;
    }
  }
  return answers;
}

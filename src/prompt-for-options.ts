import type { ValidateFunction } from "ajv";
import { checkbox, confirm, input, select } from "@inquirer/prompts";
import { CancelledError } from "./errors.js";
import { deriveOptions } from "./derive-options.js";
import { formatValidationErrors } from "./format-validation-errors.js";
import { relative } from "node:path";
import type { JsonSchema } from "./json-schema.js";
import { starterOwnFields, type OptionField } from "./option-fields.js";
import { echo } from "./safe-text.js";
import { getSchemaValidator } from "./schema-registry.js";
import type { Options } from "./validate-options.js";
import type { StarterDefinition } from "./starter-definition.js";
import { writeOut } from "./standard-output.js";

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

// Menus show every choice up to this many; longer ones scroll and say so.
const MENU_ROWS = 10;

/** inquirer's page size and a hint in the question when the menu must scroll. */
function menu(message: string, count: number): { message: string; pageSize: number } {
  if (count <= MENU_ROWS) return { message, pageSize: count };
  return { message: `${message} (${count} choices; ↑↓ scroll)`, pageSize: MENU_ROWS };
}

export async function promptForStarter(starters: StarterDefinition[]): Promise<string> {
  return guard(
    select({
      ...menu("Which starter?", starters.length),
      choices: starters.map((starter) => ({ name: `${starter.title} (${starter.id})`, value: starter.id, description: starter.summary })),
    }),
  );
}

/** The starter's own questions first (they are why it was picked), then the general ones. */
export function questionOrder(fields: OptionField[], starterId: string): OptionField[] {
  const own = new Set(starterOwnFields(starterId).map((field) => field.key));
  return [...fields.filter((field) => own.has(field.key)), ...fields.filter((field) => !own.has(field.key))];
}

function summaryValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ");
  return echo(String(value), 60);
}

/** The choices and the target, then one confirm: nothing is written before a yes. */
export async function confirmSummary(options: Options, starter: StarterDefinition, target: string, cwd: string): Promise<void> {
  const rows = Object.entries(options).filter(([key]) => key !== "template");
  const width = Math.max(...rows.map(([key]) => key.length));
  const where = relative(cwd, target) || ".";
  const lines = [
    "",
    `Summary — ${starter.title} (${starter.id}) into ${where.startsWith("..") ? target : `./${where}`}/`,
    ...rows.map(([key, value]) => `  ${key.padEnd(width)}  ${summaryValue(value)}`),
    "",
  ];
  writeOut(`${lines.join("\n")}\n`);
  const ok = await guard(confirm({ message: "Create the project?", default: true }));
  if (!ok) throw new CancelledError();
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
          ...menu(message, choices.length),
          choices: choices.map((choice) => ({ name: String(choice), value: choice, checked: selected.includes(choice) })),
          validate: (picked) => checkOne(field, picked.map((item) => item.value)),
        }),
      );
    } else if (choices.length > 0) {
      answers[field.key] = await guard(
        select({ ...menu(message, choices.length), choices: choices.map((choice) => ({ name: String(choice), value: choice })), default: fallback }),
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

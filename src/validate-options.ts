import { UsageError, type Problem } from "./errors.js";
import type { BaseOptions } from "./generated/option-types.js";
import { dependencyNameProblems } from "./dependency-names.js";
import { DERIVED_FROM, deriveOptions } from "./derive-options.js";
import { formatValidationErrors } from "./format-validation-errors.js";
import { getValidator, readSchema, starterSchemaFile } from "./schema-registry.js";
import { loadStarters } from "./starter-registry.js";

/** Validated options: the base options (types generated from schemas/) plus the starter's own. */
export type Options = BaseOptions & Record<string, unknown>;

export async function templateProblem(template: unknown): Promise<Problem | undefined> {
  const ids = (await loadStarters()).map((starter) => starter.id);
  if (template === undefined) return { option: "template", message: `is required; use one of: ${ids.join(", ")}` };
  if (typeof template !== "string" || !ids.includes(template)) {
    return { option: "template", message: `${JSON.stringify(template)} is not a starter; use one of: ${ids.join(", ")}` };
  }
  return undefined;
}

/** Options in, validated options out (defaults applied, derived names filled), or every problem at once. */
export async function collectProblems(raw: Record<string, unknown>): Promise<{ options?: Options; problems: Problem[] }> {
  const problem = await templateProblem(raw.template);
  if (problem) return { problems: [problem] };
  const options = deriveOptions(raw);
  const schemaFile = starterSchemaFile(String(raw.template));
  const validate = getValidator(schemaFile);
  const valid = validate(options);
  const problems = [
    ...(valid ? [] : formatValidationErrors(validate.errors ?? [], options, readSchema(schemaFile), `the ${String(raw.template)} starter`)),
    ...dependencyNameProblems(options, String(raw.template), raw.packageName === undefined),
  ];
  if (problems.length === 0) return { options: options as Options, problems: [] };
  // A derived value is only as good as its source: report the source (or its
  // absence), not again every name derived from it.
  const broken = new Set(problems.map((p) => p.option));
  const echo = (option: string) => {
    const source = DERIVED_FROM[option];
    return source !== undefined && raw[option] === undefined && broken.has(source);
  };
  return { problems: problems.filter((p) => !echo(p.option)) };
}

export async function validateOptions(raw: Record<string, unknown>): Promise<Options> {
  const { options, problems } = await collectProblems(raw);
  if (!options) throw new UsageError("Invalid options.", problems);
  return options;
}

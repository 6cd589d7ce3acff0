import { UsageError, type Problem } from "./errors.js";
import type { BaseOptions } from "./generated/option-types.js";
import { dependencyNameProblems } from "./dependency-names.js";
import { DERIVED_FROM, deriveOptions } from "./derive-options.js";
import { didYouMean } from "./did-you-mean.js";
import { formatValidationErrors, knownKeys } from "./format-validation-errors.js";
import { showValue } from "./safe-text.js";
import { getSchemaValidator, getValidator, readSchema, starterSchemaFile } from "./schema-registry.js";
import { loadStarters } from "./starter-registry.js";

/** Validated options: the base options (types generated from schemas/) plus the starter's own. */
export type Options = BaseOptions & Record<string, unknown>;

/** Turns an option path as the schema names it (`authorEmail`, `coAuthors[0].email`) into the user's words. */
export type Labeller = (option: string) => string;

export async function templateProblem(template: unknown): Promise<Problem | undefined> {
  const ids = (await loadStarters()).map((starter) => starter.id);
  if (template === undefined) return { option: "template", message: `is required; use one of: ${ids.join(", ")}` };
  if (typeof template !== "string" || !ids.includes(template)) {
    const hint = typeof template === "string" ? didYouMean(template, ids) : "";
    return { option: "template", message: `${showValue(template)} is not a starter${hint ? `${hint} Starters` : "; use one of"}: ${ids.join(", ")}` };
  }
  return undefined;
}

/** The top-level key of an option path: `coAuthors[0].email` -> `coAuthors`. */
export function topKey(option: string): string {
  return /^[^.[]*/.exec(option)?.[0] ?? option;
}

/** Keys no starter knows: without a valid starter they cannot be checked otherwise. */
async function unknownAnywhere(raw: Record<string, unknown>): Promise<Problem[]> {
  const known = new Set(knownKeys(readSchema("base.schema.json"), readSchema("base.schema.json")));
  for (const starter of await loadStarters()) {
    for (const key of Object.keys(readSchema(starterSchemaFile(starter.id)).properties ?? {})) known.add(key);
  }
  return Object.keys(raw)
    .filter((key) => !known.has(key))
    .map((key) => ({ option: key, message: `is not an option of any starter${didYouMean(key, [...known])}` }));
}

/**
 * Before a starter is chosen, a given starter option (e.g. --currency EURO) is still
 * checked against the schema of each starter that has it: wrong for all is wrong.
 */
async function starterOptionProblems(raw: Record<string, unknown>): Promise<Problem[]> {
  const base = new Set(Object.keys(readSchema("base.schema.json").properties ?? {}));
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (base.has(key)) continue;
    let first: Problem[] | undefined;
    let fits = false;
    for (const starter of await loadStarters()) {
      const property = readSchema(starterSchemaFile(starter.id)).properties?.[key];
      if (!property) continue;
      const { default: _default, ...schema } = property;
      // The same schema as a prompt's answer check: precompiled by content at build time.
      const validate = getSchemaValidator(schema);
      if (validate(value)) {
        fits = true;
        break;
      }
      first ??= formatValidationErrors(
        (validate.errors ?? []).map((error) => ({ ...error, instancePath: `/${key}${error.instancePath}` })),
        { [key]: value },
        { properties: { [key]: property } },
      );
    }
    if (!fits && first) problems.push(...first);
  }
  return problems;
}

export interface CollectOptions {
  /** Label every problem in the user's words (flag as typed, key and line of a file). */
  label?: Labeller;
  /**
   * Only judge what was given (before prompting): a missing template or name is not
   * a problem yet, it will be asked.
   */
  givenOnly?: boolean;
}

/**
 * Options in, validated options out (defaults applied, derived names filled), or every
 * problem at once: an unknown starter does not hide a bad e-mail or licence.
 */
export async function collectProblems(raw: Record<string, unknown>, how: CollectOptions = {}): Promise<{ options?: Options; problems: Problem[] }> {
  const label = how.label ?? ((option: string) => option);
  const given = new Set(Object.keys(raw));
  const problem = how.givenOnly && raw.template === undefined ? undefined : await templateProblem(raw.template);
  const options = deriveOptions(raw);
  // Without a usable starter, check what every starter shares and name the keys none knows.
  const schemaFile = problem || raw.template === undefined ? "base.schema.json" : starterSchemaFile(String(raw.template));
  const validate = getValidator(schemaFile);
  const valid = validate(options);
  const dependencyProblems =
    problem || raw.template === undefined ? [] : dependencyNameProblems(options, String(raw.template), raw.packageName === undefined);
  if (valid && !problem && dependencyProblems.length === 0) return { options: options as Options, problems: [] };
  let problems = valid
    ? []
    : formatValidationErrors(validate.errors ?? [], options, readSchema(schemaFile), problem ? "" : `the ${String(raw.template)} starter`).filter(
        (p) => topKey(p.option) !== "template",
      );
  problems.push(...dependencyProblems);
  if (schemaFile === "base.schema.json") problems.push(...(await unknownAnywhere(raw)), ...(await starterOptionProblems(raw)));
  // A derived value is only as good as its source: report the source (or its
  // absence), not again every name derived from it.
  const broken = new Set(problems.map((p) => topKey(p.option)));
  const echoed = (option: string) => {
    const source = DERIVED_FROM[option];
    return source !== undefined && raw[option] === undefined && broken.has(source);
  };
  problems = problems.filter((p) => !echoed(topKey(p.option)));
  if (how.givenOnly) {
    problems = problems.filter((p) => {
      const key = topKey(p.option);
      return given.has(key) || (DERIVED_FROM[key] !== undefined && given.has(DERIVED_FROM[key] as string));
    });
  }
  if (problem) problems.unshift(problem);
  return { problems: problems.map((p) => ({ ...p, option: label(p.option) })) };
}

export async function validateOptions(raw: Record<string, unknown>, label?: Labeller): Promise<Options> {
  const { options, problems } = await collectProblems(raw, { label });
  if (!options) throw new UsageError("Invalid options.", problems);
  return options;
}

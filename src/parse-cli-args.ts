import { didYouMean } from "./did-you-mean.js";
import type { Problem } from "./errors.js";
import type { OptionField } from "./option-fields.js";
import { echo } from "./safe-text.js";

/** Flags of the tool itself (not project options). Value-taking ones are marked. */
export const TOOL_FLAGS: Record<string, { takesValue: boolean; short?: string; help: string; placeholder?: string; cohort?: boolean }> = {
  template: { takesValue: true, short: "t", help: "starter to generate (see `list`)", placeholder: "<id>" },
  answers: { takesValue: true, help: "read options from a JSON or YAML file; flags override it", placeholder: "<file>" },
  yes: { takesValue: false, short: "y", help: "accept defaults, never prompt" },
  "no-interactive": { takesValue: false, help: "never prompt (same as --yes)" },
  "dry-run": { takesValue: false, help: "show the resolved options, files and git steps; write nothing" },
  json: { takesValue: false, help: "print one JSON object describing the result or the errors" },
  topics: { takesValue: false, help: "with `list`: which curriculum topics each starter covers" },
  help: { takesValue: false, short: "h", help: "show this help" },
  version: { takesValue: false, short: "v", help: "print the version" },
  commit: { takesValue: false, help: "update: commit the result as one commit (default: leave it for review)" },
  base: { takesValue: true, help: "update: the commit the repository was generated from, when no render commit is marked", placeholder: "<commit>" },
  html: { takesValue: true, help: "status: also write a self-contained HTML dashboard", placeholder: "<file>" },
  out: { takesValue: true, help: "directory to create the team repositories in", placeholder: "<dir>", cohort: true },
  remote: { takesValue: true, help: "git remote URL template with {team}", placeholder: "<url>", cohort: true },
  push: { takesValue: false, help: "push each new repo (retried on the next run if it failed)", cohort: true },
  defaults: { takesValue: true, help: "cohort defaults from a YAML/JSON file (e.g. for a CSV roster)", placeholder: "<file>", cohort: true },
  update: { takesValue: false, help: "update every existing team repository instead of creating (one commit each)", cohort: true },
};

export interface ParsedArgs {
  positionals: string[];
  tool: Record<string, string | boolean>;
  /** Project options given as flags, already converted to the option's type. */
  options: Record<string, unknown>;
  /** For each option given as a flag, the flag as the user typed it (for messages). */
  typed: Record<string, string>;
  /** Unknown or malformed flags: reported together with every other problem of the run. */
  problems: Problem[];
}

function toBoolean(raw: string): boolean | string {
  if (/^(true|yes|1|on)$/i.test(raw)) return true;
  if (/^(false|no|0|off)$/i.test(raw)) return false;
  return raw; // left as text so validation names the option and the allowed values
}

export function convert(field: OptionField, raw: string, previous: unknown): unknown {
  switch (field.kind) {
    case "boolean":
      return toBoolean(raw);
    case "number":
    case "integer":
      return raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case "array": {
      const items = raw.split(",").map((item) => item.trim()).filter((item) => item !== "");
      return [...(Array.isArray(previous) ? previous : []), ...items];
    }
    default:
      return raw;
  }
}

/** `-yt cost-engine` -> `-y -t cost-engine`; `-tcost-engine` -> `-t cost-engine` (getopt style). */
function expandShortFlags(arg: string, shortToLong: Map<string, string>): string[] | undefined {
  const letters = arg.slice(1);
  const expanded: string[] = [];
  for (let i = 0; i < letters.length; i += 1) {
    const long = shortToLong.get(letters[i] as string);
    if (!long) return undefined;
    expanded.push(`--${long}`);
    if (TOOL_FLAGS[long]?.takesValue && i < letters.length - 1) {
      expanded.push(letters.slice(i + 1).replace(/^=/, ""));
      break;
    }
  }
  return expanded;
}

/**
 * Parse argv against the tool flags and every option field any starter declares.
 * Every unknown or malformed flag is collected (with a did-you-mean) and returned, so
 * that the caller reports it together with the problems of the options.
 */
/** `hints: false` leaves "did you mean" out of the problems (a probe whose problems nobody reads). */
export function parseCliArgs(argv: string[], fields: OptionField[], { hints = true } = {}): ParsedArgs {
  const byFlag = new Map(fields.map((field) => [field.flag.slice(2), field]));
  const shortToLong = new Map(
    Object.entries(TOOL_FLAGS)
      .filter(([, spec]) => spec.short)
      .map(([long, spec]) => [spec.short as string, long]),
  );
  const knownFlags = [
    ...Object.keys(TOOL_FLAGS),
    ...fields.map((field) => field.flag.slice(2)),
    ...fields.filter((field) => field.kind === "boolean").map((field) => `no-${field.flag.slice(2)}`),
  ].map((flag) => `--${flag}`);
  const parsed: ParsedArgs = { positionals: [], tool: {}, options: {}, typed: {}, problems: [] };
  const problems = parsed.problems;
  const args = [...argv];

  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === "--") {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) {
      const expanded = expandShortFlags(arg, shortToLong);
      if (!expanded) {
        problems.push({ option: echo(arg), message: "is not a known flag (see --help)" });
        continue;
      }
      args.splice(i, 1, ...expanded);
      i -= 1;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) return undefined;
      i += 1;
      return next;
    };

    const tool = TOOL_FLAGS[name];
    if (tool) {
      if (tool.takesValue) {
        const value = takeValue();
        if (value === undefined) problems.push({ option: `--${name}`, message: `needs a value ${tool.placeholder ?? ""}`.trim() });
        else parsed.tool[name] = value;
      } else {
        parsed.tool[name] = inline === undefined ? true : toBoolean(inline) === true;
      }
      continue;
    }

    const negated = name.startsWith("no-") ? byFlag.get(name.slice(3)) : undefined;
    if (negated && negated.kind === "boolean" && inline === undefined) {
      parsed.options[negated.key] = false;
      parsed.typed[negated.key] = `--${name}`;
      continue;
    }
    const field = byFlag.get(name);
    if (!field) {
      problems.push({ option: echo(`--${name}`), message: `is not a known flag or option (see --help)${hints ? didYouMean(`--${name}`, knownFlags, false) : ""}` });
      continue;
    }
    parsed.typed[field.key] = `--${name}`;
    if (field.kind === "boolean" && inline === undefined) {
      parsed.options[field.key] = true;
      continue;
    }
    const value = takeValue();
    if (value === undefined) {
      problems.push({ option: field.flag, message: "needs a value" });
      continue;
    }
    parsed.options[field.key] = convert(field, value, parsed.options[field.key]);
  }
  if (parsed.tool.template !== undefined) {
    parsed.options.template = parsed.tool.template;
    parsed.typed.template = argv.some((arg) => arg === "--template" || arg.startsWith("--template=")) ? "--template" : "-t";
  }
  return parsed;
}

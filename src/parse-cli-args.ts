import { UsageError, type Problem } from "./errors.js";
import type { OptionField } from "./option-fields.js";

/** Flags of the tool itself (not project options). Value-taking ones are marked. */
export const TOOL_FLAGS: Record<string, { takesValue: boolean; short?: string; help: string; placeholder?: string; cohort?: boolean }> = {
  template: { takesValue: true, short: "t", help: "starter to generate (see `list`)", placeholder: "<id>" },
  answers: { takesValue: true, help: "read options from a JSON or YAML file; flags override it", placeholder: "<file>" },
  yes: { takesValue: false, short: "y", help: "accept defaults, never prompt" },
  "no-interactive": { takesValue: false, help: "never prompt (same as --yes)" },
  "dry-run": { takesValue: false, help: "print the files that would be written; write nothing" },
  json: { takesValue: false, help: "print one JSON object describing the result or the errors" },
  topics: { takesValue: false, help: "with `list`: which curriculum topics each starter covers" },
  help: { takesValue: false, short: "h", help: "show this help" },
  version: { takesValue: false, short: "v", help: "print the version" },
  commit: { takesValue: false, help: "update: commit the result as one commit (default: leave it for review)" },
  base: { takesValue: true, help: "update: the commit the repository was generated from, when no render commit is marked", placeholder: "<commit>" },
  html: { takesValue: true, help: "status: also write a self-contained HTML dashboard", placeholder: "<file>" },
  out: { takesValue: true, help: "directory to create the team repositories in", placeholder: "<dir>", cohort: true },
  remote: { takesValue: true, help: "git remote URL template with {team}", placeholder: "<url>", cohort: true },
  push: { takesValue: false, help: "push each initial commit to the remote", cohort: true },
  update: { takesValue: false, help: "update every existing team repository instead of creating (one commit each)", cohort: true },
};

export interface ParsedArgs {
  positionals: string[];
  tool: Record<string, string | boolean>;
  /** Project options given as flags, already converted to the option's type. */
  options: Record<string, unknown>;
}

function toBoolean(raw: string): boolean | string {
  if (/^(true|yes|1|on)$/i.test(raw)) return true;
  if (/^(false|no|0|off)$/i.test(raw)) return false;
  return raw; // left as text so validation names the option and the allowed values
}

function convert(field: OptionField, raw: string, previous: unknown): unknown {
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

/**
 * Parse argv against the tool flags and every option field any starter declares.
 * Every unknown or malformed flag is collected and reported together.
 */
export function parseCliArgs(argv: string[], fields: OptionField[]): ParsedArgs {
  const byFlag = new Map(fields.map((field) => [field.flag.slice(2), field]));
  const shortToLong = new Map(
    Object.entries(TOOL_FLAGS)
      .filter(([, spec]) => spec.short)
      .map(([long, spec]) => [spec.short as string, long]),
  );
  const parsed: ParsedArgs = { positionals: [], tool: {}, options: {} };
  const problems: Problem[] = [];

  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === "--") {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else {
      const long = shortToLong.get(arg.slice(1));
      if (!long) {
        problems.push({ option: arg, message: "is not a known flag (see --help)" });
        continue;
      }
      name = long;
    }
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
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
      continue;
    }
    const field = byFlag.get(name);
    if (!field) {
      problems.push({ option: `--${name}`, message: "is not a known flag or option (see --help)" });
      continue;
    }
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
  if (problems.length > 0) throw new UsageError("Invalid command line.", problems);
  if (parsed.tool.template !== undefined) parsed.options.template = parsed.tool.template;
  return parsed;
}

import { baseFields, starterOwnFields, type OptionField } from "./option-fields.js";
import { TOOL_FLAGS } from "./parse-cli-args.js";
import type { StarterDefinition } from "./starter-definition.js";

function describeValue(field: OptionField): string {
  const schema = field.schema;
  const allowed = field.kind === "array" ? schema.items?.enum : schema.enum;
  if (allowed) return field.kind === "array" ? `<${allowed.join("|")}>[,...]` : `<${allowed.join("|")}>`;
  if (field.kind === "boolean") return "";
  return `<${field.kind === "string" ? "text" : field.kind}>`;
}

function optionLine(field: OptionField): string {
  const flag = field.kind === "boolean" ? `${field.flag} / --no-${field.flag.slice(2)}` : `${field.flag} ${describeValue(field)}`;
  const fallback = field.schema.default;
  const suffix = fallback === undefined ? "" : ` (default: ${Array.isArray(fallback) ? fallback.join(",") : String(fallback)})`;
  return `  ${flag.padEnd(44)} ${field.schema.description ?? ""}${suffix}`;
}

/** --help, built from the schemas so it can never drift from what is accepted. */
export function helpText(starters: StarterDefinition[], version: string): string {
  const flagLines = (cohort: boolean) =>
    Object.entries(TOOL_FLAGS)
      .filter(([, spec]) => (spec.cohort ?? false) === cohort)
      .map(([name, spec]) => {
        const flag = `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.placeholder ? ` ${spec.placeholder}` : ""}`;
        return `  ${flag.padEnd(44)} ${spec.help}`;
      });
  const starterSections = starters.flatMap((starter) => {
    const own = starterOwnFields(starter.id);
    return own.length === 0 ? [] : [``, `Options of ${starter.id}:`, ...own.map(optionLine)];
  });
  return [
    `create-devops-py ${version} — scaffold a complete Python DevOps capstone project`,
    ``,
    `Usage:`,
    `  create-devops-py [dir] [--template <id>] [options]   create a project (asks for what is missing on a TTY)`,
    `  create-devops-py list [--json]                       list the starters`,
    `  create-devops-py schema [<starter>|base|cohort]      print a JSON Schema (for $schema in answers/roster files)`,
    `  create-devops-py validate <file>                     check an answers or roster file without generating`,
    `  create-devops-py cohort <roster> [--out <dir>]       create one repository per team of a roster (--update: update them)`,
    `  create-devops-py update [dir] [--<option> <value>…]  merge the newest templates into a generated repo (three-way, via git)`,
    `                  [--dry-run] [--json] [--commit] [--base <commit>]`,
    `  create-devops-py status [dir-of-repos|repo]          version, update available, edited files, roadmap per repo`,
    `                  [--json] [--html <file>]`,
    ``,
    `Starters:`,
    ...starters.map((starter) => `  ${starter.id.padEnd(22)} ${starter.summary}`),
    ``,
    `Flags:`,
    ...flagLines(false),
    ``,
    `Project options (every starter):`,
    ...baseFields().filter((field) => field.key !== "template").map(optionLine),
    ...starterSections,
    ``,
    `Cohort flags:`,
    ...flagLines(true),
    ``,
    `Examples (non-interactive):`,
    `  npx create-devops-py my-costs --template cost-engine --yes`,
    `  npx create-devops-py infra --template infra-platform --clouds aws,gcp --ci both --kubernetes --yes`,
    `  npx create-devops-py --answers answers.yaml --author-email me@example.com --yes`,
    `  npx create-devops-py my-costs --template cost-engine --dry-run --json`,
    `  npx create-devops-py cohort roster.yaml --out teams/ --json`,
    `  npx create-devops-py update my-costs --kubernetes --commit`,
    `  npx create-devops-py status teams/ --html status.html`,
    ``,
    `Exit codes: 0 success, 1 unexpected failure, 2 invalid usage or options (nothing written), 3 update left conflicts to resolve, 130 cancelled.`,
  ].join("\n");
}

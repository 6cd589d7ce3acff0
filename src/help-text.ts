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

const WIDTH = 80;
const FLAG_COLUMN = 30;

/** Words wrapped to fit `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** `  --flag <value>   description` in 80 columns; a long flag gets its own line. */
export function entry(flag: string, description: string): string[] {
  const indent = " ".repeat(FLAG_COLUMN + 2);
  const body = wrap(description, WIDTH - FLAG_COLUMN - 2);
  if (flag.length + 2 <= FLAG_COLUMN) {
    const [first = "", ...rest] = body;
    return [`  ${flag.padEnd(FLAG_COLUMN)}${first}`.trimEnd(), ...rest.map((line) => `${indent}${line}`)];
  }
  const flagLines = flag.length + 2 <= WIDTH ? [`  ${flag}`] : wrap(flag.replaceAll("|", "| "), WIDTH - 2).map((line) => `  ${line.replaceAll("| ", "|")}`);
  return [...flagLines, ...body.map((line) => `${indent}${line}`)];
}

function optionLine(field: OptionField): string[] {
  const flag = field.kind === "boolean" ? `${field.flag}, --no-${field.flag.slice(2)}` : `${field.flag} ${describeValue(field)}`;
  const fallback = field.schema.default;
  const suffix = fallback === undefined ? "" : ` (default: ${Array.isArray(fallback) ? fallback.join(",") : String(fallback)})`;
  return entry(flag, `${field.schema.description ?? ""}${suffix}`);
}

/** --help, built from the schemas so it can never drift from what is accepted. */
export function helpText(starters: StarterDefinition[], version: string): string {
  const flagLines = (cohort: boolean) =>
    Object.entries(TOOL_FLAGS)
      .filter(([, spec]) => (spec.cohort ?? false) === cohort)
      .flatMap(([name, spec]) => entry(`${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.placeholder ? ` ${spec.placeholder}` : ""}`, spec.help));
  const starterSections = starters.flatMap((starter) => {
    const own = starterOwnFields(starter.id);
    return own.length === 0 ? [] : [``, `Options of ${starter.id}:`, ...own.flatMap(optionLine)];
  });
  return [
    `create-devops-py ${version} — scaffold a complete Python DevOps capstone project`,
    ``,
    `Usage: create-devops-py <command>`,
    ...entry("[dir] [-t <id>] [options]", "create a project (asks for what is missing on a TTY)"),
    ...entry("list [--json] [--topics]", "list the starters, or the curriculum topics each covers"),
    ...entry("schema [answers|cohort|<id>]", "print a JSON Schema (for $schema in answers/roster files)"),
    ...entry("validate <file>", "check an answers file, a project's .create-devops-py.json or a roster"),
    ...entry("cohort <roster>", "create one repository per team of a roster (--out <dir>; --update: update them)"),
    ...entry("update [dir] [--<option> <value>…]", "merge the newest templates into a generated repo (three-way, via git); --dry-run, --json, --commit, --base <commit>"),
    ...entry("status [dir-of-repos|repo]", "version, update available, edited files, roadmap per repo; --json, --html <file>"),
    ...entry("version", "print the version"),
    ``,
    `Starters:`,
    ...starters.flatMap((starter) => entry(starter.id, starter.summary)),
    ``,
    `Flags:`,
    ...flagLines(false),
    ``,
    `Project options (every starter):`,
    ...baseFields().filter((field) => field.key !== "template").flatMap(optionLine),
    ...starterSections,
    ``,
    `Cohort flags:`,
    ...flagLines(true),
    ``,
    `Examples (non-interactive):`,
    `  npx create-devops-py my-costs --template cost-engine --yes`,
    `  npx create-devops-py infra -t infra-platform --clouds aws,gcp --kubernetes -y`,
    `  npx create-devops-py --answers answers.yaml --author-email me@example.com -y`,
    `  npx create-devops-py my-costs --template cost-engine --dry-run --json`,
    `  npx create-devops-py cohort roster.yaml --out teams/ --json`,
    `  npx create-devops-py update my-costs --kubernetes --commit`,
    `  npx create-devops-py status teams/ --html status.html`,
    ``,
    ...wrap(`Exit codes: 0 success, 1 unexpected failure (or a cohort team failed), 2 invalid usage or options (nothing written), 3 update left conflicts to resolve, 130 cancelled.`, WIDTH),
  ].join("\n");
}

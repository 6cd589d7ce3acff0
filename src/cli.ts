#!/usr/bin/env node
import { CancelledError, UsageError } from "./errors.js";
import { generatorVersion } from "./package-root.js";
import { parseCliArgs, type ParsedArgs } from "./parse-cli-args.js";
import { createResultJson, createResultText, problemsText } from "./report.js";
import { cleanupPending } from "./write-project.js";

// Each command is imported when it runs, so a run loads only what it uses: `--version`
// reads no starter or schema, `list` only the registry, and generation alone loads the
// template engine (and prompts, yaml, git only when it asks, reads YAML, commits).

/** Every option any starter declares: reads the registry and every schema. */
async function allFields() {
  const [{ loadStarters }, { baseFields, starterOwnFields }] = await Promise.all([import("./starter-registry.js"), import("./option-fields.js")]);
  const starters = await loadStarters();
  return [...baseFields(), ...starters.flatMap((starter) => starterOwnFields(starter.id))];
}

/**
 * Most command lines carry only tool flags; those parse alike with or without the
 * option fields (tool flags are matched first), so the schemas are read only when the
 * tool flags alone do not parse cleanly (a project option, or a mistake to report).
 */
async function parseArgs(argv: string[]): Promise<ParsedArgs> {
  try {
    const toolOnly = parseCliArgs(argv, []);
    if (((toolOnly as { problems?: unknown[] }).problems ?? []).length === 0) return toolOnly;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
  }
  return parseCliArgs(argv, await allFields());
}

const COMMANDS = new Set(["list", "schema", "validate", "cohort"]);

/** Exit codes: 0 ok, 1 unexpected failure, 2 usage/validation error, 130 cancelled. */
async function main(argv: string[]): Promise<number> {
  const args = await parseArgs(argv);
  const json = args.tool.json === true;

  if (args.tool.version) {
    process.stdout.write(`${generatorVersion}\n`);
    return 0;
  }
  if (args.tool.help) {
    const [{ helpText }, { loadStarters }] = await Promise.all([import("./help-text.js"), import("./starter-registry.js")]);
    process.stdout.write(`${helpText(await loadStarters(), generatorVersion)}\n`);
    return 0;
  }

  const [first, ...rest] = args.positionals;
  const command = first !== undefined && COMMANDS.has(first) ? first : "create";
  const positionals = command === "create" ? args.positionals : rest;
  if (positionals.length > 1) {
    const what = command === "create" ? "dir" : command;
    throw new UsageError("Too many arguments.", [{ option: what, message: `expected one argument, got: ${positionals.join(" ")}` }]);
  }

  switch (command) {
    case "list":
      process.stdout.write(`${await (await import("./commands/list.js")).listStarters(json)}\n`);
      return 0;
    case "schema":
      process.stdout.write(`${await (await import("./commands/schema.js")).printSchema(positionals[0])}\n`);
      return 0;
    case "validate":
      return (await import("./commands/validate.js")).validateFile(positionals[0], json);
    case "cohort":
      return (await import("./commands/cohort.js")).runCohortCommand({ roster: positionals[0], tool: args.tool, flags: args.options, json, cwd: process.cwd() });
    default: {
      const interactive =
        process.stdin.isTTY === true && !args.tool.yes && !args.tool["no-interactive"] && !json;
      const { createProject } = await import("./commands/create.js");
      const result = await createProject({
        dir: positionals[0],
        flags: args.options,
        answersFile: typeof args.tool.answers === "string" ? args.tool.answers : undefined,
        interactive,
        dryRun: args.tool["dry-run"] === true,
        cwd: process.cwd(),
      });
      process.stdout.write(`${json ? JSON.stringify(createResultJson(result), null, 2) : createResultText(result, process.cwd())}\n`);
      return 0;
    }
  }
}

function onSignal(signal: NodeJS.Signals, code: number): void {
  process.on(signal, () => {
    cleanupPending();
    process.stderr.write(`\nInterrupted (${signal}); no partial project was left behind.\n`);
    process.exit(code);
  });
}
onSignal("SIGINT", 130);
onSignal("SIGTERM", 143);

// Read from argv directly: an error while parsing the flags must still answer in JSON.
const json = process.argv.includes("--json");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    cleanupPending();
    if (error instanceof UsageError) {
      if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: error.message, problems: error.problems }, null, 2)}\n`);
      else process.stderr.write(`${problemsText(error.message, error.problems)}\n`);
      process.exitCode = 2;
    } else if (error instanceof CancelledError) {
      process.stderr.write("Cancelled; nothing was written.\n");
      process.exitCode = 130;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
      process.stderr.write(`create-devops-py failed unexpectedly: ${message}\n${process.env.DEBUG ? (error as Error).stack ?? "" : "Set DEBUG=1 for details."}\n`);
      process.exitCode = 1;
    }
  },
);

#!/usr/bin/env node
import { CancelledError, UsageError } from "./errors.js";
import { generatorVersion } from "./package-root.js";
import { COMMANDS } from "./command-names.js";
import { didYouMean } from "./did-you-mean.js";
import { parseCliArgs, type ParsedArgs } from "./parse-cli-args.js";
import { createResultJson, createResultText, problemsJson, problemsText } from "./report.js";
import { echo } from "./safe-text.js";
import { isTerminal, writeErr, writeOut } from "./standard-output.js";
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
 * Most command lines carry only tool flags, or those and options every starter has
 * (--no-git, --author-name…). A command line parses alike against fewer fields as long as
 * it parses cleanly (tool flags are matched first, and no starter declares a base
 * option's flag again), so the starters' own fields are read only when the tool flags
 * and the base options alone do not parse cleanly (a starter's option, or a mistake to
 * report).
 */
async function parseArgs(argv: string[]): Promise<ParsedArgs> {
  const clean = (parsed: ParsedArgs) => parsed.problems.length === 0;
  const toolOnly = parseCliArgs(argv, [], { hints: false });
  if (clean(toolOnly)) return toolOnly;
  const { baseFields } = await import("./option-fields.js");
  const withBase = parseCliArgs(argv, baseFields(), { hints: false });
  if (clean(withBase)) return withBase;
  return parseCliArgs(argv, await allFields());
}

// Commands that only read: their errors never say "nothing was written".
const READ_ONLY = new Set(["list", "schema", "validate", "version"]);
let writes = true;

// A single `create` whose project is in place has done its job even if a signal follows.
let activeCommand = "create";

/** Exit codes: 0 ok, 1 unexpected failure, 2 usage/validation error, 130 cancelled. */
async function main(argv: string[]): Promise<number> {
  const args = await parseArgs(argv);
  const json = args.tool.json === true;

  if (args.tool.version) {
    writeOut(`${generatorVersion}\n`);
    return 0;
  }
  if (args.tool.help) {
    const [{ helpText }, { loadStarters }] = await Promise.all([import("./help-text.js"), import("./starter-registry.js")]);
    writeOut(`${helpText(await loadStarters(), generatorVersion)}\n`);
    return 0;
  }

  const [first, ...rest] = args.positionals;
  const command = first !== undefined && COMMANDS.has(first) ? first : "create";
  activeCommand = command;
  writes = !READ_ONLY.has(command);
  const positionals = command === "create" ? args.positionals : rest;
  // Creating a project reports bad flags with every other problem; other commands stop here.
  if (command !== "create" && command !== "cohort" && args.problems.length > 0) throw new UsageError("Invalid command line.", args.problems);
  if (positionals.length > 1) {
    const what = command === "create" ? "dir" : command;
    // `cohrt roster.yaml` is a mistyped command, not a directory and a stray argument.
    const hint = command === "create" ? didYouMean(positionals[0] as string, [...COMMANDS]).replace(/"/g, "`") : "";
    throw new UsageError("Too many arguments.", [{ option: what, message: `expected one argument, got: ${positionals.join(" ")}${hint}` }]);
  }

  switch (command) {
    case "version":
      writeOut(`${generatorVersion}\n`);
      return 0;
    case "list":
      writeOut(
        `${args.tool.topics ? await (await import("./commands/list-topics.js")).listTopics(json) : await (await import("./commands/list.js")).listStarters(json)}\n`,
      );
      return 0;
    case "schema":
      writeOut(`${await (await import("./commands/schema.js")).printSchema(positionals[0])}\n`);
      return 0;
    case "validate":
      return (await import("./commands/validate.js")).validateFile(positionals[0], json, process.cwd());
    case "update":
      return (await import("./commands/update.js")).runUpdateCommand({ dir: positionals[0], tool: args.tool, flags: args.options, typed: args.typed, json, cwd: process.cwd() });
    case "status":
      return (await import("./commands/status.js")).runStatusCommand({ target: positionals[0], tool: args.tool, json, cwd: process.cwd() });
    case "cohort":
      return (await import("./commands/cohort.js")).runCohortCommand({ roster: positionals[0], tool: args.tool, flags: args.options, typed: args.typed, flagProblems: args.problems, json, cwd: process.cwd() });
    default: {
      const interactive = !args.tool.yes && !args.tool["no-interactive"] && !json && isTerminal(0);
      const { createProject } = await import("./commands/create.js");
      const result = await createProject({
        dir: positionals[0],
        flags: args.options,
        typed: args.typed,
        flagProblems: args.problems,
        answersFile: typeof args.tool.answers === "string" ? args.tool.answers : undefined,
        interactive,
        dryRun: args.tool["dry-run"] === true,
        cwd: process.cwd(),
        // Progress lines only on a terminal.
        onProgress: json ? undefined : (message) => {
          if (isTerminal(2)) writeErr(`${message}\n`);
        },
      });
      writeOut(`${json ? JSON.stringify(createResultJson(result), null, 2) : createResultText(result, process.cwd())}\n`);
      return 0;
    }
  }
}

function onSignal(signal: NodeJS.Signals, code: number): void {
  process.on(signal, () => {
    // Say what is true: a project renamed into place before the signal is there to stay.
    const { removedUnfinished, created } = cleanupPending();
    const done = created.length > 0 ? `; already created: ${created.join(", ")}` : "";
    writeErr(`\nInterrupted (${signal}); ${removedUnfinished ? "the unfinished project was removed" : "nothing half-written is left"}${done}.\n`);
    process.exit(activeCommand === "create" && created.length > 0 ? 0 : code);
  });
}
onSignal("SIGINT", 130);
onSignal("SIGTERM", 143);
onSignal("SIGHUP", 129);

// Read from argv directly: an error while parsing the flags must still answer in JSON.
const json = process.argv.includes("--json");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    cleanupPending();
    if (error instanceof UsageError) {
      if (json) writeOut(`${JSON.stringify(problemsJson(error.message, error.problems), null, 2)}\n`);
      else writeErr(`${problemsText(error.message, error.problems, writes)}\n`);
      process.exitCode = 2;
    } else if (error instanceof CancelledError) {
      writeErr("Cancelled; nothing was written.\n");
      process.exitCode = 130;
    } else {
      const message = echo(error instanceof Error ? error.message : String(error), 2000);
      if (json) writeOut(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
      writeErr(`create-devops-py failed unexpectedly: ${message}\n${process.env.DEBUG ? (error as Error).stack ?? "" : "Set DEBUG=1 for details."}\n`);
      process.exitCode = 1;
    }
  },
).finally(() => {
  // Exit now rather than when Node tears down: a finished run must not die of a signal
  // that arrives late (teardown closes Node's signal handles, and the default action
  // would kill it without its exit code). Every line was written synchronously
  // (standard-output.ts), so nothing waits to be flushed.
  process.exit();
});

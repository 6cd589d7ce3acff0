/** The CLI's commands besides `create` (the default): the first positional argument names one. */
export const COMMANDS: ReadonlySet<string> = new Set(["list", "schema", "validate", "cohort", "update", "status", "version"]);

/**
 * Which kind of run a command line asks for, in one word (`version`, `help`, a command,
 * or `create`): runs of one kind compile the same functions, so each kind keeps a code
 * cache of its own (a `--version` run would otherwise leave a cache without generation's
 * functions, or generation's cache would be read by every `--version`). A guess is
 * enough: a wrong one only costs compile time, never changes what the run does.
 */
export function runKind(argv: readonly string[]): string {
  if (argv.some((arg) => arg === "--version" || arg === "-v")) return "version";
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return "help";
  const first = argv.find((arg) => !arg.startsWith("-"));
  return first !== undefined && COMMANDS.has(first) ? first : "create";
}

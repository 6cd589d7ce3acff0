/** The CLI's commands besides `create` (the default): the first positional argument names one. */
export const COMMANDS: ReadonlySet<string> = new Set(["list", "schema", "validate", "cohort", "update", "status", "version"]);

/**
 * Which kind of run a command line asks for, in one word (`version`, `help`, a command,
 * `create`, or `create-<starter>` when the command line names the starter): runs of one
 * kind compile the same functions, so each kind keeps a code cache of its own (a
 * `--version` run would otherwise leave a cache without generation's functions, or
 * generation's cache would be read by every `--version`; and each starter's templates
 * call helpers another's do not, which a cache made by that other starter lacks, so every
 * later run would compile them again). A guess is enough: a wrong one only costs compile
 * time, never changes what the run does.
 */
export function runKind(argv: readonly string[]): string {
  if (argv.some((arg) => arg === "--version" || arg === "-v")) return "version";
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return "help";
  const first = argv.find((arg) => !arg.startsWith("-"));
  if (first !== undefined && COMMANDS.has(first)) return first;
  const starter = namedStarter(argv);
  return starter === undefined ? "create" : `create-${starter}`;
}

/** The starter `--template`/`-t` names, when it looks like a starter id (it becomes part of a file name). */
function namedStarter(argv: readonly string[]): string | undefined {
  let named: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== "--"; i += 1) {
    const arg = argv[i] as string;
    if (arg.startsWith("--template=")) named = arg.slice("--template=".length);
    else if (arg === "--template" || /^-[a-z]*t$/.test(arg)) named = argv[i + 1];
    else if (/^-t[a-z]/.test(arg)) named = arg.slice(2);
  }
  return named !== undefined && /^[a-z][a-z0-9-]{0,39}$/.test(named) ? named : undefined;
}

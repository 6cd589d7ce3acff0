import { delimiter, relative } from "node:path";
import type { CreateResult } from "./commands/create.js";
import type { Problem } from "./errors.js";
import { PIP_FALLBACK } from "./pip-fallback.js";
import { renderTree } from "./render-tree.js";
import { echo, visibleControls } from "./safe-text.js";
import { styler } from "./terminal-style.js";
import { firstExecutable } from "./executable-on-path.js";

// A message line never carries raw control characters or a whole huge value.
const MESSAGE_LIMIT = 400;

/** A problem safe to print or to put in JSON: controls made visible, bounded. */
export function safeProblem(problem: Problem): Problem {
  return { option: echo(problem.option, 120), message: echo(visibleControls(problem.message), MESSAGE_LIMIT) };
}

export function problemsJson(message: string, problems: Problem[]): object {
  return { ok: false, error: visibleControls(message), problems: problems.map(safeProblem) };
}

export function createResultJson(result: CreateResult): object {
  return {
    ok: true,
    dryRun: !result.written,
    target: result.target,
    template: result.starter.id,
    git: result.git,
    ...(result.note ? { note: result.note } : {}),
    lock: result.lock,
    ...(result.lockNote ? { lockNote: result.lockNote } : {}),
    postSteps: result.postSteps,
    options: result.options,
    files: result.files.map((file) => ({ path: file.path, mode: file.mode.toString(8), bytes: file.bytes?.byteLength ?? Buffer.byteLength(file.contents) })),
  };
}

/** Whether a program is on PATH (for the next-step hint about installing uv). */
export function onPath(program: string, path = process.env.PATH ?? ""): boolean {
  return firstExecutable(program, path.split(delimiter)) !== null;
}

/** Commands with their comments in one aligned column. */
function aligned(rows: [string, string][], dim: (text: string) => string): string[] {
  const width = Math.max(...rows.map(([command]) => command.length));
  return rows.map(([command, comment]) => `  ${command.padEnd(width)}  ${dim(`# ${comment}`)}`);
}

function optionsTable(options: Record<string, unknown>): string[] {
  const rows = Object.entries(options);
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `  ${key.padEnd(width)}  ${echo(typeof value === "string" ? value : JSON.stringify(value), 70)}`);
}

export function createResultText(result: CreateResult, cwd: string, hasUv = onPath("uv")): string {
  const s = styler("stdout");
  const where = visibleControls(relative(cwd, result.target) || ".");
  if (!result.written) {
    return [
      `${s.bold("Dry run")}: nothing is written. Resolved options:`,
      ...optionsTable(result.options),
      ``,
      `${result.files.length} files would be written to ${where}/`,
      renderTree(result.files.map((f) => f.path)),
      ``,
      result.postSteps.length > 0 ? `Then, in ${where}/:` : `Then: no git repository (git: false).`,
      ...result.postSteps.map((step) => `  ${step}`),
      ...(result.lock === "planned" ? [`(uv lock writes uv.lock${result.git ? " for the first commit" : ""}; without uv or the index the project is still made, with a note.)`] : []),
    ].join("\n");
  }
  const name = String(result.options.name);
  const demo = [name, ...result.starter.demo.args].join(" ");
  const rows: [string, string][] = [
    [`cd ${where}`, "the new project"],
    ["uv sync", `or, without uv: ${PIP_FALLBACK}`],
    [`uv run ${demo}`, "the demo, on the embedded sample data"],
    ["uv run pytest", "tests + coverage"],
    ...(result.starter.service ? [[`uv run ${name} serve`, `http://127.0.0.1:${result.starter.service.port}/healthz`] as [string, string]] : []),
  ];
  const locked = result.lock === "locked" ? `, dependencies locked in uv.lock` : "";
  return [
    `${s.green("✔")} Created ${s.bold(name)} (${result.starter.title}) in ${where}/ — ${result.files.length} files${locked}${result.git ? ", git repository with one initial commit" : ""}.`,
    ...(result.note ? [`${s.yellow("!")} ${result.note}`] : []),
    ...(result.lockNote ? [`${s.yellow("!")} ${visibleControls(result.lockNote)}`] : []),
    ``,
    `Next steps:`,
    ...aligned(rows, s.dim),
    ...(hasUv ? [] : [``, `uv is not installed: see https://docs.astral.sh/uv/getting-started/installation/ (or use the pip line above).`]),
    ``,
    `What to build next: the roadmap in ${where === "." ? "" : `${where}/`}README.md.`,
  ].join("\n");
}

/** `writes`: whether the command could have written anything (then say that it did not). */
export function problemsText(message: string, problems: Problem[], writes = true): string {
  const s = styler("stderr");
  const lines = [`${s.red("✖")} ${visibleControls(message)}`];
  for (const problem of problems.map(safeProblem)) lines.push(`  ${s.bold(problem.option)}: ${problem.message}`);
  if (problems.length > 0) lines.push(``, writes ? `Nothing was written. Run with --help to see every option.` : `Run with --help to see every command and option.`);
  return lines.join("\n");
}

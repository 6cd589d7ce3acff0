import { relative } from "node:path";
import type { CreateResult } from "./commands/create.js";
import type { Problem } from "./errors.js";
import { renderTree } from "./render-tree.js";
import { styler } from "./terminal-style.js";

export function createResultJson(result: CreateResult): object {
  return {
    ok: true,
    dryRun: !result.written,
    target: result.target,
    template: result.starter.id,
    git: result.git,
    ...(result.note ? { note: result.note } : {}),
    options: result.options,
    files: result.files.map((file) => ({ path: file.path, mode: file.mode.toString(8), bytes: Buffer.byteLength(file.contents) })),
  };
}

export function createResultText(result: CreateResult, cwd: string): string {
  const s = styler(process.stdout);
  const where = relative(cwd, result.target) || ".";
  if (!result.written) {
    return [`${s.bold("Dry run")}: ${result.files.length} files would be written to ${where}/`, renderTree(result.files.map((f) => f.path))].join("\n");
  }
  const name = String(result.options.name);
  const demo = [name, ...result.starter.demo.args].join(" ");
  return [
    `${s.green("✔")} Created ${s.bold(name)} (${result.starter.title}) in ${where}/ — ${result.files.length} files${result.git ? ", git repository with one initial commit" : ""}.`,
    ...(result.note ? [`${s.yellow("!")} ${result.note}`] : []),
    ``,
    `Next steps:`,
    `  cd ${where}`,
    `  uv sync                      ${s.dim("# or: python -m venv .venv && . .venv/bin/activate && pip install -e . --group dev")}`,
    `  uv run ${demo.padEnd(21)} ${s.dim("# the demo, on the embedded sample data")}`,
    `  uv run pytest                ${s.dim("# tests + coverage")}`,
    ...(result.starter.service ? [`  uv run ${name} serve          ${s.dim(`# http://127.0.0.1:${result.starter.service.port}/healthz`)}`] : []),
  ].join("\n");
}

export function problemsText(message: string, problems: Problem[]): string {
  const s = styler(process.stderr);
  const lines = [`${s.red("✖")} ${message}`];
  for (const problem of problems) lines.push(`  ${s.bold(problem.option)}: ${problem.message}`);
  if (problems.length > 0) lines.push(``, `Nothing was written. Run with --help to see every option.`);
  return lines.join("\n");
}

import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { gateToolsBin } from "../helpers/paths.js";
import { runProcess } from "../helpers/run-process.js";
import type { GateContext } from "./gate-context.js";
import { optionSetProjectName, optionSetsFor } from "./option-sets.js";
import type { Gate, GateOutcome } from "./quality-gates.js";

/** The install line the README gives for readers without uv (the inline code after "Without uv:"). */
export function documentedPipFallback(readme: string): string | null {
  return /^Without uv: `([^`]+)`/m.exec(readme)?.[1] ?? null;
}

// Once per starter: the install downloads every dependency with pip, which is slow.
function firstOptionSet(ctx: GateContext): boolean {
  const first = optionSetsFor(ctx.starter.id)[0];
  return first !== undefined && ctx.options.name === optionSetProjectName(ctx.starter.id, first);
}

const NOT_COPIED = new Set([".venv", ".git", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__"]);

async function pipFallbackInstallsAndTests(ctx: GateContext): Promise<GateOutcome> {
  const command = documentedPipFallback(readFileSync(join(ctx.dir, "README.md"), "utf8"));
  if (command === null) return { ok: false, detail: "README.md has no 'Without uv: `…`' install line" };
  // A copy, so the fresh venv cannot meet the harness's .venv (or its caches).
  const copy = mkdtempSync(join(tmpdir(), "pip-fallback-"));
  try {
    cpSync(ctx.dir, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(source.split("/").pop() ?? "") });
    // As a reader without uv: no active venv, neither the harness's venv nor the gate tools on PATH.
    const { VIRTUAL_ENV: _venv, ...env } = ctx.env;
    const path = (env.PATH ?? "").split(delimiter).filter((dir) => dir !== ctx.venvBin && dir !== gateToolsBin).join(delimiter);
    const script = `set -e\n${command}\npip --version\npytest -q -p no:cacheprovider`;
    const result = await runProcess("bash", ["-c", script], { cwd: copy, env: { ...env, PATH: path }, timeoutMs: 1_200_000 });
    const summary = result.stdout.split("\n").filter((line) => /\d+ passed/.test(line)).pop() ?? "";
    const ok = result.code === 0 && summary !== "";
    return { ok, detail: `$ ${command} && pytest -q\nexit ${result.code} after ${result.ms} ms: ${summary}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}` };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The README's pip fallback works with the pip a fresh `python3 -m venv` brings, then the tests pass. */
export const PIP_FALLBACK_GATES: Gate[] = [
  { name: "pip fallback (README's install line in a fresh venv, then pytest)", applies: firstOptionSet, run: pipFallbackInstallsAndTests },
];

import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { gateToolsBin } from "../helpers/paths.js";
import { runProcess } from "../helpers/run-process.js";
import type { GateContext } from "./gate-context.js";
import type { Gate } from "./quality-gates.js";

// yamllint's relaxed preset, without line-length: SHA-pinned `uses:` lines are long by design.
export const YAMLLINT_CONFIG = "{extends: relaxed, rules: {line-length: disable}}";

// Directories that are not part of the generated project (tool caches, the venv, git).
const NOT_GENERATED = new Set([".venv", ".git", "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__"]);

/** Every YAML file of the project (dot directories such as .github/ included), relative to it. */
export function generatedYamlFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return NOT_GENERATED.has(entry.name) ? [] : generatedYamlFiles(root, path);
    return /\.ya?ml$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

async function yamllintClean(ctx: GateContext) {
  const files = generatedYamlFiles(ctx.dir).sort();
  if (files.length === 0) return { ok: false, detail: "no YAML files found: the gate would prove nothing" };
  const result = await runProcess(join(gateToolsBin, "yamllint"), ["-f", "parsable", "-d", YAMLLINT_CONFIG, ...files], {
    cwd: ctx.dir,
    env: ctx.env,
    timeoutMs: 120_000,
  });
  // Warnings exit 0 without --strict, so the gate counts the reported lines itself.
  const problems = result.stdout.split("\n").filter((line) => /\[(warning|error)\]/.test(line));
  const ok = result.code === 0 && problems.length === 0;
  return { ok, detail: `${files.length} YAML files, ${problems.length} problems (exit ${result.code})\n${files.join("\n")}\n${result.stdout}${result.stderr}`.trim() };
}

/** 0 warnings and 0 errors from yamllint on every generated YAML file. */
export const YAMLLINT_GATES: Gate[] = [{ name: "YAML style (yamllint relaxed, 0 warnings)", applies: () => true, run: yamllintClean }];

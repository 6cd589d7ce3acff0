/**
 * Typing and dependency gates (issue 11, "typed for real"): a second type checker beside
 * the project's own mypy, and deptry for imports that are not declared (or declared and
 * never imported). Both run against the project's own virtualenv, so they see the
 * installed packages and stubs (boto3-stubs, types-*) exactly as the project does.
 */
import { join } from "node:path";
import { runProcess, type ProcessResult } from "../helpers/run-process.js";
import { gateToolsBin, repoRoot } from "../helpers/paths.js";
import type { GateContext } from "./gate-context.js";
import type { Gate, GateOutcome } from "./quality-gates.js";

// pyright is this repo's exact-pinned devDependency (npm ci installs it with the rest).
const pyright = join(repoRoot, "node_modules", ".bin", "pyright");

function outcome(command: string, result: ProcessResult): GateOutcome {
  const detail = `$ ${command}\nexit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim();
  return { ok: result.code === 0, detail };
}

async function pyrightOnSource(ctx: GateContext): Promise<GateOutcome> {
  // Standard mode is pyright's default; the minimum Python is the version checked
  // against, as mypy's python_version is.
  const args = ["--pythonpath", join(ctx.venvBin, "python"), "--pythonversion", String(ctx.options.pythonVersion), "src"];
  const result = await runProcess(pyright, args, { cwd: ctx.dir, env: ctx.env, timeoutMs: 300_000 });
  const checked = outcome(`pyright ${args.join(" ")}`, result);
  // Exit 0 alone could hide "no files found"; the summary line must say 0 errors.
  if (checked.ok && !/\b0 errors\b/.test(result.stdout)) return { ok: false, detail: `no "0 errors" summary:\n${checked.detail}` };
  return checked;
}

let deptryHome: Promise<string> | undefined;

/** The site-packages directory of the gate tools that holds the pinned deptry. */
function deptrySitePackages(): Promise<string> {
  deptryHome ??= runProcess(join(gateToolsBin, "python"), ["-c", "import deptry, pathlib; print(pathlib.Path(deptry.__file__).parent.parent)"]).then((result) => {
    if (result.code !== 0) throw new Error(`deptry is not installed in the gate tools (${gateToolsBin}):\n${result.stderr}`);
    return result.stdout.trim();
  });
  return deptryHome;
}

// deptry maps declared packages to import names through the metadata of the interpreter
// that runs it, so it must run on the project's interpreter. The gate tools' directory goes
// last on sys.path: the project's own packages win, and its venv is not changed.
const DEPTRY_ON_PROJECT_PYTHON = "import sys; sys.path.append(sys.argv.pop(1)); sys.argv[0] = 'deptry'; from deptry.cli import deptry; deptry()";

async function deptryOnSource(ctx: GateContext): Promise<GateOutcome> {
  const sitePackages = await deptrySitePackages();
  const args = ["-c", DEPTRY_ON_PROJECT_PYTHON, sitePackages, "src"];
  const result = await runProcess(join(ctx.venvBin, "python"), args, { cwd: ctx.dir, env: ctx.env, timeoutMs: 300_000 });
  const checked = outcome("deptry src (on the project's python)", result);
  // A deptry that guesses module names did not see the project's packages: not a real pass.
  if (checked.ok && /Assuming the corresponding module name/.test(result.stderr)) {
    return { ok: false, detail: `deptry did not see the project's installed packages:\n${checked.detail}` };
  }
  return checked;
}

export const TYPING_GATES: Gate[] = [
  { name: "types (pyright, 0 errors in src/)", applies: () => true, run: pyrightOnSource },
  { name: "dependencies (deptry)", applies: () => true, run: deptryOnSource },
];

import { existsSync } from "node:fs";
import { join } from "node:path";
import { gateToolsBin } from "../helpers/paths.js";
import { runProcess } from "../helpers/run-process.js";
import type { GateContext } from "./gate-context.js";
import type { Gate, GateOutcome } from "./quality-gates.js";

const locked = (ctx: GateContext) => ctx.options.lock === true;

/**
 * A locked project comes out with uv.lock that the pinned uv (the one CI installs) finds
 * current, and, with git, the lock is in the first commit, not left for the team to add.
 */
async function lockIsCurrent(ctx: GateContext): Promise<GateOutcome> {
  if (!existsSync(join(ctx.dir, "uv.lock"))) return { ok: false, detail: `${ctx.dir} has no uv.lock (was uv on the PATH the harness generated with?)` };
  const details: string[] = [];
  if (ctx.options.git === true) {
    const tracked = await runProcess("git", ["ls-tree", "--name-only", "HEAD", "--", "uv.lock"], { cwd: ctx.dir });
    const status = await runProcess("git", ["status", "--porcelain", "--", "uv.lock"], { cwd: ctx.dir });
    details.push(`git ls-tree HEAD uv.lock: ${tracked.stdout.trim() || "(not committed)"}`, `git status uv.lock: ${status.stdout.trim() || "(clean)"}`);
    if (tracked.stdout.trim() !== "uv.lock" || status.stdout.trim() !== "") return { ok: false, detail: details.join("\n") };
  }
  const check = await runProcess(join(gateToolsBin, "uv"), ["lock", "--check"], { cwd: ctx.dir, env: ctx.env, timeoutMs: 300_000 });
  details.push(`$ uv lock --check\nexit ${check.code ?? check.signal}\n${check.stdout}${check.stderr}`);
  return { ok: check.code === 0, detail: details.join("\n") };
}

export const LOCK_GATES: Gate[] = [{ name: "lock file is current and committed (uv lock --check)", applies: locked, run: lockIsCurrent }];

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { echo, visibleControls } from "./safe-text.js";
import { interruptionSignal } from "./write-project.js";
import { childProcess } from "./lazy-builtins.js";

/** The lock file `uv lock` writes at the project root. */
export const LOCK_FILE = "uv.lock";

/** What the user runs when generation could not lock (shown in the report and by --dry-run). */
export const LOCK_COMMAND = "uv lock";

/** A lock step's result: the lock file's contents, or why there is none. */
export type LockOutcome = { locked: true; contents: string } | { locked: false; reason: string };

/**
 * Which uv to run: `CREATE_DEVOPS_PY_UV` (a path, for tests and pinned toolchains), else
 * `uv` as found on PATH. Read at each call, so a test's env is the truth.
 */
export function uvCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREATE_DEVOPS_PY_UV || "uv";
}

const DEFAULT_TIMEOUT_SECONDS = 180;

/**
 * How long one `uv lock` may take before we give up on it (`CREATE_DEVOPS_PY_LOCK_TIMEOUT`,
 * seconds). A cold resolve of the biggest starter takes seconds; a hung index must not
 * hang generation.
 */
export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.CREATE_DEVOPS_PY_LOCK_TIMEOUT);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS) * 1000;
}

// Cohort mode generates four teams at once: at most this many resolves run together (3 is
// as fast as 4 on two cores, measured: 27 s vs 26 s for 30 teams; 2 took 34 s).
// They share uv's one cache (UV_CACHE_DIR or uv's default), so the first team's downloads
// serve every other team, and uv's cache lock keeps concurrent writers safe.
const MAX_CONCURRENT_LOCKS = 3;
let running = 0;
const waiting: (() => void)[] = [];

async function withLockSlot<T>(work: () => Promise<T>): Promise<T> {
  // A freed slot is handed straight to the next waiter, so a newcomer cannot take it in between.
  if (running >= MAX_CONCURRENT_LOCKS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** The last meaningful line uv printed: its error, in its own words. */
function lastLine(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("hint:"));
  const error = lines.find((line) => /^error:/i.test(line));
  return echo(visibleControls(error ?? lines.at(-1) ?? ""), 300);
}

interface UvRun {
  code: number | null;
  stderr: string;
  missing: boolean;
  timedOut: boolean;
}

/**
 * One uv process in its own process group, so that a timeout or an interrupt stops it and
 * everything it started (a stuck interpreter query, a download), not uv alone.
 */
function runUv(uv: string, dir: string, env: NodeJS.ProcessEnv, timeout: number): Promise<UvRun> {
  return new Promise((resolve) => {
    const child = childProcess().spawn(uv, ["lock", "--quiet"], { cwd: dir, env: { ...env, NO_COLOR: "1" }, detached: true, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let timedOut = false;
    const stopGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, timeout);
    interruptionSignal().addEventListener("abort", stopGroup, { once: true });
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString("utf8");
    });
    const done = (run: UvRun) => {
      clearTimeout(timer);
      interruptionSignal().removeEventListener("abort", stopGroup);
      resolve(run);
    };
    child.on("error", (error: NodeJS.ErrnoException) => done({ code: null, stderr: error.message, missing: error.code === "ENOENT", timedOut: false }));
    // "exit", not "close": a grandchild still holding stderr must not keep us waiting.
    child.on("exit", (code) => {
      stopGroup();
      done({ code, stderr, missing: false, timedOut });
    });
  });
}

/**
 * `uv lock` in a freshly written project directory. Never throws for a uv problem (not
 * installed, offline, failing, too slow): generation succeeds without a lock and the
 * reason says what happened. uv only ever adds uv.lock; nothing here removes a file.
 */
export async function lockDependencies(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<LockOutcome> {
  const uv = uvCommand(env);
  const timeout = lockTimeoutMs(env);
  const run = await withLockSlot(() => runUv(uv, dir, env, timeout));
  if (run.missing) return { locked: false, reason: `uv was not found${uv === "uv" ? " on PATH" : ` (${echo(uv, 120)})`}` };
  if (run.timedOut) return { locked: false, reason: `uv lock did not finish within ${timeout / 1000} s` };
  if (run.code !== 0) {
    const detail = lastLine(run.stderr);
    return { locked: false, reason: `uv lock failed${run.code === null ? " (stopped)" : ` (exit ${run.code})`}${detail ? `: ${detail}` : ""}` };
  }
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return { locked: false, reason: `uv lock succeeded but wrote no ${LOCK_FILE}` };
  return { locked: true, contents: readFileSync(path, "utf8") };
}

/** The report's line when there is no lock: why, and what to run. */
export function noLockNote(reason: string, git: boolean): string {
  return `no ${LOCK_FILE}: ${reason}. Run \`${LOCK_COMMAND}\` in the project${git ? ` and commit ${LOCK_FILE}` : ""}; CI and the Dockerfile install from it (\`uv sync --locked\`).`;
}

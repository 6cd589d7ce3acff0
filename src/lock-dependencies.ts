import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { echo, visibleControls } from "./safe-text.js";
import { interruption } from "./write-project.js";

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

// Cohort mode generates several teams at once: at most this many resolves run together.
// They share uv's one cache (UV_CACHE_DIR or uv's default), so the first team's downloads
// serve every other team, and uv's cache lock keeps concurrent writers safe.
const MAX_CONCURRENT_LOCKS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withLockSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_LOCKS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** The last meaningful line uv printed: its error, in its own words. */
function lastLine(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("hint:"));
  const error = lines.find((line) => /^error:/i.test(line));
  return echo(visibleControls(error ?? lines.at(-1) ?? ""), 300);
}

/**
 * `uv lock` in a freshly written project directory. Never throws for a uv problem (not
 * installed, offline, failing, too slow): generation succeeds without a lock and the
 * reason says what happened. uv only ever adds uv.lock; nothing here removes a file.
 */
export function lockDependencies(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<LockOutcome> {
  const uv = uvCommand(env);
  const timeout = lockTimeoutMs(env);
  return withLockSlot(
    () =>
      new Promise<LockOutcome>((resolve) => {
        execFile(
          uv,
          ["lock", "--quiet"],
          // NO_COLOR: uv's message is shown by us, not by a terminal.
          { cwd: dir, env: { ...env, NO_COLOR: "1" }, timeout, killSignal: "SIGKILL", signal: interruption.signal, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
          (error, _stdout, stderr) => {
            if (error) {
              const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
              if (failure.code === "ENOENT") return resolve({ locked: false, reason: `uv was not found${uv === "uv" ? " on PATH" : ` (${echo(uv, 120)})`}` });
              if (failure.killed && !interruption.signal.aborted) return resolve({ locked: false, reason: `uv lock did not finish within ${timeout / 1000} s` });
              const detail = lastLine(stderr);
              return resolve({ locked: false, reason: `uv lock failed${typeof failure.code === "number" ? ` (exit ${failure.code})` : ""}${detail ? `: ${detail}` : ""}` });
            }
            const path = join(dir, LOCK_FILE);
            if (!existsSync(path)) return resolve({ locked: false, reason: `uv lock succeeded but wrote no ${LOCK_FILE}` });
            resolve({ locked: true, contents: readFileSync(path, "utf8") });
          },
        );
      }),
  );
}

/** The report's line when there is no lock: why, and what to run. */
export function noLockNote(reason: string, git: boolean): string {
  return `no ${LOCK_FILE}: ${reason}. Run \`${LOCK_COMMAND}\` in the project${git ? ` and commit ${LOCK_FILE}` : ""}; CI and the Dockerfile install from it (\`uv sync --locked\`).`;
}

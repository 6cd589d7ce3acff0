import { chmodSync, cpSync, mkdtempSync, readdirSync, realpathSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { cliPath, repoRoot } from "./paths.js";
import { runProcess, type ProcessResult } from "./run-process.js";

/** Spawn the built CLI as a user would: no TTY on stdin, CI=true like our CI. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [cliPath, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeoutMs: 60_000,
  });
}

export function tempDir(prefix = "cdp-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every path under dir with its size and mode: equal listings mean nothing was touched. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const stat = statSync(path);
      out.push(`${relative(dir, path)} ${stat.mode.toString(8)} ${entry.isDirectory() ? "dir" : stat.size}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * A copy of the built package that any user can read, for tests that run the CLI as an
 * unprivileged user: the checkout itself may sit in a private (0700) directory.
 */
export function worldReadableCli(): string {
  const root = tempDir("cdp-readable-cli-");
  chmodSync(root, 0o755);
  for (const entry of ["package.json", "dist", "templates", "schemas", "node_modules"]) {
    cpSync(realpathSync(join(repoRoot, entry)), join(root, entry), { recursive: true, verbatimSymlinks: true });
  }
  return join(root, relative(repoRoot, cliPath));
}

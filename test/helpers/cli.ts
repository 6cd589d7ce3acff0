import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { cliPath } from "./paths.js";
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

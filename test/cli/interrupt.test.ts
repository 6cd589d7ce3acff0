import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath } from "../helpers/paths.js";
import { listing, runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

const KILLS = Number(process.env.INTERRUPT_RUNS ?? 24);

/** A small deterministic generator so that a failing delay can be reproduced. */
function* delays(seed: number, maxMs: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield Math.floor((state / 2 ** 31) * maxMs);
  }
}

function withoutGit(lines: string[]): string[] {
  return lines.filter((line) => !line.startsWith(".git"));
}

describe("interrupted runs leave the target absent or complete", () => {
  it(`${KILLS} kills (SIGINT and SIGKILL) at random points of generation and git init`, async () => {
    // Reference: an uninterrupted run, to know what "complete" is and how long a run takes.
    const referenceCwd = tempDir();
    const reference = await runCli(["proj", "--template", "cost-engine", "--yes"], referenceCwd);
    expect(reference.code).toBe(0);
    const complete = withoutGit(listing(join(referenceCwd, "proj")));
    const pick = delays(20261124, Math.max(200, reference.ms * 1.2));

    const outcomes = { absent: 0, complete: 0 };
    for (let i = 0; i < KILLS; i += 1) {
      const signal: NodeJS.Signals = i % 3 === 2 ? "SIGKILL" : "SIGINT";
      const cwd = tempDir();
      const child = spawn(process.execPath, [cliPath, "proj", "--template", "cost-engine", "--yes"], { cwd, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
      const delay = pick.next().value as number;
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill(signal);
      const code = await exited;
      const target = join(cwd, "proj");
      const context = `${signal} after ${delay} ms (exit ${code})`;
      if (existsSync(target)) {
        expect(withoutGit(listing(target)), context).toEqual(complete);
        const log = await runProcess("git", ["log", "--oneline"], { cwd: target });
        expect(log.stdout.trim().split("\n"), context).toHaveLength(1);
        outcomes.complete += 1;
      } else {
        outcomes.absent += 1;
      }
      if (signal === "SIGINT") {
        expect(readdirSync(cwd).filter((name) => name.includes("create-devops-py")), context).toEqual([]);
        if (!existsSync(target)) expect(code, context).not.toBe(0);
      }
    }
    // Both outcomes should occur, or the delays did not span the run.
    expect(outcomes.absent + outcomes.complete).toBe(KILLS);
    expect(outcomes.absent, JSON.stringify(outcomes)).toBeGreaterThan(0);
  }, 300_000);
});

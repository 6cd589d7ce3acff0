import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { cliPath } from "../helpers/paths.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

/** The pid of a process that has exited: a killed run's staging name carries one. */
function deadPid(): number {
  return spawnSync("true").pid;
}

function plantDir(path: string, ageDays = 0): void {
  mkdirSync(path);
  writeFileSync(join(path, "pyproject.toml"), "half-written");
  if (ageDays > 0) {
    const when = new Date(Date.now() - ageDays * 24 * 3600 * 1000);
    utimesSync(path, when, when);
  }
}

describe("leftovers of killed runs", () => {
  it("a later run removes our stale staging dirs (dead pid, or older than a day) and nothing else", async () => {
    const cwd = tempDir();
    const stale = `.proj.create-devops-py-${deadPid()}-aBc123`;
    const live = `.proj.create-devops-py-${process.pid}-aBc123`;
    const legacyOld = ".old.create-devops-py-Xy12zz";
    const legacyNew = ".new.create-devops-py-Xy12zz";
    const unrelated = ".proj.backup";
    plantDir(join(cwd, stale));
    plantDir(join(cwd, live));
    plantDir(join(cwd, legacyOld), 2);
    plantDir(join(cwd, legacyNew));
    plantDir(join(cwd, unrelated));
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual([legacyNew, unrelated, live, "proj"].sort());
  });

  it("an empty target holding only a stale staging dir of ours counts as empty, and the leftover goes", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "proj"));
    plantDir(join(cwd, "proj", `.create-devops-py-${deadPid()}-qWe456`));
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(cwd, "proj")).filter((name) => name.includes("create-devops-py-"))).toEqual([]);
  });
});

describe("signals", () => {
  it("SIGHUP is handled like SIGINT: at any point, nothing half-written stays behind", async () => {
    const reference = await runCli(["proj", "--template", "cost-engine", "--yes"], tempDir());
    expect(reference.code).toBe(0);
    const runs = 8;
    for (let i = 0; i < runs; i += 1) {
      const cwd = tempDir();
      const child = spawn(process.execPath, [cliPath, "proj", "--template", "cost-engine", "--yes"], { cwd, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const delay = Math.round(((i + 0.5) / runs) * reference.ms);
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGHUP");
      const code = await exited;
      const context = `SIGHUP after ${delay} ms (exit ${code})`;
      expect(readdirSync(cwd).filter((name) => name.includes("create-devops-py")), context).toEqual([]);
      if (existsSync(join(cwd, "proj"))) {
        expect(code, context).toBe(0);
        const log = await runProcess("git", ["log", "--oneline"], { cwd: join(cwd, "proj") });
        expect(log.stdout.trim().split("\n"), context).toHaveLength(1);
      } else {
        // Before the handler is installed (start-up) the default action kills the process: nothing was written yet.
        expect([129, null], context).toContain(code);
      }
    }
  });

  it("a signal as a finished run exits never kills it: exit 0 and the project complete", async () => {
    // Node closes its signal handles while it tears down; a run that waited for that
    // could be killed there by the default action, with no exit code, its project made.
    const reference = await runCli(["proj", "--template", "cost-engine", "--yes", "--no-git", "--no-lock"], tempDir());
    expect(reference.code).toBe(0);
    const runs = 16;
    for (let i = 0; i < runs; i += 1) {
      const cwd = tempDir();
      const child = spawn(process.execPath, [cliPath, "proj", "--template", "cost-engine", "--yes", "--no-git", "--no-lock"], { cwd, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      // Around the end of a run: from a little before to a little after the reference time.
      const delay = Math.round(reference.ms * (0.8 + (0.5 * i) / runs));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGHUP");
      const code = await exited;
      const context = `SIGHUP after ${delay} ms of ${reference.ms} (exit ${code})`;
      if (existsSync(join(cwd, "proj"))) expect(code, context).toBe(0);
      else expect([129, null], context).toContain(code);
    }
  });

  it("an interrupted cohort says which repositories were already created, and they are complete", async () => {
    const cwd = tempDir();
    const teams = Array.from({ length: 8 }, (_v, i) => ({
      name: `Team ${String.fromCharCode(97 + i)}`,
      starter: i % 2 ? "monitoring" : "cost-engine",
      members: [{ name: `M ${i}`, email: `m${i}@example.com` }],
    }));
    writeFileSync(join(cwd, "roster.yaml"), toYaml({ teams }));
    const child = spawn(process.execPath, [cliPath, "cohort", "roster.yaml", "--out", "out"], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/created/.test(stderr) && !child.killed) child.kill("SIGINT");
    });
    const code = await exited;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const out = join(cwd, "out");
    const present = existsSync(out) ? readdirSync(out) : [];
    expect(present.filter((name) => name.includes("create-devops-py"))).toEqual([]);
    expect(present.length, stderr).toBeGreaterThan(0);
    expect(code, stderr).toBe(130);
    expect(stderr).not.toMatch(/no partial project/);
    for (const name of present) {
      expect(stderr, name).toContain(join(out, name));
      const log = await runProcess("git", ["log", "--oneline"], { cwd: join(out, name) });
      expect(log.stdout.trim().split("\n"), name).toHaveLength(1);
    }
  });
});

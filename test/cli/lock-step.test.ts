/**
 * The lock step of `create` and `cohort`: uv.lock made and in the first commit with a real
 * uv; and every way it cannot be made (no uv, uv failing, uv hanging) still generates the
 * project, exit 0, with a note that says why and what to run. Fake uvs are small shell
 * scripts named by CREATE_DEVOPS_PY_UV; the real one is the pinned uv of the gate tools.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { gateToolsBin } from "../helpers/paths.js";
import { runCli, tempDir } from "../helpers/cli.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });

/** A PATH holding node and git only: uv is missing whatever the machine has. */
function pathWithoutUv(): string {
  const bin = join(tempDir(), "bin");
  mkdirSync(bin);
  symlinkSync(execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim(), join(bin, "git"));
  return `${dirname(process.execPath)}:${bin}`;
}

function fakeUv(body: string): string {
  const path = join(tempDir(), "uv");
  writeFileSync(path, `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Whether a process runs; a zombie (killed, not yet reaped by an init that never reaps) does not. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/\) Z /.test(readFileSync(stat, "utf8"));
}

interface CreateJson {
  ok: boolean;
  lock: string;
  lockNote?: string;
  files: { path: string }[];
}

describe("lock step", () => {
  it("with uv and the index reachable: uv.lock is current, listed, and in the first commit (nothing left uncommitted)", async () => {
    const cwd = tempDir();
    const result = await runCli(["proj", "-yt", "cost-engine", "--json"], cwd, { CREATE_DEVOPS_PY_UV: join(gateToolsBin, "uv") });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as CreateJson;
    expect(json.lock, json.lockNote).toBe("locked");
    expect(json.files.map((f) => f.path)).toContain("uv.lock");
    const dir = join(cwd, "proj");
    expect(git(dir, "ls-tree", "--name-only", "HEAD", "uv.lock").trim()).toBe("uv.lock");
    expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
    const check = execFileSync(join(gateToolsBin, "uv"), ["lock", "--check", "--offline"], { cwd: dir, env: { ...process.env, UV_PYTHON_DOWNLOADS: "never" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(check).toBeDefined();
  }, 180_000);

  it("without uv on PATH: the project and its commit are made, and the note says to run uv lock and commit", async () => {
    const cwd = tempDir();
    const result = await runCli(["proj", "-yt", "cost-engine"], cwd, { PATH: pathWithoutUv(), CREATE_DEVOPS_PY_UV: "" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("no uv.lock: uv was not found on PATH. Run `uv lock` in the project and commit uv.lock");
    const dir = join(cwd, "proj");
    expect(existsSync(join(dir, "uv.lock"))).toBe(false);
    expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
    expect(git(dir, "log", "--format=%s")).toMatch(/^Initial commit from create-devops-py/);
  });

  it("when uv fails (e.g. offline): exit 0, uv's own error in the note, and no half-written lock left behind", async () => {
    const cwd = tempDir();
    const uv = fakeUv(`printf 'partial' > uv.lock\necho 'error: Failed to fetch: https://pypi.org/simple/boto3/ (network unreachable)' >&2\nexit 1`);
    const result = await runCli(["proj", "-yt", "cost-engine", "--json"], cwd, { CREATE_DEVOPS_PY_UV: uv });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as CreateJson;
    expect(json.lock).toBe("not-locked");
    expect(json.lockNote).toContain("uv lock failed (exit 1): error: Failed to fetch: https://pypi.org/simple/boto3/ (network unreachable)");
    expect(json.lockNote).toContain("Run `uv lock`");
    expect(existsSync(join(cwd, "proj", "uv.lock"))).toBe(false);
    expect(git(join(cwd, "proj"), "status", "--porcelain", "--untracked-files=all")).toBe("");
  });

  it("into the team's empty clone: uv.lock is made in the staging tree, moved in with the rest, and committed", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "clone");
    mkdirSync(dir);
    git(dir, "init", "--quiet", "--initial-branch=main");
    const uv = fakeUv(`case "$PWD" in */clone) echo 'ran in the target, not the staging tree' >&2; exit 1;; esac\nprintf 'version = 1\\n' > uv.lock`);
    const result = await runCli(["clone", "-yt", "cost-engine", "--json"], cwd, { CREATE_DEVOPS_PY_UV: uv });
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as CreateJson).lock).toBe("locked");
    expect(git(dir, "show", "HEAD:uv.lock")).toBe("version = 1\n");
    expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
  });

  it("a hung uv is stopped after the timeout and the project is still made", async () => {
    const cwd = tempDir();
    // A grandchild holds the output pipes open too: the whole process group must go.
    const pidFile = join(cwd, "grandchild.pid");
    const uv = fakeUv(`sleep 60 &\necho $! > '${pidFile}'\nwait`);
    const result = await runCli(["proj", "-yt", "cost-engine", "--no-git"], cwd, { CREATE_DEVOPS_PY_UV: uv, CREATE_DEVOPS_PY_LOCK_TIMEOUT: "1" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.ms).toBeLessThan(30_000);
    expect(result.stdout).toContain("no uv.lock: uv lock did not finish within 1 s. Run `uv lock` in the project;");
    expect(existsSync(join(cwd, "proj", "pyproject.toml"))).toBe(true);
    const grandchild = Number(readFileSync(pidFile, "utf8"));
    expect(running(grandchild), "uv's own child outlived the timeout").toBe(false);
  });

  it("--no-lock never runs uv, and the dry run lists the step only when it would run", async () => {
    const cwd = tempDir();
    const marker = join(cwd, "uv-ran");
    const uv = fakeUv(`touch '${marker}'\nprintf 'version = 1\\n' > uv.lock`);
    const off = await runCli(["proj", "-yt", "cost-engine", "--no-lock", "--json"], cwd, { CREATE_DEVOPS_PY_UV: uv });
    expect(off.code, off.stderr).toBe(0);
    expect((JSON.parse(off.stdout) as CreateJson).lock).toBe("off");
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(cwd, "proj", "uv.lock"))).toBe(false);
    expect(readFileSync(join(cwd, "proj", "scripts", "check.sh"), "utf8")).not.toContain("--locked");

    const dry = await runCli(["other", "-yt", "cost-engine", "--dry-run"], cwd, { CREATE_DEVOPS_PY_UV: uv });
    expect(dry.stdout).toMatch(/^ {2}uv lock$/m);
    const dryOff = await runCli(["other", "-yt", "cost-engine", "--dry-run", "--no-lock"], cwd, { CREATE_DEVOPS_PY_UV: uv });
    expect(dryOff.stdout).not.toMatch(/^ {2}uv lock$/m);
    expect(existsSync(marker)).toBe(false);
  });

  it("cohort: every team locked and committed, at most three uv runs at a time, below the pool of four (one shared cache)", async () => {
    const cwd = tempDir();
    const log = join(cwd, "uv.log");
    // Logs its start and end, and the cache it was given, then writes a lock.
    const uv = fakeUv(`echo "start \${UV_CACHE_DIR:-default}" >> '${log}'\nsleep 0.4\nprintf 'version = 1\\n' > uv.lock\necho end >> '${log}'`);
    const teams = Array.from({ length: 5 }, (_, i) => ({ name: `Team ${i}`, starter: "cost-engine", members: [{ name: `M ${i}`, email: `m${i}@example.com` }] }));
    writeFileSync(join(cwd, "roster.json"), JSON.stringify({ teams }));
    const result = await runCli(["cohort", "roster.json", "--out", "teams", "--json"], cwd, { CREATE_DEVOPS_PY_UV: uv, UV_CACHE_DIR: join(cwd, "cache") });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (let i = 0; i < 5; i++) expect(git(join(cwd, "teams", `team-${i}`), "ls-tree", "--name-only", "HEAD", "uv.lock").trim()).toBe("uv.lock");
    const events = readFileSync(log, "utf8").trim().split("\n");
    let active = 0;
    let most = 0;
    for (const event of events) {
      active += event.startsWith("start") ? 1 : -1;
      most = Math.max(most, active);
    }
    expect(events.filter((event) => event.startsWith("start"))).toEqual(Array(5).fill(`start ${join(cwd, "cache")}`));
    expect(most).toBeLessThanOrEqual(3);
  });
});

import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

/** A HOME whose global git config is hostile to generation; returns the env to run with. */
function hostileHome(gitconfig: (home: string) => string): { home: string; env: NodeJS.ProcessEnv } {
  const home = tempDir("cdp-home-");
  writeFileSync(join(home, ".gitconfig"), `[user]\n\tname = Facilitator\n\temail = f@example.com\n${gitconfig(home)}`);
  return { home, env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), GIT_CONFIG_NOSYSTEM: "1" } };
}

function filesOnDisk(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === ".git" && current === dir) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

async function committedFiles(dir: string): Promise<string[]> {
  const tree = await runProcess("git", ["ls-tree", "-r", "-z", "--name-only", "HEAD"], { cwd: dir });
  return tree.stdout.split("\0").filter(Boolean).sort();
}

describe("generation drives git itself: the user's global git config cannot change or veto the first commit", () => {
  it("a global excludesFile ignoring data/ and *.json leaves nothing out of the commit", async () => {
    const { env } = hostileHome((home) => {
      writeFileSync(join(home, "ignore"), "data/\n*.json\n*.csv\n");
      return `[core]\n\texcludesFile = ${join(home, "ignore")}\n`;
    });
    const cwd = tempDir();
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd, env);
    expect(result.code, result.stderr).toBe(0);
    const dir = join(cwd, "proj");
    expect(filesOnDisk(dir).filter((path) => path.endsWith(".json")).length).toBeGreaterThan(0);
    expect(await committedFiles(dir)).toEqual(filesOnDisk(dir));
  });

  it("global hooks (a failing prepare-commit-msg) and an fsmonitor command do not run", async () => {
    const { home, env } = hostileHome((home) => {
      mkdirSync(join(home, "hooks"));
      writeFileSync(join(home, "hooks", "prepare-commit-msg"), `#!/bin/sh\ntouch "${join(home, "hook-ran")}"\nexit 1\n`);
      writeFileSync(join(home, "fsmonitor"), `#!/bin/sh\ntouch "${join(home, "fsmonitor-ran")}"\nexit 1\n`);
      chmodSync(join(home, "hooks", "prepare-commit-msg"), 0o755);
      chmodSync(join(home, "fsmonitor"), 0o755);
      return `[core]\n\thooksPath = ${join(home, "hooks")}\n\tfsmonitor = ${join(home, "fsmonitor")}\n`;
    });
    const cwd = tempDir();
    const result = await runCli(["proj", "--template", "monitoring", "--yes"], cwd, env);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(home, "hook-ran")), "hook ran").toBe(false);
    expect(existsSync(join(home, "fsmonitor-ran")), "fsmonitor ran").toBe(false);
    expect(await committedFiles(join(cwd, "proj"))).toEqual(filesOnDisk(join(cwd, "proj")));
  });

  it("core.autocrlf=true with core.safecrlf=true: exit 0 and the committed bytes are the generated ones", async () => {
    const { env } = hostileHome(() => `[core]\n\tautocrlf = true\n\tsafecrlf = true\n`);
    const cwd = tempDir();
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd, env);
    expect(result.code, result.stderr).toBe(0);
    const dir = join(cwd, "proj");
    const blob = await runProcess("git", ["cat-file", "-p", "HEAD:pyproject.toml"], { cwd: dir });
    expect(blob.stdout).not.toContain("\r");
    const status = await runProcess("git", ["-c", "core.autocrlf=false", "status", "--porcelain"], { cwd: dir });
    expect(status.stdout).toBe("");
  });

  it("a global attributesFile with a clean filter does not rewrite (or run code on) the files", async () => {
    const { home, env } = hostileHome((home) => {
      writeFileSync(join(home, "attributes"), "* filter=evil\n");
      return `[core]\n\tattributesFile = ${join(home, "attributes")}\n[filter "evil"]\n\tclean = sh -c 'touch ${join(home, "filter-ran")}; echo pwned'\n`;
    });
    const cwd = tempDir();
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd, env);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(home, "filter-ran"))).toBe(false);
    const blob = await runProcess("git", ["cat-file", "-p", "HEAD:pyproject.toml"], { cwd: join(cwd, "proj") });
    expect(blob.stdout).toContain("[project]");
  });

  it("GIT_DIR and GIT_WORK_TREE from the environment do not redirect the commit into another repository", async () => {
    const cwd = tempDir();
    const other = join(cwd, "other");
    await runProcess("git", ["init", "-q", other]);
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd, { GIT_DIR: join(other, ".git"), GIT_WORK_TREE: other });
    expect(result.code, result.stderr).toBe(0);
    const log = await runProcess("git", ["log", "--oneline"], { cwd: other });
    expect(log.code).not.toBe(0); // still no commits there
    expect(await committedFiles(join(cwd, "proj"))).toEqual(filesOnDisk(join(cwd, "proj")));
  });
});

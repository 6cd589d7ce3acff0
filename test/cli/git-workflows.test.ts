import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath } from "../helpers/paths.js";
import { listing, runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

function homeWithIdentity(name?: string, email?: string): NodeJS.ProcessEnv {
  const home = tempDir("cdp-home-");
  const user = [name ? `\tname = ${name}\n` : "", email ? `\temail = ${email}\n` : ""].join("");
  writeFileSync(join(home, ".gitconfig"), user ? `[user]\n${user}` : "");
  return { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), GIT_CONFIG_NOSYSTEM: "1" };
}

async function commits(dir: string): Promise<string[]> {
  const log = await runProcess("git", ["log", "--format=%s"], { cwd: dir });
  return log.stdout.trim().split("\n").filter(Boolean);
}

const realGit = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();

/** A `git` first on PATH whose `commit` fails (any commit failure: disk full, a signing agent...). */
function pathWithFailingCommit(): NodeJS.ProcessEnv {
  const bin = tempDir("cdp-bin-");
  writeFileSync(join(bin, "git"), `#!/bin/sh\ncase " $* " in *" commit "*) echo "commit refused" >&2; exit 1;; esac\nexec ${realGit} "$@"\n`);
  chmodSync(join(bin, "git"), 0o755);
  return { PATH: `${bin}:${process.env.PATH ?? ""}` };
}

describe("real git workflows", () => {
  it("no git on PATH: exit 2 naming --no-git, nothing written; with --no-git the project is created", async () => {
    const cwd = tempDir();
    const emptyBin = tempDir("cdp-bin-");
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd, { PATH: emptyBin });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/git was not found on PATH.*--no-git/);
    expect(result.stderr).not.toMatch(/ENOENT|\n\s+at /);
    expect(readdirSync(cwd)).toEqual([]);
    const without = await runCli(["proj", "--template", "cost-engine", "--yes", "--no-git"], cwd, { PATH: emptyBin });
    expect(without.code, without.stderr).toBe(0);
    expect(existsSync(join(cwd, "proj", "pyproject.toml"))).toBe(true);
    expect(existsSync(join(cwd, "proj", ".git"))).toBe(false);
  });

  it("no git on PATH in cohort mode: exit 2 before any team is written", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "roster.yaml"), "teams:\n  - name: A\n    starter: cost-engine\n    members: [{ name: Ann, email: ann@example.com }]\n");
    const result = await runCli(["cohort", "roster.yaml", "--out", "teams"], cwd, { PATH: tempDir("cdp-bin-") });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/git was not found on PATH.*git: false/);
    expect(readdirSync(cwd)).toEqual(["roster.yaml"]);
  });

  it("an empty clone (only .git, a remote configured) is generated into: remote and config kept, one commit", async () => {
    const cwd = tempDir();
    await runProcess("git", ["init", "-q", "--bare", join(cwd, "origin.git")]);
    await runProcess("git", ["clone", "-q", join(cwd, "origin.git"), join(cwd, "team-repo")]);
    await runProcess("git", ["config", "team.marker", "kept"], { cwd: join(cwd, "team-repo") });
    const result = await runCli(["team-repo", "--name", "team-repo", "--template", "cost-engine", "--yes"], cwd);
    expect(result.code, result.stderr).toBe(0);
    const dir = join(cwd, "team-repo");
    expect(existsSync(join(dir, "pyproject.toml"))).toBe(true);
    expect(await commits(dir)).toHaveLength(1);
    const remote = await runProcess("git", ["remote", "get-url", "origin"], { cwd: dir });
    expect(remote.stdout.trim()).toBe(join(cwd, "origin.git"));
    expect((await runProcess("git", ["config", "team.marker"], { cwd: dir })).stdout.trim()).toBe("kept");
    expect((await runProcess("git", ["status", "--porcelain"], { cwd: dir })).stdout).toBe("");
    // And it can be pushed as it is.
    expect((await runProcess("git", ["push", "-q", "origin", "HEAD"], { cwd: dir })).code).toBe(0);
  });

  it("a clone that already has commits is refused and left as it was", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "repo");
    await runProcess("git", ["init", "-q", dir]);
    writeFileSync(join(dir, "x"), "x");
    await runProcess("git", ["add", "x"], { cwd: dir });
    await runProcess("git", ["-c", "user.name=a", "-c", "user.email=a@b.c", "commit", "-qm", "x"], { cwd: dir });
    await runProcess("git", ["rm", "-q", "x"], { cwd: dir });
    const before = listing(cwd);
    const result = await runCli(["repo", "--name", "repo", "--template", "cost-engine", "--yes"], cwd);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/already has commits/);
    expect(listing(cwd)).toEqual(before);
  });

  it("an empty existing target is filled in place: its mode is kept and nothing replaces it", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "proj");
    mkdirSync(dir);
    chmodSync(dir, 0o710);
    const inode = statSync(dir).ino;
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(dir).ino).toBe(inode);
    expect(statSync(dir).mode & 0o777).toBe(0o710);
    expect(await commits(dir)).toHaveLength(1);
    expect(readdirSync(dir).filter((name) => name.includes("create-devops-py-"))).toEqual([]);
  });

  it("a failing commit leaves an empty clone and an empty target exactly as they were", async () => {
    const cwd = tempDir();
    await runProcess("git", ["init", "-q", "--bare", join(cwd, "origin.git")]);
    await runProcess("git", ["clone", "-q", join(cwd, "origin.git"), join(cwd, "clone")]);
    mkdirSync(join(cwd, "empty"));
    chmodSync(join(cwd, "empty"), 0o750);
    // git add has stored blobs by the time the commit fails: unreferenced loose objects, which
    // git gc prunes; everything else (index, refs, config, work tree) must be as it was.
    const withoutObjects = () => listing(cwd).filter((line) => !line.startsWith("clone/.git/objects/"));
    const before = withoutObjects();
    for (const dir of ["clone", "empty"]) {
      const result = await runCli([dir, "--name", "proj", "--template", "cost-engine", "--yes"], cwd, pathWithFailingCommit());
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/commit refused/);
    }
    expect(withoutObjects()).toEqual(before);
  });

  it("the umask is respected: with umask 077 the project is private", async () => {
    const cwd = tempDir();
    const result = await runProcess("sh", ["-c", `umask 077 && exec "${process.execPath}" "${cliPath}" proj --template cost-engine --yes`], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(join(cwd, "proj")).mode & 0o777).toBe(0o700);
    expect(statSync(join(cwd, "proj", "pyproject.toml")).mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, "proj", "src")).mode & 0o777).toBe(0o700);
  });

  it("inside another work tree: says so, skips git init, writes the files", async () => {
    const cwd = tempDir();
    await runProcess("git", ["init", "-q", cwd]);
    const result = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/inside the git work tree .*git init was skipped/);
    expect(existsSync(join(cwd, "proj", "pyproject.toml"))).toBe(true);
    expect(existsSync(join(cwd, "proj", ".git"))).toBe(false);
    const json = await runCli(["proj2", "--template", "cost-engine", "--yes", "--json"], cwd);
    expect(JSON.parse(json.stdout)).toMatchObject({ git: false, note: expect.stringMatching(/git init was skipped/) });
  });

  it("the author defaults to git's user.name/user.email, and to the answers' default without them", async () => {
    const cwd = tempDir();
    const known = await runCli(["proj", "--template", "cost-engine", "--yes", "--json"], cwd, homeWithIdentity("Grace Hopper", "grace@example.org"));
    expect(known.code, known.stderr).toBe(0);
    expect(JSON.parse(known.stdout).options).toMatchObject({ authorName: "Grace Hopper", authorEmail: "grace@example.org" });
    expect(readFileSync(join(cwd, "proj", "LICENSE"), "utf8")).toContain("Grace Hopper");
    const given = await runCli(["given", "--template", "cost-engine", "--yes", "--json", "--author-name", "Ada"], cwd, homeWithIdentity("Grace Hopper"));
    expect(JSON.parse(given.stdout).options).toMatchObject({ authorName: "Ada" });
    const none = await runCli(["anon", "--template", "cost-engine", "--yes", "--json"], cwd, homeWithIdentity());
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout).options).toMatchObject({ authorName: "Your Name", authorEmail: "you@example.com" });
  });
});

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

interface Summary {
  teams: { team: string; slug: string; status: string; message?: string }[];
}

/** A HOME whose global git config runs a hook that fails for one team's repository only. */
function homeWithFailingHook(failFor: string): string {
  const home = tempDir("cdp-home-");
  const hooks = join(home, "hooks");
  mkdirSync(hooks);
  // prepare-commit-msg runs even under `git commit --no-verify`.
  writeFileSync(join(hooks, "prepare-commit-msg"), `#!/bin/sh\ncase "$PWD" in *${failFor}*) echo "hook says no" >&2; exit 1;; esac\nexit 0\n`);
  chmodSync(join(hooks, "prepare-commit-msg"), 0o755);
  writeFileSync(join(home, ".gitconfig"), `[core]\n\thooksPath = ${hooks}\n[user]\n\tname = Facilitator\n\temail = f@example.com\n`);
  return home;
}

function gitEnv(home: string): NodeJS.ProcessEnv {
  return { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), GIT_CONFIG_NOSYSTEM: "1" };
}

/** Every team reported `created` exists and holds a one-commit repository. */
async function expectCreatedTeamsExist(out: string, summary: Summary) {
  for (const team of summary.teams.filter((t) => t.status === "created")) {
    const dir = join(out, team.slug);
    expect(existsSync(join(dir, "pyproject.toml")), `${team.team} was reported created`).toBe(true);
    const log = await runProcess("git", ["log", "--oneline"], { cwd: dir });
    expect(log.stdout.trim().split("\n"), team.team).toHaveLength(1);
  }
}

function roster(names: string[]) {
  return {
    teams: names.map((name, index) => ({
      name,
      starter: index % 2 === 0 ? "cost-engine" : "monitoring",
      members: [{ name: `Member ${index}`, email: `m${index}@example.com` }],
    })),
  };
}

const realGit = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();

/**
 * A `git` first on PATH that is slow and fails `commit` in a repository whose path matches
 * `failFor` (a stand-in for any commit failure: identity, disk full, a signing agent...).
 */
function pathWithSlowGit(options: { failFor?: string; sleep: number; slowFor?: string }): NodeJS.ProcessEnv {
  const bin = tempDir("cdp-bin-");
  const fail = options.failFor ? `case "$PWD" in *${options.failFor}*) echo "commit refused" >&2; exit 1;; esac` : "";
  const slow = options.slowFor ? `case "$PWD" in *${options.slowFor}*) sleep ${options.sleep};; esac` : `sleep ${options.sleep}`;
  writeFileSync(join(bin, "git"), `#!/bin/sh\ncase " $* " in *" commit "*) ${slow}; ${fail};; esac\nexec ${realGit} "$@"\n`);
  chmodSync(join(bin, "git"), 0o755);
  return { PATH: `${bin}:${process.env.PATH ?? ""}` };
}

describe("a failing run never deletes what it did not create", () => {
  it("cohort: the first team's commit fails after the others were created; they stay, reported and complete", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster(["Alpha", "Beta", "Gamma"])));
    const env = pathWithSlowGit({ failFor: "alpha", slowFor: "alpha", sleep: 2 });
    const result = await runCli(["cohort", "roster.yaml", "--out", "new/teams", "--json"], cwd, env);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.teams.map((t) => `${t.slug}:${t.status}`), result.stderr).toEqual(["alpha:failed", "beta:created", "gamma:created"]);
    await expectCreatedTeamsExist(join(cwd, "new", "teams"), summary);
    expect(readdirSync(join(cwd, "new", "teams")).sort()).toEqual(["beta", "gamma"]);
  });

  it("a run that loses its target to a faster run (it created the new parent) leaves the winner's project", async () => {
    const cwd = tempDir();
    const target = join("fresh", "parent", "app");
    const slow = runCli([target, "--template", "cost-engine", "--yes"], cwd, pathWithSlowGit({ sleep: 2 }));
    // Wait until the slow run has made the parent and is committing in its staging dir.
    const parent = join(cwd, "fresh", "parent");
    for (let i = 0; i < 200 && !(existsSync(parent) && readdirSync(parent).length > 0); i += 1) await new Promise((r) => setTimeout(r, 20));
    const fast = await runCli([target, "--template", "cost-engine", "--yes"], cwd);
    expect(fast.code, fast.stderr).toBe(0);
    const loser = await slow;
    expect(loser.code, loser.stderr).toBe(2);
    expect(loser.stderr).toMatch(/not empty|someone else/);
    expect(existsSync(join(cwd, target, "pyproject.toml"))).toBe(true);
    expect(readdirSync(parent)).toEqual(["app"]);
  });

  it("cohort: a global hook that fails one team's commit does not take the other teams' repos with it", async () => {
    const cwd = tempDir();
    const home = homeWithFailingHook("alpha");
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster(["Alpha", "Beta", "Gamma"])));
    const result = await runCli(["cohort", "roster.yaml", "--out", "new/teams", "--json"], cwd, gitEnv(home));
    const summary = JSON.parse(result.stdout) as Summary;
    await expectCreatedTeamsExist(join(cwd, "new", "teams"), summary);
    // Hooks are not ours to run: every team is created.
    expect(summary.teams.map((t) => `${t.slug}:${t.status}`), result.stderr).toEqual(["alpha:created", "beta:created", "gamma:created"]);
  });

  it("six parallel processes into one new parent (two per target): one wins each target, nothing is lost", async () => {
    const cwd = tempDir();
    const targets = ["a", "a", "b", "b", "c", "c"];
    const results = await Promise.all(
      targets.map((name) => runCli([join("fresh", "parent", name), "--template", "cost-engine", "--yes", "--json"], cwd)),
    );
    for (const name of ["a", "b", "c"]) {
      const codes = results.filter((_r, i) => targets[i] === name).map((r) => r.code).sort();
      expect(codes, results.map((r) => r.stderr).join("\n")).toEqual([0, 2]);
      const dir = join(cwd, "fresh", "parent", name);
      expect(existsSync(join(dir, "pyproject.toml")), name).toBe(true);
      const log = await runProcess("git", ["log", "--oneline"], { cwd: dir });
      expect(log.stdout.trim().split("\n")).toHaveLength(1);
    }
    expect(readdirSync(join(cwd, "fresh", "parent")).sort()).toEqual(["a", "b", "c"]);
  });

  it("two concurrent cohorts into one new --out: every team exists once, complete", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster(["Red", "Green", "Blue", "Cyan"])));
    const runs = await Promise.all([0, 1].map(() => runCli(["cohort", "roster.yaml", "--out", "shared/out", "--json"], cwd)));
    const out = join(cwd, "shared", "out");
    for (const run of runs) await expectCreatedTeamsExist(out, JSON.parse(run.stdout) as Summary);
    expect(readdirSync(out).sort()).toEqual(["blue", "cyan", "green", "red"]);
    for (const team of ["blue", "cyan", "green", "red"]) expect(existsSync(join(out, team, "pyproject.toml")), team).toBe(true);
  });
});

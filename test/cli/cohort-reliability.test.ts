/**
 * Cohort mode a facilitator can rely on, as spawned processes with real git: every
 * roster problem at once (CSV rows named as rows), flag rules, slugs, CSV defaults and
 * option columns, push retried against a local bare repository, `differs` naming keys
 * and the command that applies them, a table aligned for CJK names, and CODEOWNERS.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/display-width.js";
import { listing, runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

interface Summary {
  ok: boolean;
  counts: Record<string, number>;
  teams: { team: string; slug: string; dir: string; status: string; message?: string; differences?: { key: string; recorded: unknown; roster: unknown }[] }[];
}

const member = (name: string, handle?: string) => ({ name, email: `${name.toLowerCase()}@example.com`, ...(handle ? { handle } : {}) });

async function cohortJson(cwd: string, ...args: string[]) {
  const result = await runCli(["cohort", ...args, "--json"], cwd);
  return { ...result, summary: (result.stdout ? JSON.parse(result.stdout) : {}) as Summary };
}

describe("cohort mode a facilitator can rely on", () => {
  it("a roster with a bad e-mail, an unknown starter, ci: jenkins and a duplicate team reports all four, with lines", async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "roster.yaml"),
      toYaml({
        defaults: { ci: "jenkins" },
        teams: [
          { name: "Alpha", starter: "cost-engine", members: [{ name: "A", email: "a@" }] },
          { name: "alpha", starter: "cost-engine", members: [member("B")] },
          { name: "Beta", starter: "monitorin", members: [member("C")] },
        ],
      }),
    );
    const result = await runCli(["cohort", "roster.yaml", "--out", "teams"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/roster\.yaml:\d+ teams\[0\] \(Alpha\)\.members\[0\]\.email: "a@" is not a valid email/);
    expect(result.stderr).toMatch(/roster\.yaml:2 defaults\.ci: "jenkins" is not allowed/);
    expect(result.stderr).toMatch(/teams\[1\] \(alpha\)\.name: duplicates team "Alpha"/);
    expect(result.stderr).toMatch(/teams\[2\] \(Beta\)\.starter: "monitorin" is not a starter; did you mean "monitoring"\?/);
    // One bad default is one problem, not one per team.
    expect(result.stderr.match(/jenkins/g)).toHaveLength(1);
    expect(existsSync(join(cwd, "teams"))).toBe(false);
  });

  it("CSV rosters name rows and columns, take option columns per team and defaults from --defaults", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "defaults.yaml"), "license: Apache-2.0\nci: both\n");
    writeFileSync(
      join(cwd, "bad.csv"),
      ["team,starter,name,email,handle,currency", "Alpha,cost-engine,Ann,ann@example.com,ann-1,EURO", "Alpha,cost-engine,Bob,bob@,,", "Beta,monitorin,Cy,cy@example.com,,"].join("\n"),
    );
    const bad = await runCli(["cohort", "bad.csv", "--defaults", "defaults.yaml", "--out", "teams"], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.csv row 2, column currency (team "Alpha"): "EURO" is not allowed; did you mean "EUR"?');
    expect(bad.stderr).toContain('bad.csv row 3, column email (team "Alpha"): "bob@" is not a valid email');
    expect(bad.stderr).toContain('bad.csv row 4, column starter (team "Beta"): "monitorin" is not a starter');
    expect(bad.stderr).not.toContain("teams[");

    writeFileSync(
      join(cwd, "good.csv"),
      ["team,starter,name,email,handle,currency,exchange-rate", "Alpha,cost-engine,Ann,ann@example.com,ann-1,EUR,0.9", "Alpha,cost-engine,Bob,bob@example.com,,,", "Beta,monitoring,Cy,cy@example.com,,,"].join("\n"),
    );
    const good = await cohortJson(cwd, "good.csv", "--defaults", "defaults.yaml", "--out", "teams");
    expect(good.code, good.stderr).toBe(0);
    const answers = (slug: string) => (JSON.parse(readFileSync(join(cwd, "teams", slug, ".create-devops-py.json"), "utf8")) as { answers: Record<string, unknown> }).answers;
    expect(answers("alpha")).toMatchObject({ license: "Apache-2.0", ci: "both", currency: "EUR", exchangeRate: 0.9, codeOwners: ["ann-1"] });
    expect(answers("beta")).toMatchObject({ license: "Apache-2.0", ci: "both", codeOwners: [] });
  });

  it("--remote must contain {team}, --push needs --remote, reported together", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "roster.yaml"), toYaml({ teams: [{ name: "Alpha", starter: "cost-engine", members: [member("A")] }] }));
    const shared = await runCli(["cohort", "roster.yaml", "--remote", "git@example.com:org/repo.git", "--license", "MIT"], cwd);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain("--remote:");
    expect(shared.stderr).toContain("has no {team}");
    expect(shared.stderr).toContain("--license: cohort mode takes project options from the roster");
    const nowhere = await runCli(["cohort", "roster.yaml", "--push"], cwd);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain("--push: needs --remote");
    expect(listing(cwd)).toEqual(["roster.yaml 100644 " + String(readFileSync(join(cwd, "roster.yaml")).length)]);
  });

  it("a team may give slug:, a name with no Latin letters must, and the table aligns CJK names by display width", async () => {
    const cwd = tempDir();
    const teams = [
      { name: "東京チーム", starter: "cost-engine", members: [member("A")] },
      { name: "대한", starter: "cost-engine", members: [member("B")] },
    ];
    writeFileSync(join(cwd, "roster.yaml"), toYaml({ teams }));
    const missing = await runCli(["cohort", "roster.yaml", "--out", "teams"], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/teams\[0\] \(東京チーム\)\.name: has no Latin letters or digits .* give the team a slug/);
    expect(missing.stderr).toMatch(/teams\[1\] \(대한\)\.name: has no Latin letters/);

    writeFileSync(join(cwd, "roster.yaml"), toYaml({ teams: [{ ...teams[0], slug: "team-tokyo" }, { ...teams[1], slug: "team-korea" }, { name: "Gamma", starter: "cost-engine", members: [member("C")] }] }));
    const created = await runCli(["cohort", "roster.yaml", "--out", "teams", "--dry-run"], cwd);
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.split("\n").filter((line) => /would-create|^team /.test(line) && !line.includes("team(s)"));
    expect(lines).toHaveLength(4);
    // The starter column starts at the same terminal column on every row.
    const starterColumn = lines.map((line) => displayWidth(line.slice(0, line.search(/cost-engine|starter/))));
    expect(new Set(starterColumn).size).toBe(1);
    expect(created.stdout).toContain("teams/team-tokyo/");
    expect(created.stdout).toContain("directory");
  });

  it("a failed push is retried on the next run: push-failed, then pushed, then unchanged (local bare repositories)", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "roster.yaml"), toYaml({ teams: [{ name: "Alpha", starter: "cost-engine", members: [member("A")] }, { name: "Beta", starter: "monitoring", members: [member("B")] }] }));
    mkdirSync(join(cwd, "remotes"));
    // Only Alpha's remote exists at first: Beta's push fails.
    await runProcess("git", ["init", "--quiet", "--bare", join(cwd, "remotes", "alpha.git")]);
    const remote = `${join(cwd, "remotes")}/{team}.git`;
    const first = await cohortJson(cwd, "roster.yaml", "--out", "teams", "--remote", remote, "--push");
    expect(first.code).toBe(1);
    expect(first.summary.teams.map((t) => t.status)).toEqual(["pushed", "push-failed"]);
    expect(first.summary.teams[1]?.message).toContain("the next run retries it");
    expect(existsSync(join(cwd, "teams", "beta", ".git"))).toBe(true);

    await runProcess("git", ["init", "--quiet", "--bare", join(cwd, "remotes", "beta.git")]);
    const second = await cohortJson(cwd, "roster.yaml", "--out", "teams", "--remote", remote, "--push");
    expect(second.code, second.stdout).toBe(0);
    expect(second.summary.teams.map((t) => t.status)).toEqual(["unchanged", "pushed"]);
    const log = await runProcess("git", ["log", "--oneline", "main"], { cwd: join(cwd, "remotes", "beta.git") });
    expect(log.stdout.trim().split("\n")).toHaveLength(1);

    const third = await cohortJson(cwd, "roster.yaml", "--out", "teams", "--remote", remote, "--push");
    expect(third.summary.teams.map((t) => t.status)).toEqual(["unchanged", "unchanged"]);
  });

  it("differs lists the keys and values that differ and names the command that applies them", async () => {
    const cwd = tempDir();
    const roster = { teams: [{ name: "Alpha", starter: "cost-engine", members: [member("A")] }] };
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster));
    expect((await cohortJson(cwd, "roster.yaml", "--out", "teams")).code).toBe(0);
    writeFileSync(join(cwd, "roster.yaml"), toYaml({ defaults: { license: "BSD-3-Clause", ci: "gitlab" }, ...roster }));
    const rerun = await cohortJson(cwd, "roster.yaml", "--out", "teams");
    const team = rerun.summary.teams[0];
    expect(team?.status).toBe("differs");
    expect(team?.differences).toEqual([
      { key: "ci", recorded: "github", roster: "gitlab" },
      { key: "license", recorded: "MIT", roster: "BSD-3-Clause" },
    ]);
    expect(team?.message).toContain('ci "github" → "gitlab"');
    expect(team?.message).toContain("create-devops-py cohort roster.yaml --out teams --update");
  });

  it("member handles become .github/CODEOWNERS and appear in the README's team section; no handles, no file", async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "roster.yaml"),
      toYaml({
        teams: [
          { name: "Alpha", starter: "cost-engine", members: [member("Ann", "ann-1"), member("Bob"), member("Cy", "cy-2")] },
          { name: "Beta", starter: "cost-engine", members: [member("Di")] },
        ],
      }),
    );
    const result = await cohortJson(cwd, "roster.yaml", "--out", "teams");
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(cwd, "teams", "alpha", ".github", "CODEOWNERS"), "utf8")).toMatch(/^\* @ann-1 @cy-2$/m);
    const readme = readFileSync(join(cwd, "teams", "alpha", "README.md"), "utf8");
    expect(readme).toContain("## Team");
    expect(readme).toContain("- Bob");
    expect(readme).toContain("@ann-1, @cy-2");
    expect(existsSync(join(cwd, "teams", "beta", ".github", "CODEOWNERS"))).toBe(false);
    const committed = await runProcess("git", ["ls-files", ".github/CODEOWNERS"], { cwd: join(cwd, "teams", "alpha") });
    expect(committed.stdout.trim()).toBe(".github/CODEOWNERS");
  });
});

import { mkdirSync, readFileSync, writeFileSync, appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { teamSlug } from "../../src/cohort/team-slug.js";
import { loadStarters } from "../../src/starter-registry.js";
import { listing, runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

const starters = await loadStarters();

interface Summary {
  ok: boolean;
  counts: Record<string, number>;
  teams: { team: string; slug: string; starter: string; status: string; message?: string }[];
}

/** A roster with one team per starter, two members each. */
function mixedRoster() {
  return {
    defaults: { license: "Apache-2.0", ci: "both" },
    teams: starters.map((starter, index) => ({
      name: `Team ${index + 1} ${starter.title}`,
      starter: starter.id,
      members: [
        { name: `Lead ${index}`, email: `lead${index}@example.com`, handle: `lead-${index}` },
        { name: `Dev ${index}`, email: `dev${index}@example.com` },
      ],
    })),
  };
}

async function cohort(cwd: string, roster: string, ...extra: string[]) {
  const result = await runCli(["cohort", roster, "--out", "teams", "--json", ...extra], cwd);
  return { ...result, summary: (result.stdout ? JSON.parse(result.stdout) : {}) as Summary };
}

describe("cohort mode", () => {
  it("creates one repository per team of a mixed roster of every starter, exactly like a single run", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "roster.yaml"), toYaml(mixedRoster()));
    const { code, summary, stderr } = await cohort(cwd, "roster.yaml");
    expect(code, stderr).toBe(0);
    expect(summary.counts).toEqual({ created: starters.length });
    const prefixes = new Set<string>();
    for (const team of summary.teams) {
      const dir = join(cwd, "teams", team.slug);
      const recorded = JSON.parse(readFileSync(join(dir, ".create-devops-py.json"), "utf8")) as { answers: Record<string, unknown> };
      expect(recorded.answers).toMatchObject({ template: team.starter, license: "Apache-2.0", ci: "both", name: team.slug, k8sNamespace: team.slug });
      for (const key of ["resourcePrefix", "k8sNamespace", "imageName", "metricPrefix"]) prefixes.add(`${key}=${String(recorded.answers[key])}`);
      const pyproject = readFileSync(join(dir, "pyproject.toml"), "utf8");
      expect(pyproject).toMatch(/name = "Lead \d+", email = "lead\d+@example.com"/);
      expect(pyproject).toMatch(/name = "Dev \d+", email = "dev\d+@example.com"/);
      const log = await runProcess("git", ["log", "--oneline"], { cwd: dir });
      expect(log.stdout.trim().split("\n")).toHaveLength(1);
    }
    expect(prefixes.size).toBe(4 * starters.length);

    // The same answers through a single run give the same files.
    const first = summary.teams[0] as Summary["teams"][number];
    const answers = JSON.parse(readFileSync(join(cwd, "teams", first.slug, ".create-devops-py.json"), "utf8")) as { answers: object };
    writeFileSync(join(cwd, "single.json"), JSON.stringify(answers.answers));
    const single = await runCli(["single", "--answers", "single.json", "--name", first.slug, "--yes", "--no-git"], cwd);
    expect(single.code, single.stderr).toBe(0);
    const strip = (lines: string[]) => lines.filter((line) => !line.startsWith(".git") && !line.startsWith(".create-devops-py.json"));
    expect(strip(listing(join(cwd, "single")))).toEqual(strip(listing(join(cwd, "teams", first.slug))));
  });

  it("accepts the same roster as JSON and as CSV (one row per member)", async () => {
    const cwd = tempDir();
    const roster = { teams: mixedRoster().teams.slice(0, 2) };
    writeFileSync(join(cwd, "roster.json"), JSON.stringify(roster));
    const csv = [
      "team,starter,name,email,handle",
      ...roster.teams.flatMap((team) => team.members.map((m) => `"${team.name}",${team.starter},"${m.name}",${m.email},${m.handle ?? ""}`)),
    ].join("\n");
    writeFileSync(join(cwd, "roster.csv"), `${csv}\n`);
    const fromJson = await runCli(["validate", "roster.json", "--json"], cwd);
    const fromCsv = await runCli(["validate", "roster.csv", "--json"], cwd);
    expect(fromJson.code, fromJson.stderr).toBe(0);
    expect(JSON.parse(fromCsv.stdout)).toEqual(JSON.parse(fromJson.stdout));
    const created = await cohort(cwd, "roster.csv");
    expect(created.summary.counts).toEqual({ created: 2 });
  });

  it("reports every roster error at once, with team and field, and writes nothing", async () => {
    const cwd = tempDir();
    const good = mixedRoster().teams[0] as ReturnType<typeof mixedRoster>["teams"][number];
    const roster = {
      defaults: { k8sNamespace: "shared-ns" },
      teams: [
        { ...good, name: "Alpha" },
        { ...good, name: "alpha" },
        { ...good, name: "Beta", starter: "no-such-starter" },
        { ...good, name: "Gamma", members: [{ name: "X", email: "not-an-email" }] },
        { ...good, name: "Delta", options: { license: "GPL" } },
      ],
    };
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster));
    const before = listing(cwd);
    const result = await runCli(["cohort", "roster.yaml", "--out", "teams"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('teams[3] (Gamma).members[0].email: "not-an-email" is not a valid email');
    expect(listing(cwd)).toEqual(before);

    // With the e-mail fixed, every remaining problem shows up together.
    roster.teams[3] = { ...good, name: "Gamma" };
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster));
    const beforeAgain = listing(cwd);
    const again = await runCli(["cohort", "roster.yaml", "--out", "teams"], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('teams[1] (alpha).name: duplicates team "Alpha"');
    expect(again.stderr).toContain('teams[2] (Beta).starter: "no-such-starter" is not a starter');
    expect(again.stderr).toContain('teams[4] (Delta).options.license: "GPL" is not allowed');
    expect(again.stderr).toMatch(/k8sNamespace: "shared-ns" would be shared by teams "Alpha", "Gamma"/);
    expect(listing(cwd)).toEqual(beforeAgain);
    expect(existsSync(join(cwd, "teams"))).toBe(false);
  });

  it("re-runs safely: unchanged teams are skipped, edited repos are left untouched, a failing team does not stop the others", async () => {
    const cwd = tempDir();
    const roster = { teams: mixedRoster().teams.slice(0, 3) };
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster));
    expect((await cohort(cwd, "roster.yaml")).summary.counts).toEqual({ created: 3 });
    const snapshot = listing(join(cwd, "teams"));

    const rerun = await cohort(cwd, "roster.yaml");
    expect(rerun.code).toBe(0);
    expect(rerun.summary.counts).toEqual({ unchanged: 3 });
    expect(listing(join(cwd, "teams"))).toEqual(snapshot);

    // A team edited its code: same answers, so it is skipped and its edit is kept.
    const [a, b] = rerun.summary.teams;
    appendFileSync(join(cwd, "teams", a!.slug, "README.md"), "\nOur notes.\n");
    // Another team's answers no longer match the roster: reported, never overwritten.
    const answersPath = join(cwd, "teams", b!.slug, ".create-devops-py.json");
    const edited = JSON.parse(readFileSync(answersPath, "utf8")) as { answers: Record<string, unknown> };
    edited.answers.license = "BSD-3-Clause";
    writeFileSync(answersPath, JSON.stringify(edited));
    const third = await cohort(cwd, "roster.yaml");
    expect(third.summary.teams.map((t) => t.status)).toEqual(["unchanged", "differs", "unchanged"]);
    expect(readFileSync(join(cwd, "teams", a!.slug, "README.md"), "utf8")).toContain("Our notes.");
    expect(readFileSync(answersPath, "utf8")).toContain("BSD-3-Clause");

    // One team's target is blocked by a file: that team fails, the new ones are still created.
    const bigger = { teams: [...mixedRoster().teams.slice(0, 5)] };
    writeFileSync(join(cwd, "roster.yaml"), toYaml(bigger));
    writeFileSync(join(cwd, "teams", teamSlug(bigger.teams[3]!.name)), "a file in the way");
    const fourth = await cohort(cwd, "roster.yaml");
    expect(fourth.code).toBe(1);
    expect(fourth.summary.teams.map((t) => t.status)).toEqual(["unchanged", "differs", "unchanged", "failed", "created"]);
    expect(fourth.summary.teams[3]?.message).toContain("not a directory");
  });

  it("--dry-run shows the plan and writes nothing; --remote and --push wire each repo to its own remote", async () => {
    const cwd = tempDir();
    const roster = { teams: mixedRoster().teams.slice(0, 2) };
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster));
    const dry = await cohort(cwd, "roster.yaml", "--dry-run");
    expect(dry.summary.counts).toEqual({ "would-create": 2 });
    expect(existsSync(join(cwd, "teams"))).toBe(false);

    mkdirSync(join(cwd, "remotes"));
    const slugs = dry.summary.teams.map((t) => t.slug);
    for (const slug of slugs) await runProcess("git", ["init", "--quiet", "--bare", join(cwd, "remotes", `${slug}.git`)]);
    const pushed = await cohort(cwd, "roster.yaml", "--remote", `${join(cwd, "remotes")}/{team}.git`, "--push");
    expect(pushed.code, pushed.stdout).toBe(0);
    for (const slug of slugs) {
      const remote = await runProcess("git", ["remote", "get-url", "origin"], { cwd: join(cwd, "teams", slug) });
      expect(remote.stdout.trim()).toBe(join(cwd, "remotes", `${slug}.git`));
      const log = await runProcess("git", ["log", "--oneline", "main"], { cwd: join(cwd, "remotes", `${slug}.git`) });
      expect(log.stdout.trim().split("\n")).toHaveLength(1);
    }
  });
});

import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { loadStarters } from "../../src/starter-registry.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { edit, git, read, snapshot } from "../helpers/lifecycle-repos.js";

const TEAMS = Number(process.env.COHORT_UPDATE_TEAMS ?? 30);
const starters = await loadStarters();

interface Summary {
  ok: boolean;
  counts: Record<string, number>;
  ms: number;
  teams: { team: string; slug: string; status: string; message?: string }[];
}

function roster(ci: string) {
  return {
    defaults: { ci },
    teams: Array.from({ length: TEAMS }, (_, index) => ({
      name: `Team ${String(index + 1).padStart(2, "0")}`,
      starter: (starters[index % starters.length] as { id: string }).id,
      members: [{ name: `Lead ${index}`, email: `lead${index}@example.com` }],
    })),
  };
}

async function cohort(cwd: string, ...extra: string[]) {
  const result = await runCli(["cohort", "roster.yaml", "--out", "teams", "--json", ...extra], cwd);
  return { ...result, summary: (result.stdout ? JSON.parse(result.stdout) : {}) as Summary };
}

describe("cohort --update rolls a change out to every team", () => {
  it(`${TEAMS} teams: updates each existing repo in one commit, skips dirty and conflicting ones, never stops at a failure`, async () => {
    const cwd = tempDir("cdp-cohort-update-");
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster("github")));
    expect((await cohort(cwd)).code).toBe(0);
    const dir = (slug: string) => join(cwd, "teams", slug);
    // The course adds GitLab CI: the roster changes, and a plain re-run says how to apply it.
    writeFileSync(join(cwd, "roster.yaml"), toYaml(roster("both")));
    const rerun = await cohort(cwd);
    expect(rerun.summary.counts).toEqual({ differs: TEAMS });
    expect(rerun.summary.teams[0]?.message).toMatch(/ci "github" → "both".*--update/);

    edit(dir("team-01"), "Makefile", (text) => `${text}# uncommitted\n`); // dirty
    writeFileSync(join(dir("team-02"), ".gitlab-ci.yml"), "# the team's own pipeline\n"); // will conflict with the new file
    git(dir("team-02"), "add", ".gitlab-ci.yml");
    git(dir("team-02"), "commit", "-qm", "our own gitlab ci");
    rmSync(dir("team-03"), { recursive: true, force: true }); // not there (yet)
    writeFileSync(join(dir("team-04"), ".create-devops-py.json"), "{ broken"); // unreadable record: this team fails
    git(dir("team-04"), "commit", "-qam", "break the record");
    const untouched = ["team-01", "team-02", "team-04"].map((slug) => snapshot(dir(slug)));
    const everyone = snapshot(join(cwd, "teams"));
    const dry = await cohort(cwd, "--update", "--dry-run");
    expect(dry.summary.counts["would-update"]).toBe(TEAMS - 4);
    expect(snapshot(join(cwd, "teams"))).toEqual(everyone);

    const first = await cohort(cwd, "--update");
    expect(first.code, first.stderr).toBe(1); // one team failed; every other team was still done
    const status = Object.fromEntries(first.summary.teams.map((team) => [team.slug, team.status]));
    expect(status).toMatchObject({ "team-01": "skipped-dirty", "team-02": "skipped-conflicts", "team-03": "missing", "team-04": "failed" });
    expect(first.summary.counts.updated).toBe(TEAMS - 4);
    expect(first.summary.teams.find((team) => team.slug === "team-02")?.message).toContain(".gitlab-ci.yml");
    expect(["team-01", "team-02", "team-04"].map((slug) => snapshot(dir(slug)))).toEqual(untouched);
    for (const team of first.summary.teams.filter((t) => t.status === "updated")) {
      expect(git(dir(team.slug), "status", "--porcelain")).toBe("");
      expect(git(dir(team.slug), "log", "-1", "--format=%s")).toMatch(/^Update from create-devops-py/);
      expect(read(dir(team.slug), ".gitlab-ci.yml")).toContain("stages:");
      expect(JSON.parse(read(dir(team.slug), ".create-devops-py.json")).answers.ci).toBe("both");
    }

    const text = await runCli(["cohort", "roster.yaml", "--out", "teams", "--update"], cwd);
    expect(text.stdout).toMatch(/team\s+starter\s+status\s+note/);
    expect(text.stdout).toMatch(new RegExp(`${TEAMS} team\\(s\\) in .*\\b${TEAMS - 4} up-to-date\\b`));
    console.log(`cohort --update of ${TEAMS} teams: ${first.summary.ms} ms (second run, nothing to do: ${text.ms} ms)`);
  });
});

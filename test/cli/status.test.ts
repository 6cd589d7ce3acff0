import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { edit, git, snapshot } from "../helpers/lifecycle-repos.js";
import { repoRoot } from "../helpers/paths.js";
import type { RepoStatus } from "../../src/lifecycle/repo-status.js";

// The JSON `status --json` prints is the engine's RepoStatus, one per repository.
type RepoJson = RepoStatus;

const CHROMIUM = "/usr/bin/chromium";

function dumpDom(url: string): string {
  const profile = mkdtempSync(join(tmpdir(), "cdp-chromium-"));
  return execFileSync(
    CHROMIUM,
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`, "--dump-dom", url],
    { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] },
  );
}

/** A directory of team repos in every state status must tell apart. */
async function cohortOfRepos(): Promise<string> {
  const cwd = tempDir("cdp-status-");
  const teams = join(cwd, "teams");
  mkdirSync(teams);
  expect((await runCli(["alpha", "--template", "cost-engine", "--yes"], teams)).code).toBe(0); // pristine
  expect((await runCli(["beta", "--template", "monitoring", "--yes"], teams)).code).toBe(0); // edited
  const beta = join(teams, "beta");
  edit(beta, "Makefile", (text) => `${text}\n# team target\n`);
  edit(beta, "ROADMAP.md", (text) => text.replace("- [ ] ", "- [x] "));
  git(beta, "commit", "-qam", "team edits");
  git(beta, "commit", "-q", "--allow-empty", "-m", "more team work");
  for (const name of ["gamma", "delta"]) git(teams, "clone", "-q", join(repoRoot, "test", "fixtures", "v0.1.0-cost-engine.bundle"), name);
  const updated = await runCli(["update", "--commit"], join(teams, "gamma")); // updated
  expect(updated.code, updated.stderr).toBe(0);
  mkdirSync(join(teams, "epsilon")); // not a generated repo
  writeFileSync(join(teams, "epsilon", "notes.txt"), "hello\n");
  return cwd;
}

describe("status reports every repo of a cohort in a table, as JSON and as a static HTML page", () => {
  it("pristine, edited, updated, behind (0.1.0) and not-generated repos, read-only, checked in headless Chromium", async () => {
    const cwd = await cohortOfRepos();
    const before = snapshot(join(cwd, "teams"));
    const json = await runCli(["status", "teams", "--json", "--html", "status.html"], cwd);
    expect(json.code, json.stderr).toBe(0);
    const { repos } = JSON.parse(json.stdout) as { latest: string; repos: RepoJson[] };
    expect(snapshot(join(cwd, "teams"))).toEqual(before); // status writes nothing into the repos
    const byDir = Object.fromEntries(repos.map((repo) => [repo.dir, repo]));
    expect(Object.keys(byDir)).toEqual(["teams/alpha", "teams/beta", "teams/delta", "teams/epsilon", "teams/gamma"]);

    expect(byDir["teams/alpha"]).toMatchObject({ generated: true, name: "alpha", starter: "cost-engine", updateAvailable: false, editedFiles: [], answersValid: true, commitsSinceGeneration: 0 });
    expect(byDir["teams/beta"]).toMatchObject({ name: "beta", starter: "monitoring", editedFiles: ["Makefile", "ROADMAP.md"], commitsSinceGeneration: 2 });
    expect(byDir["teams/beta"]?.roadmap?.done).toBe(1);
    expect(byDir["teams/beta"]?.roadmap?.total).toBeGreaterThan(1);
    expect(byDir["teams/delta"]).toMatchObject({ name: "team-costs", version: "0.1.0", updateAvailable: true, editedFiles: [], answersValid: true, commitsSinceGeneration: 0 });
    expect(byDir["teams/gamma"]).toMatchObject({ version: byDir["teams/alpha"]?.version, updateAvailable: false, editedFiles: [], commitsSinceGeneration: 1 });
    expect(byDir["teams/epsilon"]).toMatchObject({ generated: false, name: null });
    for (const repo of repos.filter((r) => r.generated)) expect(repo.lastCommitDate).toMatch(/^\d{4}-\d\d-\d\dT/);

    const table = await runCli(["status", "teams"], cwd);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split("\n");
    expect(lines).toHaveLength(2 + repos.length);
    expect(lines.find((line) => line.startsWith("teams/beta"))).toMatch(/beta\s+monitoring\s+\S+\s+no\s+2\s+valid\s+2\s+\S+\s+1\/\d+/);
    expect(lines.find((line) => line.startsWith("teams/delta"))).toMatch(/0\.1\.0\s+-> \S+\s+0\s+valid/);
    expect(lines.find((line) => line.startsWith("teams/epsilon"))).toContain("not a generated repo");

    // The page in a real browser: every repo named, the figures those of --json.
    const url = pathToFileURL(join(cwd, "status.html")).href;
    const dom = dumpDom(url);
    const rows = [...dom.matchAll(/<tr (data-dir="[^"]*"[^>]*)>([\s\S]*?)<\/tr>/g)].map((match) => {
      const attributes = Object.fromEntries([...String(match[1]).matchAll(/data-([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      return { attributes, text: String(match[2]) };
    });
    expect(rows.map((row) => row.attributes.dir).sort()).toEqual(repos.map((repo) => repo.dir).sort());
    for (const repo of repos) {
      const row = rows.find((r) => r.attributes.dir === repo.dir);
      expect(row?.text).toContain(repo.generated ? String(repo.name) : repo.dir);
      if (!repo.generated) continue;
      expect(row?.attributes).toMatchObject({
        name: repo.name, version: repo.version, behind: String(repo.updateAvailable), edited: String(repo.editedFiles.length),
        "answers-valid": String(repo.answersValid), commits: String(repo.commitsSinceGeneration),
        progress: repo.roadmap ? `${repo.roadmap.done}/${repo.roadmap.total}` : "",
      });
      if (repo.updateAvailable) expect(row?.text).toMatch(/class="behind">behind/);
      for (const path of repo.editedFiles) expect(row?.text).toContain(`<code>${path}</code>`);
    }
    expect(dom).toMatch(/5 repositories · 1 behind/);
    // Sortable by team, in the browser: the inline script reorders the rows.
    const names = (html: string) => [...html.matchAll(/<tr data-dir="[^"]*" data-name="([^"]+)"/g)].map((m) => m[1]);
    const descending = names(dumpDom(`${url}#sort=team-desc`));
    expect(descending).toEqual([...names(dom)].sort().reverse());
    expect(descending).not.toEqual(names(dom));
  });

  it("one repo: status of a single repository; an answers record the schema no longer accepts is flagged", async () => {
    const cwd = tempDir("cdp-status-");
    expect((await runCli(["solo", "--template", "cost-engine", "--yes"], cwd)).code).toBe(0);
    const dir = join(cwd, "solo");
    edit(dir, ".create-devops-py.json", (text) => text.replace('"license": "MIT"', '"license": "WTFPL"'));
    git(dir, "commit", "-qam", "bad answers");
    const result = await runCli(["status", "--json"], dir);
    expect(result.code, result.stderr).toBe(0);
    const { repos } = JSON.parse(result.stdout) as { repos: RepoJson[] };
    expect(repos).toHaveLength(1);
    expect(repos[0]).toMatchObject({ dir: ".", name: "solo", answersValid: false, editedFiles: [] });
  });
});

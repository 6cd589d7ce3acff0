import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { edit, exists, freshRender, git, read, recordedAnswers, repoFromOlderTemplates, snapshot } from "../helpers/lifecycle-repos.js";
import { repoRoot } from "../helpers/paths.js";

interface UpdateJson {
  ok: boolean;
  status: string;
  version: { from: string; to: string };
  updated: string[];
  added: string[];
  removed: string[];
  conflicts: string[];
  kept: string[];
  notes: { path: string; note: string }[];
  committed: boolean;
}

const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

async function update(dir: string, ...args: string[]) {
  const result = await runCli(["update", "--json", ...args], dir);
  return { ...result, json: (result.stdout ? JSON.parse(result.stdout) : {}) as UpdateJson };
}

/** How the older templates differed from today's, file by file (applied to a real render). */
function olderTemplates(dir: string): void {
  edit(dir, "Makefile", (text) => text.replace("\tuv run pytest\n", "\tuv run pytest --no-header\n"));
  edit(dir, "README.md", (text) => text.replace(/## Keeping up to date\n[\s\S]*?\n## Licence/, "## Licence"));
  edit(dir, "pyproject.toml", (text) => text.replace(/"pytest>=([\d.]+),<10"/, '"pytest>=9.0,<10"'));
  edit(dir, "Dockerfile", (text) => text.replace(/uv==[\d.]+/, "uv==0.1.0"));
  edit(dir, "scripts/check.sh", (text) => `${text}# older templates ended with this line\n`);
  edit(dir, "src/proj/reports.py", (text) => text.replace(/\n/, "\n# older reports header\n"));
  mkdirSync(join(dir, "docs"), { recursive: true });
  writeFileSync(join(dir, "docs/old-guide.md"), "# Old guide\n\nThe older templates shipped this.\n");
  writeFileSync(join(dir, "docs/legacy-notes.md"), "# Legacy notes\n\nAlso dropped by the new templates.\n");
  rmSync(join(dir, ".editorconfig")); // the new templates add it
}

/** Team edits of every kind, committed. Returns what each edit must leave behind. */
function teamEdits(dir: string): void {
  edit(dir, "README.md", (text) => text.replace("## Roadmap\n", "## Roadmap\n\nOur team: milestone 1 is done, milestone 2 next.\n"));
  edit(dir, "pyproject.toml", (text) => text.replace('    "boto3>=1.35",\n', '    "boto3>=1.35",\n    "requests>=2.32",\n'));
  edit(dir, "Dockerfile", (text) => text.replace(/uv==[\d.]+/, "uv==0.2.0")); // the template changes this line too
  edit(dir, "src/proj/costs.py", (text) => `${text}\n\n# team: our own helper\n`); // the template does not change it
  edit(dir, "docs/legacy-notes.md", (text) => `${text}\nThe team wrote here.\n`);
  rmSync(join(dir, ".env.example")); // deleted, template unchanged
  rmSync(join(dir, "scripts/check.sh")); // deleted, template changed it
  renameSync(join(dir, "src/proj/reports.py"), join(dir, "src/proj/reporting.py")); // renamed, template changed it
  mkdirSync(join(dir, "notes"));
  writeFileSync(join(dir, "notes/team.md"), "# Our notes\n");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "team work");
}

/** Files the team touched: everything else must be byte-identical to a fresh render. */
const TEAM_TOUCHED = new Set(["README.md", "pyproject.toml", "Dockerfile", "src/proj/costs.py", ".env.example", "scripts/check.sh", "src/proj/reports.py"]);

async function olderRepoWithTeamEdits(): Promise<{ cwd: string; dir: string; teamHead: string; teamFiles: Map<string, string> }> {
  const cwd = tempDir("cdp-update-");
  const dir = await repoFromOlderTemplates(cwd, "proj", ["--template", "cost-engine"], "0.1.9", olderTemplates);
  teamEdits(dir);
  return { cwd, dir, teamHead: git(dir, "rev-parse", "HEAD").trim(), teamFiles: snapshot(dir, false) };
}

describe("update merges a new render three-way and never loses a team's edit", () => {
  it("edits of every kind: kept, merged, followed, or listed as a conflict; everything untouched matches a fresh render", async () => {
    const { cwd, dir, teamHead, teamFiles } = await olderRepoWithTeamEdits();
    const started = Date.now();
    const { code, json, stderr } = await update(dir);
    const ms = Date.now() - started;
    expect(code, stderr).toBe(3);
    expect(json.version).toEqual({ from: "0.1.9", to: version });
    expect(json.conflicts).toEqual(["Dockerfile"]);
    expect(json.added).toEqual([".editorconfig"]);
    expect(json.removed).toEqual(["docs/old-guide.md"]);
    expect(json.updated).toEqual(expect.arrayContaining([".create-devops-py.json", "Makefile", "README.md", "pyproject.toml", "src/proj/reporting.py"]));
    expect(json.kept).toEqual(expect.arrayContaining([".env.example", "docs/legacy-notes.md", "scripts/check.sh", "src/proj/costs.py"]));
    expect(json.notes.map((note) => note.path)).toEqual(["docs/legacy-notes.md", "scripts/check.sh"]);

    // No team edit lost.
    expect(read(dir, "README.md")).toContain("Our team: milestone 1 is done, milestone 2 next.");
    expect(read(dir, "pyproject.toml")).toContain('"requests>=2.32"');
    expect(read(dir, "src/proj/costs.py")).toContain("# team: our own helper");
    expect(read(dir, "docs/legacy-notes.md")).toContain("The team wrote here.");
    expect(read(dir, "notes/team.md")).toBe("# Our notes\n");
    for (const path of [".env.example", "scripts/check.sh", "src/proj/reports.py", "docs/old-guide.md"]) expect(exists(dir, path), path).toBe(false);
    for (const path of ["src/proj/costs.py", "docs/legacy-notes.md", "notes/team.md"]) {
      expect(snapshot(dir, false).get(path), `${path} byte for byte`).toBe(teamFiles.get(path));
    }
    // Every template change landed (or is the listed conflict).
    expect(read(dir, "README.md")).toContain("## Keeping up to date");
    expect(read(dir, "pyproject.toml")).not.toContain('"pytest>=9.0,<10"');
    expect(read(dir, "src/proj/reporting.py")).not.toContain("# older reports header");
    const dockerfile = read(dir, "Dockerfile");
    expect(dockerfile).toMatch(/<<<<<<< [\s\S]*uv==0\.2\.0[\s\S]*=======[\s\S]*uv==\d+\.\d+\.\d+[\s\S]*>>>>>>> /);
    expect(git(dir, "rev-parse", "HEAD").trim()).toBe(teamHead); // left for review, not committed
    expect(git(dir, "status", "--porcelain")).toMatch(/^UU Dockerfile$/m);

    // Untouched files are byte-identical (and mode-identical) to a fresh render of this version.
    const fresh = await freshRender(cwd, recordedAnswers(dir), "fresh");
    const freshFiles = snapshot(fresh, false);
    const merged = snapshot(dir, false);
    let compared = 0;
    for (const [path, digest] of freshFiles) {
      if (path.endsWith("/") || TEAM_TOUCHED.has(path)) continue;
      expect(merged.get(path), path).toBe(digest);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(35);

    // Resolve the conflict as a team would; the next update has nothing to do.
    git(dir, "checkout", "--theirs", "Dockerfile");
    git(dir, "add", "Dockerfile");
    git(dir, "commit", "-q", "--no-edit");
    expect(git(dir, "rev-list", "--parents", "-n1", "HEAD").trim().split(" ")).toHaveLength(3);
    const before = snapshot(dir);
    const again = await update(dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.status).toBe("up-to-date");
    expect(snapshot(dir)).toEqual(before);
    console.log(`update of one repo: ${ms} ms; files compared with a fresh render: ${compared}; conflicts: ${json.conflicts.length}`);
  });

  it("--dry-run reports the same and writes nothing, not even into .git", async () => {
    const { dir } = await olderRepoWithTeamEdits();
    const before = snapshot(dir);
    const dry = await update(dir, "--dry-run");
    expect(dry.code, dry.stderr).toBe(3);
    expect(snapshot(dir)).toEqual(before);
    const real = await update(dir);
    // Same outcome; only the pristine commit's timestamp (hence its id) differs.
    expect({ ...real.json, dryRun: true, pristine: "" }).toEqual({ ...dry.json, pristine: "" });
  });

  it("--commit makes one merge commit whose second parent is the new pristine render; a second update is a no-op", async () => {
    const cwd = tempDir("cdp-update-");
    const dir = await repoFromOlderTemplates(cwd, "proj", ["--template", "cost-engine"], "0.1.9", olderTemplates);
    edit(dir, "src/proj/costs.py", (text) => `${text}\n# team\n`);
    git(dir, "commit", "-qam", "team");
    const { code, json, stderr } = await update(dir, "--commit");
    expect(code, stderr).toBe(0);
    expect(json.committed).toBe(true);
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(git(dir, "rev-list", "--count", "HEAD").trim()).toBe("4"); // initial, team, pristine, merge
    expect(git(dir, "log", "-1", "--format=%B", "HEAD^2")).toContain(`Create-Devops-Py-Render: ${version}`);
    // A clone elsewhere finds its base from history alone.
    const clone = join(cwd, "clone");
    git(cwd, "clone", "-q", dir, clone);
    const before = snapshot(clone);
    const again = await update(clone, "--commit");
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.status).toBe("up-to-date");
    expect(snapshot(clone)).toEqual(before);
  });

  it("refuses a dirty tree, a foreign directory and a missing base with exit 2, touching nothing", async () => {
    const { cwd, dir } = await olderRepoWithTeamEdits();
    edit(dir, "Makefile", (text) => `${text}# uncommitted\n`);
    let before = snapshot(dir);
    const dirty = await runCli(["update"], dir);
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toMatch(/Uncommitted changes[\s\S]*Makefile/);
    expect(snapshot(dir)).toEqual(before);
    git(dir, "checkout", "Makefile");
    writeFileSync(join(dir, "scratch.txt"), "untracked\n");
    before = snapshot(dir);
    expect((await runCli(["update"], dir)).code).toBe(2);
    expect(snapshot(dir)).toEqual(before);

    const foreign = join(cwd, "foreign");
    mkdirSync(foreign);
    git(foreign, "init", "-q");
    writeFileSync(join(foreign, "x"), "x\n");
    git(foreign, "add", "x");
    git(foreign, "commit", "-qm", "x");
    const notOurs = await runCli(["update", foreign, "--json"], cwd);
    expect(notOurs.code).toBe(2);
    expect(notOurs.stdout).toContain("Not a generated repository");

    // Generated files imported without their history: no marked render.
    const imported = join(cwd, "imported");
    const made = await runCli([imported, "--template", "cost-engine", "--yes", "--no-git"], cwd);
    expect(made.code, made.stderr).toBe(0);
    git(imported, "init", "-q");
    git(imported, "add", "-A");
    git(imported, "commit", "-qm", "import");
    before = snapshot(imported);
    const noBase = await runCli(["update"], imported);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toContain("--base <commit>");
    expect(snapshot(imported)).toEqual(before);
    const withBase = await runCli(["update", "--base", "HEAD", "--json"], imported);
    expect(withBase.code, withBase.stderr).toBe(0);
  });

  it("validates option flags with the same schemas and messages as create", async () => {
    const cwd = tempDir("cdp-update-");
    const made = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd);
    expect(made.code).toBe(0);
    const dir = join(cwd, "proj");
    const before = snapshot(dir);
    const bad = await runCli(["update", "--ci", "jenkins", "--python-version", "2.7"], dir);
    const create = await runCli(["other", "--template", "cost-engine", "--ci", "jenkins", "--python-version", "2.7", "--yes"], cwd);
    expect(bad.code).toBe(2);
    const problems = (text: string) => text.split("\n").filter((line) => /^\s+(ci|pythonVersion|--ci|--python-version)\b/.test(line));
    expect(problems(bad.stderr).length).toBe(2);
    expect(problems(bad.stderr)).toEqual(problems(create.stderr));
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("--help documents update and status", () => {
  it("names both commands, their flags and exit code 3", async () => {
    const help = await runCli(["--help"], tempDir());
    expect(help.code).toBe(0);
    for (const text of ["update [dir]", "status [dir-of-repos|repo]", "--commit", "--base <commit>", "--html <file>", "--update", "3 update left conflicts"]) {
      expect(help.stdout).toContain(text);
    }
  });
});

describe("update turns options on and off", () => {
  it("--kubernetes --ci both adds exactly a fresh render's files; --no-kubernetes removes only unedited ones and reports the rest", async () => {
    const cwd = tempDir("cdp-update-");
    expect((await runCli(["svc", "--template", "monitoring", "--yes"], cwd)).code).toBe(0);
    const dir = join(cwd, "svc");
    const on = await update(dir, "--kubernetes", "--ci", "both", "--commit");
    expect(on.code, on.stderr).toBe(0);
    expect(on.json.added).toEqual(expect.arrayContaining([".gitlab-ci.yml", "deploy/k8s/kustomization.yaml"]));
    const withK8s = snapshot(await freshRender(cwd, recordedAnswers(dir), "fresh-on"), false);
    expect(snapshot(dir, false)).toEqual(withK8s);

    edit(dir, "deploy/k8s/kustomization.yaml", (text) => `${text}# team: our overlay\n`);
    git(dir, "commit", "-qam", "team edits the kustomization");
    const off = await update(dir, "--no-kubernetes", "--ci", "github", "--commit");
    expect(off.code, off.stderr).toBe(0);
    expect(off.json.kept).toEqual(["deploy/k8s/kustomization.yaml"]);
    expect(off.json.notes).toEqual([{ path: "deploy/k8s/kustomization.yaml", note: expect.stringContaining("no longer generated") }]);
    expect(off.json.removed).toEqual(expect.arrayContaining([".gitlab-ci.yml", "deploy/k8s/service.yaml"]));
    const without = snapshot(await freshRender(cwd, recordedAnswers(dir), "fresh-off"), false);
    const now = snapshot(dir, false);
    const kept = [...now.keys()].filter((path) => !without.has(path));
    expect(kept.sort()).toEqual(["deploy/", "deploy/k8s/", "deploy/k8s/kustomization.yaml"].filter((path) => !without.has(path)).sort());
    for (const [path, digest] of without) expect(now.get(path), path).toBe(digest);
  });
});

describe("a repository generated by 0.1.0 updates", () => {
  it("its first commit is the base; team edits survive; the rest is exactly this version's render", async () => {
    const cwd = tempDir("cdp-update-");
    const dir = join(cwd, "team-costs");
    git(cwd, "clone", "-q", join(repoRoot, "test", "fixtures", "v0.1.0-cost-engine.bundle"), dir);
    expect(git(dir, "log", "--format=%s").trim()).toBe("Initial commit from create-devops-py 0.1.0");
    const licence = read(dir, "LICENSE");
    // 0.1.0 kept its roadmap in the README, which this version rewrites: the team's note sits apart from it.
    edit(dir, "README.md", (text) => text.replace("A DevOps capstone project.\n", "A DevOps capstone project.\n\nTeam Rocket's fork.\n"));
    // Above boto3: this version adds botocore right below it, and git rightly calls two additions at one place a conflict.
    edit(dir, "pyproject.toml", (text) => text.replace('dependencies = [\n    "boto3>=1.35",\n', 'dependencies = [\n    "rich>=13",\n    "boto3>=1.35",\n'));
    git(dir, "commit", "-qam", "team");
    const { code, json, stderr } = await update(dir, "--commit");
    expect(code, stderr).toBe(0);
    expect(json.version).toEqual({ from: "0.1.0", to: version });
    expect(json.conflicts).toEqual([]);
    expect(read(dir, "README.md")).toContain("Team Rocket's fork.");
    expect(read(dir, "README.md")).toContain("## Keeping up to date");
    expect(read(dir, "pyproject.toml")).toContain('"rich>=13"');
    expect(read(dir, "LICENSE")).toBe(licence); // the year comes from the render, not from today
    const record = JSON.parse(read(dir, ".create-devops-py.json")) as { version: string; inputs: { year: number } };
    expect(record.version).toBe(version);
    expect(licence).toContain(String(record.inputs.year));
    const fresh = snapshot(await freshRender(cwd, recordedAnswers(dir), "fresh"), false);
    const now = snapshot(dir, false);
    for (const [path, digest] of fresh) if (path !== "README.md" && path !== "pyproject.toml") expect(now.get(path), path).toBe(digest);
    const again = await update(dir);
    expect(again.json.status).toBe("up-to-date");
  });

  it("a record from before the lock option stays lock-less: CI and the Dockerfile never ask for a uv.lock the repository has not got", async () => {
    const cwd = tempDir("cdp-update-");
    const dir = join(cwd, "team-costs");
    git(cwd, "clone", "-q", join(repoRoot, "test", "fixtures", "v0.1.0-cost-engine.bundle"), dir);
    expect(exists(dir, "uv.lock")).toBe(false);
    const { code, stderr } = await update(dir, "--commit");
    expect(code, stderr).toBe(0);
    expect(exists(dir, "uv.lock")).toBe(false);
    for (const file of [".github/workflows/ci.yml", "Dockerfile", "scripts/check.sh"]) expect(read(dir, file), file).not.toMatch(/--locked|uv lock --check/);
    expect((JSON.parse(read(dir, ".create-devops-py.json")) as { answers: { lock?: boolean } }).answers.lock).toBe(false);
    // Asked for, the lock is switched on; CI's `uv lock --check` then asks for the committed uv.lock.
    const locked = await update(dir, "--commit", "--lock");
    expect(locked.code, locked.stderr).toBe(0);
    expect(read(dir, "Dockerfile")).toMatch(/--locked/);
  });

  it("the licence year is a recorded input: an update in a later year keeps the recorded one", async () => {
    const cwd = tempDir("cdp-update-");
    const dir = await repoFromOlderTemplates(cwd, "proj", ["--template", "cost-engine"], "0.1.9", (repo) => {
      const record = JSON.parse(read(repo, ".create-devops-py.json")) as { inputs: { year: number } };
      const year = record.inputs.year;
      record.inputs.year = 2024;
      writeFileSync(join(repo, ".create-devops-py.json"), JSON.stringify(record, null, 2));
      edit(repo, "LICENSE", (text) => text.replace(String(year), "2024"));
    });
    const { code, json, stderr } = await update(dir, "--commit");
    expect(code, stderr).toBe(0);
    expect(json.updated).not.toContain("LICENSE");
    expect(read(dir, "LICENSE")).toContain("Copyright (c) 2024 ");
    expect(statSync(join(dir, "LICENSE")).isFile()).toBe(true);
  });
});

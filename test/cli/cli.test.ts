import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStarters } from "../../src/starter-registry.js";
import { listing, runCli, tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
const starters = await loadStarters();

describe("create-devops-py as a process", () => {
  it("--help lists usage, every base and starter option, and non-interactive examples", async () => {
    const result = await runCli(["--help"], tempDir());
    expect(result.code).toBe(0);
    for (const text of ["Usage:", "--author-email", "--python-version", "--no-kubernetes", "--currency", "Examples (non-interactive)", "--yes"]) {
      expect(result.stdout).toContain(text);
    }
    for (const starter of starters) expect(result.stdout).toContain(starter.id);
  });

  it("--version prints the package version", async () => {
    const result = await runCli(["--version"], tempDir());
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("list and list --json show every starter with id, title and summary", async () => {
    const text = await runCli(["list"], tempDir());
    expect(text.code).toBe(0);
    const json = await runCli(["list", "--json"], tempDir());
    const parsed = JSON.parse(json.stdout) as { id: string; title: string; summary: string }[];
    expect(parsed.map((s) => s.id)).toEqual(starters.map((s) => s.id));
    expect(parsed.length).toBe(8);
    for (const starter of parsed) {
      expect(starter.title.length).toBeGreaterThan(3);
      expect(starter.summary.length).toBeGreaterThan(10);
      expect(starter.summary.length, `${starter.id} summary fits one line`).toBeLessThanOrEqual(110);
      expect(text.stdout).toContain(starter.id);
    }
  });

  it("--dry-run prints the tree and writes nothing", async () => {
    const cwd = tempDir();
    const result = await runCli(["my-costs", "--template", "cost-engine", "--dry-run", "--yes"], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("pyproject.toml");
    expect(result.stdout).toContain("my_costs/");
    expect(listing(cwd)).toEqual([]);
  });

  it("--json describes the created project; git has one initial commit", async () => {
    const cwd = tempDir();
    const result = await runCli(["my-costs", "--template", "cost-engine", "--yes", "--json"], cwd);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; target: string; files: { path: string }[]; options: Record<string, unknown> };
    expect(report.ok).toBe(true);
    expect(report.options).toMatchObject({ name: "my-costs", packageName: "my_costs", template: "cost-engine" });
    for (const file of report.files) expect(existsSync(join(cwd, "my-costs", file.path)), file.path).toBe(true);
    const log = await runProcess("git", ["log", "--oneline"], { cwd: join(cwd, "my-costs") });
    expect(log.stdout.trim().split("\n")).toHaveLength(1);
    const status = await runProcess("git", ["status", "--porcelain"], { cwd: join(cwd, "my-costs") });
    expect(status.stdout).toBe("");
    const answers = JSON.parse(readFileSync(join(cwd, "my-costs", ".create-devops-py.json"), "utf8")) as { version: string; answers: Record<string, unknown> };
    expect(answers.version).toBe(version);
    expect(answers.answers.name).toBe("my-costs");
    // no temporary sibling left behind
    expect(listing(cwd).filter((line) => !line.startsWith("my-costs"))).toEqual([]);
  });

  it("keeps executable bits and flags override the answers file", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "answers.yaml"), "$schema: ./schema.json\ntemplate: cost-engine\nname: from-file\nlicense: Apache-2.0\n");
    const result = await runCli(["--answers", "answers.yaml", "--license", "BSD-3-Clause", "--yes", "--no-git"], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(cwd, "from-file", "LICENSE"), "utf8")).toContain("BSD 3-Clause License");
    expect(existsSync(join(cwd, "from-file", ".git"))).toBe(false);
    expect(statSync(join(cwd, "from-file", "pyproject.toml")).mode & 0o111).toBe(0);
    expect(statSync(join(cwd, "from-file", "scripts", "check.sh")).mode & 0o111).toBe(0o111);
  });

  it("without a TTY and without --yes it never waits: a missing option is an error naming it", async () => {
    const cwd = tempDir();
    const result = await runCli(["--template", "cost-engine"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("name: is required");
    expect(result.ms).toBeLessThan(30_000);
    expect(listing(cwd)).toEqual([]);
  });

  it("refuses a non-empty target and leaves it exactly as it was", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "taken"));
    writeFileSync(join(cwd, "taken", "notes.txt"), "mine");
    const before = listing(cwd);
    const result = await runCli(["taken", "--template", "cost-engine", "--yes"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not empty");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(listing(cwd)).toEqual(before);
    expect(readFileSync(join(cwd, "taken", "notes.txt"), "utf8")).toBe("mine");
  });

  it.each(["class", "1abc", "os", "../x"])("package name %j exits 2, names the problem, writes nothing", async (packageName) => {
    const cwd = tempDir();
    const result = await runCli(["proj", "--template", "cost-engine", "--package-name", packageName, "--yes"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--package-name:");
    expect(result.stderr).toContain(JSON.stringify(packageName));
    expect(listing(cwd)).toEqual([]);
  });

  it("an answers file with an unknown key exits 2 naming the key", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "answers.json"), JSON.stringify({ template: "cost-engine", name: "x-proj", colour: "red" }));
    const before = listing(cwd);
    const result = await runCli(["--answers", "answers.json", "--yes"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("colour: is not an option of the cost-engine starter");
    expect(listing(cwd)).toEqual(before);
  });

  it("--json reports validation errors as one JSON object, exit 2", async () => {
    const result = await runCli(["p", "--template", "cost-engine", "--license", "GPL", "--ci", "jenkins", "--json"], tempDir());
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: { option: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.option).sort()).toEqual(["--ci", "--license"]);
  });

  it("an unknown flag exits 2", async () => {
    const result = await runCli(["p", "--template", "cost-engine", "--frobnicate"], tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--frobnicate");
  });

  it("schema prints a JSON Schema; validate checks an answers file", async () => {
    const cwd = tempDir();
    const schema = await runCli(["schema", "cost-engine"], cwd);
    expect(JSON.parse(schema.stdout).$id).toContain("cost-engine");
    writeFileSync(join(cwd, "good.json"), JSON.stringify({ template: "cost-engine", name: "good-one" }));
    writeFileSync(join(cwd, "bad.json"), JSON.stringify({ template: "cost-engine", name: "Bad One" }));
    expect((await runCli(["validate", "good.json"], cwd)).code).toBe(0);
    const bad = await runCli(["validate", "bad.json"], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("name");
  });
});

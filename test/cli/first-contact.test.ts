/**
 * A new user's first minutes, as spawned processes: every problem of a run in one
 * report, named as the user wrote it (flag as typed, key and line of a file), with a
 * did-you-mean; file errors as sentences; hostile text echoed safely; schemas that fit
 * their files (checked by a plain ajv and by check-jsonschema); the answers record
 * replays the same project; --dry-run, short flags, `version`, and --help in 80 columns.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { stringify as toYaml } from "yaml";
import { PIP_FALLBACK } from "../../src/pip-fallback.js";
import { describe, expect, it } from "vitest";
import { loadStarters } from "../../src/starter-registry.js";
import { listing, runCli, tempDir } from "../helpers/cli.js";
import { gateToolsBin } from "../helpers/paths.js";
import { runProcess } from "../helpers/run-process.js";

const starters = await loadStarters();
const ids = starters.map((starter) => starter.id);
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe("every problem at once, in the user's words", () => {
  it("a bad --template does not hide a bad e-mail and licence; each is named by its flag, with did-you-means", async () => {
    const cwd = tempDir();
    const result = await runCli(["proj", "--template", "cost-engin", "--author-email", "bob@", "--license", "MTI", "--kubernets", "--yes"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--template: "cost-engin" is not a starter; did you mean "cost-engine"?');
    expect(result.stderr).toContain('--author-email: "bob@" is not a valid email address');
    expect(result.stderr).toContain('--license: "MTI" is not allowed; did you mean "MIT"?');
    expect(result.stderr).toContain("--kubernets: is not a known flag or option (see --help); did you mean --kubernetes?");
    expect(result.stderr).not.toContain("authorEmail");
    expect(listing(cwd)).toEqual([]);
  });

  it("with no TTY and nothing given, every missing required option is listed", async () => {
    const result = await runCli(["--json"], tempDir());
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { problems: { option: string; message: string }[] };
    expect(report.problems.map((p) => p.option)).toEqual(["--template", "--name"]);
  });

  it("a bad directory argument is reported with the bad flags and options", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "taken"), "a file");
    const result = await runCli(["taken", "-t", "cost-engine", "--currency", "EURO", "--yes"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("taken exists and is not a directory");
    expect(result.stderr).toContain('--currency: "EURO" is not allowed; did you mean "EUR"?');
  });

  it("answers-file problems name the key as written, with its line; flags keep their own names", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "answers.yaml"), "template: cost-engine\nname: ok-proj\nauthorEmail: bob@\ncurency: EUR\n");
    const result = await runCli(["--answers", "answers.yaml", "--ci", "jenkins", "--yes"], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('answers.yaml:3 authorEmail: "bob@" is not a valid email address');
    expect(result.stderr).toContain('answers.yaml:4 curency: is not an option of the cost-engine starter; did you mean "currency"?');
    expect(result.stderr).toContain('--ci: "jenkins" is not allowed');
  });

  it("file errors are sentences; read-only commands never say nothing was written", async () => {
    const cwd = tempDir();
    const missing = await runCli(["validate", "missing.yaml"], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing.yaml: no such file");
    expect(missing.stderr).not.toMatch(/ENOENT|Nothing was written/);
    const schema = await runCli(["schema", "monitorin"], cwd);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toContain('did you mean "monitoring"?');
    expect(schema.stderr).not.toContain("Nothing was written");
    const answers = await runCli(["--answers", "missing.yaml", "-y"], cwd);
    expect(answers.stderr).toContain("missing.yaml: no such file");
  });

  it("a mistyped command gets a did-you-mean", async () => {
    const result = await runCli(["cohrt", "roster.yaml"], tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("did you mean `cohort`?");
  });

  // 3 MB: the largest value an answers file can carry (files are read up to 4 MiB).
  it("echoed keys and values lose their escape sequences and a 3 MB value is cut (text and JSON)", async () => {
    const cwd = tempDir();
    const huge = `${"x".repeat(3 * 1024 * 1024)}\u001b]0;owned\u0007`;
    writeFileSync(join(cwd, "answers.json"), JSON.stringify({ template: "cost-engine", name: "ok-proj", "\u001b[31mevil\u009b2J": 1, description: huge, currency: "\u001b[2J" }));
    const text = await runCli(["--answers", "answers.json", "--yes"], cwd);
    expect(text.code).toBe(2);
    expect(text.stderr).not.toMatch(RAW_CONTROL);
    expect(text.stderr).toContain("\\x1b[31mevil\\x9b2J");
    expect(text.stderr.length).toBeLessThan(4000);
    expect(text.stderr).toMatch(/\(3145738 characters\)/);
    const json = await runCli(["--answers", "answers.json", "--json"], cwd);
    expect(json.stdout.length).toBeLessThan(4000);
    expect(json.stdout).not.toMatch(/[\u0080-\u009f]/);
    // Parsed back, no message or label holds a raw control character either.
    const parsed = JSON.parse(json.stdout) as { problems: { option: string; message: string }[] };
    expect(parsed.problems.length).toBe(4);
    for (const problem of parsed.problems) expect(`${problem.option} ${problem.message}`).not.toMatch(RAW_CONTROL);

    // A team name carrying an escape sequence, through a roster.
    writeFileSync(join(cwd, "roster.yaml"), toYaml({ teams: [{ name: "\u001b[2JRed\u009b", starter: "cost-engine", members: [{ name: "A", email: "a@example.com" }] }] }));
    const roster = await runCli(["cohort", "roster.yaml", "--out", "teams"], cwd);
    expect(roster.code).toBe(2);
    expect(roster.stderr).not.toMatch(RAW_CONTROL);
    expect(roster.stderr).toContain("\\x1b[2JRed\\x9b");
  });
});

describe("schemas that fit their files", () => {
  const plainAjv = () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    return ajv;
  };

  it("the answers schema requires only template and types every starter's options (plain ajv and check-jsonschema)", async () => {
    const cwd = tempDir();
    const printed = await runCli(["schema"], cwd);
    expect(printed.code).toBe(0);
    const schema = JSON.parse(printed.stdout) as object;
    const validate = plainAjv().compile(schema);
    expect(validate({ template: "cost-engine" }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ $schema: "./answers.schema.json", template: "cost-engine", currency: "EUR", exchangeRate: 0.9 })).toBe(true);
    expect(validate({ template: "cost-engine", clouds: ["aws"] })).toBe(false); // infra-platform's option
    expect(validate({ template: "cost-engine", currency: "EURO" })).toBe(false);
    expect(validate({ template: "monitorin" })).toBe(false);
    expect(validate({ name: "x" })).toBe(false);

    writeFileSync(join(cwd, "answers.schema.json"), printed.stdout);
    const check = (file: string, text: string) => {
      writeFileSync(join(cwd, file), text);
      return runProcess(join(gateToolsBin, "check-jsonschema"), ["--schemafile", "answers.schema.json", file], { cwd });
    };
    expect((await check("min.yaml", "template: cost-engine\n")).code).toBe(0);
    expect((await check("other.yaml", "template: cost-engine\nclouds: [aws]\n")).code).toBe(1);
  });

  it("the cohort schema has starter as an enum and options typed per starter (plain ajv and check-jsonschema)", async () => {
    const cwd = tempDir();
    const printed = await runCli(["schema", "cohort"], cwd);
    const validate = plainAjv().compile(JSON.parse(printed.stdout) as object);
    const team = (starter: string, options: object = {}) => ({ name: "Alpha", starter, members: [{ name: "A", email: "a@example.com", handle: "a-1" }], options });
    expect(validate({ defaults: { ci: "both" }, teams: [team("cost-engine", { currency: "EUR" })] }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ teams: [team("monitorin")] })).toBe(false);
    expect(validate({ teams: [team("cost-engine", { clouds: ["aws"] })] })).toBe(false);
    expect(validate({ teams: [team("infra-platform", { clouds: ["aws"] })] })).toBe(true);
    expect(validate({ defaults: { ci: "jenkins" }, teams: [team("cost-engine")] })).toBe(false);

    writeFileSync(join(cwd, "cohort.schema.json"), printed.stdout);
    const check = (file: string, roster: object) => {
      writeFileSync(join(cwd, file), toYaml(roster));
      return runProcess(join(gateToolsBin, "check-jsonschema"), ["--schemafile", "cohort.schema.json", file], { cwd });
    };
    expect((await check("good.yaml", { teams: [team("cost-engine", { currency: "EUR" })] })).code).toBe(0);
    const typo = await check("typo.yaml", { teams: [team("monitorin")] });
    expect(typo.code, typo.stdout).toBe(1);
    expect((await check("other.yaml", { teams: [team("cost-engine", { clouds: ["aws"] })] })).code).toBe(1);
  });

  it("a project's .create-devops-py.json, fed back with --answers, replays the same project", async () => {
    const cwd = tempDir();
    const again = tempDir();
    const first = await runCli(["first", "-t", "infra-platform", "--clouds", "aws,gcp", "--ci", "both", "--kubernetes", "--author-name", "Ada", "--yes"], cwd);
    expect(first.code, first.stderr).toBe(0);
    const record = join(cwd, "first", ".create-devops-py.json");
    expect((await runCli(["validate", record], cwd)).code).toBe(0);
    const replay = await runCli(["--answers", record, "--yes"], again);
    expect(replay.code, replay.stderr).toBe(0);
    const tree = (root: string) => listing(join(root, "first")).filter((line) => !line.startsWith(".git/") && !line.startsWith(".git "));
    expect(tree(again)).toEqual(tree(cwd));
    for (const line of tree(cwd)) {
      if (line.endsWith(" dir")) continue;
      const path = line.split(" ")[0] as string;
      expect(readFileSync(join(again, "first", path), "utf8"), path).toBe(readFileSync(join(cwd, "first", path), "utf8"));
    }
  });
});

describe("small things a first user notices", () => {
  it("--dry-run shows the resolved options and the git steps; --dry-run --json says git would run", async () => {
    const cwd = tempDir();
    const text = await runCli(["proj", "-t", "cost-engine", "--currency", "EUR", "--exchange-rate", "0.92", "--dry-run"], cwd);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/currency\s+EUR/);
    expect(text.stdout).toMatch(/packageName\s+proj/);
    expect(text.stdout).toContain("git init --initial-branch=main");
    const json = JSON.parse((await runCli(["proj", "-yt", "cost-engine", "--dry-run", "--json"], cwd)).stdout) as { git: boolean; postSteps: string[]; dryRun: boolean };
    expect(json).toMatchObject({ git: true, dryRun: true });
    expect(json.postSteps.slice(0, 2)).toEqual(["uv lock", "git init --initial-branch=main"]);
    const noGit = JSON.parse((await runCli(["proj", "-yt", "cost-engine", "--no-git", "--dry-run", "--json"], cwd)).stdout) as { git: boolean; postSteps: string[] };
    expect(noGit).toMatchObject({ git: false, postSteps: ["uv lock"] });
    expect(listing(cwd)).toEqual([]);
  });

  it("combined short flags, the version command, and aligned next steps that point at the roadmap and at uv", async () => {
    const cwd = tempDir();
    const version = await runCli(["version"], cwd);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // A PATH with node's directory only: uv is missing, so the hint appears.
    const created = await runCli(["proj", "-yt", "cost-engine", "--no-git"], cwd, { PATH: "/nonexistent" });
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(join(cwd, "proj", "pyproject.toml"))).toBe(true);
    const steps = created.stdout.split("\n").filter((line) => line.includes(" # "));
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(new Set(steps.map((line) => line.indexOf(" # "))).size).toBe(1);
    expect(created.stdout).toContain("uv is not installed");
    // The pip line works with the pip a fresh venv brings: it upgrades pip before --group.
    expect(created.stdout).toContain(PIP_FALLBACK);
    expect(created.stdout).toContain("README.md");
  });

  it("--help fits 80 columns and names every starter", async () => {
    const help = await runCli(["--help"], tempDir());
    const long = help.stdout.split("\n").filter((line) => line.length > 80);
    expect(long).toEqual([]);
    for (const id of ids) expect(help.stdout).toContain(id);
  });
});

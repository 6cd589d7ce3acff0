import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath } from "../helpers/paths.js";
import { tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

/** Run with a short timeout: a refused input file must be refused at once, not hang. */
function run(args: string[], cwd: string) {
  return runProcess(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, timeoutMs: 10_000 });
}

async function refused(args: string[], cwd: string, expected: RegExp) {
  const before = readdirSync(cwd).sort();
  const result = await run(args, cwd);
  expect(result.code, `${result.signal ?? ""} ${result.stderr}`).toBe(2);
  expect(result.stderr).toMatch(expected);
  expect(result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  expect(result.ms).toBeLessThan(8_000);
  expect(readdirSync(cwd).sort()).toEqual(before);
  return result;
}

const CREATE = ["proj", "--template", "cost-engine", "--yes"];

describe("input files are regular files of bounded size", () => {
  it.each([
    ["an answers file", (p: string) => [...CREATE, "--answers", p], "answers.json"],
    ["a YAML roster", (p: string) => ["cohort", p, "--out", "teams"], "roster.yaml"],
    ["a CSV roster", (p: string) => ["cohort", p, "--out", "teams"], "roster.csv"],
    ["a file to validate", (p: string) => ["validate", p], "answers.yaml"],
  ])("%s that is a FIFO: exit 2 at once, no hang", async (_label, args, name) => {
    const cwd = tempDir();
    execFileSync("mkfifo", [join(cwd, name)]);
    await refused(args(name), cwd, /named pipe \(FIFO\); give a regular file/);
  });

  it("/dev/zero as the answers file: exit 2 at once (a device), memory untouched", async () => {
    const cwd = tempDir();
    await refused([...CREATE, "--answers", "/dev/zero"], cwd, /\/dev\/zero: is a device/);
  });

  it("a directory as the roster: exit 2 with a sentence", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "roster.yaml"));
    await refused(["cohort", "roster.yaml", "--out", "teams"], cwd, /roster\.yaml: is a directory/);
  });

  it("a file over the documented size: exit 2 naming the limit", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "answers.json"), `{"description": "${"x".repeat(5 * 1024 * 1024)}"}`);
    await refused([...CREATE, "--answers", "answers.json"], cwd, /read up to 4194304 bytes/);
  });

  it("a missing file is a sentence, not an errno code", async () => {
    const cwd = tempDir();
    const result = await refused([...CREATE, "--answers", "missing.yaml"], cwd, /missing\.yaml: no such file/);
    expect(result.stderr).not.toMatch(/ENOENT/);
  });

  it("a UTF-8 BOM is accepted in JSON as in YAML and CSV", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "answers.json"), `\uFEFF${JSON.stringify({ license: "Apache-2.0" })}`);
    const result = await run([...CREATE, "--answers", "answers.json", "--dry-run", "--json"], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).options.license).toBe("Apache-2.0");
  });

  it("a duplicate key in JSON is an error, as in YAML (answers and nested in a roster)", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "answers.json"), '{"license": "MIT", "ci": "github", "license": "Apache-2.0"}');
    await refused([...CREATE, "--answers", "answers.json"], cwd, /answers\.json is not valid JSON: the key "license" appears twice/);
    writeFileSync(join(cwd, "roster.json"), '{"teams": [{"name": "A", "starter": "cost-engine", "members": [{"name": "x", "email": "x@example.com", "email": "y@example.com"}]}]}');
    await refused(["cohort", "roster.json", "--out", "teams"], cwd, /the key "teams\[\]\.members\[\]\.email" appears twice/);
  });

  it.each([
    ["text after a closing quote", 'team,starter,name,email\n"Alpha"x,cost-engine,Ann,ann@example.com\n', /roster\.csv line 2: text after a closing quote/],
    ["a quoted field never closed", 'team,starter,name,email\nAlpha,cost-engine,"Ann,ann@example.com\n', /roster\.csv line 2: a quoted field is never closed/],
    ["a column named twice", "team,starter,name,email,Email\nAlpha,cost-engine,Ann,ann@example.com,b@example.com\n", /line 1: the header names the column "email" twice/],
  ])("CSV roster with %s: exit 2 with the line", async (_label, csv, expected) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "roster.csv"), csv);
    await refused(["cohort", "roster.csv", "--out", "teams"], cwd, expected);
  });
});

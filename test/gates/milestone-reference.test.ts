/**
 * Every starter's roadmap is achievable: for one milestone per starter, a reference
 * implementation kept here (test/fixtures/milestone-references/<starter>/, never in a
 * generated repo) is copied into a freshly generated repository. Its acceptance check
 * must fail before and pass after, while the repository's own gates (ruff, ruff format,
 * mypy, pytest with coverage) stay green. GATES_STARTERS limits it like the harness.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadStarters } from "../../src/starter-registry.js";
import { cliPath, gateToolsBin, repoRoot } from "../helpers/paths.js";
import { runProcess } from "../helpers/run-process.js";

const fixtures = join(repoRoot, "test", "fixtures", "milestone-references");
const milestoneOf = JSON.parse(readFileSync(join(fixtures, "milestones.json"), "utf8")) as Record<string, number>;
const only = process.env.GATES_STARTERS?.split(",").filter(Boolean);
const starters = (await loadStarters()).filter((starter) => !only || only.includes(starter.id));
const runRoot = mkdtempSync(join(process.env.CDP_KEEP_TMPDIR ?? tmpdir(), "create-devops-py-gates-reference-"));
let failures = 0;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("milestone reference implementations", () => {
  it("cover every starter", async () => {
    expect(Object.keys(milestoneOf).sort()).toEqual((await loadStarters()).map((starter) => starter.id).sort());
  });

  it.concurrent.each(starters.map((starter) => [starter.id]))(
    "%s: the reference turns its milestone check green with the repo's own gates green",
    async (id) => {
      const name = `ref-${id.split("-")[0]}`;
      const packageName = name.replaceAll("-", "_");
      const dir = join(runRoot, name);
      const env = { ...process.env, VIRTUAL_ENV: join(dir, ".venv"), UV_PYTHON_DOWNLOADS: "never", NO_COLOR: "1", COLUMNS: "1000" };
      const bin = (tool: string) => join(dir, ".venv", "bin", tool);
      const step = async (command: string, args: string[]) => {
        const result = await runProcess(command, args, { cwd: dir, env, timeoutMs: 600_000 });
        return { ...result, text: `$ ${command} ${args.join(" ")} (exit ${result.code})\n${result.stdout}\n${result.stderr}` };
      };
      try {
        const generated = await runProcess(process.execPath, [cliPath, dir, "--template", id, "--yes", "--no-git"], { cwd: runRoot });
        expect(generated.code, generated.stderr).toBe(0);
        for (const args of [["venv", "--quiet", ".venv"], ["pip", "install", "--quiet", "-e", ".", "--group", "dev"]]) {
          const installed = await step(join(gateToolsBin, "uv"), args);
          expect(installed.code, installed.text).toBe(0);
        }
        const number = milestoneOf[id] as number;
        const check = readdirSync(join(dir, "milestones")).find((file) => file.startsWith(`test_m${number}_`));
        expect(check, `milestones/test_m${number}_*.py`).toBeDefined();
        const runCheck = () => step(bin("pytest"), ["--no-cov", "-p", "no:cacheprovider", "-q", join("milestones", check as string)]);

        const before = await runCheck();
        expect(before.code, before.text).toBe(1);
        expect(before.stdout).toContain(`milestone ${number} not done:`);

        for (const source of filesUnder(join(fixtures, id))) {
          const target = join(dir, relative(join(fixtures, id), source).replaceAll("__packageName__", packageName));
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, readFileSync(source, "utf8").replaceAll("__packageName__", packageName));
        }

        const after = await runCheck();
        expect(after.code, after.text).toBe(0);
        for (const [tool, ...args] of [["ruff", "check", "--no-cache", "."], ["ruff", "format", "--check", "--no-cache", "."], ["mypy"], ["pytest", "-p", "no:cacheprovider"]] as [string, ...string[]][]) {
          const gate = await step(bin(tool), args);
          expect(gate.code, gate.text).toBe(0);
        }
      } catch (error) {
        failures += 1;
        throw error;
      }
    },
    900_000,
  );
});

afterAll(() => {
  if (failures === 0) rmSync(runRoot, { recursive: true, force: true });
  else console.error(`milestone reference failures: projects kept in ${runRoot}`);
});

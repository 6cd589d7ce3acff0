import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { edit, git, repoFromOlderTemplates, snapshot } from "../helpers/lifecycle-repos.js";
import { cliPath } from "../helpers/paths.js";

const KILLS = Number(process.env.INTERRUPT_RUNS ?? 24);

function* delays(seed: number, maxMs: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield Math.floor((state / 2 ** 31) * maxMs);
  }
}

describe("an interrupted update leaves the repository as it was or fully updated", () => {
  it(`${KILLS} kills (SIGINT, SIGTERM, SIGKILL) at random points of update --commit`, async () => {
    const cwd = tempDir("cdp-update-kill-");
    const original = await repoFromOlderTemplates(cwd, "proj", ["--template", "cost-engine"], "0.1.9", (dir) => {
      edit(dir, "Makefile", (text) => text.replace("\tuv run pytest\n", "\tuv run pytest --no-header\n"));
      edit(dir, "README.md", (text) => text.replace(/## Keeping up to date\n[\s\S]*?\n## Licence/, "## Licence"));
      edit(dir, "src/proj/reports.py", (text) => `# older header\n${text}`);
    });
    edit(original, "src/proj/costs.py", (text) => `${text}\n# team\n`);
    git(original, "commit", "-qam", "team");
    const head = git(original, "rev-parse", "HEAD").trim();
    const asItWas = snapshot(original, false);

    const reference = join(cwd, "reference");
    cpSync(original, reference, { recursive: true });
    const run = await runCli(["update", "--commit"], reference);
    expect(run.code, run.stderr).toBe(0);
    const updatedTree = git(reference, "rev-parse", "HEAD^{tree}").trim();
    const updated = snapshot(reference, false);
    expect(updated).not.toEqual(asItWas);

    const pick = delays(20261201, Math.max(300, run.ms * 1.3));
    const outcomes = { asItWas: 0, updated: 0, finishedFromJournal: 0 };
    for (let i = 0; i < KILLS; i += 1) {
      const signal: NodeJS.Signals = (["SIGKILL", "SIGINT", "SIGTERM"] as const)[i % 3] as NodeJS.Signals;
      const dir = join(cwd, `run-${i}`);
      cpSync(original, dir, { recursive: true });
      const child = spawn(process.execPath, [cliPath, "update", "--commit"], { cwd: dir, stdio: "ignore" });
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, pick.next().value as number));
      child.kill(signal);
      await exited;

      const state = () => ({
        head: git(dir, "rev-parse", "HEAD").trim(),
        tree: git(dir, "rev-parse", "HEAD^{tree}").trim(),
        clean: git(dir, "status", "--porcelain") === "",
        files: snapshot(dir, false),
      });
      let now = state();
      if (now.head === head && now.clean && JSON.stringify([...now.files]) === JSON.stringify([...asItWas])) {
        outcomes.asItWas += 1;
        continue;
      }
      if (now.tree !== updatedTree || !now.clean) {
        // Killed after the journal's commit point: the next run must finish the update.
        expect(existsSync(join(dir, ".git", "create-devops-py-update", "journal.json")), `run ${i} (${signal}) is half-updated without a journal`).toBe(true);
        expect((await runCli(["status", "--json"], dir)).code).toBe(0);
        now = state();
        outcomes.finishedFromJournal += 1;
      } else outcomes.updated += 1;
      expect(now.tree, `run ${i} (${signal})`).toBe(updatedTree);
      expect(now.clean, `run ${i} (${signal})`).toBe(true);
      expect(now.files).toEqual(updated);
    }
    console.log(`interrupted updates: ${JSON.stringify(outcomes)}`);
    expect(outcomes.asItWas + outcomes.updated + outcomes.finishedFromJournal).toBe(KILLS);
  });

  it("a journal left by a SIGKILL after its commit point is finished by the next update or status", async () => {
    const cwd = tempDir("cdp-update-kill-");
    const made = await runCli(["proj", "--template", "cost-engine", "--yes"], cwd);
    expect(made.code, made.stderr).toBe(0);
    for (const command of [["status", "--json"], ["update", "--json"]]) {
      const dir = join(cwd, `proj-${command[0]}`);
      cpSync(join(cwd, "proj"), dir, { recursive: true });
      // What a kill between two renames of the roll-forward leaves: a journal, one file still staged.
      const staging = join(dir, ".git", "create-devops-py-update");
      mkdirSync(join(staging, "files"), { recursive: true });
      writeFileSync(join(staging, "files", "0"), "finished by the next run\n");
      writeFileSync(join(staging, "journal.json"), JSON.stringify({ ops: [{ path: "NOTES.md", staged: "0", mode: 0o644 }, { path: ".env.example" }], index: false }));
      const run = await runCli(command, dir);
      expect(existsSync(staging), command.join(" ")).toBe(false);
      expect(existsSync(join(dir, "NOTES.md"))).toBe(true);
      expect(existsSync(join(dir, ".env.example"))).toBe(false);
      // update then sees the finished (uncommitted) result and refuses to merge over it.
      if (command[0] === "update") expect(run.code).toBe(2);
      else expect(run.code).toBe(0);
    }
  });
});

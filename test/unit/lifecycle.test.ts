import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAnswersRecord } from "../../src/answers-record.js";
import { recoverInterruptedUpdate, stagingDir } from "../../src/lifecycle/apply-journal.js";
import { compareVersions } from "../../src/lifecycle/compare-versions.js";
import { openQuarantine } from "../../src/lifecycle/object-quarantine.js";
import { commitTree, treeOfPlan } from "../../src/lifecycle/pristine-commit.js";
import { regenerateByCommand } from "../../src/lifecycle/regenerate-by-command.js";
import { REGENERATED_FILES } from "../../src/lifecycle/regenerated-files.js";
import { renderedVersion, renderTrailer } from "../../src/lifecycle/render-marker.js";
import type { RepoStatus } from "../../src/lifecycle/repo-status.js";
import { roadmapProgress } from "../../src/lifecycle/roadmap-progress.js";
import { statusHtml } from "../../src/lifecycle/status-html.js";
import { threeWayMerge } from "../../src/lifecycle/three-way-merge.js";

const git = (dir: string, ...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
const temp = () => mkdtempSync(join(tmpdir(), "cdp-lifecycle-unit-"));

function repoWith(files: Record<string, string>): string {
  const dir = temp();
  git(dir, "init", "-q");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base", "-m", renderTrailer("0.0.1"));
  return dir;
}

// Distinct content per file, so that git's rename detection pairs the right files.
const lines = (n: number, tag = "", file = "") => Array.from({ length: n }, (_, i) => `${file} line ${i}${i === 5 ? tag : ""}`).join("\n") + "\n";

describe("small lifecycle pieces", () => {
  it("compares versions numerically", () => {
    expect(compareVersions("0.1.0", "0.2.0")).toBeLessThan(0);
    expect(compareVersions("0.10.0", "0.9.9")).toBeGreaterThan(0);
    expect(compareVersions("1.2.3", "1.2.3")).toBe(0);
  });

  it("finds the render trailer in a commit message", () => {
    expect(renderedVersion(`Subject\n\n${renderTrailer("0.2.0")}\n`)).toBe("0.2.0");
    expect(renderedVersion("Initial commit from create-devops-py 0.1.0\n")).toBeUndefined();
  });

  it("reads records with and without render inputs, and refuses foreign JSON", () => {
    expect(parseAnswersRecord('{"generator":"create-devops-py","version":"0.1.0","answers":{"name":"x"}}')).toEqual({ generator: "create-devops-py", version: "0.1.0", answers: { name: "x" } });
    expect(parseAnswersRecord('{"generator":"create-devops-py","version":"0.2.0","inputs":{"year":2024},"answers":{}}')?.inputs).toEqual({ year: 2024 });
    expect(parseAnswersRecord('{"name":"package.json"}')).toBeUndefined();
    expect(parseAnswersRecord("{ broken")).toBeUndefined();
  });

  it("counts roadmap checkboxes, ROADMAP.md before README.md", () => {
    const dir = temp();
    writeFileSync(join(dir, "README.md"), "- [x] a\n- [ ] b\n* [X] c\n- [] not a box\n");
    expect(roadmapProgress(dir)).toEqual({ file: "README.md", done: 2, total: 3 });
    writeFileSync(join(dir, "ROADMAP.md"), "- [ ] only\n");
    expect(roadmapProgress(dir)).toEqual({ file: "ROADMAP.md", done: 0, total: 1 });
  });

  it("escapes what repositories say about themselves in the HTML page", () => {
    const repo: RepoStatus = {
      dir: "teams/<x>", generated: true, name: '<script>alert("x")</script>', starter: "s", version: "0.1.0", updateAvailable: true,
      editedFiles: ["a&b.md"], answersValid: true, commitsSinceGeneration: 1, lastCommitDate: null, roadmap: null,
    };
    const html = statusHtml([repo], "0.2.0", "now");
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("a&amp;b.md");
    expect(html).not.toMatch(/https?:\/\//); // self-contained: nothing to fetch
  });
});

describe("three-way merge policy (git's merge, our rules on top)", () => {
  it("keeps team deletions, keeps edited files the template dropped, follows renames, lists real conflicts", async () => {
    const base = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((f) => [`${f}.txt`, lines(20, "", f)]));
    const dir = repoWith(base);
    const baseCommit = git(dir, "rev-parse", "HEAD").trim();
    // The team: deletes a and b, edits c, renames d, edits e on line 5, adds g.
    git(dir, "rm", "-q", "a.txt", "b.txt");
    writeFileSync(join(dir, "c.txt"), lines(20, " team", "c"));
    git(dir, "mv", "d.txt", "renamed.txt");
    writeFileSync(join(dir, "e.txt"), lines(20, " team", "e"));
    writeFileSync(join(dir, "g.txt"), "team file\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "team");
    const oursTree = git(dir, "rev-parse", "HEAD^{tree}").trim();
    const before = readFileSync(join(dir, ".git", "index"));

    const quarantine = await openQuarantine(dir);
    try {
      // The new render: a unchanged, b changed, c dropped, d changed, e changed on line 5, f changed, h new.
      const plan = [
        { path: "a.txt", contents: lines(20, "", "a"), mode: 0o644 },
        { path: "b.txt", contents: lines(20, " tpl", "b"), mode: 0o644 },
        { path: "d.txt", contents: lines(20, " tpl", "d"), mode: 0o644 },
        { path: "e.txt", contents: lines(20, " tpl", "e"), mode: 0o644 },
        { path: "f.txt", contents: lines(20, " tpl", "f"), mode: 0o755 },
        { path: "h.txt", contents: "new\n", mode: 0o644 },
      ];
      const tree = await treeOfPlan(dir, plan, quarantine);
      const theirs = await commitTree(dir, quarantine, tree, [baseCommit], "render\n");
      const merge = await threeWayMerge(dir, quarantine, baseCommit, oursTree, theirs);
      expect(merge.conflicts).toEqual(["e.txt"]);
      expect(merge.added).toEqual(["h.txt"]);
      expect(merge.updated).toEqual(["f.txt", "renamed.txt"]);
      expect(merge.removed).toEqual([]);
      expect(merge.kept).toEqual(["a.txt", "b.txt", "c.txt"]);
      expect(merge.notes).toEqual([
        { path: "b.txt", note: expect.stringContaining("left deleted") },
        { path: "c.txt", note: expect.stringContaining("kept") },
      ]);
      // The rename was followed: the template's change landed in the team's file.
      const renamed = execFileSync("git", ["cat-file", "-p", `${merge.tree}:renamed.txt`], { cwd: dir, encoding: "utf8", env: { ...process.env, ...quarantine.env } });
      expect(renamed).toBe(lines(20, " tpl", "d"));
      const mode = execFileSync("git", ["ls-tree", merge.tree, "f.txt"], { cwd: dir, encoding: "utf8", env: { ...process.env, ...quarantine.env } });
      expect(mode).toMatch(/^100755 /);
    } finally {
      quarantine.dispose();
    }
    // Computing a merge wrote nothing into the repository.
    expect(readFileSync(join(dir, ".git", "index"))).toEqual(before);
  });
});

describe("journaled apply", () => {
  it("rolls a committed journal forward (twice is the same as once) and drops one without a journal", () => {
    const dir = repoWith({ "keep.txt": "keep\n", "old.txt": "old\n" });
    const gitDir = join(dir, ".git");
    const staging = stagingDir(gitDir);
    mkdirSync(join(staging, "files"), { recursive: true });
    writeFileSync(join(staging, "files", "0"), "new file\n");
    writeFileSync(join(staging, "files", "1"), "in a directory that replaces a file\n");
    const ops = [{ path: "sub/new.txt", staged: "0", mode: 0o755 }, { path: "old.txt/inside.txt", staged: "1", mode: 0o644 }, { path: "old.txt" }];
    writeFileSync(join(staging, "journal.json"), JSON.stringify({ ops, index: false }));
    expect(recoverInterruptedUpdate(dir, gitDir)).toBe(true);
    expect(readFileSync(join(dir, "sub/new.txt"), "utf8")).toBe("new file\n");
    expect(readFileSync(join(dir, "old.txt/inside.txt"), "utf8")).toBe("in a directory that replaces a file\n");
    expect(existsSync(staging)).toBe(false);
    expect(recoverInterruptedUpdate(dir, gitDir)).toBe(false);

    mkdirSync(join(staging, "files"), { recursive: true });
    writeFileSync(join(staging, "files", "0"), "never applied\n");
    expect(recoverInterruptedUpdate(dir, gitDir)).toBe(false);
    expect(existsSync(staging)).toBe(false);
    expect(readFileSync(join(dir, "keep.txt"), "utf8")).toBe("keep\n");
  });
});

describe("files a tool produces are regenerated after the merge, not merged", () => {
  it("one data entry is enough: the command runs on a private checkout of the merged tree", async () => {
    const dir = repoWith({ "pyproject.toml": "deps = 2\n", "deps.lock": "locked 1\n" });
    const quarantine = await openQuarantine(dir);
    REGENERATED_FILES.push({ path: "deps.lock", from: "command", command: ["sh", "-c", "sed 's/deps =/locked/' pyproject.toml > deps.lock"] });
    try {
      const tree = git(dir, "rev-parse", "HEAD^{tree}").trim();
      const regenerated = await regenerateByCommand(dir, quarantine, tree);
      const lock = execFileSync("git", ["cat-file", "-p", `${regenerated}:deps.lock`], { cwd: dir, encoding: "utf8", env: { ...process.env, ...quarantine.env } });
      expect(lock).toBe("locked 2\n");
      expect(git(dir, "status", "--porcelain")).toBe(""); // the repository's own tree was not used
    } finally {
      REGENERATED_FILES.pop();
      quarantine.dispose();
    }
  });
});

import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gitIdentityDefaults } from "../../src/git-identity.js";
import { packageRoot } from "../../src/package-root.js";

// The author's default comes from git; every git process costs a --no-git run more than its
// own work. Read from the config files when they give git's answer, no git process runs;
// otherwise both keys are asked of one process. A git wrapper first on PATH counts them.
describe("gitIdentityDefaults", () => {
  const saved = { ...process.env };
  let dir: string;
  let log: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "git-identity-"));
    log = join(dir, "calls.log");
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    writeFileSync(join(dir, "git"), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(dir, "git"), 0o755);
    writeFileSync(log, "");
    process.env.PATH = `${dir}${delimiter}${process.env.PATH ?? ""}`;
    process.env.GIT_CONFIG_NOSYSTEM = "1";
    process.env.GIT_CONFIG_GLOBAL = join(dir, "gitconfig");
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });
  const calls = () => readFileSync(log, "utf8").split("\n").filter(Boolean).length;
  /** A directory inside a repository: git would read that repository's config too, so it is asked. */
  const insideRepository = () => {
    const sub = join(dir, "repo", "sub");
    mkdirSync(sub, { recursive: true });
    execFileSync("git", ["init", "-q", join(dir, "repo")]);
    writeFileSync(log, "");
    return sub;
  };

  it("reads name and email from the config files without running git; the last value wins, as git config --get says", () => {
    writeFileSync(join(dir, "gitconfig"), '[user]\n\tname = First Name\n\tname = "Ada Lovelace"\n\temail = ada@example.org\n');
    expect(gitIdentityDefaults({}, dir)).toEqual({ authorName: "Ada Lovelace", authorEmail: "ada@example.org" });
    expect(calls()).toBe(0);
  });

  it("when the files cannot answer, reads name and email with one git process; the last value wins", () => {
    writeFileSync(join(dir, "gitconfig"), '[user]\n\tname = First Name\n\tname = "Ada Lovelace"\n\temail = ada@example.org\n');
    expect(gitIdentityDefaults({}, insideRepository())).toEqual({ authorName: "Ada Lovelace", authorEmail: "ada@example.org" });
    expect(calls()).toBe(1);
  });

  it("asks only for what was not given, and not at all when both were", () => {
    writeFileSync(join(dir, "gitconfig"), "[user]\n\tname = Ada\n\temail = ada@example.org\n");
    expect(gitIdentityDefaults({ authorName: "Given" }, dir)).toEqual({ authorEmail: "ada@example.org" });
    const sub = insideRepository();
    expect(gitIdentityDefaults({ authorName: "Given" }, sub)).toEqual({ authorEmail: "ada@example.org" });
    expect(gitIdentityDefaults({ authorName: "Given", authorEmail: "given@example.org" }, sub)).toEqual({});
    expect(readFileSync(log, "utf8")).toBe("config --null --get-regexp ^user\\.(email)$\n");
  });

  it("gives nothing for an unset or empty identity, read from the files or asked of git", () => {
    const sub = insideRepository();
    for (const text of ['[user]\n\tname = ""\n\temail = "  "\n', "[user]\n\tname\n", ""]) {
      writeFileSync(join(dir, "gitconfig"), text);
      expect(gitIdentityDefaults({}, dir), JSON.stringify(text)).toEqual({});
      expect(gitIdentityDefaults({}, sub), JSON.stringify(text)).toEqual({});
    }
    expect(calls()).toBe(3);
  });

  it("gives nothing without git on PATH", () => {
    writeFileSync(join(dir, "gitconfig"), "[user]\n\tname = Ada\n");
    process.env.PATH = join(dir, "no-such-dir");
    expect(gitIdentityDefaults({}, dir)).toEqual({});
  });

  // Loading node:child_process pulls in net, dgram and streams: the fast path must not need it
  // (the built module, in a process of its own, as the CLI runs it).
  it("the fast path does not load node:child_process", () => {
    writeFileSync(join(dir, "gitconfig"), "[user]\n\tname = Ada\n");
    const module = pathToFileURL(join(packageRoot, "dist", "src", "git-identity.js")).href;
    const script = `const { gitIdentityDefaults } = await import(${JSON.stringify(module)});
const defaults = gitIdentityDefaults({}, ${JSON.stringify(dir)});
console.log(JSON.stringify({ defaults, loaded: process.moduleLoadList.filter((name) => name.includes("child_process")) }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ defaults: { authorName: "Ada" }, loaded: [] });
    expect(calls()).toBe(0);
  });
});

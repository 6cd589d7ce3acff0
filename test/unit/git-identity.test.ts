import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gitIdentityDefaults } from "../../src/git-init.js";

// The author's default comes from git; every git process costs a --no-git run more than its
// own work, so both keys are asked of one process. A git wrapper on PATH counts them.
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

  it("reads name and email with one git process; the last value wins, as git config --get says", () => {
    writeFileSync(join(dir, "gitconfig"), '[user]\n\tname = First Name\n\tname = "Ada Lovelace"\n\temail = ada@example.org\n');
    expect(gitIdentityDefaults({}, dir)).toEqual({ authorName: "Ada Lovelace", authorEmail: "ada@example.org" });
    expect(calls()).toBe(1);
  });

  it("asks only for what was not given, and not at all when both were", () => {
    writeFileSync(join(dir, "gitconfig"), "[user]\n\tname = Ada\n\temail = ada@example.org\n");
    expect(gitIdentityDefaults({ authorName: "Given" }, dir)).toEqual({ authorEmail: "ada@example.org" });
    expect(gitIdentityDefaults({ authorName: "Given", authorEmail: "given@example.org" }, dir)).toEqual({});
    expect(calls()).toBe(1);
  });

  it("gives nothing for an unset or empty identity", () => {
    writeFileSync(join(dir, "gitconfig"), '[user]\n\tname = ""\n');
    expect(gitIdentityDefaults({}, dir)).toEqual({});
    writeFileSync(join(dir, "gitconfig"), "");
    expect(gitIdentityDefaults({}, dir)).toEqual({});
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

/**
 * Loaded into the CLI with --require: every child_process function a run calls is logged
 * (the bundle reads them off the module's exports at each call, so wrapping those sees all).
 */
const SPAWN_LOGGER = `
const childProcess = require("node:child_process");
const { appendFileSync } = require("node:fs");
for (const name of ["spawn", "spawnSync", "execFile", "execFileSync", "exec", "execSync", "fork"]) {
  const original = childProcess[name];
  childProcess[name] = function (command, ...rest) {
    appendFileSync(process.env.CDP_SPAWN_LOG, name + " " + command + "\\n");
    return original.call(this, command, ...rest);
  };
}
`;

describe("the author's default on a --no-git run", () => {
  it("comes from ~/.gitconfig without starting git", async () => {
    const home = tempDir("cdp-home-");
    writeFileSync(join(home, ".gitconfig"), '[User]\n\tname = "Grace  Hopper" ; the admiral\n\temail = grace@example.org\n');
    const logger = join(home, "spawn-logger.cjs");
    writeFileSync(logger, SPAWN_LOGGER);
    const log = join(home, "spawns.log");
    writeFileSync(log, "");
    const cwd = tempDir();
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: undefined,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: undefined,
      GIT_CONFIG_SYSTEM: undefined,
      NODE_OPTIONS: `--require ${logger}`,
      CDP_SPAWN_LOG: log,
    };
    const result = await runCli(["proj", "--template", "cost-engine", "--yes", "--no-git", "--no-lock", "--json"], cwd, env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).options).toMatchObject({ authorName: "Grace  Hopper", authorEmail: "grace@example.org" });
    expect(readFileSync(join(cwd, "proj", "LICENSE"), "utf8")).toContain("Grace  Hopper");
    expect(readFileSync(log, "utf8").split("\n").filter((line) => /\bgit\b/.test(line))).toEqual([]);
  });
});

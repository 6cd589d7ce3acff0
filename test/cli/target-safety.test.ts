import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listing, runCli, tempDir, worldReadableCli } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

/** Run a case in a fresh directory; it must exit 2, say why, and leave the disk unchanged. */
async function refused(prepare: (cwd: string) => void, args: string[], expected: RegExp) {
  const cwd = tempDir();
  prepare(cwd);
  const before = listing(cwd);
  const result = await runCli([...args, "--template", "cost-engine", "--yes"], cwd);
  expect(result.code, result.stdout + result.stderr).toBe(2);
  expect(result.stderr).toMatch(expected);
  expect(result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
  expect(listing(cwd)).toEqual(before);
  return { cwd, result };
}

describe("target safety: each bad target is refused with a clear message and nothing changes", () => {
  it("an existing non-empty directory", async () => {
    const { cwd } = await refused((cwd) => {
      mkdirSync(join(cwd, "app"));
      writeFileSync(join(cwd, "app", "keep.txt"), "precious");
    }, ["app"], /app exists and is not empty/);
    expect(readFileSync(join(cwd, "app", "keep.txt"), "utf8")).toBe("precious");
  });

  it("a file where the directory should be", async () => {
    await refused((cwd) => writeFileSync(join(cwd, "app"), "a file"), ["app"], /app exists and is not a directory/);
  });

  it("a symbolic link (even to an empty directory)", async () => {
    await refused((cwd) => {
      mkdirSync(join(cwd, "real"));
      symlinkSync(join(cwd, "real"), join(cwd, "app"));
    }, ["app"], /app is a symbolic link/);
  });

  it.each([
    ["a path with .. in the project name", ["--name", "../x"]],
    ["an absolute path in the project name", ["--name", "/etc/x"]],
    ["a Windows device name (con)", ["con"]],
    ["a Windows device name (nul)", ["--name", "nul"]],
    ["a very long name", ["a".repeat(300)]],
    ["an upper-case name", ["MyApp"]],
  ])("%s", async (_label, args) => {
    await refused(() => {}, args, /name: .*(kebab-case|reserved device name|at most 40)/);
  });

  it("--force is not offered: nothing can be overwritten", async () => {
    await refused((cwd) => {
      mkdirSync(join(cwd, "app"));
      writeFileSync(join(cwd, "app", "keep.txt"), "precious");
    }, ["app", "--force"], /--force: is not a known flag/);
  });

  it("a read-only parent directory (run as an unprivileged user)", async () => {
    const cwd = tempDir();
    chmodSync(cwd, 0o755);
    const parent = join(cwd, "readonly");
    mkdirSync(parent, { mode: 0o555 });
    chmodSync(parent, 0o555);
    const before = listing(cwd);
    // root ignores permission bits, so drop to nobody for this case.
    const result = await runProcess(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, worldReadableCli(), join(parent, "app"), "--template", "cost-engine", "--yes"],
      { cwd, env: { ...process.env, NO_COLOR: "1", HOME: cwd } },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/not writable|cannot be created/);
    expect(listing(cwd)).toEqual(before);
  });
});

describe("plain output", () => {
  it("NO_COLOR or a non-TTY stdout gives output without escape codes; FORCE_COLOR shows the check is real", async () => {
    const plain = await runCli(["app", "--template", "cost-engine", "--yes", "--dry-run"], tempDir(), { NO_COLOR: "1" });
    const piped = await runCli(["bad", "--template", "cost-engine", "--license", "GPL", "--yes"], tempDir(), { NO_COLOR: "" });
    const forced = await runCli(["bad", "--template", "cost-engine", "--license", "GPL", "--yes"], tempDir(), { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(plain.stdout).not.toContain("\u001b[");
    expect(piped.stderr).not.toContain("\u001b[");
    expect(forced.stderr).toContain("\u001b[");
  });
});

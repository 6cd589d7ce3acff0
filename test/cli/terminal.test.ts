/**
 * The interactive prompts driven through a real pseudo-terminal (tmux): arrow keys,
 * typing, an invalid answer re-asked with the schema's message, defaults accepted
 * with Enter, and Ctrl-C at a prompt.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadStarters } from "../../src/starter-registry.js";
import { cliPath, repoRoot } from "../helpers/paths.js";
import { listing, tempDir } from "../helpers/cli.js";

const socket = `cdp-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => {
  try {
    tmux("kill-server");
  } catch {
    // already gone
  }
});

/** Start the CLI in a detached terminal; its exit code lands in a file outside cwd. */
function startSession(name: string, cwd: string, exitFile: string, args: string[] = []): void {
  // The pane stays a while after the CLI exits, so its last screen can still be read.
  const command = `${process.execPath} ${cliPath} ${args.join(" ")}; echo $? > ${exitFile}; sleep 30`;
  tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "50", "-c", cwd, "-e", "NO_COLOR=1", command);
}

async function waitForScreen(name: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = "";
  while (Date.now() < deadline) {
    screen = tmux("capture-pane", "-p", "-t", name);
    if (pattern.test(screen)) return screen;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${pattern} on screen:\n${screen}`);
}

async function waitForFile(path: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path)) {
      const text = readFileSync(path, "utf8");
      if (text.endsWith("\n")) return text.trim();
    }
    await sleep(100);
  }
  throw new Error(`${path} never appeared`);
}

describe("interactive prompts in a real terminal", () => {
  it("arrow keys pick a starter, an invalid or taken name is re-asked, defaults are accepted", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "taken"));
    writeFileSync(join(cwd, "taken", "notes.txt"), "mine");
    const exitFile = join(tempDir(), "exit");
    startSession("happy", cwd, exitFile);
    await waitForScreen("happy", /Which starter\?/);
    const index = (await loadStarters()).findIndex((starter) => starter.id === "cost-engine");
    for (let i = 0; i < index; i += 1) tmux("send-keys", "-t", "happy", "Down");
    await waitForScreen("happy", /❯ Cost Optimization Engine|> Cost Optimization Engine/);
    tmux("send-keys", "-t", "happy", "Enter");

    // The starter's own question comes first, before the general ones.
    const own = await waitForScreen("happy", /Report currency/);
    expect(own).not.toMatch(/Project name|Licence/);
    tmux("send-keys", "-t", "happy", "Enter");
    await waitForScreen("happy", /Project name/);
    tmux("send-keys", "-t", "happy", "-l", "Bad Name");
    tmux("send-keys", "-t", "happy", "Enter");
    await waitForScreen("happy", /is not valid: lower-case kebab-case/);
    for (let i = 0; i < "Bad Name".length; i += 1) tmux("send-keys", "-t", "happy", "BSpace");
    tmux("send-keys", "-t", "happy", "-l", "taken");
    tmux("send-keys", "-t", "happy", "Enter");
    await waitForScreen("happy", /taken exists and is not empty/);
    for (let i = 0; i < "taken".length; i += 1) tmux("send-keys", "-t", "happy", "BSpace");
    tmux("send-keys", "-t", "happy", "-l", "tty-proj");
    tmux("send-keys", "-t", "happy", "Enter");

    // Every remaining prompt has a default: accept each with Enter up to the summary.
    for (let i = 0; i < 40 && !existsSync(exitFile); i += 1) {
      const screen = tmux("capture-pane", "-p", "-t", "happy");
      if (/Create the project\?/.test(screen)) break;
      tmux("send-keys", "-t", "happy", "Enter");
      await sleep(300);
    }
    const summary = await waitForScreen("happy", /Create the project\?/);
    expect(summary).toMatch(/Summary — Cost Optimization Engine \(cost-engine\) into \.\/tty-proj\//);
    expect(summary).toMatch(/license\s+MIT/);
    expect(existsSync(join(cwd, "tty-proj"))).toBe(false);
    tmux("send-keys", "-t", "happy", "Enter");
    const done = await waitForScreen("happy", /Created tty-proj/);
    expect(done).toContain("Writing the cost-engine project and making its first git commit");
    expect(await waitForFile(exitFile)).toBe("0");
    const answers = JSON.parse(readFileSync(join(cwd, "tty-proj", ".create-devops-py.json"), "utf8")) as { answers: Record<string, unknown> };
    expect(answers.answers).toMatchObject({ template: "cost-engine", name: "tty-proj", license: "MIT", currency: "USD", git: true });
    expect(existsSync(join(cwd, "tty-proj", "src", "tty_proj", "cli.py"))).toBe(true);
    expect(readFileSync(join(cwd, "taken", "notes.txt"), "utf8")).toBe("mine");
  }, 90_000);

  it("Ctrl-C at a prompt exits 130 and writes nothing", async () => {
    const cwd = tempDir();
    const exitFile = join(tempDir(), "exit");
    startSession("cancel", cwd, exitFile, ["-t", "cost-engine"]);
    await waitForScreen("cancel", /Report currency/);
    tmux("send-keys", "-t", "cancel", "Enter");
    await waitForScreen("cancel", /Project name/);
    tmux("send-keys", "-t", "cancel", "C-c");
    expect(await waitForFile(exitFile)).toBe("130");
    expect(listing(cwd)).toEqual([]);
  }, 60_000);

  it("checks the directory argument and every given flag before the first question", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "taken"), "a file");
    const exitFile = join(tempDir(), "exit");
    startSession("early", cwd, exitFile, ["taken", "--currency", "EURO", "--kubernets"]);
    expect(await waitForFile(exitFile)).toBe("2");
    const screen = tmux("capture-pane", "-p", "-t", "early");
    expect(screen).toContain("taken exists and is not a directory");
    expect(screen).toContain('--currency: "EURO" is not allowed');
    expect(screen).toContain("did you mean --kubernetes?");
    expect(screen).not.toContain("Which starter?");
  }, 60_000);

  it("shows every starter in the menu at once, and answering no at the summary writes nothing", async () => {
    const cwd = tempDir();
    const exitFile = join(tempDir(), "exit");
    startSession("decline", cwd, exitFile, ["declined", "--yes=false"]);
    const menu = await waitForScreen("decline", /Which starter\?/);
    for (const starter of await loadStarters()) expect(menu).toContain(starter.title);
    for (let i = 0; i < 40 && !existsSync(exitFile); i += 1) {
      if (/Create the project\?/.test(tmux("capture-pane", "-p", "-t", "decline"))) break;
      tmux("send-keys", "-t", "decline", "Enter");
      await sleep(300);
    }
    await waitForScreen("decline", /Create the project\?/);
    tmux("send-keys", "-t", "decline", "-l", "n");
    tmux("send-keys", "-t", "decline", "Enter");
    expect(await waitForFile(exitFile)).toBe("130");
    expect(listing(cwd)).toEqual([]);
  }, 90_000);

  it("`npm run plop -- <starter>` works as the README documents and writes into the directory it was run from", async () => {
    const cwd = tempDir();
    const exitFile = join(tempDir(), "exit");
    const command = `npm --prefix ${repoRoot} run plop --silent -- cost-engine; echo $? > ${exitFile}; sleep 30`;
    tmux("new-session", "-d", "-s", "plop", "-x", "160", "-y", "50", "-c", cwd, "-e", "NO_COLOR=1", command);
    await waitForScreen("plop", /Project name/, 90_000);
    tmux("send-keys", "-t", "plop", "-l", "plop-proj");
    tmux("send-keys", "-t", "plop", "Enter");
    for (let i = 0; i < 40 && !existsSync(exitFile); i += 1) {
      tmux("send-keys", "-t", "plop", "Enter");
      await sleep(400);
    }
    expect(await waitForFile(exitFile, 60_000)).toBe("0");
    expect(existsSync(join(cwd, "plop-proj", "pyproject.toml"))).toBe(true);
    expect(existsSync(join(repoRoot, "plop-proj"))).toBe(false);
  }, 180_000);
});

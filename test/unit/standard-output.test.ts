import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root.js";
import { firstExecutable } from "../../src/executable-on-path.js";

// isTerminal answers for a real descriptor, so each case runs in a process of its own
// (the built module in dist/src), with its stdout where the case puts it. The answer and
// whether node:tty was loaded go to a file.
const standardOutput = pathToFileURL(join(packageRoot, "dist", "src", "standard-output.js")).href;

describe("isTerminal (is stdout a terminal, without making process.stdout)", () => {
  let dir: string;
  let answer: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "standard-output-"));
    answer = join(dir, "answer.json");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const script = () => `import { writeFileSync } from "node:fs";
import { isTerminal } from ${JSON.stringify(standardOutput)};
const terminal = isTerminal(1);
writeFileSync(${JSON.stringify(answer)}, JSON.stringify({ terminal, ttyLoaded: process.moduleLoadList.includes("NativeModule tty") }));`;
  const read = () => JSON.parse(readFileSync(answer, "utf8")) as { terminal: boolean; ttyLoaded: boolean };

  function runWithStdout(stdout: "pipe" | number): void {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script()], { stdio: ["ignore", stdout, "pipe"], encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }

  it("answers no for /dev/null, a character device, without loading node:tty", () => {
    const devNull = openSync("/dev/null", "w");
    try {
      runWithStdout(devNull);
    } finally {
      closeSync(devNull);
    }
    expect(read()).toEqual({ terminal: false, ttyLoaded: false });
  });

  it("answers no for a pipe and for a file, without loading node:tty", () => {
    runWithStdout("pipe");
    expect(read()).toEqual({ terminal: false, ttyLoaded: false });
    const file = openSync(join(dir, "out.txt"), "w");
    try {
      runWithStdout(file);
    } finally {
      closeSync(file);
    }
    expect(read()).toEqual({ terminal: false, ttyLoaded: false });
  });

  it.runIf(firstExecutable("script", (process.env.PATH ?? "").split(delimiter)) !== null)("answers yes for a terminal (a pseudo-terminal from script(1))", () => {
    const command = [process.execPath, "--input-type=module", "-e", script()].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(" ");
    const run = spawnSync("script", ["-qec", command, "/dev/null"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(read().terminal).toBe(true);
  });
});

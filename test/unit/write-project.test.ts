import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PlannedFile } from "../../src/plan-project.js";
import { writeProject } from "../../src/write-project.js";

const files = [{ path: "a.txt", contents: "a\n", mode: 0o644 }];

describe("writeProject clean-up after a failure", () => {
  it("removes the parents it created only while they are still empty", async () => {
    const root = mkdtempSync(join(tmpdir(), "cdp-unit-"));
    const target = join(root, "new", "deeper", "app");
    await expect(
      writeProject(target, files, async () => {
        // Meanwhile another run finished its project next to ours.
        mkdirSync(join(root, "new", "deeper", "other"));
        writeFileSync(join(root, "new", "deeper", "other", "keep.txt"), "theirs");
        throw new Error("git failed");
      }),
    ).rejects.toThrow("git failed");
    expect(readdirSync(join(root, "new", "deeper"))).toEqual(["other"]);
    expect(existsSync(join(root, "new", "deeper", "other", "keep.txt"))).toBe(true);
  });

  it("removes every parent it created when nothing else arrived", async () => {
    const root = mkdtempSync(join(tmpdir(), "cdp-unit-"));
    await expect(writeProject(join(root, "x", "y", "app"), files, async () => { throw new Error("no"); })).rejects.toThrow("no");
    expect(readdirSync(root)).toEqual([]);
  });
});

describe("writeProject writes a file's bytes when it has them", () => {
  it("as they are, without reading its contents (a static file is never decoded)", async () => {
    const bytes = Buffer.from("Café ☕\n", "utf8");
    const file: PlannedFile = {
      path: "docs/café.txt",
      mode: 0o755,
      bytes,
      get contents(): string {
        throw new Error("contents read");
      },
    };
    const target = join(mkdtempSync(join(tmpdir(), "cdp-unit-")), "app");
    await writeProject(target, [file, ...files]);
    expect(readFileSync(join(target, "docs", "café.txt"))).toEqual(bytes);
    expect(statSync(join(target, "docs", "café.txt")).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(target, "a.txt"), "utf8")).toBe("a\n");
  });
});

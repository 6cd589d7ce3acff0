import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root.js";

// The code cache lives across processes, so each load runs in a process of its own
// (the built module in dist/src, as the CLI runs it).
const codeCache = pathToFileURL(join(packageRoot, "dist", "src", "code-cache.js")).href;

describe("requireWithCodeCache (V8 code cache for the build's data modules)", () => {
  let dir: string;
  let cacheHome: string;
  let moduleFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "code-cache-"));
    cacheHome = join(dir, "cache");
    moduleFile = join(dir, "data.cjs");
    writeFileSync(moduleFile, '"use strict";\nconst path = require("node:path");\nmodule.exports = { twice: (n) => n * 2, base: path.basename(__filename), dir: __dirname };\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function load(file = moduleFile, env: Record<string, string> = {}) {
    const script = `import { requireWithCodeCache } from ${JSON.stringify(codeCache)};
const m = requireWithCodeCache(${JSON.stringify(file)});
if (requireWithCodeCache(${JSON.stringify(file)}) !== m) throw new Error("loaded twice");
console.log(JSON.stringify({ twice: m.twice(21), base: m.base, dir: m.dir }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout) as { twice: number; base: string; dir: string };
  }
  const cacheFiles = () => {
    try {
      const versions = readdirSync(join(cacheHome, "create-devops-py"));
      return versions.flatMap((version) => readdirSync(join(cacheHome, "create-devops-py", version)).map((file) => join(cacheHome, "create-devops-py", version, file)));
    } catch {
      return [];
    }
  };

  it("loads a CommonJS module like require does, and keeps its bytecode for the next run (private to the user)", () => {
    expect(load()).toEqual({ twice: 42, base: "data.cjs", dir });
    const [cached, ...more] = cacheFiles();
    expect(more).toEqual([]);
    expect(cached).toMatch(/-data\.cjs-[0-9a-f]{16}-[0-9a-f]{16}\.bin$/);
    expect(statSync(cached as string).mode & 0o777).toBe(0o600);
    expect(statSync(join(cached as string, "..")).mode & 0o777).toBe(0o700);
    const written = statSync(cached as string).ino;
    expect(load()).toEqual({ twice: 42, base: "data.cjs", dir });
    expect(cacheFiles()).toEqual([cached]);
    // V8 accepted it: a refused cache would have been written again (a new file, renamed in)
    expect(statSync(cached as string).ino).toBe(written);
  });

  it("reads a module that is not ASCII as UTF-8, and an ASCII one alike, with or without a cache", () => {
    const text = (file: string) => {
      const script = `import { requireWithCodeCache } from ${JSON.stringify(codeCache)};
console.log(JSON.stringify(requireWithCodeCache(${JSON.stringify(file)}).text));`;
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
      expect(run.stderr).toBe("");
      return JSON.parse(run.stdout) as string;
    };
    const wide = join(dir, "wide.cjs");
    writeFileSync(wide, 'module.exports = { text: "café ✓ " + "naïve".length };\n');
    const ascii = join(dir, "ascii.cjs");
    writeFileSync(ascii, 'module.exports = { text: "plain \\u00e9" };\n');
    for (let run = 0; run < 2; run += 1) {
      expect(text(wide)).toBe("café ✓ 5");
      expect(text(ascii)).toBe("plain é");
    }
  });

  it("two installs of the same file keep a cache each (one run's write never removes the other's)", () => {
    // Same folder and file names, other paths: two npx caches or checkouts of the tool.
    const other = join(dir, "other", basename(dir));
    mkdirSync(other, { recursive: true });
    const otherFile = join(other, "data.cjs");
    copyFileSync(moduleFile, otherFile);
    load();
    load(otherFile);
    expect(cacheFiles()).toHaveLength(2);
    load();
    expect(cacheFiles()).toHaveLength(2);
  });

  it("a damaged cache is refused (V8 checks it), the module still loads right, and the cache is made again", () => {
    load();
    const [cached] = cacheFiles();
    writeFileSync(cached as string, "not bytecode");
    const damaged = statSync(cached as string).ino;
    expect(load()).toEqual({ twice: 42, base: "data.cjs", dir });
    expect(statSync(cached as string).ino).not.toBe(damaged);
    expect(statSync(cached as string).size).toBeGreaterThan("not bytecode".length);
  });

  it("an edited module gets a cache of its own (keyed by the file: size, times, inode)", () => {
    load();
    writeFileSync(moduleFile, '"use strict";\nmodule.exports = { twice: (n) => n * 3, base: "edited", dir: "" };\n');
    const [first] = cacheFiles();
    expect(load()).toEqual({ twice: 63, base: "edited", dir: "" });
    // ...which replaces the old one: one cache per file (and kind), not one per version
    const [second, ...more] = cacheFiles();
    expect(more).toEqual([]);
    expect(second).not.toBe(first);
  });

  it("a run that fails keeps no cache (it compiled only part of what its kind needs)", () => {
    const script = `import { requireWithCodeCache } from ${JSON.stringify(codeCache)};
requireWithCodeCache(${JSON.stringify(moduleFile)});
process.exitCode = 2;`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    expect(run.status).toBe(2);
    expect(cacheFiles()).toEqual([]);
  });

  it("writes nothing with CREATE_DEVOPS_PY_CODE_CACHE=0", () => {
    expect(load(moduleFile, { CREATE_DEVOPS_PY_CODE_CACHE: "0" })).toEqual({ twice: 42, base: "data.cjs", dir });
    expect(cacheFiles()).toEqual([]);
  });
});

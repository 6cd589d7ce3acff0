import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";
import { tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

// Structural limits of what `npx create-devops-py` installs (issue 14); timings are bench figures.
const MAX_RUNTIME_PACKAGES = 3;
const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;

/** Every package directory under node_modules (scoped ones included), by name. */
function installedPackages(nodeModules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) names.push(...readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`));
    else names.push(entry);
  }
  return names.flatMap((name) => {
    const nested = join(nodeModules, name, "node_modules");
    return [name, ...(existsSync(nested) ? installedPackages(nested) : [])];
  });
}

/** Bytes of the files under dir (what `du --apparent-size` counts), links not followed. */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else total += lstatSync(path).size;
  }
  return total;
}

describe("the published package", () => {
  it("npm pack installs as the bundled tool alone, within size, and the bundle lists, validates and generates", async () => {
    const packDir = tempDir("cdp-pack-");
    // prepack is skipped: the test script built dist/ already (same as `npm run build`).
    const packed = await runProcess("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], { cwd: repoRoot, timeoutMs: 120_000 });
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = readdirSync(packDir).find((file) => file.endsWith(".tgz")) as string;
    const app = tempDir("cdp-install-");
    await runProcess("npm", ["init", "-y"], { cwd: app });
    const installed = await runProcess("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefer-offline", join(packDir, tarball)], { cwd: app, timeoutMs: 300_000 });
    expect(installed.code, installed.stderr).toBe(0);

    const nodeModules = join(app, "node_modules");
    const runtime = installedPackages(nodeModules).filter((name) => name !== "create-devops-py");
    expect(runtime.length, `runtime packages: ${runtime.join(", ")}`).toBeLessThanOrEqual(MAX_RUNTIME_PACKAGES);
    expect(treeBytes(nodeModules)).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);

    // The bin is the bundle, and the unbundled compiler output is not shipped.
    const pkg = join(nodeModules, "create-devops-py");
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { bin: Record<string, string>; dependencies?: object };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(realpathSync(join(nodeModules, ".bin", "create-devops-py"))).toBe(realpathSync(join(pkg, manifest.bin["create-devops-py"] as string)));
    expect(existsSync(join(pkg, "dist", "src"))).toBe(false);

    const list = await runProcess("npx", ["--no-install", "create-devops-py", "list", "--json"], { cwd: app });
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(8);
    // YAML answers (the vendored yaml parser) and the precompiled validators (their bundled runtime).
    const answers = join(app, "answers.yaml");
    await runProcess("node", ["-e", `require("fs").writeFileSync(${JSON.stringify(answers)}, "template: dr-automation\\nname: packed-app\\nlicense: GPL\\n")`]);
    const invalid = await runProcess("npx", ["--no-install", "create-devops-py", "validate", answers], { cwd: app });
    expect(invalid.code, invalid.stderr).toBe(2);
    expect(invalid.stderr).toContain("license");
    // Generation with git (the simple-git chunk).
    const created = await runProcess("npx", ["--no-install", "create-devops-py", "packed-app", "--template", "dr-automation", "--yes"], { cwd: app });
    expect(created.code, created.stderr).toBe(0);
    expect(readdirSync(join(app, "packed-app"))).toContain(".gitignore");
    const log = await runProcess("git", ["log", "--oneline"], { cwd: join(app, "packed-app") });
    expect(log.stdout.trim().split("\n")).toHaveLength(1);

    // The templates ship precompiled (dist/templates): no template source is in the package.
    const shipped = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? shipped(join(dir, entry.name)) : [join(dir, entry.name)]));
    expect(shipped(pkg).filter((file) => file.endsWith(".hbs"))).toEqual([]);
    expect(existsSync(join(pkg, "templates", "cost-engine", "_data", "capstone.json"))).toBe(true);
  }, 400_000);
});

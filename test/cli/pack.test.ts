import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";
import { tempDir } from "../helpers/cli.js";
import { runProcess } from "../helpers/run-process.js";

describe("the published package", () => {
  it("npm pack, installed into an empty directory, runs `create-devops-py list` and generates a project", async () => {
    const packDir = tempDir("cdp-pack-");
    const packed = await runProcess("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], { cwd: repoRoot, timeoutMs: 120_000 });
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = readdirSync(packDir).find((file) => file.endsWith(".tgz")) as string;
    const app = tempDir("cdp-install-");
    await runProcess("npm", ["init", "-y"], { cwd: app });
    const installed = await runProcess("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefer-offline", join(packDir, tarball)], { cwd: app, timeoutMs: 300_000 });
    expect(installed.code, installed.stderr).toBe(0);
    const list = await runProcess("npx", ["--no-install", "create-devops-py", "list", "--json"], { cwd: app });
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(8);
    const created = await runProcess("npx", ["--no-install", "create-devops-py", "packed-app", "--template", "dr-automation", "--yes", "--no-git"], { cwd: app });
    expect(created.code, created.stderr).toBe(0);
    expect(readdirSync(join(app, "packed-app"))).toContain(".gitignore");
  }, 400_000);
});

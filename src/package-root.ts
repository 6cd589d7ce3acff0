import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Compiled code lives in dist/src, sources in src: both are two levels below the
// package root at most, so walk up until package.json names this package.
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i += 1) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (manifest.name === "create-devops-py") return dir;
    } catch {
      // not here; keep walking up
    }
    dir = dirname(dir);
  }
  throw new Error("create-devops-py: cannot find its own package.json");
}

export const packageRoot = findPackageRoot();
export const templatesDir = join(packageRoot, "templates");
export const schemasDir = join(packageRoot, "schemas");

export const generatorVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }
).version;

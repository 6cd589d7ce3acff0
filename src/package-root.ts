import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// This module's folder: __dirname where Node gives one (the one-file CLI is CommonJS, and
// there it costs nothing), else from import.meta.url.
const here = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));

// Compiled code lives in dist/src or dist/cli, sources in src: two levels below the
// package root at most, so walk up until package.json names this package.
function findPackage(): { root: string; version: string } {
  let dir = here;
  for (let i = 0; i < 4; i += 1) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version: string };
      if (manifest.name === "create-devops-py") return { root: dir, version: manifest.version };
    } catch {
      // not here; keep walking up
    }
    dir = dirname(dir);
  }
  throw new Error("create-devops-py: cannot find its own package.json");
}

const found = findPackage();
export const packageRoot = found.root;
export const templatesDir = join(packageRoot, "templates");
export const schemasDir = join(packageRoot, "schemas");
export const generatorVersion: string = found.version;

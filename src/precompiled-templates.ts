import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./package-root.js";
import type { Program } from "./template-program.js";

/**
 * One layer of templates/ as `npm run build` ships it (scripts/build-templates.mjs): every
 * project file with its mode and either its text or its template program, the partials'
 * programs, and for a starter the names its dependencies take. A run reads this one JSON
 * file instead of listing, reading and compiling templates/ (JSON.parse reads text far
 * faster than V8 loads code holding the same strings); the build, and the tests that
 * run after it, prove it matches the sources (dist/template-sources.json).
 */
export interface PrecompiledLayer {
  files: ({ path: string; mode: number; text: string } | { path: string; mode: number; program: Program })[];
  partials: Record<string, Program>;
  /** A starter's layer: what its project installs and imports (see dependency-names.ts). */
  names?: { distributions: string[]; modules: string[] };
}

/** Where `npm run build` writes the precompiled layer. */
export function precompiledTemplatesPath(layer: string): string {
  return join(packageRoot, "dist", "templates", `${layer}.json`);
}

/** The hashes of the sources each layer file was made from (read by the build and the tests only, not shipped). */
export function precompiledSourcesPath(): string {
  return join(packageRoot, "dist", "template-sources.json");
}

const layers = new Map<string, PrecompiledLayer>();

export function precompiledLayer(layer: string): PrecompiledLayer {
  let found = layers.get(layer);
  if (!found) {
    let text: string;
    try {
      text = readFileSync(precompiledTemplatesPath(layer), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      throw new Error(`create-devops-py: ${precompiledTemplatesPath(layer)} is missing; run npm run build`);
    }
    found = JSON.parse(text) as PrecompiledLayer;
    layers.set(layer, found);
  }
  return found;
}

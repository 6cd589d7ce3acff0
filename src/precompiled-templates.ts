import { join } from "node:path";
import { requireWithCodeCache } from "./code-cache.js";
import { packageRoot } from "./package-root.js";
import type { TemplateEngine } from "./template-engine.js";

export type TemplateSpec = Parameters<TemplateEngine["template"]>[0];

/**
 * One layer of templates/ as `npm run build` ships it (scripts/build-templates.mjs): every
 * project file with its mode and either its text or its precompiled template, the
 * partials, and for a starter the names its dependencies take. A run loads this one
 * module instead of listing, reading and compiling templates/; the build, and the
 * tests that run after it, prove it matches the sources (dist/template-sources.json).
 */
export interface PrecompiledLayer {
  files: { path: string; mode: number; text?: string; spec?: TemplateSpec }[];
  partials: Record<string, TemplateSpec>;
  /** A starter's layer: what its project installs and imports (see dependency-names.ts). */
  names?: { distributions: string[]; modules: string[] };
}

/** Where `npm run build` writes the precompiled layer. */
export function precompiledTemplatesPath(layer: string): string {
  return join(packageRoot, "dist", "templates", `${layer}.cjs`);
}

/** The hashes of the sources each layer module was made from (read by the build and the tests only, not shipped). */
export function precompiledSourcesPath(): string {
  return join(packageRoot, "dist", "template-sources.json");
}

const layers = new Map<string, PrecompiledLayer>();

export function precompiledLayer(layer: string): PrecompiledLayer {
  let found = layers.get(layer);
  if (!found) {
    try {
      found = requireWithCodeCache(precompiledTemplatesPath(layer)) as PrecompiledLayer;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "MODULE_NOT_FOUND") throw error;
      throw new Error(`create-devops-py: ${precompiledTemplatesPath(layer)} is missing; run npm run build`);
    }
    layers.set(layer, found);
  }
  return found;
}

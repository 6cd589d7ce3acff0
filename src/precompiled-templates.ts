import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeLayer, type PrecompiledLayer } from "./layer-file.js";
import { packageRoot } from "./package-root.js";

/**
 * Where the layers of templates/ are as `npm run build` ships them
 * (scripts/build-templates.mjs, in the format of layer-file.ts). A run reads one such file
 * per layer instead of listing, reading and compiling templates/; the build, and the tests
 * that run after it, prove it matches the sources (dist/template-sources.json).
 */
export function precompiledTemplatesPath(layer: string): string {
  return join(packageRoot, "dist", "templates", `${layer}.layer`);
}

/** The hashes of the sources each layer file was made from (read by the build and the tests only, not shipped). */
export function precompiledSourcesPath(): string {
  return join(packageRoot, "dist", "template-sources.json");
}

const layers = new Map<string, PrecompiledLayer>();

export function precompiledLayer(layer: string): PrecompiledLayer {
  let found = layers.get(layer);
  if (!found) {
    const path = precompiledTemplatesPath(layer);
    let file: Buffer;
    try {
      file = readFileSync(path); // bytes, not text: the static files are used as they are
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      throw new Error(`create-devops-py: ${path} is missing; run npm run build`);
    }
    try {
      found = decodeLayer(file);
    } catch (error) {
      throw new Error(`create-devops-py: ${path} cannot be read (${(error as Error).message}); run npm run build`);
    }
    layers.set(layer, found);
  }
  return found;
}

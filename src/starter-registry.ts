import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import type { JsonSchema } from "./json-schema.js";
import type { StarterDefinition } from "./starter-definition.js";

// Every file in generators/ is one starter: adding a starter never touches src/.
const generatorsDir = fileURLToPath(new URL("../generators/", import.meta.url));

/**
 * The published bundle carries every starter of generators/, and every schema of schemas/,
 * in one CommonJS module next to it (one file to load instead of one per starter and one
 * per schema, and `require`d, which the one-file bundle can do). Compiled or TypeScript
 * sources have none beside them and read generators/ and schemas/ one file at a time, so
 * they always see them as they are now.
 */
export const ALL_STARTERS_MODULE = "all-starters.cjs";

interface BundledRegistry {
  starters: StarterDefinition[];
  /** schemas/<file> by file name, parsed. */
  schemas: Record<string, JsonSchema>;
}

let bundledModule: BundledRegistry | null | undefined;

/** The bundle's registry module, or undefined when running from sources. */
export function bundledRegistry(): BundledRegistry | undefined {
  if (bundledModule === undefined) {
    const path = fileURLToPath(new URL(`./${ALL_STARTERS_MODULE}`, import.meta.url));
    bundledModule = existsSync(path) ? (createRequire(import.meta.url)(path) as BundledRegistry) : null;
  }
  return bundledModule ?? undefined;
}

let cache: Promise<StarterDefinition[]> | undefined;

async function importStarters(): Promise<StarterDefinition[]> {
  const bundled = bundledRegistry();
  if (bundled) return bundled.starters;
  const files = readdirSync(generatorsDir)
    .filter((file) => /\.(js|ts)$/.test(file) && !file.endsWith(".d.ts"))
    .sort();
  const starters: StarterDefinition[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(generatorsDir, file)).href)) as {
      starter?: StarterDefinition;
    };
    if (module.starter) starters.push(module.starter);
  }
  return starters;
}

export function loadStarters(): Promise<StarterDefinition[]> {
  cache ??= importStarters();
  return cache;
}

export async function findStarter(id: string): Promise<StarterDefinition | undefined> {
  return (await loadStarters()).find((starter) => starter.id === id);
}

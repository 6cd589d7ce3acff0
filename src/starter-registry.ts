import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { bundledRegistry } from "./bundled-registry.js";
import type { StarterDefinition } from "./starter-definition.js";


let cache: Promise<StarterDefinition[]> | undefined;

async function importStarters(): Promise<StarterDefinition[]> {
  if (bundledRegistry) return bundledRegistry.starters;
  // Every file in generators/ is one starter: adding a starter never touches src/.
  const generatorsDir = fileURLToPath(new URL("../generators/", import.meta.url));
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

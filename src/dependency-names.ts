import type { Problem } from "./errors.js";
import { precompiledLayer } from "./precompiled-templates.js";
import { layerFiles } from "./template-sources.js";

/**
 * What a starter's generated project installs and imports, read from the starter's own
 * templates (its pyproject and dependency partials, and the import lines of its Python
 * files). A project may not be named like a distribution it depends on (the installer
 * cannot have both) nor give its package the name of a module it imports (it would
 * shadow it). Every branch of a template counts, whatever the options: a project named
 * `paramiko` is refused even when the SSH transport is off, so changing options later
 * cannot break it.
 */
export interface StarterNames {
  distributions: Set<string>; // PEP 503-normalised
  modules: Set<string>;
}

const LAYERS = (starterId: string) => ["_base", starterId];

/** PEP 503 normalisation: case-insensitive, runs of - _ . are equal. */
export function normaliseDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The text of templates/<layer>/<relative>, or "" when the layer has no such file. */
function layerText(layer: string, relativePath: string): string {
  return layerFiles(layer).find((file) => file.relative === relativePath)?.text ?? "";
}

/** The pyproject template with its partials inlined (a starter's partial wins over the base's). */
function pyprojectSource(starterId: string): string {
  const layers = LAYERS(starterId);
  const template = [...layers].reverse().map((layer) => layerText(layer, "pyproject.toml.hbs")).find(Boolean) ?? "";
  return template.replace(/\{\{>\s*([\w-]+)\s*\}\}/g, (_m, name: string) =>
    [...layers].reverse().map((layer) => layerText(layer, `_partials/${name}.hbs`)).find(Boolean) ?? "",
  );
}

// Arrays of requirements: [project] dependencies, optional dependencies, dependency
// groups and the build system's requires.
function isRequirementArray(table: string, key: string): boolean {
  return (table === "project" && key === "dependencies") || table === "project.optional-dependencies" || table === "dependency-groups" || (table === "build-system" && key === "requires");
}

/** The quoted lines inside requirement arrays (template lines such as {{#if}} are not quoted). */
function requirementLines(pyproject: string): string[] {
  const found: string[] = [];
  let table = "";
  let inArray = false;
  for (const raw of pyproject.split("\n")) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (!inArray && header) {
      table = header[1] as string;
      continue;
    }
    const start = /^([\w-]+)\s*=\s*\[(.*)$/.exec(line);
    if (!inArray && start) {
      if (!isRequirementArray(table, start[1] as string)) continue;
      inArray = true;
      const rest = start[2] as string;
      for (const item of rest.matchAll(/"[^"]*"/g)) found.push(item[0]);
      if (rest.replace(/"[^"]*"/g, "").includes("]")) inArray = false; // one-line array
      continue;
    }
    if (!inArray) continue;
    if (line.startsWith("]")) inArray = false;
    else if (line.startsWith('"')) found.push(line);
  }
  return found;
}

/** Read from the templates (by the build, which ships the result with the starter's layer). */
export function starterNamesFromSources(starterId: string): StarterNames {
  const distributions = new Set<string>();
  for (const requirement of requirementLines(pyprojectSource(starterId))) {
    const name = /^"([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
    if (name) distributions.add(normaliseDistribution(name));
  }
  const modules = new Set<string>();
  for (const layer of LAYERS(starterId)) {
    for (const file of layerFiles(layer)) {
      if (!/\.py(\.hbs)?$/.test(file.relative)) continue;
      for (const match of file.text.matchAll(/^[ \t]*(?:import[ \t]+([A-Za-z_]\w*)|from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b)/gm)) {
        modules.add((match[1] ?? match[2]) as string);
      }
    }
  }
  return { distributions, modules };
}

const cache = new Map<string, StarterNames>();

/** The starter's names as the build found them in its templates (dist/templates/<starter>.layer). */
export function starterNames(starterId: string): StarterNames {
  let names = cache.get(starterId);
  if (!names) {
    const found = precompiledLayer(starterId).names;
    if (!found) throw new Error(`create-devops-py: the precompiled templates of ${starterId} carry no dependency names; run npm run build`);
    names = { distributions: new Set(found.distributions), modules: new Set(found.modules) };
    cache.set(starterId, names);
  }
  return names;
}

/** Problems with `name` and `packageName` that only the starter's own dependencies reveal. */
export function dependencyNameProblems(options: Record<string, unknown>, starterId: string, packageNameDerived = false): Problem[] {
  const { distributions, modules } = starterNames(starterId);
  const problems: Problem[] = [];
  if (typeof options.name === "string" && distributions.has(normaliseDistribution(options.name))) {
    problems.push({ option: "name", message: `${JSON.stringify(options.name)} is a dependency of the ${starterId} starter; the project could not be installed next to it (pick another name)` });
  }
  const pkg = options.packageName;
  if (typeof pkg === "string" && (modules.has(pkg) || distributions.has(normaliseDistribution(pkg)))) {
    problems.push({ option: "packageName", message: `${JSON.stringify(pkg)} would shadow the module of that name the ${starterId} project imports (${packageNameDerived ? "it comes from the project name; give another name or --package-name" : "pick another package name, e.g. with a prefix"})` });
  }
  return problems;
}

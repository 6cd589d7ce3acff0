import { statSync } from "node:fs";
import { ANSWERS_FILE, answersRecord } from "./answers-record.js";
import { capstoneFor } from "./capstone/capstone-data.js";
import { generatorVersion } from "./package-root.js";
import { NEWEST_PYTHON, supportedPythons } from "./python-versions.js";
import { UV_VERSION } from "./uv-version.js";
import type { StarterDefinition } from "./starter-definition.js";
import { PIP_FALLBACK } from "./pip-fallback.js";
import { compileTemplate } from "./precompiled-templates.js";
import { createTemplateEngine, type TemplateContext } from "./template-engine.js";
import { layerFiles, type LayerFile } from "./template-sources.js";
import type { Options } from "./validate-options.js";

/** One file of the generated project. */
export interface PlannedFile {
  path: string; // relative, POSIX separators
  contents: string;
  mode: number; // 0o644 or 0o755
}

const PARTIALS_DIR = "_partials";
// Folders at a layer's root whose name starts with "_" hold what renders the files
// (partials, the capstone data), never files of the project.
const isSupportDir = (name: string) => name.startsWith("_");

/** The files of a layer that become project files (support folders at its root hold none). */
function projectFiles(layer: string): LayerFile[] {
  return layerFiles(layer).filter((file) => !isSupportDir(file.relative.split("/")[0] as string) || !file.relative.includes("/"));
}

/** The layer's partials, by name: `_partials/<name>.hbs`. */
const PARTIAL_FILE = new RegExp(`^${PARTIALS_DIR}/([^/]+)\\.hbs$`);

function partialsOf(layer: string): Map<string, LayerFile> {
  const partials = new Map<string, LayerFile>();
  for (const file of layerFiles(layer)) {
    const match = PARTIAL_FILE.exec(file.relative);
    if (match) partials.set(match[1] as string, file);
  }
  return partials;
}

/** Everything a template may refer to: the options plus values derived for templates. */
export function templateContext(options: Options, starter: StarterDefinition, now = new Date()): TemplateContext {
  return {
    ...options,
    starter,
    year: now.getUTCFullYear(),
    generatorVersion,
    // The CI matrix and the classifiers: from the chosen minimum to the newest CPython.
    pythonVersions: supportedPythons(String(options.pythonVersion)),
    newestPython: NEWEST_PYTHON,
    uvVersion: UV_VERSION,
    pythonTarget: `py${String(options.pythonVersion).replace(".", "")}`,
    capstone: capstoneFor(starter.id, options),
    githubCi: options.ci === "github" || options.ci === "both",
    gitlabCi: options.ci === "gitlab" || options.ci === "both",
    pipFallback: PIP_FALLBACK,
    // The one image name: the release workflow pushes it, the Makefile builds it, deploy/k8s runs it.
    releasedImage: `ghcr.io/${String(options.imageName)}`,
  };
}

interface TemplateEntry {
  relative: string;
  mode: number;
  raw: string;
  render?: (context: TemplateContext) => string; // .hbs files only
}

// Templates are part of the installed package and never change while we run, so each
// starter's files are read and compiled once per process (cohort mode renders many).
const compiledStarters = new Map<string, TemplateEntry[]>();

function compileStarter(starterId: string): TemplateEntry[] {
  const cached = compiledStarters.get(starterId);
  if (cached) return cached;
  const layers = ["_base", starterId];
  const hb = createTemplateEngine();
  for (const layer of layers) {
    for (const [name, file] of partialsOf(layer)) {
      hb.registerPartial(name, compileTemplate(hb, layer, `${PARTIALS_DIR}/${name}.hbs`, file.text));
    }
  }
  const sources = new Map<string, LayerFile>();
  for (const layer of layers) {
    for (const source of projectFiles(layer)) sources.set(source.relative, source);
  }
  const entries = [...sources.values()].map((source): TemplateEntry => {
    const raw = source.text;
    const mode = statSync(source.absolute).mode & 0o111 ? 0o755 : 0o644;
    if (!source.relative.endsWith(".hbs")) return { relative: source.relative, mode, raw };
    return { relative: source.relative.slice(0, -4), mode, raw, render: compileTemplate(hb, source.layer, source.relative, raw) };
  });
  compiledStarters.set(starterId, entries);
  return entries;
}

/**
 * Pure: validated options -> the files of the project. Starter files win over base
 * files at the same path; a rendered template that is empty or only whitespace is not
 * written (that is how a template makes itself conditional).
 */
export function planProject(options: Options, starter: StarterDefinition, now = new Date()): PlannedFile[] {
  const context = templateContext(options, starter, now);
  const files: PlannedFile[] = [];
  for (const entry of compileStarter(starter.id)) {
    const path = entry.relative.replaceAll("__packageName__", options.packageName);
    let contents = entry.raw;
    if (entry.render) {
      try {
        contents = entry.render(context);
      } catch (error) {
        throw new Error(`template ${entry.relative}.hbs of ${starter.id}: ${(error as Error).message}`);
      }
      if (contents.trim() === "") continue;
    }
    files.push({ path, contents, mode: entry.mode });
  }
  files.push({ path: ANSWERS_FILE, contents: answersRecord(options, { year: now.getUTCFullYear() }), mode: 0o644 });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

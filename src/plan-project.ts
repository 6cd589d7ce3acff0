import { ANSWERS_FILE, answersRecord } from "./answers-record.js";
import { capstoneFor } from "./capstone/capstone-data.js";
import { generatorVersion } from "./package-root.js";
import { NEWEST_PYTHON, supportedPythons } from "./python-versions.js";
import { UV_VERSION } from "./uv-version.js";
import type { StarterDefinition } from "./starter-definition.js";
import { PIP_FALLBACK } from "./pip-fallback.js";
import type { PrecompiledLayer } from "./layer-file.js";
import { precompiledLayer } from "./precompiled-templates.js";
import { TEMPLATE_HELPERS } from "./template-helpers.js";
import type { Program } from "./template-program.js";
import { render, type RenderTables, type TemplateContext } from "./template-runtime.js";
import type { Options } from "./validate-options.js";

/** One file of the generated project. */
export interface PlannedFile {
  path: string; // relative, POSIX separators
  readonly contents: string;
  mode: number; // 0o644 or 0o755
  /** When present, exactly the UTF-8 encoding of `contents`: what is written, hashed and counted. */
  readonly bytes?: Uint8Array;
}

/**
 * A static file of a layer: its bytes as the layer file holds them, `contents` decoded from
 * them only if something reads it (a plain generation never does), and then kept.
 */
function staticFile(path: string, bytes: Buffer, mode: number): PlannedFile {
  let contents: string | undefined;
  const file = {
    path,
    get contents() {
      // Buffer's decoder, not TextDecoder: that one would drop a leading byte order mark.
      contents ??= bytes.toString("utf8");
      return contents;
    },
    mode,
  };
  // Not enumerable: a copy made by spreading is a plain text file (it cannot carry bytes
  // that stop matching when the copy's contents change), and JSON.stringify and toEqual
  // see path, contents and mode as for any other file.
  return Object.defineProperty(file, "bytes", { value: bytes });
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

type LayerFile = PrecompiledLayer["files"][number];

interface CompiledStarter {
  entries: LayerFile[];
  tables: RenderTables;
}

// Each starter's files are made ready once per process (cohort mode renders many): the
// build's precompiled layers, the starter's files and partials winning over the base's.
const compiledStarters = new Map<string, CompiledStarter>();

function compileStarter(starterId: string): CompiledStarter {
  const cached = compiledStarters.get(starterId);
  if (cached) return cached;
  const layers = ["_base", starterId].map(precompiledLayer);
  const partials: Record<string, Program> = {};
  for (const layer of layers) Object.assign(partials, layer.partials);
  const byPath = new Map<string, LayerFile>();
  for (const layer of layers) for (const file of layer.files) byPath.set(file.path, file);
  const compiled = { entries: [...byPath.values()], tables: { helpers: TEMPLATE_HELPERS, partials } };
  compiledStarters.set(starterId, compiled);
  return compiled;
}

/**
 * Pure: validated options -> the files of the project. Starter files win over base
 * files at the same path; a rendered template that is empty or only whitespace is not
 * written (that is how a template makes itself conditional).
 */
export function planProject(options: Options, starter: StarterDefinition, now = new Date()): PlannedFile[] {
  const context = templateContext(options, starter, now);
  const files: PlannedFile[] = [];
  const { entries, tables } = compileStarter(starter.id);
  for (const entry of entries) {
    const path = entry.path.replaceAll("__packageName__", options.packageName);
    if ("bytes" in entry) {
      files.push(staticFile(path, entry.bytes, entry.mode));
      continue;
    }
    let contents: string;
    try {
      contents = render(entry.program, context, tables);
    } catch (error) {
      throw new Error(`template ${entry.path}.hbs of ${starter.id}: ${(error as Error).message}`);
    }
    if (contents.trim() === "") continue;
    files.push({ path, contents, mode: entry.mode });
  }
  files.push({ path: ANSWERS_FILE, contents: answersRecord(options, { year: now.getUTCFullYear() }), mode: 0o644 });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

import { statSync } from "node:fs";
import { sourceHash } from "./source-hash.js";
import { layerFiles } from "./template-sources.js";

/**
 * A layer of templates/ as the build precompiles it (read from the sources; a run never
 * reads templates/ itself, it loads the build's dist/templates/<layer>.layer instead).
 */
export interface LayerSource {
  /** Files of the project, in directory order: `path` as written (before __packageName__), .hbs dropped. */
  files: { path: string; source: string; mode: number; text: string; template: boolean }[];
  /** `_partials/<name>.hbs`, by name. */
  partials: { name: string; source: string; text: string }[];
}

const PARTIAL_FILE = /^_partials\/([^/]+)\.hbs$/;

// Folders at a layer's root whose name starts with "_" hold what renders the files
// (partials, the capstone data), never files of the project.
const inSupportDir = (relative: string) => relative.startsWith("_") && relative.includes("/");

export function readLayerSource(layer: string): LayerSource {
  const files: LayerSource["files"] = [];
  const partials: LayerSource["partials"] = [];
  for (const file of layerFiles(layer)) {
    const partial = PARTIAL_FILE.exec(file.relative);
    if (partial) partials.push({ name: partial[1] as string, source: file.relative, text: file.text });
    if (inSupportDir(file.relative)) continue;
    const template = file.relative.endsWith(".hbs");
    files.push({
      path: template ? file.relative.slice(0, -4) : file.relative,
      source: file.relative,
      // git keeps one bit of a file's mode: executable or not
      mode: statSync(file.absolute).mode & 0o111 ? 0o755 : 0o644,
      text: file.text,
      template,
    });
  }
  return { files, partials };
}

/** Each source of the layer and its hash (text and mode): what a precompiled layer must have been made from. */
export function layerSourceHashes(source: LayerSource): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const file of source.files) hashes[file.source] = sourceHash(file.text, String(file.mode));
  for (const partial of source.partials) hashes[partial.source] = sourceHash(partial.text);
  return hashes;
}

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { templatesDir } from "./package-root.js";

/** One file of templates/<layer>/, its text read on first use and then kept. */
export interface LayerFile {
  layer: string;
  absolute: string;
  relative: string; // POSIX, as written in templates/<layer>/
  readonly text: string;
}

// Templates are part of the installed package and never change while we run; the plan and
// the dependency-name checks both read them, so each directory is listed and each file
// read once per process.
const layers = new Map<string, LayerFile[]>();

function fileOf(layer: string, root: string, absolute: string): LayerFile {
  let text: string | undefined;
  return {
    layer,
    absolute,
    relative: relative(root, absolute).split(sep).join("/"),
    get text() {
      text ??= readFileSync(absolute, "utf8");
      return text;
    },
  };
}

function walk(layer: string, root: string, dir: string, found: LayerFile[]): LayerFile[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const absolute = join(dir, entry.name);
    if (entry.isDirectory()) walk(layer, root, absolute, found);
    else found.push(fileOf(layer, root, absolute));
  }
  return found;
}

/** Every file under templates/<layer>/ (support folders such as _partials included), in directory order; none for a missing layer. */
export function layerFiles(layer: string): LayerFile[] {
  let files = layers.get(layer);
  if (!files) {
    const root = join(templatesDir, layer);
    try {
      files = walk(layer, root, root, []);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      files = [];
    }
    layers.set(layer, files);
  }
  return files;
}

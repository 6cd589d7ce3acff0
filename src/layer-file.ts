import type { Program } from "./template-program.js";

/**
 * One layer of templates/ as a run uses it: every project file with its mode and either
 * its bytes (a static file) or its template program, the partials' programs, and for a
 * starter the names its dependencies take (see dependency-names.ts).
 */
export interface PrecompiledLayer {
  files: ({ path: string; mode: number; bytes: Buffer } | { path: string; mode: number; program: Program })[];
  partials: Record<string, Program>;
  /** A starter's layer: what its project installs and imports. */
  names?: { distributions: string[]; modules: string[] };
}

/**
 * The layer file's first line: the layer with each static file's bytes replaced by where
 * they are in the byte section that follows (start inclusive, end exclusive).
 */
interface LayerHeader {
  files: ({ path: string; mode: number; bytes: [start: number, end: number] } | { path: string; mode: number; program: Program })[];
  partials: Record<string, Program>;
  names?: { distributions: string[]; modules: string[] };
}

const NEWLINE = 0x0a;

/**
 * A layer as one file: a JSON header on the first line, "\n", then the static files'
 * bytes back to back. A run parses only the header (JSON.parse reads it far faster than
 * V8 loads code holding the same programs); the static files are never turned into
 * strings, only sliced out of the file and written as they are.
 */
export function encodeLayer(layer: PrecompiledLayer): Buffer {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const files = layer.files.map((file): LayerHeader["files"][number] => {
    if (!("bytes" in file)) return file;
    chunks.push(file.bytes);
    offset += file.bytes.byteLength;
    return { path: file.path, mode: file.mode, bytes: [offset - file.bytes.byteLength, offset] };
  });
  const header: LayerHeader = { files, partials: layer.partials, ...(layer.names ? { names: layer.names } : {}) };
  // ASCII only (anything else as \uXXXX): one non-ASCII character anywhere makes the whole
  // header a two-byte string when a run reads it, which JSON.parse then reads at half speed.
  // (JSON.stringify without indentation writes no raw newline, so the first one ends it.)
  const json = JSON.stringify(header).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return Buffer.concat([Buffer.from(json, "latin1"), Buffer.of(NEWLINE), ...chunks]);
}

/** The layer a layer file holds; each static file's bytes are a view into `file`, not a copy. */
export function decodeLayer(file: Buffer): PrecompiledLayer {
  const end = file.indexOf(NEWLINE);
  if (end < 0) throw new Error("not a layer file: no header line");
  // latin1 is exact for an ASCII header and makes the one-byte string JSON.parse reads fastest.
  const header = JSON.parse(file.toString("latin1", 0, end)) as LayerHeader;
  const body = file.subarray(end + 1);
  const files = header.files.map((entry): PrecompiledLayer["files"][number] => {
    if (!("bytes" in entry)) return entry;
    const [start, stop] = entry.bytes;
    if (stop > body.length) throw new Error(`not a layer file: ${entry.path} ends past the end (truncated?)`);
    return { path: entry.path, mode: entry.mode, bytes: body.subarray(start, stop) };
  });
  return { ...header, files };
}

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { extname } from "node:path";
import { createRequire } from "node:module";
import { UsageError } from "./errors.js";
import { firstDuplicateKey } from "./json-duplicate-keys.js";
import { fileErrorText } from "./file-error-text.js";

// The YAML parser is loaded only when a YAML file is read.
const require = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (require("yaml") as typeof import("yaml")).parse(text);

/**
 * Answers files, rosters and answers records are read only up to this size (4 MiB: a
 * roster of a thousand teams is well under 1 MiB), so that a huge or endless file
 * (`/dev/zero`) is refused at once instead of filling memory.
 */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

function kindOf(stat: import("node:fs").Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The text of a regular file of bounded size (UTF-8, BOM removed). FIFOs, devices and
 * directories are refused at once: opening is non-blocking, so a FIFO without a writer
 * cannot hang us, and the type is checked on the opened descriptor (fstat), not the name.
 */
export function readBoundedText(path: string, option: string, maxBytes = MAX_INPUT_BYTES): string {
  const fail = (message: string) => new UsageError("Cannot read the file.", [{ option, message: `${path}: ${message}` }]);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError("Cannot read the file.", [{ option, message: fileErrorText(path, error) }]);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail(`is ${kindOf(stat)}; give a regular file`);
    if (stat.size > maxBytes) throw fail(`is ${stat.size} bytes; input files are read up to ${maxBytes} bytes`);
    // Read at most one byte more than allowed: a file that grows meanwhile is refused too.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length > maxBytes) throw fail(`is larger than ${maxBytes} bytes; input files are read up to that size`);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw fail("is not UTF-8 text");
    }
    return text.replace(/^\uFEFF/, "");
  } finally {
    closeSync(fd);
  }
}

/** Parse JSON as strictly as YAML: a duplicate key is an error, not a silent overwrite. */
export function parseJsonStrict(text: string): unknown {
  const data: unknown = JSON.parse(text);
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) throw new Error(`the key ${JSON.stringify(duplicate)} appears twice`);
  return data;
}

/** Read a JSON or YAML file that must hold one object (answers file, roster). */
export function readDataFile(path: string, option: string): Record<string, unknown> {
  const text = readBoundedText(path, option);
  const isJson = extname(path).toLowerCase() === ".json";
  let data: unknown;
  try {
    data = isJson ? parseJsonStrict(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError("Cannot parse the file.", [{ option, message: `${path} is not valid ${isJson ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}` }]);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError("Invalid file.", [{ option, message: `${path} must hold an object of options` }]);
  }
  return data as Record<string, unknown>;
}

/** Options from an answers file: `$schema` is for editors, not an option. */
export function readAnswersFile(path: string): Record<string, unknown> {
  const { $schema: _schema, ...answers } = readDataFile(path, "--answers");
  return answers;
}

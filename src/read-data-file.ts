import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { createRequire } from "node:module";
import { UsageError } from "./errors.js";
import { fileErrorText } from "./file-error-text.js";

// The YAML parser is loaded only when a YAML file is read.
const require = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (require("yaml") as typeof import("yaml")).parse(text);

/** Read a JSON or YAML file that must hold one object (answers file, roster). */
export function readDataFile(path: string, option: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError("Cannot read the file.", [{ option, message: fileErrorText(path, error) }]);
  }
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError("Cannot parse the file.", [{ option, message: `${path} is not valid ${extname(path).toLowerCase() === ".json" ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}` }]);
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

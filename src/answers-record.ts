import { existsSync } from "node:fs";
import { join } from "node:path";
import { generatorVersion } from "./package-root.js";
import { parseJsonStrict, readBoundedText } from "./read-data-file.js";

/** The file in every generated project that records how it was made. */
export const ANSWERS_FILE = ".create-devops-py.json";

export function answersRecord(options: Record<string, unknown>): string {
  return `${JSON.stringify({ generator: "create-devops-py", version: generatorVersion, answers: options }, null, 2)}\n`;
}

/** The answers a project was generated with: undefined when there is no record, null when it is unreadable. */
export function readAnswersRecord(projectDir: string): unknown {
  const path = join(projectDir, ANSWERS_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return (parseJsonStrict(readBoundedText(path, "record")) as { answers?: unknown }).answers ?? null;
  } catch {
    return null;
  }
}

import { existsSync } from "node:fs";
import { join } from "node:path";
import { generatorVersion } from "./package-root.js";
import { parseJsonStrict, readBoundedText } from "./read-data-file.js";

/** The file in every generated project that records how it was made. */
export const ANSWERS_FILE = ".create-devops-py.json";

/**
 * Inputs a render depends on besides the answers. Recorded so that an `update`
 * re-renders exactly what `create` rendered (the licence year must not move to the
 * year the update happens to run in).
 */
export interface RenderInputs {
  year: number;
}

/** Everything `update` needs to re-render a project; `inputs` is absent in 0.1.0 records. */
export interface AnswersRecord {
  generator: string;
  version: string;
  inputs?: RenderInputs;
  answers: Record<string, unknown>;
}

export function answersRecord(options: Record<string, unknown>, inputs?: RenderInputs): string {
  const record = { generator: "create-devops-py", version: generatorVersion, ...(inputs ? { inputs } : {}), answers: options };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The whole record from its text, or undefined when it is not one of ours. */
export function parseAnswersRecord(text: string): AnswersRecord | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<AnswersRecord> | null;
    if (!parsed || typeof parsed !== "object" || parsed.generator !== "create-devops-py") return undefined;
    if (typeof parsed.version !== "string" || !parsed.answers || typeof parsed.answers !== "object") return undefined;
    const year = parsed.inputs?.year;
    return {
      generator: parsed.generator,
      version: parsed.version,
      ...(typeof year === "number" ? { inputs: { year } } : {}),
      answers: parsed.answers,
    };
  } catch {
    return undefined;
  }
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

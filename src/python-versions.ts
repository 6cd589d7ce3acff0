import { readSchema } from "./schema-registry.js";

/**
 * The newest stable CPython every starter's dependencies resolve on, with wheels
 * (checked with `uv pip compile --python-version 3.15 --only-binary :all:` for each
 * starter). CI tests up to it and the Docker image runs on it; the minimum a project
 * may choose (schemas/base.schema.json pythonVersion) stops earlier on purpose.
 */
export const NEWEST_PYTHON = "3.15";

const minorOf = (version: string) => Number(version.split(".")[1]);

/** Every CPython 3.x from the chosen minimum to NEWEST_PYTHON: the CI matrix and the classifiers. */
export function supportedPythons(minimum: string): string[] {
  const choices = (readSchema("base.schema.json").properties?.pythonVersion?.enum ?? []).map(String);
  const from = minorOf(choices.includes(minimum) ? minimum : (choices[0] ?? NEWEST_PYTHON));
  return Array.from({ length: Math.max(0, minorOf(NEWEST_PYTHON) - from + 1) }, (_, i) => `3.${from + i}`);
}

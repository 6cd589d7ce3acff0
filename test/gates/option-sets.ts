import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/paths.js";

export interface OptionSet {
  label: string;
  options: Record<string, unknown>;
}

export function optionSetsFile(starterId: string): string {
  return join(repoRoot, "test", "gates", "option-sets", `${starterId}.json`);
}

/** The option sets the harness runs for a starter (missing file = no sets = a failing check). */
export function optionSetsFor(starterId: string): OptionSet[] {
  const file = optionSetsFile(starterId);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as OptionSet[]) : [];
}

/** The project name the harness generates an option set under (unique per starter and set). */
export function optionSetProjectName(starterId: string, set: OptionSet): string {
  return `${starterId.split("-")[0]}-${set.label}`.replace(/[^a-z0-9-]/g, "-");
}

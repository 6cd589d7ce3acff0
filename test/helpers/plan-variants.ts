import { loadStarters } from "../../src/starter-registry.js";
import type { StarterDefinition } from "../../src/starter-definition.js";
import { planProject, type PlannedFile } from "../../src/plan-project.js";
import { validateOptions, type Options } from "../../src/validate-options.js";
import { optionSetsFor } from "../gates/option-sets.js";

export interface PlanVariant {
  label: string;
  starter: StarterDefinition;
  options: Options;
  files: PlannedFile[];
}

/** Every starter x every gate option set, planned in memory (no I/O besides templates). */
export async function planVariants(): Promise<PlanVariant[]> {
  const variants: PlanVariant[] = [];
  for (const starter of await loadStarters()) {
    for (const set of optionSetsFor(starter.id)) {
      const options = await validateOptions({ template: starter.id, name: "sec-check", ...set.options });
      variants.push({ label: `${starter.id} [${set.label}]`, starter, options, files: planProject(options, starter) });
    }
  }
  return variants;
}

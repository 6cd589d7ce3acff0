/**
 * Registers every starter with plop, so `npm run plop -- <starter>` works in a checkout.
 * Prompts come from the same schemas as the CLI's, and the one action runs the same
 * engine (validate -> plan -> atomic write -> git), so both paths make identical projects.
 */
import { resolve } from "node:path";
import type { NodePlopAPI } from "node-plop";
import { generateProject } from "./src/generate-project.js";
import { fieldsForStarter, type OptionField } from "./src/option-fields.js";
import { shouldAsk } from "./src/prompt-for-options.js";
import { loadStarters } from "./src/starter-registry.js";
import { validateOptions } from "./src/validate-options.js";

function plopPrompt(field: OptionField): Record<string, unknown> {
  const choices = field.kind === "array" ? field.schema.items?.enum : field.schema.enum;
  const type = field.kind === "boolean" ? "confirm" : field.kind === "array" ? "checkbox" : choices ? "list" : "input";
  return {
    type,
    name: field.key,
    message: field.schema["x-prompt"],
    default: field.schema.default,
    choices,
    when: (answers: Record<string, unknown>) => shouldAsk(field, answers),
  };
}

export default async function plopfile(plop: NodePlopAPI): Promise<void> {
  for (const starter of await loadStarters()) {
    const fields = fieldsForStarter(starter.id).filter((field) => field.schema["x-prompt"] && field.key !== "template");
    plop.setGenerator(starter.id, {
      description: `${starter.title}: ${starter.summary}`,
      prompts: fields.map(plopPrompt) as never,
      actions: [
        async (answers) => {
          const options = await validateOptions({ ...(answers as Record<string, unknown>), template: starter.id });
          // `npm run plop` runs in the package root; INIT_CWD is where the user typed it.
          const target = resolve(process.env.INIT_CWD ?? process.cwd(), options.name);
          await generateProject(target, options, starter);
          return `created ${target}`;
        },
      ],
    });
  }
}

import type { AnswersRecord, RenderInputs } from "../answers-record.js";
import { UsageError } from "../errors.js";
import { planProject, type PlannedFile } from "../plan-project.js";
import type { StarterDefinition } from "../starter-definition.js";
import { findStarter } from "../starter-registry.js";
import { validateOptions, type Labeller, type Options } from "../validate-options.js";

export interface Replan {
  options: Options;
  starter: StarterDefinition;
  inputs: RenderInputs;
  files: PlannedFile[];
}

/**
 * The same pure plan as `create`, from the recorded answers with the flags on top,
 * validated by the same schemas (so the same messages), rendered with the recorded
 * inputs instead of today's date.
 */
export async function replan(record: AnswersRecord, flags: Record<string, unknown>, inputs: RenderInputs, label?: Labeller): Promise<Replan> {
  if (flags.template !== undefined && flags.template !== record.answers.template) {
    throw new UsageError("Cannot change the starter.", [
      { option: "template", message: `this repository is a ${String(record.answers.template)} project; update keeps its starter` },
    ]);
  }
  const options = await validateOptions({ ...record.answers, ...flags }, label);
  const starter = (await findStarter(String(options.template))) as StarterDefinition;
  const files = planProject(options, starter, new Date(Date.UTC(inputs.year, 0, 1)));
  return { options, starter, inputs, files };
}

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
 * A record written before the `lock` option existed (0.2.0 and older: 0.3.0 added it) describes a repository
 * without uv.lock: rendering it with today's default would make its CI, Dockerfile and
 * checks demand a lock file it has not got. It stays lock-less until `--lock` asks.
 */
function recordedBeforeLock(record: AnswersRecord): Record<string, unknown> {
  return "lock" in record.answers ? {} : { lock: false };
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
  const options = await validateOptions({ ...recordedBeforeLock(record), ...record.answers, ...flags }, label);
  const starter = (await findStarter(String(options.template))) as StarterDefinition;
  const files = planProject(options, starter, new Date(Date.UTC(inputs.year, 0, 1)));
  return { options, starter, inputs, files };
}

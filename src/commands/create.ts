import { basename, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { generateProject } from "../generate-project.js";
import { gitIdentityDefaults } from "../git-init.js";
import { fieldsForStarter } from "../option-fields.js";
import { planProject, type PlannedFile } from "../plan-project.js";
import { readAnswersFile } from "../read-data-file.js";
import { findStarter, loadStarters } from "../starter-registry.js";
import type { StarterDefinition } from "../starter-definition.js";
import { checkTarget, targetProblem } from "../check-target.js";
import { templateProblem, validateOptions, type Options } from "../validate-options.js";

export interface CreateRequest {
  dir?: string;
  flags: Record<string, unknown>;
  answersFile?: string;
  interactive: boolean;
  dryRun: boolean;
  cwd: string;
}

export interface CreateResult {
  target: string;
  starter: StarterDefinition;
  options: Options;
  files: PlannedFile[];
  written: boolean;
  git: boolean;
  note?: string;
}

/** Flags override the answers file; the positional dir names the project when `name` is absent. */
export function mergeSources(request: CreateRequest): Record<string, unknown> {
  const fromFile = request.answersFile ? readAnswersFile(request.answersFile) : {};
  const merged: Record<string, unknown> = { ...fromFile, ...request.flags };
  if (merged.name === undefined && request.dir !== undefined) merged.name = basename(resolve(request.cwd, request.dir));
  return merged;
}

export async function resolveOptions(request: CreateRequest): Promise<{ options: Options; starter: StarterDefinition }> {
  let raw = mergeSources(request);
  // inquirer is only loaded when someone is there to answer.
  const prompts = request.interactive ? await import("../prompt-for-options.js") : undefined;
  if (prompts && raw.template === undefined) raw.template = await prompts.promptForStarter(await loadStarters());
  const problem = await templateProblem(raw.template);
  if (problem) throw new UsageError("Invalid options.", [problem]);
  const starter = (await findStarter(String(raw.template))) as StarterDefinition;
  if (prompts) {
    // Without a dir argument the name is the directory: say it is taken while it is typed.
    const nameIsTarget: Record<string, (name: string) => true | string> =
      request.dir === undefined ? { name: (name) => targetProblem(resolve(request.cwd, name)) } : {};
    raw = await prompts.promptForOptions(fieldsForStarter(starter.id), raw, nameIsTarget);
  }
  // Unless given (or answered), the author is who git says the user is.
  return { options: await validateOptions({ ...gitIdentityDefaults(raw, request.cwd), ...raw }), starter };
}

export async function createProject(request: CreateRequest): Promise<CreateResult> {
  // A named target is refused before any prompt, not after the user answered them all.
  const given = request.dir === undefined ? undefined : resolve(request.cwd, request.dir);
  if (given) checkTarget(given);
  const { options, starter } = await resolveOptions(request);
  const target = given ?? resolve(request.cwd, options.name);
  if (request.dryRun) {
    checkTarget(target);
    return { target, starter, options, files: planProject(options, starter), written: false, git: false };
  }
  const generated = await generateProject(target, options, starter);
  return { target, starter, options, files: generated.files, written: true, git: generated.git, ...(generated.note ? { note: generated.note } : {}) };
}

import { basename, resolve } from "node:path";
import { UsageError, type Problem } from "../errors.js";
import { generateProject } from "../generate-project.js";
import { gitIdentityDefaults } from "../git-identity.js";
import { baseFields, fieldsForStarter, starterOwnFields } from "../option-fields.js";
import { labelFromSources, shownPath, type OptionSources } from "../option-sources.js";
import { LOCK_COMMAND } from "../lock-dependencies.js";
import { planProject, type PlannedFile } from "../plan-project.js";
import { readAnswersFile } from "../read-data-file.js";
import { findStarter, loadStarters } from "../starter-registry.js";
import type { StarterDefinition } from "../starter-definition.js";
import { checkTarget, targetProblem } from "../check-target.js";
import { collectProblems, templateProblem, type Options } from "../validate-options.js";
import { unwrapAnswersRecord } from "../answers-record-input.js";

export interface CreateRequest {
  dir?: string;
  flags: Record<string, unknown>;
  /** Flag as typed per option key, for messages in the user's words. */
  typed?: Record<string, string>;
  /** Problems already found on the command line: reported with all the others. */
  flagProblems?: Problem[];
  answersFile?: string;
  interactive: boolean;
  dryRun: boolean;
  cwd: string;
  /** Called once before files are written (a progress line on a terminal). */
  onProgress?: (message: string) => void;
}

export interface CreateResult {
  target: string;
  starter: StarterDefinition;
  options: Options;
  files: PlannedFile[];
  written: boolean;
  git: boolean;
  note?: string;
  /** Whether uv.lock was made ("off": lock: false; a dry run says what would run). */
  lock: "locked" | "not-locked" | "off" | "planned";
  /** Why there is no uv.lock and what to run. */
  lockNote?: string;
  /** What runs after the files are in place (shown by --dry-run). */
  postSteps: string[];
}

async function allStarterFields() {
  return (await loadStarters()).flatMap((starter) => starterOwnFields(starter.id));
}

function problemsOf(error: unknown): Problem[] {
  if (error instanceof UsageError) return error.problems.length > 0 ? error.problems : [{ option: "error", message: error.message }];
  throw error;
}

/** Flags override the answers file; the positional dir names the project when `name` is absent. */
export async function mergeSources(request: CreateRequest, problems: Problem[] = []): Promise<{ raw: Record<string, unknown>; sources: OptionSources }> {
  const flags = new Map([...baseFields(), ...(await allStarterFields())].map((field) => [field.key, field.flag]));
  const sources: OptionSources = { typed: request.typed ?? {}, flags };
  let fromFile: Record<string, unknown> = {};
  if (request.answersFile) {
    try {
      // Read as typed (relative to the process's cwd, which is request.cwd) so messages name it so.
      fromFile = unwrapAnswersRecord(readAnswersFile(request.answersFile));
      sources.answersFile = { path: resolve(request.cwd, request.answersFile), shown: shownPath(request.answersFile), keys: new Set(Object.keys(fromFile)) };
    } catch (error) {
      problems.push(...problemsOf(error));
    }
  }
  const merged: Record<string, unknown> = { ...fromFile, ...request.flags };
  if (merged.name === undefined && request.dir !== undefined) {
    merged.name = basename(resolve(request.cwd, request.dir));
    sources.nameFromDir = true;
  }
  return { raw: merged, sources };
}

/** Reported together: flags, the directory argument, the answers file and every option. */
function failIfAny(problems: Problem[]): void {
  if (problems.length > 0) throw new UsageError(problems.length === 1 ? "Invalid options." : `${problems.length} problems; nothing was changed.`, problems);
}

export async function resolveOptions(request: CreateRequest, problems: Problem[] = []): Promise<{ options: Options; starter: StarterDefinition }> {
  const { raw: merged, sources } = await mergeSources(request, problems);
  let raw = merged;
  const label = labelFromSources(sources);
  if (!request.interactive) {
    const result = await collectProblems(withGitIdentity(raw, request.cwd), { label });
    failIfAny([...problems, ...result.problems]);
    return { options: result.options as Options, starter: (await findStarter(String(raw.template))) as StarterDefinition };
  }
  // Everything given is checked before the first question, not after the last answer.
  failIfAny([...problems, ...(await collectProblems(raw, { label, givenOnly: true })).problems]);
  // inquirer is only loaded when someone is there to answer.
  const prompts = await import("../prompt-for-options.js");
  if (raw.template === undefined) raw.template = await prompts.promptForStarter(await loadStarters());
  const problem = await templateProblem(raw.template);
  if (problem) throw new UsageError("Invalid options.", [problem]);
  const starter = (await findStarter(String(raw.template))) as StarterDefinition;
  // Without a dir argument the name is the directory: say it is taken while it is typed.
  const nameIsTarget: Record<string, (name: string) => true | string> =
    request.dir === undefined ? { name: (name) => targetProblem(resolve(request.cwd, name)) } : {};
  raw = await prompts.promptForOptions(prompts.questionOrder(fieldsForStarter(starter.id), starter.id), raw, nameIsTarget);
  const result = await collectProblems(withGitIdentity(raw, request.cwd), { label });
  failIfAny(result.problems);
  const options = result.options as Options;
  const target = request.dir === undefined ? resolve(request.cwd, options.name) : resolve(request.cwd, request.dir);
  if (!request.dryRun) await prompts.confirmSummary(options, starter, target, request.cwd);
  return { options, starter };
}

/** Unless given (or answered), the author is who git says the user is. */
function withGitIdentity(raw: Record<string, unknown>, cwd: string): Record<string, unknown> {
  return { ...gitIdentityDefaults(raw, cwd), ...raw };
}

/** The steps after writing, in order: the lock (lock: yes/no), then git. */
export function postSteps(options: Options): string[] {
  const lock = options.lock ? [LOCK_COMMAND] : [];
  const git = options.git ? ["git init --initial-branch=main", "git add .", `git commit -m "Initial commit from create-devops-py"`] : [];
  return [...lock, ...git];
}

export async function createProject(request: CreateRequest): Promise<CreateResult> {
  const problems: Problem[] = [...(request.flagProblems ?? [])];
  // A named target is checked before any prompt, and reported with every other problem.
  const given = request.dir === undefined ? undefined : resolve(request.cwd, request.dir);
  if (given) {
    try {
      checkTarget(given);
    } catch (error) {
      problems.push(...problemsOf(error));
    }
  }
  const { options, starter } = await resolveOptions(request, problems);
  const target = given ?? resolve(request.cwd, options.name);
  checkTarget(target);
  const steps = postSteps(options);
  if (request.dryRun) {
    return { target, starter, options, files: planProject(options, starter), written: false, git: options.git === true, lock: options.lock ? "planned" : "off", postSteps: steps };
  }
  request.onProgress?.(`Writing the ${starter.id} project${options.git ? " and making its first git commit" : ""}…`);
  const generated = await generateProject(target, options, starter, request.onProgress ? { onProgress: request.onProgress } : {});
  return {
    target,
    starter,
    options,
    files: generated.files,
    written: true,
    git: generated.git,
    lock: generated.lock,
    postSteps: steps,
    ...(generated.note ? { note: generated.note } : {}),
    ...(generated.lockNote ? { lockNote: generated.lockNote } : {}),
  };
}

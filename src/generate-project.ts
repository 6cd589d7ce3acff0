import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkTarget } from "./check-target.js";
import { initGitRepository, planGit } from "./git-init.js";
import { planProject, type PlannedFile } from "./plan-project.js";
import type { StarterDefinition } from "./starter-definition.js";
import type { Options } from "./validate-options.js";
import { writeProject } from "./write-project.js";

export interface GeneratedProject {
  files: PlannedFile[];
  /** True when the project got its repository and verified first commit. */
  git: boolean;
  /** Something the user should know (e.g. git init skipped inside another work tree). */
  note?: string;
}

/**
 * Validated options -> a complete project at `target`: plan, decide how git will run
 * (before anything is written), write into a staging directory, git init + first commit
 * there (and add a remote when asked), then put it in place. The single path used by the
 * CLI, cohort mode and the plopfile; it returns only once the project is really there.
 */
export async function generateProject(
  target: string,
  options: Options,
  starter: StarterDefinition,
  extras: { remoteUrl?: string } = {},
): Promise<GeneratedProject> {
  const files = planProject(options, starter);
  const gitPlan = options.git ? await planGit(target, checkTarget(target) === "empty-repository") : undefined;
  await writeProject(target, files, async (dir, { existingRepository }) => {
    if (!gitPlan || gitPlan.kind === "skip") return;
    const author = { name: String(options.authorName), email: String(options.authorEmail) };
    await initGitRepository(dir, author, files, { remoteUrl: extras.remoteUrl, existingRepository });
  });
  const missing = files.filter((file) => !existsSync(join(target, file.path)));
  if (missing.length > 0) throw new Error(`${target} does not hold the generated files (missing ${missing.slice(0, 3).map((f) => f.path).join(", ")})`);
  return { files, git: gitPlan !== undefined && gitPlan.kind !== "skip", ...(gitPlan?.kind === "skip" ? { note: gitPlan.note } : {}) };
}

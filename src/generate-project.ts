import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkTarget } from "./check-target.js";
import { initGitRepository, planGit } from "./git-init.js";
import { LOCK_FILE, lockDependencies, noLockNote, type LockOutcome } from "./lock-dependencies.js";
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
  /** "locked": uv.lock is in the project (and its first commit); "off": lock: false. */
  lock: "locked" | "not-locked" | "off";
  /** Why there is no uv.lock and what to run, when the lock step could not make one. */
  lockNote?: string;
}

/** Options of one generation that are not project options. */
export interface GenerateExtras {
  remoteUrl?: string;
  /** Called as the lock step starts (a progress line on a terminal). */
  onProgress?: (message: string) => void;
  /** The environment uv runs with (PATH, CREATE_DEVOPS_PY_UV…); process.env by default. */
  env?: NodeJS.ProcessEnv;
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
  extras: GenerateExtras = {},
): Promise<GeneratedProject> {
  const files = planProject(options, starter);
  const gitPlan = options.git ? await planGit(target, checkTarget(target) === "empty-repository") : undefined;
  const git = gitPlan !== undefined && gitPlan.kind !== "skip";
  let lock: LockOutcome | undefined;
  // The lock step runs in the staging directory, on the complete tree, before git.
  const lockStep = async (dir: string) => {
    if (!options.lock) return;
    extras.onProgress?.(`Resolving the dependencies into ${LOCK_FILE} (uv lock)…`);
    lock = await lockDependencies(dir, extras.env);
    if (lock.locked) files.push({ path: LOCK_FILE, contents: lock.contents, mode: 0o644 });
    // A failed uv leaves nothing half-made behind (dir is our own staging directory).
    else rmSync(join(dir, LOCK_FILE), { force: true });
  };
  await writeProject(
    target,
    files,
    async (dir, { existingRepository }) => {
      if (!git) return;
      const author = { name: String(options.authorName), email: String(options.authorEmail) };
      // `files` holds uv.lock by now when the lock step made one: it is in the first commit.
      await initGitRepository(dir, author, files, { remoteUrl: extras.remoteUrl, existingRepository });
    },
    lockStep,
  );
  const missing = files.filter((file) => !existsSync(join(target, file.path)));
  if (missing.length > 0) throw new Error(`${target} does not hold the generated files (missing ${missing.slice(0, 3).map((f) => f.path).join(", ")})`);
  const outcome = lock as LockOutcome | undefined;
  return {
    files,
    git,
    ...(gitPlan?.kind === "skip" ? { note: gitPlan.note } : {}),
    lock: outcome === undefined ? "off" : outcome.locked ? "locked" : "not-locked",
    ...(outcome && !outcome.locked ? { lockNote: noLockNote(outcome.reason, git) } : {}),
  };
}

import { chmodSync, constants, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync, lstatSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkTarget, type TargetState } from "./check-target.js";
import { UsageError } from "./errors.js";
import type { PlannedFile } from "./plan-project.js";
import { makeStagingDir, sweepStaleStaging } from "./staging-dirs.js";

/**
 * Paths this process created and has not finished: a staging directory, or an entry moved
 * into an empty target. Only these are removed when a run fails or is interrupted.
 */
export const pendingPaths = new Set<string>();

// Aborted on a signal so that child processes (git, uv) stop writing into a staging dir.
// Made on first use: a run that starts no process never needs one.
let interruption: AbortController | undefined;

export function interruptionSignal(): AbortSignal {
  interruption ??= new AbortController();
  return interruption.signal;
}

/** Targets completed by this process (for a truthful message when a signal arrives). */
export const completedTargets: string[] = [];

function removeTree(path: string): void {
  // Retries cover a child process that is still exiting while we delete its files.
  rmSync(path, { recursive: true, force: true, maxRetries: 20, retryDelay: 25 });
}

/** Remove what is still pending; says whether anything was, and which targets were completed before. */
export function cleanupPending(): { removedUnfinished: boolean; created: string[] } {
  (interruption ??= new AbortController()).abort(); // a process started after this gets an aborted signal
  const removedUnfinished = pendingPaths.size > 0;
  for (const path of [...pendingPaths].reverse()) {
    try {
      removeTree(path);
      pendingPaths.delete(path);
    } catch {
      // best effort: the caller is exiting; the leftover is a staging dir a later run sweeps
    }
  }
  return { removedUnfinished, created: [...completedTargets] };
}

/** Create the missing parents of `dir`; only those this call made are returned. */
function createParents(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = dirname(current)) missing.unshift(current);
  const created: string[] = [];
  for (const path of missing) {
    try {
      mkdirSync(path);
      created.push(path);
    } catch (error) {
      // A concurrent run made it first: it is theirs, not ours to remove later.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return created;
}

/** Parents we created go again only while they are empty: another run may be using them. */
function removeEmptyParents(created: string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty (someone else's project is there) or already gone
    }
  }
}

// The staging directory gets the mode a new directory would (mkdtemp makes it 0700).
const umask = process.umask();

function writeFiles(root: string, files: PlannedFile[]): void {
  // Every folder once, each after its parent (one mkdir each, none that fails and retries).
  const dirs = new Set<string>();
  for (const file of files) {
    for (let dir = dirname(file.path); dir !== "." && !dirs.has(dir); dir = dirname(dir)) dirs.add(dir);
  }
  // Planned paths are relative and clean (POSIX separators, no "..": plan-project), so they
  // are appended as they are; path.join would normalise each one again.
  for (const dir of [...dirs].sort((a, b) => a.split("/").length - b.split("/").length)) mkdirSync(`${root}/${dir}`);
  for (const file of files) {
    // A new file (the staging directory is our own and fresh): created with the planned
    // mode minus the umask, as open(2) does, so no chmod is needed. A static file's bytes
    // go out as the layer holds them, never decoded to text and encoded again.
    writeFileSync(`${root}/${file.path}`, file.bytes ?? file.contents, { mode: file.mode, flag: "wx" });
  }
}

/** What `finish` (git) is given: the complete tree, and whether it is already a repository. */
export interface FinishContext {
  existingRepository: boolean;
}
export type Finish = (dir: string, context: FinishContext) => Promise<void>;
/** Runs on the complete tree in the staging directory, before `finish` (the lock step). */
export type Prepare = (stagingDir: string) => Promise<void>;

/**
 * Write the files into a staging directory, let `finish` work on the complete tree (git),
 * then put it in place: a new target is renamed into place in one step (an interrupted
 * run leaves nothing or the whole project); an empty target, or one holding only `.git`,
 * is filled in place and keeps its own mode, owner and mount.
 */
export async function writeProject(target: string, files: PlannedFile[], finish: Finish = async () => {}, prepare: Prepare = async () => {}): Promise<TargetState> {
  const state = checkTarget(target);
  if (state === "absent") await writeBesideAndRename(target, files, finish, prepare);
  else await fillInPlace(target, files, finish, state, prepare);
  return state;
}

async function writeBesideAndRename(target: string, files: PlannedFile[], finish: Finish, prepare: Prepare): Promise<void> {
  const parent = dirname(target);
  let createdParents: string[];
  try {
    createdParents = createParents(parent);
  } catch (error) {
    throw new UsageError("Cannot create the target directory.", [
      { option: "dir", message: `${parent} cannot be created: ${(error as Error).message}` },
    ]);
  }
  sweepStaleStaging(parent);
  let staging: string;
  try {
    staging = makeStagingDir(parent, basename(target));
  } catch (error) {
    removeEmptyParents(createdParents);
    throw new UsageError("Cannot write into the parent directory.", [
      { option: "dir", message: `${parent} is not writable: ${(error as Error).message}` },
    ]);
  }
  pendingPaths.add(staging);
  try {
    chmodSync(staging, 0o777 & ~umask);
    writeFiles(staging, files);
    await prepare(staging);
    await finish(staging, { existingRepository: false });
    // Someone may have created it meanwhile: even an empty directory is theirs, never replaced.
    if (checkTarget(target) !== "absent") throw takenMeanwhile(target);
    try {
      renameSync(staging, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
      throw takenMeanwhile(target);
    }
    // Synchronous with the rename: no signal handler can run in between.
    pendingPaths.delete(staging);
    completedTargets.push(target);
  } catch (error) {
    removeTree(staging);
    pendingPaths.delete(staging);
    removeEmptyParents(createdParents);
    throw error;
  }
}

function takenMeanwhile(target: string): UsageError {
  return new UsageError("Refusing the target directory.", [
    { option: "dir", message: `${target} was created by someone else while this run was writing; it was left untouched` },
  ]);
}

function linkOrCopyExclusive(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    // Filesystems without hard links: an exclusive copy refuses to replace just the same.
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    copyFileSync(from, to, constants.COPYFILE_EXCL);
  }
}

/** Move one entry into place without ever replacing something that appeared there meanwhile. */
function moveWithoutReplacing(from: string, to: string, moved: string[]): void {
  try {
    if (lstatSync(from).isDirectory()) {
      mkdirSync(to); // EEXIST if anything is there; the empty directory is ours to replace
      moved.push(to);
      pendingPaths.add(to);
      renameSync(from, to);
    } else {
      linkOrCopyExclusive(from, to); // EEXIST if anything is there
      moved.push(to);
      pendingPaths.add(to);
      unlinkSync(from);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTEMPTY") throw takenMeanwhile(to);
    throw error;
  }
}

async function fillInPlace(target: string, files: PlannedFile[], finish: Finish, state: TargetState, prepare: Prepare): Promise<void> {
  sweepStaleStaging(target);
  const existingRepository = state === "empty-repository";
  const moved: string[] = [];
  let staging: string;
  try {
    staging = makeStagingDir(target);
  } catch (error) {
    throw new UsageError("Cannot write into the target directory.", [
      { option: "dir", message: `${target} is not writable: ${(error as Error).message}` },
    ]);
  }
  pendingPaths.add(staging);
  // In an empty clone, git writes the index: it is ours until the commit is made.
  const index = join(target, ".git", "index");
  if (existingRepository && !existsSync(index)) {
    moved.push(index);
    pendingPaths.add(index);
  }
  try {
    writeFiles(staging, files);
    // In the staging directory, so whatever it adds moves into place with the project.
    await prepare(staging);
    if (!existingRepository) await finish(staging, { existingRepository });
    for (const name of readdirSync(staging)) moveWithoutReplacing(join(staging, name), join(target, name), moved);
    rmdirSync(staging);
    pendingPaths.delete(staging);
    if (existingRepository) await finish(target, { existingRepository });
    for (const path of moved) pendingPaths.delete(path);
    completedTargets.push(target);
  } catch (error) {
    for (const path of [...moved].reverse()) {
      removeTree(path);
      pendingPaths.delete(path);
    }
    removeTree(staging);
    pendingPaths.delete(staging);
    throw error;
  }
}

import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, rmdirSync, existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkTarget } from "./check-target.js";
import { UsageError } from "./errors.js";
import type { PlannedFile } from "./plan-project.js";

/** Temporary directories still being filled, removed if the process is interrupted. */
export const pendingDirectories = new Set<string>();

/** Aborted on SIGINT/SIGTERM so that child processes (git) stop writing into a staging dir. */
export const interruption = new AbortController();

function removeDirectory(dir: string): void {
  // Retries cover a child process that is still exiting while we delete its files.
  rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 25 });
}

export function cleanupPending(): void {
  interruption.abort();
  for (const dir of pendingDirectories) {
    try {
      removeDirectory(dir);
      pendingDirectories.delete(dir);
    } catch {
      // best effort: the caller is exiting; the leftover is a hidden sibling, never the target
    }
  }
}

function createParents(dir: string): string[] {
  const created: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    created.unshift(current);
    current = dirname(current);
  }
  for (const path of created) mkdirSync(path);
  return created;
}

/**
 * Write the files into a temporary sibling of the target, let `finish` work on the
 * complete tree (git), then rename it into place in one step: an interrupted run
 * leaves either nothing or the whole project.
 */
export async function writeProject(
  target: string,
  files: PlannedFile[],
  finish: (dir: string) => Promise<void> = async () => {},
): Promise<void> {
  checkTarget(target);
  const parent = dirname(target);
  let createdParents: string[];
  try {
    createdParents = createParents(parent);
  } catch (error) {
    throw new UsageError("Cannot create the target directory.", [
      { option: "dir", message: `${parent} cannot be created: ${(error as Error).message}` },
    ]);
  }
  let staging: string;
  try {
    staging = mkdtempSync(join(parent, `.${basename(target)}.create-devops-py-`));
  } catch (error) {
    for (const dir of createdParents.reverse()) rmdirSync(dir);
    throw new UsageError("Cannot write into the parent directory.", [
      { option: "dir", message: `${parent} is not writable: ${(error as Error).message}` },
    ]);
  }
  pendingDirectories.add(staging);
  try {
    chmodSync(staging, 0o755);
    for (const file of files) {
      const path = join(staging, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.contents, { mode: file.mode });
      chmodSync(path, file.mode);
    }
    await finish(staging);
    checkTarget(target); // someone may have created it meanwhile
    renameSync(staging, target);
    pendingDirectories.delete(staging);
  } catch (error) {
    removeDirectory(staging);
    pendingDirectories.delete(staging);
    for (const dir of createdParents.reverse()) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, symlinkSync, writeFileSync, fsyncSync, openSync, closeSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pendingPaths } from "../write-project.js";

/**
 * Applying an update is a small write-ahead log, so an interrupted update leaves the
 * repository as it was or, once the journal exists, fully updated:
 *   prepare: every new file, the new index and the journal are written under
 *            .git/create-devops-py-update/ (invisible to the working tree);
 *   commit point: the journal is renamed into place (one atomic rename);
 *   roll forward: renames into the working tree, the index and HEAD; synchronous, so a
 *            SIGINT/SIGTERM handler cannot run half way; after a SIGKILL the next
 *            `update` or `status` finishes it from the journal (every step is idempotent).
 */
export interface JournalOp {
  path: string; // relative to the repository, POSIX
  staged?: string; // file name under files/; absent = delete
  mode?: number;
}

export interface Journal {
  ops: JournalOp[];
  index: boolean; // files/index replaces .git/index
  mergeHead?: string;
  mergeMessage?: string;
  head?: { from: string; to: string };
}

/** git's mode for a symbolic link; its blob is the link's target. */
export const SYMLINK = 0o120000;

export const STAGING_NAME = "create-devops-py-update";
const JOURNAL = "journal.json";

export function stagingDir(gitDir: string): string {
  return join(gitDir, STAGING_NAME);
}

/** Start a fresh staging area; anything left there without a journal is a prepare that never committed. */
export function openStaging(gitDir: string): string {
  const dir = stagingDir(gitDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "files"), { recursive: true });
  pendingPaths.add(dir);
  return dir;
}

export function discardStaging(gitDir: string): void {
  const dir = stagingDir(gitDir);
  rmSync(dir, { recursive: true, force: true });
  pendingPaths.delete(dir);
}

function durableWrite(path: string, contents: string): void {
  writeFileSync(path, contents);
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeEmptyParents(repo: string, path: string): void {
  let dir = dirname(path);
  while (relative(repo, dir) !== "" && !relative(repo, dir).startsWith("..")) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

function rollForward(repo: string, gitDir: string, journal: Journal): void {
  const dir = stagingDir(gitDir);
  // Deletions first: a file may be replaced by a directory of the same name.
  const ordered = [...journal.ops.filter((op) => op.staged === undefined), ...journal.ops.filter((op) => op.staged !== undefined)];
  for (const op of ordered) {
    const target = join(repo, ...op.path.split("/"));
    if (op.staged === undefined) {
      rmSync(target, { force: true });
      removeEmptyParents(repo, target);
      continue;
    }
    const staged = join(dir, "files", op.staged);
    if (!existsSync(staged)) continue; // moved already by an interrupted roll-forward
    mkdirSync(dirname(target), { recursive: true });
    if (op.mode === SYMLINK) {
      rmSync(target, { force: true });
      symlinkSync(readFileSync(staged, "utf8"), target);
      rmSync(staged);
      continue;
    }
    renameSync(staged, target);
    if (op.mode !== undefined) chmodSync(target, op.mode);
  }
  if (journal.mergeHead) {
    writeFileSync(join(gitDir, "MERGE_HEAD"), `${journal.mergeHead}\n`);
    writeFileSync(join(gitDir, "MERGE_MSG"), journal.mergeMessage ?? "");
    writeFileSync(join(gitDir, "MERGE_MODE"), "no-ff");
  }
  if (journal.head) {
    const current = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).stdout.trim();
    if (current === journal.head.from) {
      const moved = spawnSync("git", ["update-ref", "-m", "create-devops-py update", "HEAD", journal.head.to, journal.head.from], { cwd: repo, encoding: "utf8" });
      if (moved.status !== 0) throw new Error(`git update-ref failed: ${moved.stderr.trim()}`);
    }
  }
  const index = join(dir, "files", "index");
  if (journal.index && existsSync(index)) renameSync(index, join(gitDir, "index"));
  rmSync(dir, { recursive: true, force: true });
  pendingPaths.delete(dir);
}

/** The commit point, then the roll-forward, without yielding to the event loop. */
export function commitJournal(repo: string, gitDir: string, journal: Journal): void {
  const dir = stagingDir(gitDir);
  const tmp = join(dir, `${JOURNAL}.tmp`);
  durableWrite(tmp, JSON.stringify(journal));
  renameSync(tmp, join(dir, JOURNAL));
  pendingPaths.delete(dir); // from here on it must be finished, never cleaned away
  rollForward(repo, gitDir, journal);
}

/** Finish an update a SIGKILL interrupted after its commit point; drop one interrupted before. Returns true if one was finished. */
export function recoverInterruptedUpdate(repo: string, gitDir: string): boolean {
  const dir = stagingDir(gitDir);
  if (!existsSync(dir)) return false;
  const journalPath = join(dir, JOURNAL);
  if (!existsSync(journalPath)) {
    rmSync(dir, { recursive: true, force: true });
    return false;
  }
  rollForward(repo, gitDir, JSON.parse(readFileSync(journalPath, "utf8")) as Journal);
  return true;
}

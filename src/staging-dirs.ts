import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Staging directories are named `.<target>.create-devops-py-<pid>-XXXXXX` (next to a new
 * target) or `.create-devops-py-<pid>-XXXXXX` (inside an empty target being filled), so
 * that a later run can recognise the leftovers of a killed run — by name, owner, and a
 * dead process id or an age of more than a day — and remove them. Nothing else matches.
 */
const TAG = "create-devops-py-";
const STAGING_NAME = /^\.(?:.+\.)?create-devops-py-(\d+)-[A-Za-z0-9]{6}$/;
// Staging names of versions before the process id was part of the name: age only.
const LEGACY_NAME = /^\..+\.create-devops-py-[A-Za-z0-9]{6}$/;
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export function makeStagingDir(parent: string, targetName?: string): string {
  return mkdtempSync(join(parent, `.${targetName === undefined ? "" : `${targetName}.`}${TAG}${process.pid}-`));
}

function processIsGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** True for a staging directory of ours that no running process is filling any more. */
export function isStaleStaging(parent: string, name: string, now = Date.now()): boolean {
  const match = STAGING_NAME.exec(name);
  if (!match && !LEGACY_NAME.test(name)) return false;
  let stat;
  try {
    stat = lstatSync(join(parent, name));
  } catch {
    return false;
  }
  if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) return false;
  const old = now - stat.mtimeMs > STALE_AFTER_MS;
  return old || (match !== null && processIsGone(Number(match[1])));
}

/** Remove the stale staging directories of earlier, killed runs in `parent` (best effort). */
export function sweepStaleStaging(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!isStaleStaging(parent, name)) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // someone else is removing it, or it is not ours to remove after all
    }
  }
}

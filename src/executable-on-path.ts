import { accessSync, constants, statSync } from "node:fs";
import { sep } from "node:path";

/**
 * The first executable regular file named `program` in `dirs`, in order, as a spawn would
 * find it; null when there is none. Entries are used as they are (not normalised: `..`
 * after a symbolic link means what the kernel says, not what path.join would make of it);
 * empty ones are skipped.
 */
export function firstExecutable(program: string, dirs: readonly string[]): string | null {
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = `${dir.replace(/[\\/]+$/, "")}${sep}${program}`;
    try {
      if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not executable by us: a spawn looks further too
    }
  }
  return null;
}

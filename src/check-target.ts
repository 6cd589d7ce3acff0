import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./errors.js";
import { isStaleStaging } from "./staging-dirs.js";

/**
 * What is at the target: nothing (created next to it and renamed into place), an empty
 * directory (filled in place: its mode, owner and mount stay), or a directory holding only
 * a `.git` directory (an empty clone: generated into that repository).
 */
export type TargetState = "absent" | "empty" | "empty-repository";

/** The reason a target cannot be used, or true when it is free (for prompts). */
export function targetProblem(target: string): true | string {
  try {
    checkTarget(target);
    return true;
  } catch (error) {
    return error instanceof UsageError ? (error.problems[0]?.message ?? error.message) : (error as Error).message;
  }
}

/** Refuse any target we could not fill without touching something that exists. */
export function checkTarget(target: string, option = "dir"): TargetState {
  let stat;
  try {
    stat = lstatSync(target);
  } catch (error) {
    // Nothing is there (a name too long to exist is reported by name validation).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENAMETOOLONG") return "absent";
    throw new UsageError("Cannot use the target directory.", [
      { option, message: `${target} cannot be inspected: ${(error as Error).message}` },
    ]);
  }
  if (stat.isSymbolicLink()) {
    throw new UsageError("Refusing the target directory.", [
      { option, message: `${target} is a symbolic link; give a real directory path` },
    ]);
  }
  if (!stat.isDirectory()) {
    throw new UsageError("Refusing the target directory.", [
      { option, message: `${target} exists and is not a directory` },
    ]);
  }
  // Leftovers of our own killed runs do not count; the next write removes them.
  const entries = readdirSync(target).filter((name) => !isStaleStaging(target, name));
  if (entries.length === 0) return "empty";
  if (entries.length === 1 && entries[0] === ".git") {
    const git = lstatSync(join(target, ".git"));
    if (git.isDirectory() && !git.isSymbolicLink()) return "empty-repository";
  }
  throw new UsageError("Refusing the target directory.", [
    { option, message: `${target} exists and is not empty; choose a new directory, an empty one or an empty clone (nothing was changed)` },
  ]);
}

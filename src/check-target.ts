import { lstatSync, readdirSync } from "node:fs";
import { UsageError } from "./errors.js";

/** The reason a target cannot be used, or true when it is free (for prompts). */
export function targetProblem(target: string): true | string {
  try {
    checkTarget(target);
    return true;
  } catch (error) {
    return error instanceof UsageError ? (error.problems[0]?.message ?? error.message) : (error as Error).message;
  }
}

/** Refuse any target we could not create without touching something that exists. */
export function checkTarget(target: string, option = "dir"): void {
  let stat;
  try {
    stat = lstatSync(target);
  } catch (error) {
    // Nothing is there (a name too long to exist is reported by name validation).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENAMETOOLONG") return;
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
  if (readdirSync(target).length > 0) {
    throw new UsageError("Refusing the target directory.", [
      { option, message: `${target} exists and is not empty; choose a new directory (nothing was changed)` },
    ]);
  }
}

import { echo } from "./safe-text.js";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied (not readable by you)",
  EPERM: "permission denied",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
};

/** `missing.yaml: no such file`, not an errno code. */
export function fileErrorText(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return `${echo(path, 120)}: ${reason}`;
}

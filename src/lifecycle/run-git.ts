import { spawn } from "node:child_process";

export interface GitOptions {
  env?: Record<string, string>;
  input?: string | Buffer;
  /** Exit codes that are answers, not failures (e.g. 1 from merge-tree = conflicts). */
  okCodes?: number[];
}

export interface GitOutput {
  code: number;
  stdout: string;
  bytes: Buffer;
}

/**
 * Run git in `dir` and capture its output. Optional locks are off so that reading
 * commands (status, diff) never rewrite the index: `--dry-run` and `status` must
 * leave a repository byte for byte as they found it.
 */
export function runGit(dir: string, args: string[], options: GitOptions = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-c", "core.quotePath=false", ...args], {
      cwd: dir,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...options.env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const bytes = Buffer.concat(out);
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolve({ code: code ?? 0, stdout: bytes.toString("utf8"), bytes });
      else reject(new Error(`git ${args.join(" ")} failed (${code ?? "signal"}): ${Buffer.concat(err).toString("utf8").trim()}`));
    });
    if (options.input !== undefined) {
      child.stdin?.on("error", () => {}); // git may exit before reading all of it; its exit code tells
      child.stdin?.end(options.input);
    }
  });
}

export async function git(dir: string, args: string[], options: GitOptions = {}): Promise<string> {
  return (await runGit(dir, args, options)).stdout;
}

/** A blob's exact bytes (binary-safe). */
export async function readBlob(dir: string, oid: string, env: Record<string, string> = {}): Promise<Buffer> {
  return (await runGit(dir, ["cat-file", "blob", oid], { env })).bytes;
}

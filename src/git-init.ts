import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError } from "./errors.js";
import { gitEnvironment } from "./git-environment.js";
import { childProcess, crypto, os } from "./lazy-builtins.js";
import { renderTrailer } from "./lifecycle/render-marker.js";
import { generatorVersion } from "./package-root.js";
import type { PlannedFile } from "./plan-project.js";
import { interruptionSignal } from "./write-project.js";

/** The message of the first commit of every generated repository (one place, on purpose). */
export function initialCommitMessage(): string {
  return `Initial commit from create-devops-py ${generatorVersion}`;
}

/**
 * git is ours to drive while we generate: the user's hooks, fsmonitor, global excludes and
 * attributes, and line-ending conversion would change or veto the first commit. Command-line
 * `-c` wins over every config file. /dev/null as the hooks "directory" holds no hook, and
 * as a file ignores and assigns nothing, so there is nothing to create or clean up.
 */
// A function, so node:os (for the null device's name) loads only when git runs.
const neutralConfig = (devNull = os().devNull): string[] => [
  `core.hooksPath=${devNull}`,
  "core.fsmonitor=false",
  "core.untrackedCache=false",
  "core.autocrlf=false",
  "core.safecrlf=false",
  `core.excludesFile=${devNull}`,
  `core.attributesFile=${devNull}`,
  "core.fileMode=true",
  "commit.gpgSign=false",
  "gc.auto=0",
  "maintenance.auto=false",
].flatMap((setting) => ["-c", setting]);

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function gitMissing(): UsageError {
  return new UsageError("git is not available.", [
    { option: "git", message: "git was not found on PATH; install git, or pass --no-git (in a roster: git: false in defaults) to generate without a repository" },
  ]);
}

/** Run git (never through a shell); a non-zero exit is returned, not thrown. */
function git(args: string[], cwd: string, extraEnv?: NodeJS.ProcessEnv): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    childProcess().execFile(
      "git",
      [...neutralConfig(), ...args],
      { cwd, env: gitEnvironment(extraEnv), signal: interruptionSignal(), maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === "ENOENT") return reject(gitMissing());
        if (error && typeof (error as { code?: unknown }).code !== "number") return reject(error);
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
      },
    );
  });
}

async function gitOk(args: string[], cwd: string): Promise<string> {
  const result = await git(args, cwd);
  if (result.code !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr.trim().split("\n").slice(-1)[0] ?? `exit ${result.code}`}`);
  return result.stdout;
}

/** Fail at once, before anything is written, when git is wanted but not installed. */
export async function requireGit(cwd: string): Promise<void> {
  await git(["--version"], cwd);
}

/** How the repository will be made for a target, decided before anything is written. */
export type GitPlan = { kind: "init" } | { kind: "existing" } | { kind: "skip"; note: string };

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/**
 * No git on PATH is a usage error naming --no-git. An empty clone is committed into; a
 * clone with commits is refused (its files would show as deleted). A target inside
 * another work tree gets no repository of its own: nesting one silently would hide the
 * project from the outer repository, so we say so and leave `git add` to the user.
 */
export async function planGit(target: string, existingRepository: boolean): Promise<GitPlan> {
  if (existingRepository) {
    const head = await git(["rev-parse", "--verify", "-q", "HEAD^{commit}"], target);
    if (head.code === 0) {
      throw new UsageError("Refusing the target directory.", [
        { option: "dir", message: `${target} holds a git repository that already has commits; only an empty clone can be filled` },
      ]);
    }
    return { kind: "existing" };
  }
  const probe = await git(["rev-parse", "--show-toplevel"], nearestExisting(target), { LC_ALL: "C" });
  if (probe.code === 0) {
    return { kind: "skip", note: `${target} is inside the git work tree ${probe.stdout.trim()}; git init was skipped (add the files to that repository, or generate elsewhere)` };
  }
  if (/dubious ownership/.test(probe.stderr)) {
    return { kind: "skip", note: `${target} is inside a git repository owned by someone else; git init was skipped` };
  }
  return { kind: "init" };
}

// The user's configured identity does not change while we run: ask git once per
// process (cohort mode makes hundreds of repositories).
let userIdentity: Promise<{ name: boolean; email: boolean }> | undefined;

function hasIdentity(dir: string): Promise<{ name: boolean; email: boolean }> {
  userIdentity ??= Promise.all([git(["config", "--get", "user.name"], dir), git(["config", "--get", "user.email"], dir)]).then(
    ([name, email]) => ({
      name: name.code === 0 || process.env.GIT_AUTHOR_NAME !== undefined,
      email: email.code === 0 || process.env.GIT_AUTHOR_EMAIL !== undefined,
    }),
  );
  return userIdentity;
}

/** A git blob id of the given file, in the repository's hash (SHA-1 or SHA-256). */
function blobId(file: PlannedFile, hexLength: number): string {
  const body = file.bytes ?? Buffer.from(file.contents, "utf8");
  return crypto().createHash(hexLength === 64 ? "sha256" : "sha1")
    .update(`blob ${body.byteLength}\0`)
    .update(body)
    .digest("hex");
}

/** The first commit must hold exactly the planned files, modes and bytes, or we do not report success. */
async function verifyCommittedTree(dir: string, files: PlannedFile[]): Promise<void> {
  const listed = await gitOk(["ls-tree", "-r", "-z", "--full-tree", "HEAD"], dir);
  const committed = new Map<string, { mode: string; id: string }>();
  for (const entry of listed.split("\0").filter(Boolean)) {
    const [meta = "", path = ""] = entry.split("\t");
    const [mode = "", , id = ""] = meta.split(" ");
    committed.set(path, { mode, id });
  }
  const problems: string[] = [];
  for (const file of files) {
    const entry = committed.get(file.path);
    committed.delete(file.path);
    if (!entry) problems.push(`missing ${file.path}`);
    else if (entry.mode !== (file.mode & 0o111 ? "100755" : "100644")) problems.push(`${file.path} has mode ${entry.mode}`);
    else if (entry.id !== blobId(file, entry.id.length)) problems.push(`${file.path} differs from what was generated`);
  }
  for (const path of committed.keys()) problems.push(`unexpected ${path}`);
  if (problems.length > 0) {
    throw new Error(`the first commit does not hold the generated files (${problems.slice(0, 5).join(", ")}${problems.length > 5 ? `, … ${problems.length - 5} more` : ""})`);
  }
}

/**
 * git init (unless the directory is an empty clone already) + one initial commit of
 * exactly the planned files, verified. The user's own identity wins; when none is
 * configured we commit as the project's author so the commit never fails for that.
 */
export async function initGitRepository(
  dir: string,
  author: { name: string; email: string },
  files: PlannedFile[],
  options: { remoteUrl?: string; existingRepository?: boolean } = {},
): Promise<void> {
  if (!options.existingRepository) await gitOk(["init", "--initial-branch=main"], dir);
  const configured = await hasIdentity(dir);
  const identity: string[] = [];
  if (!configured.name) identity.push("-c", `user.name=${author.name}`);
  if (!configured.email) identity.push("-c", `user.email=${author.email}`);
  // Exactly the planned paths, ignored or not: the project's files are the truth.
  await gitOk(["add", "--force", "--", ...files.map((file) => file.path)], dir);
  // The trailer marks this commit as the pristine render `update` merges from.
  await gitOk([...identity, "commit", "--no-verify", "-m", initialCommitMessage(), "-m", renderTrailer(generatorVersion)], dir);
  await verifyCommittedTree(dir, files);
  if (options.remoteUrl) await gitOk(["remote", "add", "origin", options.remoteUrl], dir);
}

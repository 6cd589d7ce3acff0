import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ANSWERS_FILE, parseAnswersRecord } from "../answers-record.js";
import { UsageError } from "../errors.js";
import { labelFromSources } from "../option-sources.js";
import { generatorVersion } from "../package-root.js";
import type { Labeller } from "../validate-options.js";
import { commitJournal, discardStaging, openStaging, recoverInterruptedUpdate, SYMLINK, type JournalOp } from "./apply-journal.js";
import { findBase } from "./find-base.js";
import { openQuarantine, type Quarantine } from "./object-quarantine.js";
import { commitTree, pristineMessage, treeOfPlan } from "./pristine-commit.js";
import { regenerateByCommand } from "./regenerate-by-command.js";
import { replan } from "./replan.js";
import { git, readBlob, runGit } from "./run-git.js";
import { threeWayMerge, type MergeResult } from "./three-way-merge.js";

/** A flag as typed, or the key of the repository's answers record with its line: the user's words. */
function recordLabel(request: UpdateRequest): Labeller {
  const recorded = Object.keys(record0(request.dir));
  return labelFromSources({
    typed: request.typed ?? {},
    answersFile: { path: join(request.dir, ANSWERS_FILE), shown: ANSWERS_FILE, keys: new Set(recorded.filter((key) => request.typed?.[key] === undefined)) },
  });
}

function record0(dir: string): Record<string, unknown> {
  try {
    const data = JSON.parse(readFileSync(join(dir, ANSWERS_FILE), "utf8")) as { answers?: Record<string, unknown> };
    return data.answers ?? {};
  } catch {
    return {};
  }
}

export interface UpdateRequest {
  dir: string;
  flags: Record<string, unknown>;
  /** Option key -> the flag as typed, so problems are named like create names them. */
  typed?: Record<string, string>;
  base?: string;
  dryRun: boolean;
  commit: boolean;
  /** Cohort mode: when the merge would leave conflicts, touch nothing and say so. */
  refuseConflicts?: boolean;
}

export type UpdateStatus = "updated" | "up-to-date" | "conflicts" | "skipped-conflicts";

export interface UpdateOutcome extends Omit<MergeResult, "tree" | "stages"> {
  dir: string;
  status: UpdateStatus;
  version: { from: string; to: string };
  dryRun: boolean;
  committed: boolean;
  pristine?: string;
  commit?: string;
}

function refuse(dir: string, message: string, detail: string): never {
  throw new UsageError(message, [{ option: "dir", message: `${dir}: ${detail}` }]);
}

/** The repository must be ours, clean, and at rest; say what to do when it is not. */
async function checkRepository(dir: string): Promise<{ gitDir: string }> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) refuse(dir, "Not a directory.", "does not exist or is not a directory");
  if (!existsSync(join(dir, ANSWERS_FILE))) {
    refuse(dir, "Not a generated repository.", `has no ${ANSWERS_FILE}; update only works on repositories made by create-devops-py`);
  }
  const top = await runGit(dir, ["rev-parse", "--show-toplevel", "--absolute-git-dir"], { okCodes: [128] });
  const [toplevel, gitDir] = top.stdout.trim().split("\n");
  if (top.code !== 0 || !toplevel || realpathSync(toplevel) !== realpathSync(dir)) {
    refuse(dir, "Not a git repository.", "update merges through git history; this directory is not the top of a git repository");
  }
  const headOk = await runGit(dir, ["rev-parse", "--verify", "--quiet", "HEAD"], { okCodes: [1] });
  if (headOk.code !== 0) refuse(dir, "No commits yet.", "commit the generated files first (git add -A && git commit)");
  recoverInterruptedUpdate(dir, String(gitDir));
  if (existsSync(join(String(gitDir), "MERGE_HEAD"))) {
    refuse(dir, "A merge is in progress.", "finish it first (resolve, then git commit) or abandon it (git merge --abort)");
  }
  const status = await git(dir, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
  const dirty = status.split("\0").filter(Boolean).map((entry) => entry.slice(3));
  if (dirty.length > 0) {
    const shown = dirty.slice(0, 5).join(", ") + (dirty.length > 5 ? ` and ${dirty.length - 5} more` : "");
    refuse(dir, "Uncommitted changes.", `commit or stash them first (git stash -u), nothing was touched: ${shown}`);
  }
  return { gitDir: String(gitDir) };
}

async function committerIdentity(dir: string, answers: Record<string, unknown>): Promise<Record<string, string>> {
  const configured = async (key: string) => (await runGit(dir, ["config", key], { okCodes: [1] })).stdout.trim();
  const [name, email] = await Promise.all([configured("user.name"), configured("user.email")]);
  const env: Record<string, string> = {};
  if (!name) Object.assign(env, { GIT_AUTHOR_NAME: String(answers.authorName), GIT_COMMITTER_NAME: String(answers.authorName) });
  if (!email) Object.assign(env, { GIT_AUTHOR_EMAIL: String(answers.authorEmail), GIT_COMMITTER_EMAIL: String(answers.authorEmail) });
  return env;
}

function updateMessage(from: string, to: string, merge: MergeResult): string {
  const lines = [`Update from create-devops-py ${from} to ${to}`, ""];
  const list = (title: string, paths: string[]) => paths.length > 0 && lines.push(`${title}: ${paths.join(", ")}`);
  list("Updated", merge.updated);
  list("Added", merge.added);
  list("Removed", merge.removed);
  list("Kept (edited by the team)", merge.kept);
  list("Conflicts", merge.conflicts);
  return `${lines.join("\n").trimEnd()}\n`;
}

/** Stage the new files, the index and the journal, then apply them in one step. */
async function apply(dir: string, gitDir: string, quarantine: Quarantine, merge: MergeResult, journal: { mergeHead?: string; mergeMessage?: string; head?: { from: string; to: string } }): Promise<void> {
  quarantine.install();
  const staging = openStaging(gitDir);
  try {
    const changes = (await git(dir, ["diff-tree", "-r", "-z", "--no-renames", "HEAD", merge.tree])).split("\0").filter(Boolean);
    const ops: JournalOp[] = [];
    // Raw diff-tree: ":oldmode newmode oldoid newoid status" then the path.
    for (let i = 0; i < changes.length; i += 2) {
      const [, newMode, , newOid, status] = String(changes[i]).slice(1).split(" ");
      const path = String(changes[i + 1]);
      if (status === "D") {
        ops.push({ path });
        continue;
      }
      if (newMode === "160000") continue; // a submodule: git records only its commit
      const name = String(ops.length);
      writeFileSync(join(staging, "files", name), await readBlob(dir, String(newOid)));
      ops.push({ path, staged: name, mode: newMode === "120000" ? SYMLINK : newMode === "100755" ? 0o755 : 0o644 });
    }
    const env = { GIT_INDEX_FILE: join(staging, "files", "index") };
    await git(dir, ["read-tree", merge.tree], { env });
    if (merge.stages.length > 0) {
      const unmerged = [...new Set(merge.stages.map((entry) => entry.path))].map((path) => `0 0000000000000000000000000000000000000000\t${path}`);
      const staged = merge.stages.map((entry) => `${entry.mode} ${entry.oid} ${entry.stage}\t${entry.path}`);
      await git(dir, ["update-index", "--index-info"], { env, input: `${[...unmerged, ...staged].join("\n")}\n` });
    }
    commitJournal(dir, gitDir, { ops, index: true, ...journal });
  } catch (error) {
    discardStaging(gitDir);
    throw error;
  }
  // Fill the new index's stat data so the next `git status` is fast (optional).
  await runGit(dir, ["update-index", "-q", "--refresh"], { okCodes: [1] });
}

/** update: re-plan → three-way merge in a private object store → apply atomically → outcome. */
export async function updateRepository(request: UpdateRequest): Promise<UpdateOutcome> {
  const { dir } = request;
  const { gitDir } = await checkRepository(dir);
  const record = parseAnswersRecord(readFileSync(join(dir, ANSWERS_FILE), "utf8"));
  if (!record) refuse(dir, "Unreadable answers record.", `${ANSWERS_FILE} is not a create-devops-py record (restore it from git history)`);
  const base = await findBase(dir, request.base);
  if (!base) {
    refuse(
      dir,
      "Cannot find the pristine render.",
      request.base
        ? `${request.base} is not a commit of this repository`
        : "no commit is marked as a create-devops-py render; give the commit the repository was generated from with --base <commit>",
    );
  }
  const from = record.version;
  const plan = await replan(record, request.flags, record.inputs ?? { year: base.year }, recordLabel(request));
  const quarantine = await openQuarantine(dir);
  try {
    const [baseTree, headTree, head] = (await git(dir, ["rev-parse", `${base.commit}^{tree}`, "HEAD^{tree}", "HEAD"])).trim().split("\n");
    const newTree = await treeOfPlan(dir, plan.files, quarantine);
    const outcome = (status: UpdateStatus, merge?: MergeResult): UpdateOutcome => ({
      dir,
      status,
      version: { from, to: generatorVersion },
      dryRun: request.dryRun,
      committed: false,
      updated: merge?.updated ?? [],
      added: merge?.added ?? [],
      removed: merge?.removed ?? [],
      conflicts: merge?.conflicts ?? [],
      kept: merge?.kept ?? [],
      notes: merge?.notes ?? [],
    });
    if (newTree === baseTree) return outcome("up-to-date");
    const pristine = await commitTree(dir, quarantine, newTree, [base.commit], pristineMessage(from, generatorVersion));
    let merge = await threeWayMerge(dir, quarantine, base.commit, String(headTree), pristine);
    merge = { ...merge, tree: await regenerateByCommand(dir, quarantine, merge.tree) };
    const conflicted = merge.conflicts.length > 0;
    if (conflicted && request.refuseConflicts) return outcome("skipped-conflicts", merge);
    if (request.dryRun) return { ...outcome(conflicted ? "conflicts" : "updated", merge), pristine };
    const message = updateMessage(from, generatorVersion, merge);
    if (request.commit && !conflicted) {
      const commit = await commitTree(dir, quarantine, merge.tree, [String(head), pristine], message, await committerIdentity(dir, record.answers));
      await apply(dir, gitDir, quarantine, merge, { head: { from: String(head), to: commit } });
      return { ...outcome("updated", merge), committed: true, pristine, commit };
    }
    // Left for review like `git merge --no-commit`: the team's `git commit` records the
    // pristine render as the second parent, which is how the next update finds it.
    await apply(dir, gitDir, quarantine, merge, { mergeHead: pristine, mergeMessage: message });
    return { ...outcome(conflicted ? "conflicts" : "updated", merge), pristine };
  } finally {
    quarantine.dispose();
  }
}

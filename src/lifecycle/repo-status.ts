import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { ANSWERS_FILE, parseAnswersRecord } from "../answers-record.js";
import { generatorVersion } from "../package-root.js";
import { collectProblems } from "../validate-options.js";
import { recoverInterruptedUpdate } from "./apply-journal.js";
import { compareVersions } from "./compare-versions.js";
import { findBase } from "./find-base.js";
import { roadmapProgress, type RoadmapProgress } from "./roadmap-progress.js";
import { git, runGit } from "./run-git.js";

export interface RepoStatus {
  dir: string; // as given, relative to where status ran
  generated: boolean;
  name: string | null;
  starter: string | null;
  version: string | null;
  updateAvailable: boolean;
  editedFiles: string[];
  answersValid: boolean;
  commitsSinceGeneration: number | null;
  lastCommitDate: string | null;
  roadmap: RoadmapProgress | null;
  problem?: string;
}

function notGenerated(dir: string, problem: string): RepoStatus {
  return {
    dir, generated: false, name: null, starter: null, version: null, updateAvailable: false, editedFiles: [],
    answersValid: false, commitsSinceGeneration: null, lastCommitDate: null, roadmap: null, problem,
  };
}

/** Generated files whose content differs now from the pristine render (deleted ones too; the team's new files are not listed). */
async function editedFiles(dir: string, base: string): Promise<string[]> {
  const out = await git(dir, ["diff", "--no-renames", "--name-status", "-z", base, "--"]);
  const fields = out.split("\0").filter(Boolean);
  const edited: string[] = [];
  for (let i = 0; i < fields.length; i += 2) if (fields[i] !== "A") edited.push(String(fields[i + 1]));
  return edited.filter((path) => path !== ANSWERS_FILE).sort();
}

/** One repository's state, read-only (git's optional locks are off; the index is not refreshed). */
export async function repoStatus(repo: string, shownAs: string): Promise<RepoStatus> {
  const recordPath = join(repo, ANSWERS_FILE);
  if (!existsSync(recordPath)) return notGenerated(shownAs, `no ${ANSWERS_FILE}`);
  const record = parseAnswersRecord(readFileSync(recordPath, "utf8"));
  if (!record) return notGenerated(shownAs, `${ANSWERS_FILE} is not a create-devops-py record`);
  const { problems } = await collectProblems({ ...record.answers });
  const status: RepoStatus = {
    dir: shownAs,
    generated: true,
    name: typeof record.answers.name === "string" ? record.answers.name : basename(repo),
    starter: typeof record.answers.template === "string" ? record.answers.template : null,
    version: record.version,
    updateAvailable: compareVersions(record.version, generatorVersion) < 0,
    editedFiles: [],
    answersValid: problems.length === 0,
    commitsSinceGeneration: null,
    lastCommitDate: null,
    roadmap: roadmapProgress(repo),
  };
  const top = await runGit(repo, ["rev-parse", "--absolute-git-dir"], { okCodes: [128] });
  if (top.code !== 0) return { ...status, problem: "not a git repository" };
  recoverInterruptedUpdate(repo, top.stdout.trim());
  const hasHead = (await runGit(repo, ["rev-parse", "--verify", "--quiet", "HEAD"], { okCodes: [1] })).code === 0;
  if (!hasHead) return { ...status, problem: "no commits yet" };
  const base = await findBase(repo);
  const [count, last] = await Promise.all([
    git(repo, ["rev-list", "--count", "--first-parent", "HEAD"]),
    git(repo, ["log", "-1", "--format=%cI"]),
  ]);
  return {
    ...status,
    commitsSinceGeneration: Math.max(0, Number(count.trim()) - 1),
    lastCommitDate: last.trim() || null,
    ...(base ? { editedFiles: await editedFiles(repo, base.commit) } : { problem: "no pristine render commit found" }),
  };
}

function isRepo(dir: string): boolean {
  return existsSync(join(dir, ANSWERS_FILE)) || existsSync(join(dir, ".git"));
}

/** `status` takes one repository or a directory whose subdirectories are team repositories. */
export async function collectStatus(target: string, cwd: string): Promise<RepoStatus[]> {
  // Paths as the user would type them from here; absolute when they lie elsewhere.
  const shown = (dir: string) => {
    const rel = relative(cwd, dir);
    return rel === "" ? "." : rel.startsWith("..") ? dir : rel;
  };
  if (isRepo(target)) return [await repoStatus(target, shown(target))];
  const dirs = readdirSync(target, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => join(target, entry.name))
    .filter((dir) => statSync(dir).isDirectory())
    .sort();
  const results: RepoStatus[] = [];
  for (const dir of dirs) results.push(await repoStatus(dir, shown(dir)));
  return results;
}

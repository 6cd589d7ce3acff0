import type { Quarantine } from "./object-quarantine.js";
import { commitTree } from "./pristine-commit.js";
import { REGENERATED_FILES } from "./regenerated-files.js";
import { git, runGit } from "./run-git.js";

/** One unmerged index entry (stage 1 base, 2 ours = the team, 3 theirs = the new render). */
export interface ConflictEntry {
  mode: string;
  oid: string;
  stage: 1 | 2 | 3;
  path: string;
}

export interface Note {
  path: string;
  note: string;
}

export interface MergeResult {
  /** The tree the team's working tree becomes. */
  tree: string;
  /** Files left with conflict markers (or both added differently), with their index stages. */
  conflicts: string[];
  stages: ConflictEntry[];
  updated: string[];
  added: string[];
  removed: string[];
  /** Generated files the team edited (or deleted) that the update left as they were. */
  kept: string[];
  notes: Note[];
}

const ZERO = "0000000000000000000000000000000000000000";

function parseMergeTree(stdout: string): { tree: string; entries: ConflictEntry[] } {
  const fields = stdout.split("\0");
  const tree = String(fields[0]);
  const entries: ConflictEntry[] = [];
  for (const field of fields.slice(1)) {
    if (field === "") break; // an empty field separates the entries from the messages
    const match = /^(\d+) ([0-9a-f]+) ([123])\t(.*)$/s.exec(field);
    if (match) entries.push({ mode: String(match[1]), oid: String(match[2]), stage: Number(match[3]) as 1 | 2 | 3, path: String(match[4]) });
  }
  return { tree, entries };
}

async function nameStatus(repo: string, env: Record<string, string>, from: string, to: string, renames: boolean): Promise<{ status: string; path: string }[]> {
  const out = await git(repo, ["diff-tree", "-r", "-z", renames ? "--find-renames" : "--no-renames", "--name-status", from, to], { env });
  const fields = out.split("\0").filter((field) => field !== "");
  const changes: { status: string; path: string }[] = [];
  for (let i = 0; i < fields.length; ) {
    const status = String(fields[i]);
    if (status.startsWith("R") || status.startsWith("C")) {
      changes.push({ status: status[0] as string, path: String(fields[i + 2]) });
      i += 3;
    } else {
      changes.push({ status: status[0] as string, path: String(fields[i + 1]) });
      i += 2;
    }
  }
  return changes;
}

/**
 * Three-way merge by git itself (rename detection, standard conflict markers):
 * base = the old pristine render, ours = the team's HEAD tree, theirs = the new render.
 * Both sides are given the base as their only parent so that git's merge base is
 * exactly the render they came from, whatever the team's history looks like. Then
 * our policy on top: a file the team deleted stays deleted, a file the template
 * dropped but the team edited stays, regenerated files take the new render.
 */
export async function threeWayMerge(
  repo: string,
  quarantine: Quarantine,
  base: string,
  oursTree: string,
  theirs: string,
): Promise<MergeResult> {
  const ours = await commitTree(repo, quarantine, oursTree, [base], "the team's tree\n");
  const merged = await runGit(repo, ["merge-tree", "--write-tree", "-z", ours, theirs], { env: quarantine.env, okCodes: [1] });
  const { tree: mergedTree, entries } = parseMergeTree(merged.stdout);

  const byPath = new Map<string, ConflictEntry[]>();
  for (const entry of entries) byPath.set(entry.path, [...(byPath.get(entry.path) ?? []), entry]);
  const fixes: string[] = [];
  const conflicts: string[] = [];
  const stages: ConflictEntry[] = [];
  const notes: Note[] = [];
  for (const [path, list] of byPath) {
    const has = (stage: number) => list.find((entry) => entry.stage === stage);
    const oursEntry = has(2);
    if (has(1) && !oursEntry && has(3)) {
      fixes.push(`0 ${ZERO}\t${path}`);
      notes.push({ path, note: "deleted by the team and changed by the template: left deleted" });
    } else if (has(1) && oursEntry && !has(3)) {
      fixes.push(`${oursEntry.mode} ${oursEntry.oid}\t${path}`);
      notes.push({ path, note: "no longer generated, but edited by the team: kept" });
    } else {
      conflicts.push(path);
      stages.push(...list);
    }
  }
  const regenerated = REGENERATED_FILES.filter((file) => file.from === "render");
  for (const file of regenerated) {
    const line = (await git(repo, ["ls-tree", theirs, "--", file.path], { env: quarantine.env })).trim();
    const match = /^(\d+) blob ([0-9a-f]+)\t/.exec(line);
    fixes.push(match ? `${match[1]} ${match[2]}\t${file.path}` : `0 ${ZERO}\t${file.path}`);
    const at = conflicts.indexOf(file.path);
    if (at !== -1) {
      conflicts.splice(at, 1);
      stages.splice(0, stages.length, ...stages.filter((entry) => entry.path !== file.path));
    }
  }

  let tree = mergedTree;
  if (fixes.length > 0) {
    const env = quarantine.withIndex("merge-index");
    await git(repo, ["read-tree", mergedTree], { env });
    await git(repo, ["update-index", "--index-info"], { env, input: `${fixes.join("\n")}\n` });
    tree = (await git(repo, ["write-tree"], { env })).trim();
  }

  const conflicted = new Set(conflicts);
  const changes = await nameStatus(repo, quarantine.env, oursTree, tree, false);
  const changed = new Set(changes.map((change) => change.path));
  const pick = (status: string) => changes.filter((change) => change.status === status && !conflicted.has(change.path)).map((change) => change.path);
  const teamEdits = (await nameStatus(repo, quarantine.env, base, oursTree, true)).filter((change) => change.status !== "A");
  const kept = teamEdits.map((change) => change.path).filter((path) => !changed.has(path) && !conflicted.has(path));
  return {
    tree,
    conflicts: conflicts.sort(),
    stages,
    updated: [...pick("M"), ...pick("T")].sort(),
    added: pick("A"),
    removed: pick("D"),
    kept: kept.sort(),
    notes: notes.sort((a, b) => a.path.localeCompare(b.path)),
  };
}

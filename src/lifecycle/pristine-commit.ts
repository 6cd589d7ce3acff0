import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlannedFile } from "../plan-project.js";
import type { Quarantine } from "./object-quarantine.js";
import { renderTrailer } from "./render-marker.js";
import { git } from "./run-git.js";

/** Pristine commits are the tool's, not a person's: a fixed identity says so. */
export const RENDER_IDENTITY = {
  GIT_AUTHOR_NAME: "create-devops-py",
  GIT_AUTHOR_EMAIL: "create-devops-py@users.noreply.github.com",
  GIT_COMMITTER_NAME: "create-devops-py",
  GIT_COMMITTER_EMAIL: "create-devops-py@users.noreply.github.com",
};

/** The planned files as a git tree, byte for byte and mode for mode (no ignore rules, no filters). */
export async function treeOfPlan(repo: string, files: PlannedFile[], quarantine: Quarantine): Promise<string> {
  const staging = join(quarantine.dir, "render");
  const paths = files.map((file, index) => {
    const path = join(staging, String(index));
    mkdirSync(staging, { recursive: true });
    writeFileSync(path, file.bytes ?? file.contents);
    return path;
  });
  const oids = (await git(repo, ["hash-object", "-w", "--no-filters", "--stdin-paths"], { env: quarantine.env, input: `${paths.join("\n")}\n` }))
    .trim()
    .split("\n");
  const env = quarantine.withIndex("render-index");
  const info = files.map((file, index) => `${file.mode === 0o755 ? "100755" : "100644"} ${oids[index]}\t${file.path}`).join("\n");
  await git(repo, ["update-index", "--add", "--index-info"], { env, input: `${info}\n` });
  return (await git(repo, ["write-tree"], { env })).trim();
}

export async function commitTree(
  repo: string,
  quarantine: Quarantine,
  tree: string,
  parents: string[],
  message: string,
  identity: Record<string, string> = RENDER_IDENTITY,
): Promise<string> {
  const args = ["commit-tree", tree, ...parents.flatMap((parent) => ["-p", parent])];
  return (await git(repo, ["-c", "commit.gpgsign=false", ...args], { env: { ...quarantine.env, ...identity }, input: message })).trim();
}

export function pristineMessage(from: string, to: string): string {
  return `Pristine render of create-devops-py ${to} (update from ${from})\n\n${renderTrailer(to)}\n`;
}

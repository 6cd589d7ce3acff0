import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Quarantine } from "./object-quarantine.js";
import { REGENERATED_FILES } from "./regenerated-files.js";
import { git } from "./run-git.js";

/**
 * Files a tool produces (lock files) are not merged as text: the tool runs again on a
 * private checkout of the merged tree and its output replaces the file. A tool that
 * fails leaves the merged text and the team is told by the conflict list of git.
 */
export async function regenerateByCommand(repo: string, quarantine: Quarantine, tree: string): Promise<string> {
  const commands = REGENERATED_FILES.filter((file) => file.from === "command" && file.command && file.command.length > 0);
  if (commands.length === 0) return tree;
  const env = quarantine.withIndex("regenerate-index");
  const checkout = join(quarantine.dir, "checkout");
  mkdirSync(checkout, { recursive: true });
  await git(repo, ["read-tree", tree], { env });
  await git(repo, ["checkout-index", "-a", `--prefix=${checkout}/`], { env });
  const lines: string[] = [];
  for (const file of commands) {
    const [command, ...args] = file.command as string[];
    const ran = spawnSync(String(command), args, { cwd: checkout, encoding: "utf8" });
    const output = join(checkout, file.path);
    if (ran.status !== 0 || !existsSync(output)) continue;
    const staged = join(quarantine.dir, "regenerated");
    writeFileSync(staged, readFileSync(output));
    const oid = (await git(repo, ["hash-object", "-w", "--no-filters", staged], { env })).trim();
    lines.push(`100644 ${oid}\t${file.path}`);
  }
  if (lines.length === 0) return tree;
  await git(repo, ["update-index", "--add", "--index-info"], { env, input: `${lines.join("\n")}\n` });
  return (await git(repo, ["write-tree"], { env })).trim();
}

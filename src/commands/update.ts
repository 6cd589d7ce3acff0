import { resolve } from "node:path";
import { updateRepository, type UpdateOutcome } from "../lifecycle/update-repository.js";
import { styler } from "../terminal-style.js";
import { writeOut } from "../standard-output.js";

export interface UpdateCommandRequest {
  dir: string | undefined;
  tool: Record<string, string | boolean>;
  flags: Record<string, unknown>;
  typed?: Record<string, string>;
  json: boolean;
  cwd: string;
}

function outcomeText(outcome: UpdateOutcome): string {
  const s = styler("stdout");
  const { from, to } = outcome.version;
  if (outcome.status === "up-to-date") return `${s.green("✔")} Up to date: the ${to} render of these answers is the one this repository came from; nothing to do.`;
  const verb = outcome.dryRun ? "Would update" : "Updated";
  const lines = [`${outcome.conflicts.length > 0 ? s.yellow("!") : s.green("✔")} ${verb} from create-devops-py ${from} to ${to}.`];
  const section = (title: string, paths: string[]) => {
    if (paths.length > 0) lines.push(`${title} (${paths.length}):`, ...paths.map((path) => `  ${path}`));
  };
  section("Updated", outcome.updated);
  section("Added", outcome.added);
  section("Removed", outcome.removed);
  section("Kept as the team left them", outcome.kept);
  section(s.red("Conflicts to resolve"), outcome.conflicts);
  for (const note of outcome.notes) lines.push(`Note: ${note.path}: ${note.note}`);
  if (outcome.dryRun) lines.push("", "Dry run: nothing was written.");
  else if (outcome.committed) lines.push("", `Committed as ${outcome.commit?.slice(0, 12) ?? ""}.`);
  else if (outcome.conflicts.length > 0) lines.push("", "Resolve the conflict markers, `git add` the files, then `git commit` (or `git merge --abort` to undo).");
  else lines.push("", "Review the changes (git diff --cached), then `git commit` (or `git merge --abort` to undo).");
  return lines.join("\n");
}

/** `update [dir]`: exit 0 updated or nothing to do, 3 conflicts left to resolve (2 refused, 1 unexpected: thrown). */
export async function runUpdateCommand(request: UpdateCommandRequest): Promise<number> {
  const outcome = await updateRepository({
    dir: resolve(request.cwd, request.dir ?? "."),
    flags: request.flags,
    typed: request.typed,
    base: typeof request.tool.base === "string" ? request.tool.base : undefined,
    dryRun: request.tool["dry-run"] === true,
    commit: request.tool.commit === true,
  });
  writeOut(`${request.json ? JSON.stringify({ ok: true, ...outcome }, null, 2) : outcomeText(outcome)}\n`);
  return outcome.conflicts.length > 0 ? 3 : 0;
}

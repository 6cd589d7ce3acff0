import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ANSWERS_FILE, parseAnswersRecord } from "../answers-record.js";
import { UsageError } from "../errors.js";
import { updateRepository } from "../lifecycle/update-repository.js";
import { styler } from "../terminal-style.js";
import { differingKeys } from "./answer-differences.js";
import type { TeamPlan } from "./validate-roster.js";
import { forEachTeam } from "./team-pool.js";
import { writeErr, writeOut } from "../standard-output.js";

export type TeamUpdateStatus = "updated" | "would-update" | "up-to-date" | "skipped-dirty" | "skipped-conflicts" | "missing" | "failed";

export interface TeamUpdateResult {
  team: string;
  slug: string;
  starter: string;
  dir: string;
  status: TeamUpdateStatus;
  message?: string;
  ms: number;
}

async function updateTeam(plan: TeamPlan, out: string, dryRun: boolean): Promise<TeamUpdateResult> {
  const started = Date.now();
  const dir = join(out, plan.slug);
  const result = (status: TeamUpdateStatus, message?: string): TeamUpdateResult => ({
    team: plan.name, slug: plan.slug, starter: plan.starter.id, dir, status, ...(message ? { message } : {}), ms: Date.now() - started,
  });
  if (!existsSync(dir)) return result("missing", "no repository yet; run the cohort without --update to create it");
  try {
    // The roster is the source of truth: the answers it changed are applied as flags.
    const record = existsSync(join(dir, ANSWERS_FILE)) ? parseAnswersRecord(readFileSync(join(dir, ANSWERS_FILE), "utf8")) : undefined;
    const changed = record ? differingKeys(record.answers, plan.options) : [];
    const flags = Object.fromEntries(changed.map((key) => [key, plan.options[key]]));
    const outcome = await updateRepository({ dir, flags, dryRun, commit: true, refuseConflicts: true });
    const applied = changed.length > 0 ? `; roster answers applied: ${changed.join(", ")}` : "";
    const counts = `${outcome.updated.length} updated, ${outcome.added.length} added, ${outcome.removed.length} removed, ${outcome.kept.length} kept`;
    if (outcome.status === "up-to-date") return result("up-to-date", `already at ${outcome.version.to}`);
    if (outcome.status === "skipped-conflicts") return result("skipped-conflicts", `would conflict in ${outcome.conflicts.join(", ")}; run \`update\` in the repository to resolve them`);
    if (dryRun) return result("would-update", `${outcome.version.from} → ${outcome.version.to}: ${counts}${outcome.conflicts.length ? `, conflicts in ${outcome.conflicts.join(", ")}` : ""}${applied}`);
    return result("updated", `${outcome.version.from} → ${outcome.version.to}: ${counts}${applied}`);
  } catch (error) {
    if (error instanceof UsageError) {
      const detail = error.problems.map((problem) => problem.message).join("; ");
      return result(error.message === "Uncommitted changes." ? "skipped-dirty" : "failed", `${error.message} ${detail}`.trim());
    }
    return result("failed", (error as Error).message.split("\n")[0]);
  }
}

/** Update every team repository that exists; one team's failure never stops the others. */
export async function updateCohort(
  plans: TeamPlan[],
  run: { out: string; dryRun: boolean; concurrency: number; onResult?: (result: TeamUpdateResult, done: number, total: number) => void },
): Promise<TeamUpdateResult[]> {
  return forEachTeam(plans, run.concurrency, (plan) => updateTeam(plan, run.out, run.dryRun), run.onResult);
}

function table(results: TeamUpdateResult[]): string {
  const rows = results.map((r) => [r.team, r.starter, r.status, r.message ?? ""]);
  const header = ["team", "starter", "status", "note"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join("  ").trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** `cohort <roster> --out <dir> --update`: progress on stderr, summary + totals; exit 1 when a team failed. */
export async function runCohortUpdate(plans: TeamPlan[], out: string, json: boolean, dryRun: boolean): Promise<number> {
  const s = styler("stderr");
  const started = Date.now();
  const results = await updateCohort(plans, {
    out,
    dryRun,
    concurrency: 2,
    onResult: json
      ? undefined
      : (result, done, total) => {
          const colour = result.status === "failed" ? s.red : result.status.startsWith("skipped") || result.status === "missing" ? s.yellow : s.green;
          writeErr(`[${String(done).padStart(String(total).length)}/${total}] ${result.team} (${result.starter}): ${colour(result.status)}${result.message ? ` — ${result.message}` : ""}\n`);
        },
  });
  const counts = results.reduce<Partial<Record<TeamUpdateStatus, number>>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const failed = counts.failed ?? 0;
  const ms = Date.now() - started;
  if (json) {
    writeOut(`${JSON.stringify({ ok: failed === 0, out, update: true, dryRun, counts, ms, teams: results }, null, 2)}\n`);
  } else {
    const totals = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(", ");
    writeOut(`${table(results)}\n\n${results.length} team(s) in ${out}: ${totals} (${(ms / 1000).toFixed(1)} s)\n`);
  }
  return failed === 0 ? 0 : 1;
}

import { resolve } from "node:path";
import { readRoster } from "../cohort/read-roster.js";
import { runCohort, type TeamResult, type TeamStatus } from "../cohort/run-cohort.js";
import { runCohortUpdate } from "../cohort/update-cohort.js";
import { validateRoster } from "../cohort/validate-roster.js";
import { UsageError } from "../errors.js";
import { requireGit } from "../git-init.js";
import { styler } from "../terminal-style.js";

export interface CohortRequest {
  roster: string | undefined;
  tool: Record<string, string | boolean>;
  flags: Record<string, unknown>;
  json: boolean;
  cwd: string;
}

function summaryTable(results: TeamResult[]): string {
  const rows = results.map((r) => [r.team, r.starter, r.status, r.message ?? ""]);
  const header = ["team", "starter", "status", "note"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join("  ").trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** `cohort <roster>`: one repository per team; exit 1 when any team failed. */
export async function runCohortCommand(request: CohortRequest): Promise<number> {
  if (!request.roster) throw new UsageError("Missing roster.", [{ option: "roster", message: "give a roster file (.yaml, .json or .csv)" }]);
  if (Object.keys(request.flags).length > 0) {
    throw new UsageError("Options belong in the roster.", [
      { option: Object.keys(request.flags).join(", "), message: "cohort mode takes project options from the roster's `defaults` and each team's `options`, not from flags" },
    ]);
  }
  const plans = await validateRoster(readRoster(resolve(request.cwd, request.roster)));
  if (plans.some((plan) => plan.options.git)) await requireGit(request.cwd);
  const out = resolve(request.cwd, typeof request.tool.out === "string" ? request.tool.out : ".");
  if (request.tool.update === true) return runCohortUpdate(plans, out, request.json, request.tool["dry-run"] === true);
  const s = styler(process.stderr);
  const started = Date.now();
  const results = await runCohort(plans, {
    out,
    remoteTemplate: typeof request.tool.remote === "string" ? request.tool.remote : undefined,
    push: request.tool.push === true,
    dryRun: request.tool["dry-run"] === true,
    concurrency: 4,
    onResult: request.json
      ? undefined
      : (result, done, total) => {
          const colour = result.status === "failed" ? s.red : result.status === "differs" ? s.yellow : s.green;
          process.stderr.write(`[${String(done).padStart(String(total).length)}/${total}] ${result.team} (${result.starter}): ${colour(result.status)}${result.message ? ` — ${result.message}` : ""}\n`);
        },
  });
  const counts = results.reduce<Partial<Record<TeamStatus, number>>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const failed = counts.failed ?? 0;
  const ms = Date.now() - started;
  if (request.json) {
    process.stdout.write(`${JSON.stringify({ ok: failed === 0, out, dryRun: request.tool["dry-run"] === true, counts, ms, teams: results }, null, 2)}\n`);
  } else {
    const totals = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(", ");
    process.stdout.write(`${summaryTable(results)}\n\n${results.length} team(s) in ${out}: ${totals} (${(ms / 1000).toFixed(1)} s)\n`);
  }
  return failed === 0 ? 0 : 1;
}

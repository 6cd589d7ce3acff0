import { resolve } from "node:path";
import { readRoster, withDefaultsFile, type Roster } from "../cohort/read-roster.js";
import { runCohort, type TeamResult, type TeamStatus } from "../cohort/run-cohort.js";
import { runCohortUpdate } from "../cohort/update-cohort.js";
import { validateRoster, type TeamPlan } from "../cohort/validate-roster.js";
import { padToWidth, displayWidth } from "../display-width.js";
import { UsageError, type Problem } from "../errors.js";
import { requireGit } from "../git-init.js";
import { echo } from "../safe-text.js";
import { styler } from "../terminal-style.js";
import { writeErr, writeOut } from "../standard-output.js";

export interface CohortRequest {
  roster: string | undefined;
  tool: Record<string, string | boolean>;
  flags: Record<string, unknown>;
  /** Flag as typed per option key, and problems found on the command line. */
  typed?: Record<string, string>;
  flagProblems?: Problem[];
  json: boolean;
  cwd: string;
}

/** A table aligned by terminal columns, so CJK team names line up too. */
export function summaryTable(results: TeamResult[], cwd: string): string {
  const rows = results.map((r) => [echo(r.team, 40), displayDir(r.dir, cwd), r.starter, r.status, echo(r.message ?? "", 300)]);
  const header = ["team", "directory", "starter", "status", "note"];
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] as string))));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : padToWidth(cell, widths[column] as number))).join("  ").trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

function displayDir(dir: string, cwd: string): string {
  const relative = dir.startsWith(`${cwd}/`) ? dir.slice(cwd.length + 1) : dir;
  return `${echo(relative, 60)}/`;
}

/** `cohort <roster>` flag rules, each reported with every other problem. */
function flagRules(request: CohortRequest): Problem[] {
  const problems: Problem[] = [...(request.flagProblems ?? [])];
  const typed = request.typed ?? {};
  const given = Object.keys(request.flags);
  if (given.length > 0) {
    problems.push({
      option: given.map((key) => typed[key] ?? key).join(", "),
      message: "cohort mode takes project options from the roster's `defaults` (or --defaults <file>) and each team's `options`, not from flags",
    });
  }
  const remote = request.tool.remote;
  if (typeof remote === "string" && !remote.includes("{team}")) {
    problems.push({ option: "--remote", message: `${JSON.stringify(echo(remote))} has no {team}: every team would share one origin; write e.g. git@github.com:org/{team}.git` });
  }
  if (request.tool.push === true && typeof remote !== "string") {
    problems.push({ option: "--push", message: "needs --remote <url with {team}>: there is nowhere to push to" });
  }
  if (!request.roster) problems.push({ option: "roster", message: "give a roster file (.yaml, .json or .csv)" });
  return problems;
}

async function loadPlans(request: CohortRequest, problems: Problem[]): Promise<TeamPlan[]> {
  if (!request.roster) return [];
  try {
    let roster: Roster = await readRoster(resolve(request.cwd, request.roster), request.roster);
    if (typeof request.tool.defaults === "string") roster = withDefaultsFile(roster, request.tool.defaults, request.tool.defaults, request.cwd);
    return await validateRoster(roster);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problems.push(...(error.problems.length > 0 ? error.problems : [{ option: "roster", message: error.message }]));
    return [];
  }
}

/** The command a facilitator runs to apply a changed roster to repos that exist. */
function applyCommand(request: CohortRequest): string {
  const quote = (arg: string) => (/^[\w./@:{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  const out = typeof request.tool.out === "string" ? ` --out ${quote(request.tool.out)}` : "";
  return `create-devops-py cohort ${quote(request.roster ?? "roster.yaml")}${out} --update`;
}

/** `cohort <roster>`: one repository per team; exit 1 when any team failed. */
export async function runCohortCommand(request: CohortRequest): Promise<number> {
  const problems = flagRules(request);
  const plans = await loadPlans(request, problems);
  if (problems.length > 0) throw new UsageError(problems.length === 1 ? "Invalid cohort run." : `Invalid cohort run: ${problems.length} problems.`, problems);
  if (plans.some((plan) => plan.options.git)) await requireGit(request.cwd);
  const out = resolve(request.cwd, typeof request.tool.out === "string" ? request.tool.out : ".");
  if (request.tool.update === true) return runCohortUpdate(plans, out, request.json, request.tool["dry-run"] === true);
  const s = styler("stderr");
  const started = Date.now();
  const results = await runCohort(plans, {
    out,
    remoteTemplate: typeof request.tool.remote === "string" ? request.tool.remote : undefined,
    push: request.tool.push === true,
    dryRun: request.tool["dry-run"] === true,
    concurrency: 4,
    applyCommand: applyCommand(request),
    onResult: request.json
      ? undefined
      : (result, done, total) => {
          const bad = result.status === "failed" || result.status === "push-failed";
          const colour = bad ? s.red : result.status === "differs" ? s.yellow : s.green;
          writeErr(`[${String(done).padStart(String(total).length)}/${total}] ${echo(result.team, 40)} (${result.starter}): ${colour(result.status)}${result.message ? ` — ${echo(result.message, 300)}` : ""}\n`);
        },
  });
  const counts = results.reduce<Partial<Record<TeamStatus, number>>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const failed = (counts.failed ?? 0) + (counts["push-failed"] ?? 0);
  const ms = Date.now() - started;
  if (request.json) {
    writeOut(`${JSON.stringify({ ok: failed === 0, out, dryRun: request.tool["dry-run"] === true, counts, ms, teams: results }, null, 2)}\n`);
  } else {
    const totals = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(", ");
    writeOut(`${summaryTable(results, request.cwd)}\n\n${results.length} team(s) in ${echo(out, 120)}: ${totals} (${(ms / 1000).toFixed(1)} s)\n`);
  }
  return failed === 0 ? 0 : 1;
}

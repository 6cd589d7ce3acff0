import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { generateProject } from "../generate-project.js";
import { ANSWERS_FILE, readAnswersRecord } from "../answers-record.js";
import { canonical } from "./answer-differences.js";
import { echo, showValue } from "../safe-text.js";
import type { TeamPlan } from "./validate-roster.js";
import { forEachTeam } from "./team-pool.js";

/** `pushed`/`push-failed`: the repo exists (made now or earlier) and this run pushed it, or tried to. */
export type TeamStatus = "created" | "unchanged" | "differs" | "failed" | "would-create" | "pushed" | "push-failed";

/** One option whose recorded value differs from what the roster now asks for. */
export interface Difference {
  key: string;
  recorded: unknown;
  roster: unknown;
}

export interface TeamResult {
  team: string;
  slug: string;
  starter: string;
  dir: string;
  status: TeamStatus;
  message?: string;
  differences?: Difference[];
  ms: number;
}

export interface CohortRun {
  out: string;
  remoteTemplate?: string;
  push: boolean;
  dryRun: boolean;
  concurrency: number;
  /** The command that applies a roster's changes to existing repos (named in `differs` notes). */
  applyCommand?: string;
  onResult?: (result: TeamResult, done: number, total: number) => void;
}

/** Every option whose recorded value is not what the roster now gives, with both values. */
export function differences(recorded: Record<string, unknown>, planned: Record<string, unknown>): Difference[] {
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(planned)])].sort();
  return keys
    .filter((key) => canonical(recorded[key]) !== canonical(planned[key]))
    .map((key) => ({ key, recorded: recorded[key], roster: planned[key] }));
}

function differenceText(list: Difference[]): string {
  const shown = list.slice(0, 5).map((d) => `${echo(d.key, 40)} ${showValue(d.recorded, 30)} → ${showValue(d.roster, 30)}`);
  return `${shown.join(", ")}${list.length > 5 ? ` and ${list.length - 5} more` : ""}`;
}

/** What is at the target already: nothing to do, something to leave alone, or room to create. */
function existingState(target: string, plan: TeamPlan, run: CohortRun): { status: TeamStatus; message: string; differences?: Difference[] } | undefined {
  if (!existsSync(target)) return undefined;
  if (!lstatSync(target).isDirectory()) return { status: "failed", message: `${target} exists and is not a directory` };
  if (readdirSync(target).length === 0) return undefined;
  const recorded = readAnswersRecord(target);
  if (recorded === undefined) return { status: "failed", message: `${target} exists, is not empty and was not made by create-devops-py; left untouched` };
  if (canonical(recorded) === canonical(plan.options)) return { status: "unchanged", message: "already generated with the same answers" };
  const list = recorded && typeof recorded === "object" ? differences(recorded as Record<string, unknown>, plan.options) : [];
  const apply = run.applyCommand ? `; apply with: ${run.applyCommand}` : "";
  return {
    status: "differs",
    message: `${ANSWERS_FILE} differs from the roster: ${list.length > 0 ? differenceText(list) : "unreadable record"}; left untouched${apply}`,
    differences: list,
  };
}

async function runTeam(plan: TeamPlan, run: CohortRun): Promise<TeamResult> {
  const started = Date.now();
  const dir = join(run.out, plan.slug);
  const result = (status: TeamStatus, message?: string, extra: Partial<TeamResult> = {}): TeamResult => ({
    team: plan.name, slug: plan.slug, starter: plan.starter.id, dir, status, ...(message ? { message } : {}), ...extra, ms: Date.now() - started,
  });
  try {
    const remoteUrl = run.remoteTemplate?.replaceAll("{team}", plan.slug);
    const wantsPush = run.push && remoteUrl !== undefined && plan.options.git === true;
    const existing = existingState(dir, plan, run);
    if (existing?.status === "unchanged" && wantsPush && !run.dryRun) {
      // Created by an earlier run whose push failed (or had no --push): push it now.
      const push = await pushIfBehind(dir, remoteUrl);
      if (push) return result(push.status, push.message);
    }
    if (existing) return result(existing.status, existing.message, existing.differences ? { differences: existing.differences } : {});
    if (run.dryRun) return result("would-create");
    const generated = await generateProject(dir, plan.options, plan.starter, remoteUrl && plan.options.git ? { remoteUrl } : {});
    // A team without a lock is still created; its message says why and what to run.
    const lockNote = generated.lockNote ? `; ${generated.lockNote}` : "";
    if (wantsPush) {
      const push = await pushIfBehind(dir, remoteUrl);
      if (push) return result(push.status, `${push.status === "pushed" ? `created and pushed to ${echo(remoteUrl, 80)}` : `created; ${push.message}`}${lockNote}`);
    }
    return result("created", generated.lockNote);
  } catch (error) {
    const problems = (error as { problems?: { option: string; message: string }[] }).problems;
    return result("failed", echo(problems?.length ? problems.map((p) => p.message).join("; ") : (error as Error).message, 400));
  }
}

/**
 * Push `main` unless it was pushed before: the remote-tracking ref `origin/main` that
 * `push -u` leaves is the record of a successful push. undefined: nothing to push.
 */
async function pushIfBehind(dir: string, remoteUrl: string): Promise<{ status: TeamStatus; message: string } | undefined> {
  const { simpleGit } = await import("simple-git");
  const git = simpleGit({ baseDir: dir });
  const [head, tracking] = await Promise.all([
    git.revparse(["HEAD"]).catch(() => ""),
    git.raw(["rev-parse", "--verify", "--quiet", "refs/remotes/origin/main"]).then((out) => out.trim()).catch(() => ""),
  ]);
  // A tracking ref means an earlier push succeeded; later commits are the team's own to push.
  if (tracking !== "" || head === "") return undefined;
  try {
    const remotes = await git.getRemotes(false);
    if (!remotes.some((remote) => remote.name === "origin")) await git.addRemote("origin", remoteUrl);
    await git.push(["--quiet", "-u", "origin", "main"]);
    return { status: "pushed", message: `pushed to ${echo(remoteUrl, 80)}` };
  } catch (error) {
    return { status: "push-failed", message: `the push to ${echo(remoteUrl, 80)} failed: ${echo((error as Error).message.split("\n")[0] ?? "", 200)}; the next run retries it` };
  }
}

/** Create every team's repository; one team's failure never stops the others. */
export async function runCohort(plans: TeamPlan[], run: CohortRun): Promise<TeamResult[]> {
  return forEachTeam(plans, run.concurrency, (plan) => runTeam(plan, run), run.onResult);
}

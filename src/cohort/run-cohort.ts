import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { generateProject } from "../generate-project.js";
import { ANSWERS_FILE, readAnswersRecord } from "../answers-record.js";
import { canonical, differingKeys } from "./answer-differences.js";
import type { TeamPlan } from "./validate-roster.js";

export type TeamStatus = "created" | "unchanged" | "differs" | "failed" | "would-create";

export interface TeamResult {
  team: string;
  slug: string;
  starter: string;
  dir: string;
  status: TeamStatus;
  message?: string;
  ms: number;
}

export interface CohortRun {
  out: string;
  remoteTemplate?: string;
  push: boolean;
  dryRun: boolean;
  concurrency: number;
  onResult?: (result: TeamResult, done: number, total: number) => void;
}

/** What is at the target already: nothing to do, something to leave alone, or room to create. */
function existingState(target: string, plan: TeamPlan): { status: TeamStatus; message: string } | undefined {
  if (!existsSync(target)) return undefined;
  if (!lstatSync(target).isDirectory()) return { status: "failed", message: `${target} exists and is not a directory` };
  if (readdirSync(target).length === 0) return undefined;
  const recorded = readAnswersRecord(target);
  if (recorded === undefined) return { status: "failed", message: `${target} exists, is not empty and was not made by create-devops-py; left untouched` };
  if (canonical(recorded) === canonical(plan.options)) return { status: "unchanged", message: "already generated with the same answers" };
  const keys = differingKeys(recorded as Record<string, unknown>, plan.options).join(", ");
  return { status: "differs", message: `exists with different answers in ${ANSWERS_FILE} (${keys}); left untouched — apply them with \`cohort <roster> --out <dir> --update\`` };
}

async function runTeam(plan: TeamPlan, run: CohortRun): Promise<TeamResult> {
  const started = Date.now();
  const dir = join(run.out, plan.slug);
  const result = (status: TeamStatus, message?: string): TeamResult => ({
    team: plan.name, slug: plan.slug, starter: plan.starter.id, dir, status, ...(message ? { message } : {}), ms: Date.now() - started,
  });
  try {
    const existing = existingState(dir, plan);
    if (existing) return result(existing.status, existing.message);
    if (run.dryRun) return result("would-create");
    const remoteUrl = run.remoteTemplate?.replaceAll("{team}", plan.slug);
    await generateProject(dir, plan.options, plan.starter, remoteUrl && plan.options.git ? { remoteUrl } : {});
    if (run.push && remoteUrl && plan.options.git) {
      try {
        const { simpleGit } = await import("simple-git");
        await simpleGit({ baseDir: dir }).push(["--quiet", "-u", "origin", "main"]);
      } catch (error) {
        return result("failed", `created, but the push to ${remoteUrl} failed: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    return result("created");
  } catch (error) {
    const problems = (error as { problems?: { option: string; message: string }[] }).problems;
    return result("failed", problems?.length ? problems.map((p) => p.message).join("; ") : (error as Error).message);
  }
}

/** Create every team's repository; one team's failure never stops the others. */
export async function runCohort(plans: TeamPlan[], run: CohortRun): Promise<TeamResult[]> {
  const results: TeamResult[] = new Array<TeamResult>(plans.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < plans.length) {
      const index = next;
      next += 1;
      const result = await runTeam(plans[index] as TeamPlan, run);
      results[index] = result;
      done += 1;
      run.onResult?.(result, done, plans.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency, plans.length)) }, worker));
  return results;
}

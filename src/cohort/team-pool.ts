import type { TeamPlan } from "./validate-roster.js";

/**
 * Run `work` for every team, `concurrency` at a time, each result reported as it lands
 * and all returned in roster order. `work` answers for its own team's failure, so one
 * team never stops the others.
 */
export async function forEachTeam<T>(
  plans: TeamPlan[],
  concurrency: number,
  work: (plan: TeamPlan) => Promise<T>,
  onResult?: (result: T, done: number, total: number) => void,
): Promise<T[]> {
  const results = new Array<T>(plans.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < plans.length) {
      const index = next;
      next += 1;
      const result = await work(plans[index] as TeamPlan);
      results[index] = result;
      done += 1;
      onResult?.(result, done, plans.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, plans.length)) }, worker));
  return results;
}

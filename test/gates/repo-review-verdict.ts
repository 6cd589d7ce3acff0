/**
 * Judging an sp-repo-review report (`repo-review --format json`) against what the
 * generated CONTRIBUTING.md says the repository deliberately does not follow: every
 * check that does not pass must be listed there with its reason, and every listed check
 * must really be unmet (a stale list is as wrong as a missing entry).
 */

export interface RepoReviewReport {
  checks: Record<string, { result: boolean | null; description: string; err_msg: string; skip_reason: string }>;
}

export interface RepoReviewVerdict {
  ok: boolean;
  passed: string[];
  failed: string[];
  skipped: string[];
  problems: string[];
}

const CHECK_ID = /`([A-Z]{2,3}\d{3})`/g;
const NOT_FOLLOWED_HEADING = /^## Checks we do not follow\b.*$/m;

/** The check ids in the "Checks we do not follow" section of CONTRIBUTING.md. */
export function checksNotFollowed(contributing: string): string[] {
  const heading = NOT_FOLLOWED_HEADING.exec(contributing);
  if (!heading) return [];
  const rest = contributing.slice(heading.index + heading[0].length);
  const next = rest.search(/^## /m);
  const section = next === -1 ? rest : rest.slice(0, next);
  return [...new Set([...section.matchAll(CHECK_ID)].map((match) => match[1] as string))];
}

export function repoReviewVerdict(report: RepoReviewReport, contributing: string, minimumPassed: number): RepoReviewVerdict {
  const entries = Object.entries(report.checks);
  const ids = (result: boolean | null) => entries.filter(([, check]) => check.result === result).map(([id]) => id);
  const passed = ids(true);
  const failed = ids(false);
  const skipped = ids(null);
  const listed = checksNotFollowed(contributing);
  const problems: string[] = [];
  if (entries.length === 0) problems.push("the report has no checks");
  if (passed.length < minimumPassed) problems.push(`${passed.length} of ${entries.length} checks pass; at least ${minimumPassed} must`);
  for (const id of [...failed, ...skipped]) {
    if (!listed.includes(id)) {
      const check = report.checks[id];
      problems.push(`${id} (${check?.description}) is not met and not explained in CONTRIBUTING.md: ${(check?.err_msg || check?.skip_reason || "").trim().split("\n")[0]}`);
    }
  }
  for (const id of listed) {
    if (passed.includes(id)) problems.push(`CONTRIBUTING.md lists ${id} as not followed, but it passes`);
    if (!(id in report.checks)) problems.push(`CONTRIBUTING.md lists ${id}, which repo-review does not know`);
  }
  return { ok: problems.length === 0, passed, failed, skipped, problems };
}

import { describe, expect, it } from "vitest";
import { checksNotFollowed, repoReviewVerdict, type RepoReviewReport } from "./repo-review-verdict.js";

function report(results: Record<string, boolean | null>): RepoReviewReport {
  return {
    checks: Object.fromEntries(
      Object.entries(results).map(([id, result]) => [id, { result, description: `check ${id}`, err_msg: result === false ? `fix ${id}` : "", skip_reason: "" }]),
    ),
  };
}

const contributing = `# Contributing

## The checks

\`PY999\` is mentioned here, outside the section, and does not count.

## Checks we do not follow and why

| check | what it asks | why not here |
|---|---|---|
| \`PY007\` | a task runner | make is the task runner |
| \`PC110\`, \`PC111\` | ruff hook repository | local hooks |

## Afterwards

\`PC140\` is outside the section too.
`;

describe("the repo-review verdict", () => {
  it("reads the check ids of the 'Checks we do not follow' section only", () => {
    expect(checksNotFollowed(contributing)).toEqual(["PY007", "PC110", "PC111"]);
    expect(checksNotFollowed("# Contributing\n\nno such section, `PY007`\n")).toEqual([]);
  });

  it("passes when enough checks pass and every unmet one is explained", () => {
    const verdict = repoReviewVerdict(report({ PY001: true, PY002: true, PY007: false, PC110: false, PC111: null }), contributing, 2);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict).toMatchObject({ passed: ["PY001", "PY002"], failed: ["PY007", "PC110"], skipped: ["PC111"] });
  });

  it("fails below the minimum", () => {
    const verdict = repoReviewVerdict(report({ PY001: true, PY007: false }), contributing, 2);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join("\n")).toMatch(/1 of 2 checks pass; at least 2 must/);
  });

  it("fails on an unmet check CONTRIBUTING.md does not explain, failed or skipped", () => {
    const verdict = repoReviewVerdict(report({ PY001: true, PY007: false, PC140: false, PC111: null, PC191: null }), contributing, 1);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join("\n")).toMatch(/PC140 \(check PC140\) is not met and not explained in CONTRIBUTING.md: fix PC140/);
    expect(verdict.problems.join("\n")).toMatch(/PC191/);
    expect(verdict.problems.join("\n")).not.toMatch(/PY007|PC111/);
  });

  it("fails on a stale list: a check listed as not followed that passes", () => {
    const verdict = repoReviewVerdict(report({ PY007: true, PC110: false, PC111: null }), contributing, 1);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual(["CONTRIBUTING.md lists PY007 as not followed, but it passes"]);
  });

  it("fails on an empty report", () => {
    expect(repoReviewVerdict({ checks: {} }, contributing, 0).ok).toBe(false);
  });
});

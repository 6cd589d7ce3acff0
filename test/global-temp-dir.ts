/**
 * Every test run gets its own temporary directory, inherited by every worker and every
 * process the tests spawn (TMPDIR), and removed at the end: a run leaves the system's
 * temporary directory as it found it. Gate projects that failed are kept elsewhere on
 * purpose (CDP_KEEP_TMPDIR, the system's one) and the harness says where.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ours = /^(cdp-|create-devops-py-)/;

export default function setup(): () => void {
  const systemTmp = tmpdir();
  const before = new Set(readdirSync(systemTmp));
  const runTmp = mkdtempSync(join(systemTmp, "create-devops-py-test-"));
  // Traversable like /tmp itself, so tests that drop to an unprivileged user still reach their own 0755 directories.
  chmodSync(runTmp, 0o755);
  process.env.CDP_KEEP_TMPDIR = systemTmp;
  process.env.TMPDIR = runTmp;
  return () => {
    rmSync(runTmp, { recursive: true, force: true });
    const left = readdirSync(systemTmp).filter((entry) => !before.has(entry) && ours.test(entry) && !entry.startsWith("create-devops-py-gates-"));
    if (left.length > 0) console.error(`test run left in ${systemTmp}: ${left.join(", ")}`);
  };
}

import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { collectStatus } from "../lifecycle/repo-status.js";
import { statusHtml } from "../lifecycle/status-html.js";
import { statusTable } from "../lifecycle/status-table.js";
import { generatorVersion } from "../package-root.js";
import { writeOut } from "../standard-output.js";

export interface StatusCommandRequest {
  target: string | undefined;
  tool: Record<string, string | boolean>;
  json: boolean;
  cwd: string;
}

/** `status [dir-of-repos|repo] [--json] [--html <file>]`: read-only, always exit 0 once the target exists. */
export async function runStatusCommand(request: StatusCommandRequest): Promise<number> {
  const target = resolve(request.cwd, request.target ?? ".");
  if (!existsSync(target)) throw new UsageError("Nothing to report on.", [{ option: "dir", message: `${target} does not exist` }]);
  const repos = await collectStatus(target, request.cwd);
  if (typeof request.tool.html === "string") {
    writeFileSync(resolve(request.cwd, request.tool.html), statusHtml(repos, generatorVersion, new Date().toISOString()));
  }
  writeOut(`${request.json ? JSON.stringify({ latest: generatorVersion, repos }, null, 2) : statusTable(repos, generatorVersion)}\n`);
  return 0;
}

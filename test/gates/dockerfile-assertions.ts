import { existsSync } from "node:fs";
import { join } from "node:path";
import type { GateContext } from "./gate-context.js";

/**
 * What hadolint does not check but QUALITY-GATES.md asks for: every base image has an
 * explicit tag (never latest), the final stage runs as a non-root user, dependencies
 * are installed before the source is copied, and the entrypoint is the project's
 * console script, which exists in the virtualenv.
 */
export function dockerfileProblems(dockerfile: string, ctx: GateContext): string[] {
  const problems: string[] = [];
  const lines = dockerfile.split("\n").map((line) => line.trim());
  const froms = lines.filter((line) => /^FROM\s/i.test(line));
  if (froms.length < 2) problems.push("not multi-stage: fewer than two FROM lines");
  for (const from of froms) {
    const image = from.split(/\s+/)[1] ?? "";
    if (!image.includes(":") || image.endsWith(":latest")) problems.push(`base image without an explicit version tag: ${from}`);
  }
  const finalStage = lines.slice(lines.lastIndexOf(froms.at(-1) ?? ""));
  const user = finalStage.filter((line) => /^USER\s/i.test(line)).pop();
  if (!user) problems.push("final stage sets no USER");
  else if (/^USER\s+(root|0)(:|$)/i.test(user)) problems.push(`final stage runs as root: ${user}`);
  const installAt = lines.findIndex((line) => /^RUN .*uv sync .*--no-install-project/.test(line));
  const sourceAt = lines.findIndex((line) => /^COPY\s+src\b/.test(line));
  if (installAt === -1 || sourceAt === -1 || installAt > sourceAt) problems.push("dependencies are not installed before the source is copied");
  const entrypoint = finalStage.find((line) => line.startsWith("ENTRYPOINT"));
  const script = entrypoint ? (JSON.parse(entrypoint.slice("ENTRYPOINT".length)) as string[])[0] : undefined;
  if (script !== ctx.options.name) problems.push(`ENTRYPOINT is not the console script ${String(ctx.options.name)}: ${entrypoint ?? "none"}`);
  else if (!script || !existsSync(join(ctx.venvBin, script))) problems.push(`console script ${script} is not installed in the virtualenv`);
  if (ctx.starter.service && !finalStage.some((line) => line.startsWith("HEALTHCHECK"))) problems.push("a service image without HEALTHCHECK");
  if (ctx.starter.service && !finalStage.some((line) => line.startsWith('CMD ["serve"'))) problems.push("a service image whose CMD is not `serve`");
  return problems;
}

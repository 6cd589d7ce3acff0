/**
 * Gates for "ready for a team": the Scientific Python repo-review score (with every
 * unmet check explained in CONTRIBUTING.md), the docs site built strictly, the issue
 * forms and the devcontainer checked, and spelling as the pre-commit hooks check it.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { gateToolsBin } from "../helpers/paths.js";
import { runProcess, type ProcessResult } from "../helpers/run-process.js";
import type { GateContext } from "./gate-context.js";
import type { Gate, GateOutcome } from "./quality-gates.js";
import { repoReviewVerdict, type RepoReviewReport } from "./repo-review-verdict.js";

// Issue 11: at least 52 of repo-review's 60 checks on a repository with GitHub CI and
// pre-commit. Without them whole families cannot pass; CONTRIBUTING.md then lists them.
const MINIMUM_PASSED = 52;
const MINIMUM_PASSED_WITHOUT_GITHUB_OR_HOOKS = 40;

const githubCi = (ctx: GateContext) => ctx.options.ci === "github" || ctx.options.ci === "both";
const always = () => true;
const tool = (name: string) => join(gateToolsBin, name);

function show(command: string, args: string[], result: ProcessResult): string {
  return `$ ${command} ${args.join(" ")}\nexit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim();
}

async function run(ctx: GateContext, command: string, args: string[], timeoutMs = 300_000): Promise<GateOutcome> {
  const result = await runProcess(command, args, { cwd: ctx.dir, env: ctx.env, timeoutMs });
  return { ok: result.code === 0, detail: show(command, args, result) };
}

async function repoReview(ctx: GateContext): Promise<GateOutcome> {
  const args = ["--format", "json", "."];
  const result = await runProcess(tool("repo-review"), args, { cwd: ctx.dir, env: ctx.env, timeoutMs: 120_000 });
  let report: RepoReviewReport;
  try {
    report = JSON.parse(result.stdout) as RepoReviewReport;
  } catch {
    return { ok: false, detail: `repo-review printed no JSON report\n${show(tool("repo-review"), args, result)}` };
  }
  const contributingPath = join(ctx.dir, "CONTRIBUTING.md");
  const contributing = existsSync(contributingPath) ? readFileSync(contributingPath, "utf8") : "";
  const minimum = githubCi(ctx) && ctx.options.preCommit !== false ? MINIMUM_PASSED : MINIMUM_PASSED_WITHOUT_GITHUB_OR_HOOKS;
  const verdict = repoReviewVerdict(report, contributing, minimum);
  const total = Object.keys(report.checks).length;
  const summary = `repo-review: ${verdict.passed.length} of ${total} pass, ${verdict.failed.length} fail (${verdict.failed.join(", ")}), ${verdict.skipped.length} skipped (${verdict.skipped.join(", ")})`;
  return { ok: verdict.ok, detail: [summary, ...verdict.problems].join("\n") };
}

async function docsBuild(ctx: GateContext): Promise<GateOutcome> {
  // Like CI (`uv run --only-group docs`): the docs group in a venv of its own, so the
  // project's environment, which other gates use meanwhile, stays untouched.
  const scratch = mkdtempSync(join(tmpdir(), "docs-gate-"));
  try {
    const uv = tool("uv");
    const venv = join(scratch, "venv");
    const steps: [string, string[]][] = [
      [uv, ["venv", "--quiet", venv]],
      [uv, ["pip", "install", "--quiet", "--python", join(venv, "bin", "python"), "--group", "docs"]],
      [join(venv, "bin", "mkdocs"), ["build", "--strict", "--site-dir", join(scratch, "site")]],
    ];
    const details: string[] = [];
    for (const [command, args] of steps) {
      const outcome = await run(ctx, command, args, 600_000);
      details.push(outcome.detail);
      if (!outcome.ok) return { ok: false, detail: details.join("\n\n") };
    }
    if (!existsSync(join(scratch, "site", "curriculum", "index.html"))) return { ok: false, detail: `no curriculum page in the built site\n${details.join("\n\n")}` };
    return { ok: true, detail: details.join("\n\n") };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The milestone titles of ROADMAP.md, in order ("## Milestone 3: <title>"). */
function roadmapMilestones(dir: string): string[] {
  const roadmap = readFileSync(join(dir, "ROADMAP.md"), "utf8");
  return [...roadmap.matchAll(/^## Milestone \d+: (.+)$/gm)].map((match) => match[1] as string);
}

async function issueForms(ctx: GateContext): Promise<GateOutcome> {
  const dir = join(ctx.dir, ".github", "ISSUE_TEMPLATE");
  const forms = ["bug.yml", "feature.yml", "milestone.yml"].map((file) => join(dir, file));
  const missing = [...forms, join(dir, "config.yml"), join(ctx.dir, ".github", "PULL_REQUEST_TEMPLATE.md")].filter((file) => !existsSync(file));
  if (missing.length > 0) return { ok: false, detail: `missing: ${missing.join(", ")}` };
  const schemas = await run(ctx, tool("check-jsonschema"), ["--builtin-schema", "vendor.github-issue-forms", ...forms]);
  if (!schemas.ok) return schemas;
  const config = await run(ctx, tool("check-jsonschema"), ["--builtin-schema", "vendor.github-issue-config", join(dir, "config.yml")]);
  if (!config.ok) return config;
  // The milestone form offers exactly the roadmap's milestones, in the roadmap's order.
  const form = parseYaml(readFileSync(join(dir, "milestone.yml"), "utf8")) as { body: { id?: string; attributes: { options?: unknown[] } }[] };
  const offered = form.body.find((field) => field.id === "milestone")?.attributes.options ?? [];
  const expected = roadmapMilestones(ctx.dir);
  if (expected.length === 0 || JSON.stringify(offered) !== JSON.stringify(expected)) {
    return { ok: false, detail: `milestone form offers ${JSON.stringify(offered)}, ROADMAP.md has ${JSON.stringify(expected)}` };
  }
  return { ok: true, detail: `${schemas.detail}\n${config.detail}\nmilestone form: ${offered.length} milestones` };
}

/** What a devcontainer needs to open ready in Codespaces (no builtin schema exists for it). */
export function devcontainerProblems(devcontainer: Record<string, unknown>, ctx: GateContext, dockerfile: string): string[] {
  const problems: string[] = [];
  const image = String(devcontainer.image ?? "");
  // A release-pinned tag of the devcontainers Python image, for the project's minimum Python.
  const tag = /^mcr\.microsoft\.com\/devcontainers\/python:\d+\.\d+\.\d+-(\d+\.\d+)-[a-z]+$/.exec(image);
  if (!tag) problems.push(`image ${JSON.stringify(image)} is not a release-pinned mcr.microsoft.com/devcontainers/python tag`);
  else if (tag[1] !== ctx.options.pythonVersion) problems.push(`image Python ${tag[1]} is not the project's minimum ${String(ctx.options.pythonVersion)}`);
  const create = String(devcontainer.postCreateCommand ?? "");
  if (!/\buv sync\b/.test(create)) problems.push(`postCreateCommand ${JSON.stringify(create)} does not sync the project`);
  const uvHere = /uv==(\d+\.\d+\.\d+)/.exec(create)?.[1];
  const uvDocker = /uv==(\d+\.\d+\.\d+)/.exec(dockerfile)?.[1];
  if (!uvHere || uvHere !== uvDocker) problems.push(`the devcontainer installs uv ${uvHere ?? "(unpinned)"}, the Dockerfile ${uvDocker ?? "(none)"}: one uv version everywhere`);
  if (devcontainer.waitFor !== "postCreateCommand") problems.push("the first terminal should wait for postCreateCommand (waitFor)");
  const port = ctx.starter.service?.port;
  const ports = Array.isArray(devcontainer.forwardPorts) ? devcontainer.forwardPorts : [];
  if (port !== undefined && !ports.includes(port)) problems.push(`the service port ${port} is not forwarded`);
  return problems;
}

async function devcontainer(ctx: GateContext): Promise<GateOutcome> {
  const path = join(ctx.dir, ".devcontainer", "devcontainer.json");
  if (!existsSync(path)) return { ok: false, detail: "no .devcontainer/devcontainer.json" };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, detail: `devcontainer.json is not JSON: ${String(error)}` };
  }
  const problems = devcontainerProblems(parsed, ctx, readFileSync(join(ctx.dir, "Dockerfile"), "utf8"));
  return { ok: problems.length === 0, detail: problems.join("\n") || `image ${String(parsed.image)}` };
}

// What the pygrep hooks of .pre-commit-config.yaml reject (they need the network to install).
const BLANKET_NOQA = /#\s*noqa(?!:\s*[A-Z]+\d+)/i;
const BLANKET_TYPE_IGNORE = /#\s*type:\s*ignore(?!\[)/;

function pythonFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "site") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...pythonFiles(path));
    else if (entry.name.endsWith(".py")) found.push(path);
  }
  return found;
}

async function spelling(ctx: GateContext): Promise<GateOutcome> {
  // codespell reads [tool.codespell] from pyproject.toml; hidden folders (.venv, .git) are skipped by default.
  const outcome = await run(ctx, tool("codespell"), ["."]);
  if (!outcome.ok) return outcome;
  const blanket = pythonFiles(ctx.dir).flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, index) => (BLANKET_NOQA.test(line) || BLANKET_TYPE_IGNORE.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
  return blanket.length === 0 ? outcome : { ok: false, detail: `blanket noqa / type: ignore:\n${blanket.join("\n")}` };
}

export const REPO_REVIEW_GATES: Gate[] = [
  { name: `repo review (sp-repo-review >= ${MINIMUM_PASSED} pass, the rest explained in CONTRIBUTING.md)`, applies: always, run: repoReview },
  { name: "docs build (mkdocs --strict)", applies: always, run: docsBuild },
  { name: "issue forms and PR template (check-jsonschema github-issue-forms/-config)", applies: githubCi, run: issueForms },
  { name: "devcontainer (opens ready: pinned image, uv, project synced)", applies: always, run: devcontainer },
  { name: "spelling and blanket suppressions (codespell, pygrep rules)", applies: always, run: spelling },
];

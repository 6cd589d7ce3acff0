import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { runProcess, type ProcessResult } from "../helpers/run-process.js";
import { gateToolsBin } from "../helpers/paths.js";
import type { GateContext } from "./gate-context.js";
import { dockerfileProblems } from "./dockerfile-assertions.js";
import { whileServing } from "./while-serving.js";

export interface GateOutcome {
  ok: boolean;
  detail: string;
}

export interface Gate {
  name: string;
  applies: (ctx: GateContext) => boolean;
  run: (ctx: GateContext) => Promise<GateOutcome>;
}

const githubCi = (ctx: GateContext) => ctx.options.ci === "github" || ctx.options.ci === "both";
const gitlabCi = (ctx: GateContext) => ctx.options.ci === "gitlab" || ctx.options.ci === "both";
const always = () => true;

function show(result: ProcessResult): string {
  return `exit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim();
}

/** Run one or more commands in the project; the gate passes when all exit 0. */
async function commands(ctx: GateContext, list: [string, ...string[]][], timeoutMs = 300_000): Promise<GateOutcome> {
  const details: string[] = [];
  for (const [command, ...args] of list) {
    const result = await runProcess(command, args, { cwd: ctx.dir, env: ctx.env, timeoutMs });
    details.push(`$ ${command} ${args.join(" ")}\n${show(result)}`);
    if (result.code !== 0) return { ok: false, detail: details.join("\n\n") };
  }
  return { ok: true, detail: details.join("\n\n") };
}

function tool(name: string): string {
  return join(gateToolsBin, name);
}


function serviceAnswersHealthz(ctx: GateContext): Promise<GateOutcome> {
  return whileServing(
    ctx,
    {
      ready: async (port) => {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        const body = await response.text();
        return response.status === 200 ? `GET /healthz -> 200 ${body}` : undefined;
      },
    },
    async (_port, detail) => ({ ok: true, detail }),
  );
}

function yamlFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith(".yaml")).map((file) => join(dir, file)) : [];
}

/** The gates of shared/QUALITY-GATES.md, in the order a developer would run them. */
export const QUALITY_GATES: Gate[] = [
  { name: "lint (ruff check)", applies: always, run: (ctx) => commands(ctx, [["ruff", "check", "--no-cache", "."]]) },
  { name: "format (ruff format --check)", applies: always, run: (ctx) => commands(ctx, [["ruff", "format", "--check", "--no-cache", "."]]) },
  { name: "types (mypy strict)", applies: always, run: (ctx) => commands(ctx, [["mypy"]]) },
  {
    name: "tests (pytest, coverage >= 90 %, nothing skipped)",
    applies: always,
    run: async (ctx) => {
      const outcome = await commands(ctx, [["pytest", "-p", "no:cacheprovider"]]);
      // The harness provides every service, so a skipped test is a gate that did not run.
      const summary = outcome.detail.split("\n").filter((line) => /\d+ passed/.test(line)).pop() ?? "";
      if (outcome.ok && /skipped/.test(summary)) return { ok: false, detail: `tests were skipped: ${summary}\n${outcome.detail}` };
      return outcome;
    },
  },
  {
    name: "integration tests skip with a reason when no database is configured",
    applies: always,
    run: async (ctx) => {
      const { TEST_DATABASE_URL: _unset, ...env } = ctx.env;
      const result = await runProcess("pytest", ["-m", "integration", "-rs", "--no-cov", "-p", "no:cacheprovider"], { cwd: ctx.dir, env, timeoutMs: 300_000 });
      const detail = show(result);
      // Exit 5: the starter has no integration tests, which is fine.
      if (result.code === 5) return { ok: true, detail };
      const skipped = result.stdout.split("\n").filter((line) => line.startsWith("SKIPPED"));
      const ok = result.code === 0 && !/\d+ (passed|failed|error)/.test(result.stdout) && skipped.every((line) => /: \S/.test(line));
      return { ok, detail };
    },
  },
  {
    name: "demo",
    applies: always,
    run: async (ctx) => {
      const outcome = await commands(ctx, [[join(ctx.venvBin, String(ctx.options.name)), ...ctx.starter.demo.args]], 120_000);
      const printed = outcome.detail.split("\n").length;
      if (outcome.ok && printed < 6) return { ok: false, detail: `the demo printed almost nothing:\n${outcome.detail}` };
      return outcome;
    },
  },
  { name: "service (/healthz answers)", applies: (ctx) => ctx.starter.service !== null, run: serviceAnswersHealthz },
  { name: "workflows (actionlint)", applies: githubCi, run: (ctx) => commands(ctx, [[tool("actionlint"), "-color=false"]]) },
  { name: "workflow security (zizmor)", applies: githubCi, run: (ctx) => commands(ctx, [[tool("zizmor"), "--offline", "--no-progress", ".github/"]]) },
  {
    name: "CI schemas (check-jsonschema)",
    applies: always,
    run: (ctx) =>
      commands(ctx, [
        ...(githubCi(ctx)
          ? ([
              [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", ".github/workflows/ci.yml"],
              [tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml"],
            ] as [string, ...string[]][])
          : []),
        ...(gitlabCi(ctx)
          ? ([[tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"]] as [string, ...string[]][])
          : []),
      ]),
  },
  {
    name: "Dockerfile (hadolint + static assertions)",
    applies: always,
    run: async (ctx) => {
      const outcome = await commands(ctx, [[tool("hadolint"), "--failure-threshold", "style", "Dockerfile"]]);
      if (!outcome.ok) return outcome;
      const problems = dockerfileProblems(readFileSync(join(ctx.dir, "Dockerfile"), "utf8"), ctx);
      return problems.length === 0 ? outcome : { ok: false, detail: problems.join("\n") };
    },
  },
  {
    name: "Kubernetes (kubernetes-validate)",
    applies: (ctx) => ctx.options.kubernetes === true,
    run: async (ctx) => {
      const dir = join(ctx.dir, "deploy", "k8s");
      const kustomization = parseYaml(readFileSync(join(dir, "kustomization.yaml"), "utf8")) as { resources: string[] };
      const missing = kustomization.resources.filter((file) => !existsSync(join(dir, file)));
      if (missing.length > 0) return { ok: false, detail: `kustomization lists missing files: ${missing.join(", ")}` };
      const manifests = yamlFiles(dir).filter((file) => !file.endsWith("kustomization.yaml"));
      return commands(ctx, [[tool("kubernetes-validate"), "--strict", ...manifests]]);
    },
  },
  {
    name: "shell scripts (shellcheck, executable)",
    applies: always,
    run: async (ctx) => {
      const scripts = readdirSync(join(ctx.dir, "scripts")).filter((file) => file.endsWith(".sh")).map((file) => join("scripts", file));
      const notExecutable = scripts.filter((file) => (statSync(join(ctx.dir, file)).mode & 0o111) === 0);
      if (scripts.length === 0 || notExecutable.length > 0) return { ok: false, detail: `scripts: ${scripts.join(", ") || "none"}; not executable: ${notExecutable.join(", ")}` };
      return commands(ctx, [[tool("shellcheck"), ...scripts]]);
    },
  },
  { name: "pyproject (validate-pyproject)", applies: always, run: (ctx) => commands(ctx, [[tool("validate-pyproject"), "pyproject.toml"]]) },
  {
    name: "milestone checks fail on the fresh repo for the right reason",
    applies: always,
    run: async (ctx) => {
      const checks = readdirSync(join(ctx.dir, "milestones")).filter((file) => /^test_m\d+_.*\.py$/.test(file));
      if (checks.length < 3) return { ok: false, detail: `only ${checks.length} acceptance checks in milestones/` };
      const details: string[] = [];
      for (const check of checks) {
        // Wide enough that pytest never cuts the reason off a summary line.
        const env = { ...ctx.env, COLUMNS: "1000" };
        const result = await runProcess("pytest", ["--no-cov", "-p", "no:cacheprovider", "-q", "-rfE", join("milestones", check)], { cwd: ctx.dir, env, timeoutMs: 120_000 });
        const summary = result.stdout.split("\n").filter((line) => /^(FAILED|ERROR) /.test(line));
        // Exit 1 is "tests failed"; 2 and up are collection or usage errors (an import or syntax error).
        const wrong = summary.filter((line) => !/ - Failed: milestone \d+ not done: /.test(line));
        if (result.code !== 1 || summary.length === 0 || wrong.length > 0) {
          return { ok: false, detail: `${check}: exit ${result.code}, expected every test to fail with "milestone N not done: …"\n${result.stdout}\n${result.stderr}` };
        }
        details.push(`${check}: ${summary.length} failing for the missing feature`);
      }
      return { ok: true, detail: details.join("\n") };
    },
  },
];

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { gateToolsBin } from "../../helpers/paths.js";
import { runProcess } from "../../helpers/run-process.js";
import type { GateContext } from "../gate-context.js";
import type { Gate, GateOutcome } from "../quality-gates.js";

/**
 * Real-tool contract gates for cicd-framework: outputs checked by the real tool the starter
 * imitates (see shared/QUALITY-GATES.md, "real-tool contracts"). Each gate's
 * `applies` is already limited to this starter by contract-gates.ts.
 *
 * The pipeline's own CI exports (not the project's ci.yml) go through actionlint (which
 * also runs shellcheck on every `run:` when it is on PATH) and the GitHub workflow and
 * GitLab CI JSON schemas of check-jsonschema.
 */

const tool = (name: string) => join(gateToolsBin, name);
const cli = (ctx: GateContext) => join(ctx.venvBin, String(ctx.options.name));

/** Run commands in order; stop at the first that does not exit 0. A missing tool fails. */
async function steps(ctx: GateContext, list: [string, ...string[]][]): Promise<GateOutcome> {
  const details: string[] = [];
  for (const [command, ...args] of list) {
    const result = await runProcess(command, args, { cwd: ctx.dir, env: ctx.env, timeoutMs: 120_000 });
    details.push(`$ ${command} ${args.join(" ")}\nexit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim());
    if (result.code === 127) details.push(`${command} not found: run scripts/install-gate-tools.sh`);
    if (result.code !== 0) return { ok: false, detail: details.join("\n\n") };
  }
  return { ok: true, detail: details.join("\n\n") };
}

function withTempDir(run: (dir: string) => Promise<GateOutcome>): Promise<GateOutcome> {
  const dir = mkdtempSync(join(tmpdir(), "cicd-contract-"));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * A spec using every feature the exporters translate: branch filters with dependants,
 * retries, always/on_failure, allowed failure, artifacts from several directories.
 */
const FEATURE_SPEC = {
  name: "contract",
  python: "3.11",
  env: { MODE: "ci" },
  stages: [
    {
      name: "build",
      steps: [
        { name: "compile", run: ["{python}", "-c", "print('x')"], artifacts: ["dist/*.whl", "reports/unit.xml"], retries: 2, retry_delay: 1 },
        { name: "_docs", needs: [], run: "python -m pydoc -w json", artifacts: ["json.html"] },
      ],
    },
    {
      name: "release",
      steps: [
        { name: "publish", branches: ["main", "release/*"], run: ["{python}", "-c", "print('publish')"] },
        { name: "announce", needs: ["publish"], run: ["echo", "it's out"] },
        { name: "cleanup", needs: ["publish"], when: "always", run: ["true"], allow_failure: true },
        { name: "page-someone", when: "on_failure", run: ["echo", "failed"] },
      ],
    },
  ],
};

async function exportBoth(ctx: GateContext, dir: string, specArgs: string[]): Promise<{ github: string; gitlab: string; outcome: GateOutcome }> {
  const github = join(dir, ".github", "workflows", "pipeline.yml");
  const gitlab = join(dir, ".gitlab-ci.yml");
  mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
  const outcome = await steps(ctx, [
    [cli(ctx), "export", ...specArgs, "--format", "github", "-o", github],
    [cli(ctx), "export", ...specArgs, "--format", "gitlab", "-o", gitlab],
  ]);
  return { github, gitlab, outcome };
}

function checks(ctx: GateContext, github: string, gitlab: string): Promise<GateOutcome> {
  return steps(ctx, [
    [tool("actionlint"), "-color=false", "-shellcheck", tool("shellcheck"), github],
    [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", github],
    [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", gitlab],
  ]);
}

export const gates: Gate[] = [
  {
    name: "exported CI of the example spec passes actionlint and the GitHub/GitLab schemas",
    applies: () => true,
    run: (ctx) =>
      withTempDir(async (dir) => {
        const { github, gitlab, outcome } = await exportBoth(ctx, dir, ["--demo"]);
        if (!outcome.ok) return outcome;
        const checked = await checks(ctx, github, gitlab);
        return { ok: checked.ok, detail: `${outcome.detail}\n\n${checked.detail}` };
      }),
  },
  {
    name: "exported CI of a spec using every exporter feature passes actionlint and the schemas",
    applies: () => true,
    run: (ctx) =>
      withTempDir(async (dir) => {
        const spec = join(dir, "features.yaml");
        writeFileSync(spec, stringify(FEATURE_SPEC));
        const { github, gitlab, outcome } = await exportBoth(ctx, dir, [spec]);
        if (!outcome.ok) return outcome;
        const checked = await checks(ctx, github, gitlab);
        return { ok: checked.ok, detail: `${outcome.detail}\n\n${checked.detail}` };
      }),
  },
];

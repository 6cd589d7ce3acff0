import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { runProcess, type ProcessResult } from "../../helpers/run-process.js";
import type { GateContext } from "../gate-context.js";
import type { Gate, GateOutcome } from "../quality-gates.js";
import { whileServing } from "../while-serving.js";

/**
 * Real-tool contract gates for monitoring: outputs checked by the real tool the starter
 * imitates (see shared/QUALITY-GATES.md, "real-tool contracts"). Each gate's
 * `applies` is already limited to this starter by contract-gates.ts.
 *
 * promtool (Debian `prometheus`) must be on PATH; when it is not, the gates fail saying so.
 */

function show(command: string, args: string[], result: ProcessResult): string {
  return `$ ${command} ${args.join(" ")}\nexit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim();
}

/** Run commands in order; stop at the first that does not exit 0. */
async function steps(ctx: GateContext, list: [string, string[], string?][]): Promise<GateOutcome> {
  const details: string[] = [];
  for (const [command, args, input] of list) {
    const result = await runProcess(command, args, { cwd: ctx.dir, env: ctx.env, timeoutMs: 120_000, input });
    details.push(show(command, args, result));
    if (result.code === 127) details.push(`${command} not found: install it (Debian package "prometheus" for promtool)`);
    if (result.code !== 0) return { ok: false, detail: details.join("\n\n") };
  }
  return { ok: true, detail: details.join("\n\n") };
}

const cli = (ctx: GateContext) => join(ctx.venvBin, String(ctx.options.name));
/** The exported metric prefix, as the project's settings.py says it. */
async function metricPrefix(ctx: GateContext): Promise<string> {
  const result = await runProcess(cli(ctx), ["export-rules", "--config", "/dev/null"], { cwd: ctx.dir, env: ctx.env });
  const match = /name: (\w+)_alerts/.exec(result.stdout);
  if (!match) throw new Error(`cannot read the metric prefix from export-rules:\n${result.stdout}${result.stderr}`);
  return match[1] ?? "";
}

function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "monitoring-contract-"));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * A config whose values the old exporter got wrong: thresholds "%g" rounded, matcher values
 * with quotes/backslashes/newlines, literal "{{" that Go templates would parse as actions.
 */
const TRICKY_CONFIG = {
  rules: [
    {
      alert: "CpuJustAbove",
      metric: "host_cpu_percent",
      op: ">",
      threshold: 90.0000001,
      labels: { severity: "warning {{ not a template }}" },
      annotations: { summary: "CPU {{ literal }} at {value}% on {instance}{nolabel}" },
    },
    {
      alert: "DiskOddMount",
      metric: "host_disk_percent",
      op: ">=",
      threshold: 0.30000000000000004,
      for: "90s",
      matchers: { mountpoint: 'C:\\ "data"\nnext é' },
      annotations: { summary: "{mountpoint} at {value}" },
    },
    {
      alert: "TinyLatency",
      metric: "probe_duration_seconds",
      op: "<",
      threshold: 1e-7,
      annotations: { summary: "{target} {{value}} }} {" },
    },
  ],
};

/** PromQL/Go string literal (JSON escapes are a subset of Go's). */
const quote = (text: string) => JSON.stringify(text);

/**
 * promtool unit tests: Prometheus evaluates the exported rules on series chosen right at
 * the thresholds. Expected alerts are what the starter's own evaluator does (see its
 * test_rules/test_exporters): fire only strictly past the exact threshold, labels kept
 * verbatim, `{value}` printed like Go's %v, a missing label rendered empty.
 */
function promtoolTests(prefix: string, rulesFile: string): unknown {
  const series = (metric: string, labels: Record<string, string>) =>
    `${prefix}_${metric}{${Object.entries(labels).map(([k, v]) => `${k}=${quote(v)}`).join(",")}}`;
  const oddMount = 'C:\\ "data"\nnext é';
  return {
    rule_files: [rulesFile],
    evaluation_interval: "1m",
    tests: [
      {
        interval: "1m",
        input_series: [
          { series: series("host_cpu_percent", { instance: "below" }), values: "90.00000005x5" },
          { series: series("host_cpu_percent", { instance: "above" }), values: "90.0000002x5" },
        ],
        alert_rule_test: [
          {
            eval_time: "2m",
            alertname: "CpuJustAbove",
            exp_alerts: [
              {
                exp_labels: { instance: "above", severity: "warning {{ not a template }}" },
                exp_annotations: { summary: "CPU {{ literal }} at 90.0000002% on above" },
              },
            ],
          },
        ],
      },
      {
        interval: "1m",
        input_series: [
          { series: series("host_disk_percent", { mountpoint: oddMount }), values: "0.30000000000000004x5" },
          { series: series("host_disk_percent", { mountpoint: "/other" }), values: "99x5" },
        ],
        alert_rule_test: [
          { eval_time: "1m", alertname: "DiskOddMount", exp_alerts: [] },
          {
            eval_time: "2m",
            alertname: "DiskOddMount",
            exp_alerts: [{ exp_labels: { mountpoint: oddMount }, exp_annotations: { summary: `${oddMount} at 0.30000000000000004` } }],
          },
        ],
      },
      {
        interval: "1m",
        input_series: [
          { series: series("host_disk_percent", { mountpoint: oddMount }), values: "0.3x5" },
          { series: series("probe_duration_seconds", { target: "t" }), values: "0.00000005x5" },
        ],
        alert_rule_test: [
          { eval_time: "3m", alertname: "DiskOddMount", exp_alerts: [] },
          {
            eval_time: "1m",
            alertname: "TinyLatency",
            exp_alerts: [{ exp_labels: { target: "t" }, exp_annotations: { summary: "t {5e-08} }} {" } }],
          },
        ],
      },
    ],
  };
}


/** The body of a scrape that follows one full cycle of `serve`. */
async function scrapeAfterOneCycle(port: number): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const body = await response.text();
  // After the first cycle the probe series exist (the bundled config probes serve itself).
  return response.status === 200 && body.includes("_probe_up{") ? body : undefined;
}

export const gates: Gate[] = [
  {
    name: "promtool check rules on export-rules of the bundled config",
    applies: () => true,
    run: (ctx) =>
      withTempDir((dir) => {
        const file = join(dir, "bundled.rules.yml");
        return steps(ctx, [
          [cli(ctx), ["export-rules", "-o", file]],
          ["promtool", ["check", "rules", file]],
        ]);
      }),
  },
  {
    name: "promtool check + test rules on a config with tricky thresholds and matcher values",
    applies: () => true,
    run: (ctx) =>
      withTempDir(async (dir) => {
        const config = join(dir, "tricky.yaml");
        const rules = join(dir, "tricky.rules.yml");
        const tests = join(dir, "tricky.test.yml");
        writeFileSync(config, stringify(TRICKY_CONFIG));
        writeFileSync(tests, stringify(promtoolTests(await metricPrefix(ctx), rules)));
        return steps(ctx, [
          [cli(ctx), ["export-rules", "--config", config, "-o", rules]],
          ["promtool", ["check", "rules", rules]],
          ["promtool", ["test", "rules", tests]],
        ]);
      }),
  },
  {
    name: "promtool check metrics on a live /metrics scrape of serve",
    applies: () => true,
    run: async (ctx) => {
      return whileServing(ctx, { args: ["--dry-run", "--interval", "1"], ready: scrapeAfterOneCycle }, async (_port, body) => {
        const outcome = await steps(ctx, [["promtool", ["check", "metrics"], body]]);
        return { ok: outcome.ok, detail: `GET /metrics -> 200 after cycle 1\n${outcome.detail}\n\n${body}` };
      });
    },
  },
];

import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "../../helpers/run-process.js";
import type { GateContext } from "../gate-context.js";
import type { Gate, GateOutcome } from "../quality-gates.js";
import { whileServing } from "../while-serving.js";

/**
 * Real-tool contract gates for mlops-pipeline, against the live `serve` process: its
 * /metrics scrape linted by Prometheus's own `promtool check metrics`, and /predict's
 * refusals of non-finite numbers, ragged rows and oversized bodies (counted in
 * /metrics). Each gate's `applies` is already limited to this starter.
 */


interface Reply {
  status: number;
  body: string;
}

/** One request on its own connection (no keep-alive: a refused body must not poison the next). */
function call(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, timeout: 60_000, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end(body);
  });
}

/** Run `serve` on a scratch registry (it bootstraps two versions) and hand its port to `check`. */
async function withServer(ctx: GateContext, check: (port: number) => Promise<GateOutcome>): Promise<GateOutcome> {
  const registry = mkdtempSync(join(tmpdir(), "mlops-registry-"));
  try {
    return await whileServing(
      ctx,
      {
        args: ["--tracking", "local"],
        env: { MODEL_REGISTRY_DIR: join(registry, "registry") },
        timeoutMs: 120_000,
        ready: async (port) => ((await call(port, "GET", "/healthz")).status === 200 ? "up" : undefined),
      },
      async (port, _up, output) => {
        const outcome = await check(port);
        return outcome.ok ? outcome : { ok: false, detail: `${outcome.detail}\n--- serve output ---\n${output()}` };
      },
    );
  } finally {
    rmSync(registry, { recursive: true, force: true });
  }
}

const json = { "content-type": "application/json" };

async function scrapePassesPromtool(ctx: GateContext): Promise<GateOutcome> {
  return withServer(ctx, async (port) => {
    // Populate every family (a prediction, a rejection) before the scrape.
    const models = JSON.parse((await call(port, "GET", "/models")).body) as { versions: { card: { feature_names: string[] } }[] };
    const width = models.versions[0]?.card.feature_names.length ?? 0;
    await call(port, "POST", "/predict", JSON.stringify({ instances: [Array(width).fill(0)] }), json);
    await call(port, "POST", "/predict", JSON.stringify({ instances: [[1]] }), json);
    const scrape = await call(port, "GET", "/metrics");
    if (scrape.status !== 200 || !scrape.body.includes("# TYPE")) return { ok: false, detail: `GET /metrics -> ${scrape.status}\n${scrape.body}` };
    // promtool is Prometheus's own linter for the exposition format (Debian `prometheus`).
    const lint = await runProcess("promtool", ["check", "metrics"], { env: ctx.env, input: scrape.body, timeoutMs: 60_000 });
    const detail = `$ curl /metrics | promtool check metrics\nexit ${lint.code}\n${lint.stdout}${lint.stderr}`.trim();
    return { ok: lint.code === 0, detail: lint.code === 127 ? `promtool is not installed (Debian package prometheus)\n${detail}` : detail };
  });
}

async function predictRefusesUnusableInput(ctx: GateContext): Promise<GateOutcome> {
  return withServer(ctx, async (port) => {
    const models = JSON.parse((await call(port, "GET", "/models")).body) as { versions: { card: { feature_names: string[] } }[] };
    const width = models.versions[0]?.card.feature_names.length ?? 0;
    if (width === 0) return { ok: false, detail: "GET /models listed no served version" };
    const row = (first: string) => `{"instances": [[${[first, ...Array<string>(width - 1).fill("0.0")].join(", ")}]]}`;
    const cases: [string, string, Record<string, string>, number][] = [
      ["a valid row", row("0.0"), json, 200],
      // Python's json reads NaN/Infinity literals and overflows 1e999 to inf.
      ["NaN", row("NaN"), json, 422],
      ["Infinity", row("Infinity"), json, 422],
      ["1e999", row("1e999"), json, 422],
      ["ragged rows", '{"instances": [[0.0, 0.0], [0.0]]}', json, 422],
      ["a 10 MB declared body", "", { ...json, "Content-Length": String(10 * 1024 * 1024) }, 413],
    ];
    const lines: string[] = [];
    let ok = true;
    for (const [label, body, headers, expected] of cases) {
      const reply = await call(port, "POST", "/predict", body, headers).catch((error: Error) => ({ status: -1, body: error.message }));
      const good = reply.status === expected;
      ok &&= good;
      lines.push(`${good ? "ok " : "BAD"} ${label} -> ${reply.status} (want ${expected})${good ? "" : ` ${reply.body.slice(0, 200)}`}`);
    }
    const metrics = (await call(port, "GET", "/metrics")).body;
    for (const reason of ["non_finite", "bad_shape", "body_too_large"]) {
      const counted = new RegExp(`_prediction_errors_total\\{reason="${reason}"\\} [1-9]`).test(metrics);
      ok &&= counted;
      lines.push(`${counted ? "ok " : "BAD"} rejections counted as reason="${reason}"`);
    }
    return { ok, detail: lines.join("\n") };
  });
}

export const gates: Gate[] = [
  { name: "live /metrics scrape passes promtool check metrics", applies: () => true, run: scrapePassesPromtool },
  { name: "live /predict refuses NaN, infinity, ragged rows and oversized bodies, and counts them", applies: () => true, run: predictRefusesUnusableInput },
];

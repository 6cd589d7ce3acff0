import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess, type ProcessResult } from "../../helpers/run-process.js";
import { gateToolsBin } from "../../helpers/paths.js";
import type { GateContext } from "../gate-context.js";
import type { Gate, GateOutcome } from "../quality-gates.js";
import { whileServing } from "../while-serving.js";

/**
 * Real-tool contract gates for compliance-dashboard: its real SARIF output checked with
 * check-jsonschema against the OASIS SARIF 2.1.0 schema the project keeps as a test
 * fixture, GitHub code scanning's ingestion rules, and the live dashboard's Host and
 * cross-site guards. Each gate's `applies` is already limited to this starter.
 */

const SCHEMA = join("tests", "fixtures", "sarif-schema-2.1.0.json");

function show(result: ProcessResult): string {
  return `exit ${result.code ?? result.signal} after ${result.ms} ms\n${result.stdout}\n${result.stderr}`.trim();
}

/** The project's own `scan --format sarif` on the demo data plus its hostile test reports. */
async function withSarif(ctx: GateContext, check: (path: string) => Promise<GateOutcome>): Promise<GateOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), "compliance-sarif-"));
  try {
    const out = join(scratch, "compliance.sarif");
    const args = ["scan", "--demo", "--format", "sarif", "--output", out];
    const reports: [string, string][] = [["--bandit", "bandit.json"], ["--trivy", "trivy.json"], ["--pip-audit", "pip-audit.json"]];
    for (const [flag, file] of reports) {
      const fixture = join(ctx.dir, "tests", "fixtures", file);
      if (existsSync(fixture)) args.push(flag, fixture);
    }
    const scan = await runProcess(join(ctx.venvBin, String(ctx.options.name)), args, { cwd: ctx.dir, env: ctx.env, timeoutMs: 120_000 });
    if (scan.code !== 0 || !existsSync(out)) return { ok: false, detail: `scan --format sarif failed\n${show(scan)}` };
    return await check(out);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => String(obj(value).text ?? "");

/**
 * GitHub docs, "SARIF support for code scanning": a run needs tool.driver.name; each rule
 * an id, shortDescription.text, fullDescription.text and help.text, at most 20 tags and a
 * security-severity from 0.0 to 10.0; each result a message.text and a location whose
 * physicalLocation.artifactLocation.uri is relative to the repository root (results
 * without one are rejected); at most 25,000 results per run and 20 runs per file.
 */
export function githubSarifProblems(sarif: Json): string[] {
  const problems: string[] = [];
  if (sarif.version !== "2.1.0") problems.push(`version is ${String(sarif.version)}, not 2.1.0`);
  const runs = arr(sarif.runs);
  if (runs.length === 0 || runs.length > 20) problems.push(`${runs.length} runs (GitHub takes 1 to 20)`);
  for (const [r, runValue] of runs.entries()) {
    const run = obj(runValue);
    const driver = obj(obj(run.tool).driver);
    if (!driver.name) problems.push(`run ${r}: tool.driver.name missing`);
    const rules = arr(driver.rules).map(obj);
    const ids = rules.map((rule) => String(rule.id ?? ""));
    if (new Set(ids).size !== ids.length) problems.push(`run ${r}: duplicate rule ids`);
    for (const rule of rules) {
      const id = String(rule.id ?? "");
      if (!id) problems.push(`run ${r}: a rule has no id`);
      for (const field of ["shortDescription", "fullDescription", "help"]) {
        const value = text(rule[field]);
        if (!value) problems.push(`rule ${id}: ${field}.text missing`);
        if (value.length > 1024 && field !== "help") problems.push(`rule ${id}: ${field} over 1024 characters`);
      }
      const properties = obj(rule.properties);
      if (arr(properties.tags).length > 20) problems.push(`rule ${id}: more than 20 tags`);
      const severity = Number(properties["security-severity"]);
      if ("security-severity" in properties && !(severity >= 0 && severity <= 10)) problems.push(`rule ${id}: security-severity ${String(properties["security-severity"])}`);
    }
    const results = arr(run.results).map(obj);
    // Rule-level descriptions: a description that starts one result's message but not
    // another's of the same rule was copied from the first finding.
    for (const [index, rule] of rules.entries()) {
      const description = text(rule.shortDescription);
      const messages = results.filter((result) => Number(result.ruleIndex) === index).map((result) => text(result.message));
      const starts = messages.filter((message) => message.startsWith(description)).length;
      if (description && starts > 0 && starts < messages.length) problems.push(`rule ${ids[index]}: shortDescription copied from one finding: ${description}`);
    }
    if (results.length > 25_000) problems.push(`run ${r}: ${results.length} results (GitHub keeps 25,000)`);
    for (const [i, result] of results.entries()) {
      const where = `result ${i} (${String(result.ruleId)})`;
      if (!text(result.message)) problems.push(`${where}: message.text missing`);
      const index = Number(result.ruleIndex);
      if (ids[index] !== result.ruleId) problems.push(`${where}: ruleIndex ${index} names rule ${ids[index]}`);
      const locations = arr(result.locations).map(obj);
      if (locations.length < 1) problems.push(`${where}: no location`);
      const uri = String(obj(obj(locations[0]?.physicalLocation).artifactLocation).uri ?? "");
      if (!uri) problems.push(`${where}: no physicalLocation.artifactLocation.uri`);
      else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("/") || uri.includes("\\")) problems.push(`${where}: uri ${uri} is not repository-relative`);
      const region = obj(obj(locations[0]?.physicalLocation).region);
      if ("startLine" in region && !(Number(region.startLine) >= 1)) problems.push(`${where}: startLine ${String(region.startLine)}`);
    }
  }
  return problems;
}


/** One raw HTTP request with exactly the headers given (fetch would not let us set Host). */
function call(port: number, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, timeout: 30_000, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}

function liveDashboardGuards(ctx: GateContext): Promise<GateOutcome> {
  const local = (port: number) => `127.0.0.1:${port}`;
  return whileServing(
    ctx,
    {
      env: { DASHBOARD_TOKEN: "", DASHBOARD_ALLOWED_HOSTS: "" },
      ready: async (port) => ((await call(port, "GET", "/healthz", { Host: local(port) })).status === 200 ? "up" : undefined),
    },
    async (port, _up, output) => {
      const expectations: [string, string, string, Record<string, string>, number][] = [
        ["local Host is served", "GET", "/api/scores", { Host: local(port) }, 200],
        // DNS rebinding: the browser sends the attacker's name as Host.
        ["foreign Host is refused", "GET", "/api/scores", { Host: "rebind.attacker.example" }, 400],
        // A form post from another site carries its Origin.
        ["cross-site rescan is refused", "POST", "/api/rescan", { Host: local(port), Origin: "https://attacker.example" }, 403],
        ["oversized body is refused", "POST", "/api/rescan", { Host: local(port), "Content-Length": String(10 * 1024 * 1024) }, 413],
      ];
      const lines: string[] = [];
      let ok = true;
      for (const [label, method, path, headers, expected] of expectations) {
        const response = await call(port, method, path, headers).catch((error: Error) => ({ status: -1, headers: { error: error.message } as Record<string, unknown> }));
        const headerOk = response.headers["x-content-type-options"] === "nosniff" && String(response.headers["content-security-policy"] ?? "").includes("frame-ancestors 'none'");
        const good = response.status === expected && headerOk;
        ok &&= good;
        lines.push(`${good ? "ok " : "BAD"} ${label}: ${method} ${path} -> ${response.status} (want ${expected}; nosniff+CSP ${headerOk ? "present" : "missing"})`);
      }
      return { ok, detail: lines.join("\n") + (ok ? "" : `\n${output()}`) };
    },
  );
}

export const gates: Gate[] = [
  {
    name: "SARIF validates against the OASIS SARIF 2.1.0 schema (check-jsonschema)",
    applies: () => true,
    run: (ctx) =>
      withSarif(ctx, async (sarif) => {
        const schema = join(ctx.dir, SCHEMA);
        if (!existsSync(schema)) return { ok: false, detail: `schema fixture ${SCHEMA} is missing` };
        // check-jsonschema also checks formats (uri, uri-reference), like GitHub's validator.
        const result = await runProcess(join(gateToolsBin, "check-jsonschema"), ["--schemafile", schema, sarif], { cwd: ctx.dir, env: ctx.env, timeoutMs: 120_000 });
        return { ok: result.code === 0, detail: `$ check-jsonschema --schemafile ${SCHEMA} compliance.sarif\n${show(result)}` };
      }),
  },
  {
    name: "SARIF meets GitHub code scanning's ingestion rules",
    applies: () => true,
    run: (ctx) =>
      withSarif(ctx, async (path) => {
        const sarif = obj(JSON.parse(readFileSync(path, "utf8")));
        const results = arr(obj(arr(sarif.runs)[0]).results).length;
        if (results === 0) return { ok: false, detail: "the demo scan produced no SARIF results, so nothing was checked" };
        const problems = githubSarifProblems(sarif);
        return { ok: problems.length === 0, detail: problems.length ? problems.join("\n") : `${results} results, every one with a repository-relative physical location and a rule-level description` };
      }),
  },
  { name: "live dashboard refuses foreign Host, cross-site POST and huge bodies", applies: () => true, run: liveDashboardGuards },
];

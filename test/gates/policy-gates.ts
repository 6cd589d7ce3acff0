/**
 * Policy gates: checkov (offline) on the manifests, the Dockerfile and the workflows,
 * what `kubectl apply -k` would deploy (no kustomize binary here: the images: entry is
 * applied the way kustomize applies it), and the release workflow's schema.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments, parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { gateToolsBin, repoRoot } from "../helpers/paths.js";
import { runProcess } from "../helpers/run-process.js";
import type { GateContext } from "./gate-context.js";
import type { Gate, GateOutcome } from "./quality-gates.js";

// checkov has a virtualenv of its own (scripts/install-gate-tools.sh): its pins clash with the other tools.
const checkovBin = process.env.CHECKOV_BIN ?? join(repoRoot, ".cache", "checkov", "bin", "checkov");

const githubCi = (ctx: GateContext) => ctx.options.ci === "github" || ctx.options.ci === "both";
const kubernetes = (ctx: GateContext) => ctx.options.kubernetes === true;

interface CheckovCheck {
  check_id: string;
  file_path: string;
  resource: string;
  check_name?: string;
  check_result?: { suppress_comment?: string };
}
interface CheckovReport {
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number };
  results: { passed_checks: CheckovCheck[]; failed_checks: CheckovCheck[]; skipped_checks: CheckovCheck[] };
}

const FRAMEWORK_OF: Record<string, string> = { dockerfile: "Dockerfile", kubernetes: "deploy/k8s", github_actions: ".github/workflows" };

function describeReport(framework: string, report: CheckovReport, expected: string[]): { ok: boolean; lines: string[] } {
  const { passed_checks: passed, failed_checks: failed, skipped_checks: skipped } = report.results;
  const lines = [`${framework} (${FRAMEWORK_OF[framework] ?? ""}): ${passed.length} passed, ${failed.length} failed, ${skipped.length} suppressed, ${report.summary.parsing_errors} parsing errors`];
  const scanned = new Set([...passed, ...failed, ...skipped].map((check) => check.file_path.replace(/^\//, "")));
  const unscanned = expected.filter((file) => file.startsWith(FRAMEWORK_OF[framework] ?? "?") && !scanned.has(file));
  for (const file of unscanned) lines.push(`  not scanned (checkov could not read it): ${file}`);
  for (const check of failed) lines.push(`  FAILED ${check.check_id} ${check.resource} (${check.file_path}): ${check.check_name ?? ""}`);
  const reason = (check: CheckovCheck) => (check.check_result?.suppress_comment ?? "").trim();
  // checkov fills in "No comment provided" for a bare skip.
  const unexplained = skipped.filter((check) => reason(check) === "" || /^no comment provided$/i.test(reason(check)));
  for (const check of unexplained) lines.push(`  suppressed without a reason: ${check.check_id} ${check.resource}`);
  for (const check of skipped) lines.push(`  suppressed ${check.check_id} ${check.resource}: ${reason(check)}`);
  const ok = failed.length === 0 && unexplained.length === 0 && unscanned.length === 0 && report.summary.parsing_errors === 0;
  return { ok, lines };
}

/**
 * checkov 3.3's bundled workflow schema predates the `attestations` and
 * `artifact-metadata` permissions and silently drops any workflow that uses them, so
 * workflows are scanned without those two keys (zizmor, actionlint and
 * test/unit/released-image.test.ts check the permissions themselves).
 */
function withoutPermissionsCheckovCannotRead(text: string): string {
  const workflow = parseYaml(text) as { jobs?: Record<string, { permissions?: Record<string, string> | string }> };
  for (const job of Object.values(workflow.jobs ?? {})) {
    if (job.permissions && typeof job.permissions === "object") {
      delete job.permissions.attestations;
      delete job.permissions["artifact-metadata"];
    }
  }
  return stringifyYaml(workflow);
}

/** One copy of what is scanned, so that checkov starts once (it takes seconds to start). */
function scanCopy(ctx: GateContext): { dir: string; frameworks: string[]; expected: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "policy-scan-"));
  const frameworks = ["dockerfile"];
  const expected = ["Dockerfile"];
  cpSync(join(ctx.dir, "Dockerfile"), join(dir, "Dockerfile"));
  if (kubernetes(ctx)) {
    frameworks.push("kubernetes");
    cpSync(join(ctx.dir, "deploy", "k8s"), join(dir, "deploy", "k8s"), { recursive: true });
    // The workloads must show up in the report: checkov skips a file it cannot parse without a word.
    for (const file of readdirSync(join(dir, "deploy", "k8s"))) if (/^(deployment|cronjob)\.yaml$/.test(file)) expected.push(`deploy/k8s/${file}`);
  }
  if (githubCi(ctx)) {
    frameworks.push("github_actions");
    const workflows = join(dir, ".github", "workflows");
    mkdirSync(workflows, { recursive: true });
    for (const file of readdirSync(join(ctx.dir, ".github", "workflows"))) {
      writeFileSync(join(workflows, file), withoutPermissionsCheckovCannotRead(readFileSync(join(ctx.dir, ".github", "workflows", file), "utf8")));
      expected.push(`.github/workflows/${file}`);
    }
  }
  return { dir, frameworks, expected };
}

async function policyCheck(ctx: GateContext): Promise<GateOutcome> {
  const { dir, frameworks, expected } = scanCopy(ctx);
  try {
    const args = ["--directory", ".", "--framework", ...frameworks, "--skip-download", "--output", "json", "--compact"];
    // No network: no platform download (--skip-download), no API key, no update check.
    const env = { ...process.env, CKV_SKIP_PACKAGE_UPDATE_CHECK: "true", BC_API_KEY: "", PRISMA_API_URL: "" };
    const result = await runProcess(checkovBin, args, { cwd: dir, env, timeoutMs: 300_000 });
    // Exit 1 means findings; anything else is a crash or a usage error.
    if (result.code !== 0 && result.code !== 1) return { ok: false, detail: `checkov ${args.join(" ")}: exit ${result.code}\n${result.stdout}\n${result.stderr}` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      return { ok: false, detail: `checkov ${args.join(" ")} printed no JSON report:\n${result.stdout}\n${result.stderr}` };
    }
    // One report per framework that found something to scan (a bare object when only one did).
    const reports = (Array.isArray(parsed) ? parsed : [parsed]) as Partial<CheckovReport & { check_type: string }>[];
    const lines: string[] = [];
    let ok = true;
    for (const framework of frameworks) {
      const report = reports.find((candidate) => candidate.check_type === framework && candidate.results);
      if (!report) {
        ok = false;
        lines.push(`${framework}: checkov scanned nothing in ${FRAMEWORK_OF[framework] ?? framework}`);
        continue;
      }
      const described = describeReport(framework, report as CheckovReport, expected);
      ok &&= described.ok;
      lines.push(...described.lines);
    }
    return { ok, detail: lines.join("\n") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface KubernetesObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
}

/** The containers of a workload, wherever its pod template sits (Deployment, CronJob, Job, Pod). */
function containersOf(object: KubernetesObject): { name?: string; image?: string }[] {
  const spec = object.spec as { template?: { spec?: unknown }; jobTemplate?: { spec?: { template?: { spec?: unknown } } }; containers?: unknown } | undefined;
  const pod = (spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec ?? spec) as { containers?: { name?: string; image?: string }[]; initContainers?: { name?: string; image?: string }[] } | undefined;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])];
}

/** `repo/name:tag` or `repo/name@sha256:…` -> `repo/name` (a registry port's colon is kept). */
function imageRepository(image: string): string {
  const withoutDigest = image.split("@")[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

async function kustomizeImages(ctx: GateContext): Promise<GateOutcome> {
  const dir = join(ctx.dir, "deploy", "k8s");
  const kustomization = parseYaml(readFileSync(join(dir, "kustomization.yaml"), "utf8")) as {
    namespace?: string;
    resources?: string[];
    images?: { name?: string; newName?: string; newTag?: string; digest?: string }[];
  };
  const problems: string[] = [];
  const resources = kustomization.resources ?? [];
  const missing = resources.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) return { ok: false, detail: `kustomization lists missing files: ${missing.join(", ")}` };
  const objects = resources.flatMap((file) => parseAllDocuments(readFileSync(join(dir, file), "utf8")).map((doc) => ({ file, object: doc.toJS() as KubernetesObject })));
  const containers = objects.flatMap(({ file, object }) => containersOf(object).map((container) => ({ file, container })));
  if (containers.length === 0) problems.push("no container in the kustomization's resources");
  const images = kustomization.images ?? [];
  if (images.length === 0) problems.push("kustomization.yaml has no images: entry; the deployed image is whatever the manifests happen to say");
  const built: string[] = [];
  for (const { file, container } of containers) {
    const image = container.image ?? "";
    // kustomize matches an entry by the image's name without tag or digest, and silently ignores entries that match nothing.
    const entry = images.find((candidate) => candidate.name === imageRepository(image));
    if (!entry) {
      problems.push(`${file}: container ${container.name ?? "?"} runs ${image}, which no images: entry names`);
      continue;
    }
    if (!entry.newTag && !entry.digest) problems.push(`images: entry ${entry.name} sets neither newTag nor digest`);
    built.push(`${entry.newName ?? entry.name}${entry.digest ? `@${entry.digest}` : `:${entry.newTag ?? ""}`}`);
  }
  const unused = images.filter((entry) => !containers.some(({ container }) => imageRepository(container.image ?? "") === entry.name));
  for (const entry of unused) problems.push(`images: entry ${entry.name} matches no container (kustomize ignores it)`);
  const wrongNamespace = objects.filter(({ object }) => object.kind !== "Namespace" && object.metadata?.namespace !== undefined && object.metadata.namespace !== kustomization.namespace);
  for (const { file, object } of wrongNamespace) problems.push(`${file}: ${object.kind} in namespace ${object.metadata?.namespace}, the kustomization sets ${kustomization.namespace}`);
  // The image it deploys is the one the Makefile builds and the release publishes.
  const makefile = readFileSync(join(ctx.dir, "Makefile"), "utf8");
  const makeImage = `${/^IMAGE \?= (\S+)$/m.exec(makefile)?.[1] ?? "?"}:${/^TAG \?= (\S+)$/m.exec(makefile)?.[1] ?? "?"}`;
  for (const image of built) if (image !== makeImage) problems.push(`kustomize deploys ${image}, make docker-build builds ${makeImage}`);
  return problems.length === 0 ? { ok: true, detail: `kustomize deploys ${[...new Set(built)].join(", ")} (= make docker-build)` } : { ok: false, detail: problems.join("\n") };
}

export const POLICY_GATES: Gate[] = [
  { name: "policy (checkov on manifests and Dockerfile)", applies: () => true, run: policyCheck },
  { name: "kustomize (resources exist, images: entry deploys the released image)", applies: kubernetes, run: kustomizeImages },
  {
    name: "release workflow schema (check-jsonschema)",
    applies: githubCi,
    run: async (ctx) => {
      const result = await runProcess(join(gateToolsBin, "check-jsonschema"), ["--builtin-schema", "vendor.github-workflows", ".github/workflows/release.yml"], { cwd: ctx.dir, env: ctx.env, timeoutMs: 120_000 });
      return { ok: result.code === 0, detail: `${result.stdout}\n${result.stderr}`.trim() };
    },
  },
];

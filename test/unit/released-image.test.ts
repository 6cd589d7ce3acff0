/**
 * One image reference: what the release workflow publishes is what the Makefile builds,
 * what the README tells people to load into a local cluster, and what deploy/k8s runs
 * (through the kustomization's images: entry). Also runs the release's first step, the
 * guard that stops a release whose repository would publish another image.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { planProject, type PlannedFile } from "../../src/plan-project.js";
import { loadStarters } from "../../src/starter-registry.js";
import { validateOptions } from "../../src/validate-options.js";
import { planVariants, type PlanVariant } from "../helpers/plan-variants.js";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface ReleaseWorkflow {
  on: { push: { tags: string[] } };
  permissions: unknown;
  jobs: Record<string, { permissions: Record<string, string>; env: Record<string, string>; steps: Step[] }>;
}
interface Kustomization {
  resources: string[];
  images: { name: string; newName: string; newTag: string }[];
}

const starters = await loadStarters();
const extraVariants: PlanVariant[] = [];
for (const id of ["monitoring", "cost-engine"]) {
  const starter = starters.find((s) => s.id === id);
  if (!starter) throw new Error(`no starter ${id}`);
  const options = await validateOptions({ template: id, name: "my-app", imageName: "acme/my-app", kubernetes: true, ci: "both" });
  extraVariants.push({ label: `${id} [--image-name acme/my-app]`, starter, options, files: planProject(options, starter) });
}
const variants = [...(await planVariants()), ...extraVariants];

function file(files: PlannedFile[], path: string): string | undefined {
  return files.find((f) => f.path === path)?.contents;
}

/** The release workflow, or an empty one when the project has none (so each test fails on its own). */
function releaseOf(files: PlannedFile[]): ReleaseWorkflow {
  return (parseYaml(file(files, ".github/workflows/release.yml") ?? "") as ReleaseWorkflow | null) ?? { on: { push: { tags: [] } }, permissions: undefined, jobs: {} };
}

function makeVariable(makefile: string, name: string): string | undefined {
  return new RegExp(`^${name} \\?= (\\S+)$`, "m").exec(makefile)?.[1];
}

describe.each(variants)("$label names one image everywhere", ({ files, options, starter }) => {
  const image = `ghcr.io/${String(options.imageName)}`;
  const makefile = file(files, "Makefile") ?? "";
  const readme = file(files, "README.md") ?? "";
  const version = (parseToml(file(files, "pyproject.toml") ?? "") as { project: { version: string } }).project.version;
  const githubCi = options.ci !== "gitlab";

  it("the Makefile builds IMAGE:TAG, the released name at the project's version", () => {
    expect(makeVariable(makefile, "IMAGE")).toBe(image);
    expect(makeVariable(makefile, "TAG")).toBe(version);
    expect(makefile).toMatch(/^docker-build:.*\n\tdocker build --tag \$\(IMAGE\):\$\(TAG\) \.$/m);
  });

  it("the README builds, runs and (with Kubernetes) loads that image, and names no other", () => {
    expect(readme).toContain("make docker-build");
    expect(readme).toContain(`${image}:${version}`);
    const named = [...readme.matchAll(/\bghcr\.io\/[a-z0-9._/-]*[a-z0-9]/g)].map((match) => match[0]);
    expect(new Set(named)).toEqual(new Set([image]));
    if (options.kubernetes) expect(readme).toContain(`kind load docker-image ${image}:${version}\nkubectl apply -k deploy/k8s`);
    expect(readme).not.toMatch(/:dev\b/);
  });

  it("deploy/k8s (when chosen) runs it through the kustomization's images: entry", () => {
    if (options.kubernetes !== true) return expect(files.filter((f) => f.path.startsWith("deploy/"))).toEqual([]);
    const kustomization = parseYaml(file(files, "deploy/k8s/kustomization.yaml") ?? "") as Kustomization;
    expect(kustomization.images).toEqual([{ name: image, newName: image, newTag: version }]);
    const workload = starter.service ? "deployment.yaml" : "cronjob.yaml";
    expect(kustomization.resources).toContain(workload);
    expect(kustomization.resources).toContain("networkpolicy.yaml");
    const images = [...(file(files, `deploy/k8s/${workload}`) ?? "").matchAll(/^\s+image: (\S+)$/gm)].map((match) => match[1]);
    // kustomize rewrites every container whose image is the entry's name.
    expect(images).toEqual([`${image}:${version}`]);
  });

  it("GitLab CI (when chosen) builds it", () => {
    const gitlab = file(files, ".gitlab-ci.yml");
    if (options.ci === "github") return expect(gitlab).toBeUndefined();
    const job = (parseYaml(gitlab ?? "") as Record<string, { variables?: Record<string, string>; script?: string[] }>)["docker-build"];
    expect(job?.variables?.IMAGE).toBe(image);
    expect(job?.script).toEqual(['docker build --tag "$IMAGE:$CI_COMMIT_SHORT_SHA" .']);
  });

  it("GitHub CI (when chosen) builds it and the release workflow publishes exactly it", () => {
    if (!githubCi) return expect(files.filter((f) => f.path.startsWith(".github/workflows/"))).toEqual([]);
    const ci = parseYaml(file(files, ".github/workflows/ci.yml") ?? "") as ReleaseWorkflow;
    expect(ci).not.toBeNull();
    const build = ci.jobs.docker?.steps.find((step) => step.uses?.startsWith("docker/build-push-action@"));
    expect(String(build?.with?.tags)).toBe(`${image}:ci`);
    const job = Object.values(releaseOf(files).jobs)[0];
    expect(job?.env.DEPLOYED_IMAGE).toBe(image);
    const steps = job?.steps ?? [];
    const push = steps.find((step) => step.uses?.startsWith("docker/build-push-action@"));
    expect(push?.with?.push).toBe(true);
    expect(push?.with?.tags).toBe("${{ steps.image.outputs.name }}:${{ steps.image.outputs.version }}");
    const attest = steps.find((step) => step.uses?.startsWith("actions/attest@"));
    expect(attest?.with).toMatchObject({ "subject-name": "${{ steps.image.outputs.name }}", "subject-digest": "${{ steps.push.outputs.digest }}" });
  });
});

describe.each(variants.filter((v) => v.options.ci !== "gitlab"))("$label release workflow is least privilege", ({ files }) => {
  const release = releaseOf(files);

  it("runs on version tags only, grants nothing by default, and the job only what publishing needs", () => {
    expect(release.on).toEqual({ push: { tags: ["v*"] } });
    expect(release.permissions).toEqual({});
    expect(Object.keys(release.jobs)).toHaveLength(1);
    const job = Object.values(release.jobs)[0];
    expect(job?.permissions).toEqual({ contents: "read", packages: "write", "id-token": "write", attestations: "write", "artifact-metadata": "write" });
    for (const step of (job?.steps ?? []).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
      expect(step.with?.["persist-credentials"]).toBe(false);
    }
  });

  it("interpolates no expression into a script (values reach run: through env only)", () => {
    for (const step of Object.values(release.jobs).flatMap((job) => job.steps)) {
      if (step.run !== undefined) expect(step.run, step.name).not.toContain("${{");
    }
  });
});

describe("the release's first step (the image guard), run in bash", () => {
  const variant = extraVariants[0] as PlanVariant;
  const job = Object.values(releaseOf(variant.files).jobs)[0];
  const script = job?.steps.find((step) => step.id === "image")?.run ?? "";

  function guard(repository: string, tag: string): { code: number | null; output: string; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), "release-guard-"));
    try {
      const outputFile = join(dir, "output");
      const result = spawnSync("bash", ["-e", "-c", script], {
        env: { PATH: process.env.PATH, GITHUB_REPOSITORY: repository, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: outputFile, DEPLOYED_IMAGE: job?.env.DEPLOYED_IMAGE ?? "" },
        encoding: "utf8",
      });
      let output = "";
      try {
        output = readFileSync(outputFile, "utf8");
      } catch {
        // the guard stopped before writing
      }
      return { code: result.status, output, stderr: result.stdout + result.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("passes the lower-cased repository name and the version without its v", () => {
    expect(script).not.toBe("");
    const result = guard("Acme/My-App", "v1.2.3");
    expect(result.code, result.stderr).toBe(0);
    expect(result.output).toBe("name=ghcr.io/acme/my-app\nversion=1.2.3\n");
  });

  it("stops a repository that would publish an image the project does not deploy, and says what to change", () => {
    const result = guard("acme/other-name", "v1.2.3");
    expect(result.code).toBe(1);
    expect(result.output).toBe("");
    expect(result.stderr).toContain("::error::this repository publishes ghcr.io/acme/other-name, but the Makefile, the README and deploy/k8s name ghcr.io/acme/my-app");
  });

  it("stops a tag that is not a version", () => {
    for (const tag of ["vnext", "v1.2", "v1.2.3/../x"]) {
      const result = guard("acme/my-app", tag);
      expect(result.code, tag).toBe(1);
      expect(result.stderr).toContain(`::error::tag ${tag} is not a version`);
    }
  });
});

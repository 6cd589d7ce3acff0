import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { planProject } from "../../src/plan-project.js";
import { findStarter } from "../../src/starter-registry.js";
import type { StarterDefinition } from "../../src/starter-definition.js";
import { validateOptions } from "../../src/validate-options.js";

const starter = (await findStarter("cost-engine")) as StarterDefinition;

async function filesFor(lock: boolean): Promise<Map<string, string>> {
  const options = await validateOptions({ template: "cost-engine", name: "lock-check", ci: "both", lock });
  return new Map(planProject(options, starter).map((file) => [file.path, file.contents]));
}

interface Workflow {
  jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>;
}

const runs = (workflow: Workflow, job: string) => (workflow.jobs[job]?.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));

describe("locked by default: every consumer installs from uv.lock", async () => {
  const files = await filesFor(true);

  it("GitHub CI checks the lock is current and syncs --locked in every job that installs", () => {
    const workflow = parseYaml(files.get(".github/workflows/ci.yml") ?? "") as Workflow;
    expect(runs(workflow, "lint")).toContain("uv lock --check");
    expect(runs(workflow, "lint")).toContain("uv sync --locked");
    expect(runs(workflow, "test")).toContain("uv sync --locked");
    expect(Object.keys(workflow.jobs).flatMap((job) => runs(workflow, job)).filter((run) => /^uv sync\b/.test(run) && !run.includes("--locked"))).toEqual([]);
  });

  it("GitLab CI checks the lock and syncs --locked; its cache follows the lock", () => {
    const pipeline = parseYaml(files.get(".gitlab-ci.yml") ?? "") as Record<string, { script?: string[]; before_script?: string[] }> & { default: { cache: { key: { files: string[] } } } };
    expect(pipeline[".uv"]?.before_script).toContain("uv sync --locked");
    expect(pipeline.lint?.script?.[0]).toBe("uv lock --check");
    expect(pipeline.default.cache.key.files).toEqual(["pyproject.toml", "uv.lock"]);
  });

  it("the Dockerfile copies uv.lock before the first sync and both syncs are --locked", () => {
    const lines = (files.get("Dockerfile") ?? "").split("\n");
    const copy = lines.findIndex((line) => /^COPY .*\buv\.lock\b/.test(line));
    const syncs = lines.map((line, i) => [line, i] as const).filter(([line]) => /^RUN uv sync\b/.test(line));
    expect(copy).toBeGreaterThan(-1);
    expect(syncs.length).toBe(2);
    for (const [line, i] of syncs) {
      expect(line).toContain("--locked");
      expect(i).toBeGreaterThan(copy);
    }
  });

  it("scripts/check.sh checks the lock before syncing from it", () => {
    const script = files.get("scripts/check.sh") ?? "";
    expect(script).toMatch(/^uv lock --check\b.*\nuv sync --locked$/m);
  });

  it("Dependabot watches the uv ecosystem, and the README says to commit the lock", () => {
    const dependabot = parseYaml(files.get(".github/dependabot.yml") ?? "") as { updates: { "package-ecosystem": string }[] };
    expect(dependabot.updates.map((u) => u["package-ecosystem"])).toContain("uv");
    expect(dependabot.updates.map((u) => u["package-ecosystem"])).not.toContain("pip");
    expect(files.get("README.md")).toMatch(/\*\*Commit it\*\*/);
  });
});

describe("--no-lock: the generated files work without a lock file", async () => {
  const files = await filesFor(false);

  it("nothing asks for uv.lock: no --locked, no lock check, no COPY of it", () => {
    for (const path of [".github/workflows/ci.yml", ".gitlab-ci.yml", "Dockerfile", "scripts/check.sh"]) {
      const contents = files.get(path) ?? "";
      expect(contents, path).toMatch(/uv sync/);
      expect(contents, path).not.toMatch(/--locked|uv lock --check|uv\.lock/);
    }
  });

  it("Dependabot watches pip (pyproject.toml), and the README says how to lock later", () => {
    const dependabot = parseYaml(files.get(".github/dependabot.yml") ?? "") as { updates: { "package-ecosystem": string }[] };
    expect(dependabot.updates.map((u) => u["package-ecosystem"])).toContain("pip");
    expect(files.get("README.md")).toContain("npx create-devops-py update --lock");
  });
});

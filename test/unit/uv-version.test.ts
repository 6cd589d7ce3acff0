import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { planProject } from "../../src/plan-project.js";
import { findStarter } from "../../src/starter-registry.js";
import type { StarterDefinition } from "../../src/starter-definition.js";
import { UV_VERSION } from "../../src/uv-version.js";
import { validateOptions } from "../../src/validate-options.js";

describe("one uv version everywhere", async () => {
  const options = await validateOptions({ template: "monitoring", name: "uv-check", ci: "both" });
  const files = new Map(planProject(options, (await findStarter("monitoring")) as StarterDefinition).map((file) => [file.path, file.contents]));

  it("setup-uv in every GitHub job, GitLab's UV_VERSION and the Dockerfile's pip install name the same uv", () => {
    const workflow = parseYaml(files.get(".github/workflows/ci.yml") ?? "") as { jobs: Record<string, { steps: { uses?: string; with?: { version?: string } }[] }> };
    const setups = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step) => step.uses?.startsWith("astral-sh/setup-uv@")));
    expect(setups.length).toBeGreaterThanOrEqual(2);
    const found = new Set(setups.map((step) => step.with?.version));
    const gitlab = parseYaml(files.get(".gitlab-ci.yml") ?? "") as { variables: { UV_VERSION: string } };
    found.add(gitlab.variables.UV_VERSION);
    for (const [, version] of (files.get("Dockerfile") ?? "").matchAll(/\buv==(\S+)/g)) found.add(version);
    expect([...found]).toEqual([UV_VERSION]);
  });

  it("is the uv the gates pin, so the gates check locks with the uv CI uses", () => {
    const requirements = readFileSync(join(import.meta.dirname, "..", "gates", "requirements.txt"), "utf8");
    expect(requirements).toMatch(new RegExp(`^uv==${UV_VERSION.replaceAll(".", "\\.")}$`, "m"));
  });
});

/**
 * A starter whose integration tests need a server declares it (`testServices`), and the
 * shared CI templates start it: GitHub and GitLab, with a pinned image, a health check
 * on GitHub, and TEST_DATABASE_URL pointing at it. Starters that declare none get none.
 */
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { planProject } from "../../src/plan-project.js";
import { loadStarters } from "../../src/starter-registry.js";
import { validateOptions } from "../../src/validate-options.js";

interface GithubJob {
  services?: Record<string, { image: string; options?: string; ports?: string[] }>;
  env?: Record<string, string>;
}
interface GitlabJob {
  services?: ({ name: string; alias?: string } | string)[];
  variables?: Record<string, string>;
  script: string[];
}

const starters = await loadStarters();

async function ciFiles(id: string) {
  const options = await validateOptions({ template: id, name: "svc-check", ci: "both" });
  const files = planProject(options, starters.find((s) => s.id === id) as (typeof starters)[number]);
  const read = (path: string) => parseYaml(files.find((file) => file.path === path)?.contents ?? "") as Record<string, unknown>;
  const github = read(".github/workflows/ci.yml") as { jobs: Record<string, GithubJob> };
  const gitlab = read(".gitlab-ci.yml") as Record<string, GitlabJob>;
  return { github: github.jobs.test as GithubJob, gitlab: gitlab.test as GitlabJob };
}

describe("CI starts the servers a starter's integration tests need", () => {
  it("dr-automation declares PostgreSQL", () => {
    expect(starters.find((s) => s.id === "dr-automation")?.testServices).toEqual(["postgres"]);
  });

  it.each(starters.filter((s) => s.testServices.includes("postgres")).map((s) => s.id))("%s: PostgreSQL service on GitHub and GitLab", async (id) => {
    const { github, gitlab } = await ciFiles(id);
    const service = github.services?.postgres;
    expect(service?.image).toMatch(/^postgres:\d+\.\d+$/); // a pinned minor, not a moving major
    expect(service?.options).toMatch(/--health-cmd "pg_isready/);
    expect(service?.ports).toEqual(["5432:5432"]);
    expect(github.env?.TEST_DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/test");

    const [gitlabService] = gitlab.services ?? [];
    expect(gitlabService).toEqual({ name: expect.stringMatching(/^postgres:\d+\.\d+$/), alias: "postgres" });
    expect(gitlab.variables?.TEST_DATABASE_URL).toBe("postgresql://postgres@postgres:5432/test");
    // pg_dump, pg_restore and psql must be installed before the tests run.
    const install = gitlab.script.findIndex((line) => line.includes("postgresql-client"));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(gitlab.script.findIndex((line) => line.includes("pytest")));
  });

  it.each(starters.filter((s) => s.testServices.length === 0).map((s) => s.id))("%s: no services", async (id) => {
    const { github, gitlab } = await ciFiles(id);
    expect(github.services).toBeUndefined();
    expect(github.env).toBeUndefined();
    expect(gitlab.services).toBeUndefined();
  });
});

import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { readActionPins } from "../../src/action-pins.js";
import { planVariants } from "../helpers/plan-variants.js";

const variants = await planVariants();
const pins = readActionPins();

// Shapes of real credentials; placeholders in .env.example must never match them.
const SECRET_PATTERNS: [string, RegExp][] = [
  ["AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{30,}\b/],
  ["Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ["generic secret assignment", /(password|passwd|secret|token|api_key)\s*[:=]\s*["'][^"'\s]{12,}["']/i],
];

describe.each(variants)("generated $label is secure by default", ({ files, options }) => {
  const byPath = new Map(files.map((file) => [file.path, file.contents]));

  it("uses only actions from the pin table, each at its verified full SHA with the tag in a comment", () => {
    const workflows = files.filter((file) => file.path.startsWith(".github/workflows/"));
    if (options.ci !== "gitlab") expect(workflows.length).toBeGreaterThan(0);
    for (const workflow of workflows) {
      const uses = [...workflow.contents.matchAll(/uses:\s*(\S+)(.*)$/gm)];
      expect(uses.length).toBeGreaterThan(0);
      for (const [, ref = "", comment = ""] of uses) {
        const [action = "", sha] = ref.split("@");
        const pin = pins[action];
        expect(pin, `${workflow.path} uses ${action}, which is not in templates/action-pins.json`).toBeDefined();
        expect(sha).toBe(pin?.sha);
        expect(comment.trim()).toBe(`# ${pin?.tag}`);
      }
    }
  });

  it("grants no permissions by default and never persists the checkout token", () => {
    const ci = byPath.get(".github/workflows/ci.yml");
    if (!ci) return expect(options.ci).toBe("gitlab");
    const workflow = parseYaml(ci) as { permissions: unknown; jobs: Record<string, { permissions?: unknown; steps: { uses?: string; with?: Record<string, unknown> }[] }> };
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, `job ${name} declares its permissions`).toBeDefined();
      for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"))) {
        expect(step.with?.["persist-credentials"]).toBe(false);
      }
    }
  });

  it("contains no secret, token or password; .env is ignored and .env.example holds placeholders", () => {
    for (const file of files) {
      for (const [kind, pattern] of SECRET_PATTERNS) {
        expect(pattern.test(file.contents), `${file.path} contains a ${kind}`).toBe(false);
      }
    }
    expect(byPath.get(".gitignore")).toMatch(/^\.env$/m);
    expect(byPath.get(".dockerignore")).toMatch(/^\.env$/m);
    expect(byPath.has(".env")).toBe(false);
    // Credential-like settings hold an obvious placeholder (or nothing); URLs carry no password.
    const PLACEHOLDER = /^$|REPLACE|CHANGE|example|placeholder|your|xxx|dummy|default|<[^>]+>/i;
    for (const line of (byPath.get(".env.example") ?? "").split("\n").filter((l) => /^[A-Z0-9_]+=/.test(l))) {
      const [key = "", value = ""] = [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)];
      if (/(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIALS?)$/.test(key)) expect(value, line).toMatch(PLACEHOLDER);
      const userinfo = /:\/\/[^/@\s]*:([^/@\s]+)@/.exec(value);
      if (userinfo) expect(userinfo[1], line).toMatch(PLACEHOLDER);
    }
  });

  it("keeps ruff's bandit (S) rules on, with no blanket ignores", () => {
    const pyproject = parseToml(byPath.get("pyproject.toml") ?? "") as { tool: { ruff: { lint: { select: string[]; ignore?: string[]; "per-file-ignores"?: Record<string, string[]> } } } };
    const lint = pyproject.tool.ruff.lint;
    expect(lint.select).toContain("S");
    expect(lint.ignore ?? []).toEqual([]);
    // Acceptance checks under milestones/ are tests too: assert is how they check.
    expect(lint["per-file-ignores"]).toEqual({ "tests/**": ["S101"], "milestones/**": ["S101"] });
    for (const file of files.filter((f) => f.path.endsWith(".py"))) {
      expect(file.contents, `${file.path} has a bare noqa`).not.toMatch(/#\s*noqa(?!:\s*[A-Z]+\d+)/i);
      expect(file.contents, `${file.path} disables ruff for the whole file`).not.toMatch(/#\s*ruff:\s*noqa/i);
    }
  });

  it("tests every supported Python from the minimum to 3.15, cancels superseded runs, and updates all three ecosystems", () => {
    const all = ["3.11", "3.12", "3.13", "3.14", "3.15"];
    const expected = all.slice(all.indexOf(String(options.pythonVersion)));
    const ci = byPath.get(".github/workflows/ci.yml");
    if (ci) {
      const workflow = parseYaml(ci) as { concurrency: { "cancel-in-progress": boolean }; jobs: { test: { strategy: { matrix: { "python-version": string[] } } } } };
      expect(workflow.jobs.test.strategy.matrix["python-version"]).toEqual(expected);
      expect(workflow.concurrency["cancel-in-progress"]).toBe(true);
      const dependabot = parseYaml(byPath.get(".github/dependabot.yml") ?? "") as { updates: { "package-ecosystem": string }[] };
      expect(dependabot.updates.map((u) => u["package-ecosystem"]).sort()).toEqual(["docker", "github-actions", options.lock ? "uv" : "pip"].sort());
    }
    const gitlab = byPath.get(".gitlab-ci.yml");
    expect(gitlab !== undefined).toBe(options.ci !== "github");
    if (gitlab) {
      const pipeline = parseYaml(gitlab) as { stages: string[]; test: { parallel: { matrix: { PYTHON_VERSION: string[] }[] } } };
      expect(pipeline.stages).toEqual(["lint", "test", "build"]);
      expect(pipeline.test.parallel.matrix[0]?.PYTHON_VERSION).toEqual(expected);
    }
    const pyproject = parseToml(byPath.get("pyproject.toml") ?? "") as { project: { "requires-python": string } };
    expect(pyproject.project["requires-python"]).toBe(`>=${String(options.pythonVersion)}`);
    // The classifiers name exactly the versions CI tests.
    const classifiers = (parseToml(byPath.get("pyproject.toml") ?? "") as { project: { classifiers: string[] } }).project.classifiers;
    expect(classifiers.filter((c) => /^Programming Language :: Python :: 3\.\d+$/.test(c)).map((c) => c.split(" :: ").at(-1))).toEqual(expected);
  });

  it("runs the final Docker stage as a non-root user", () => {
    const dockerfile = byPath.get("Dockerfile") ?? "";
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(finalStage).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).not.toMatch(/:latest\b/);
  });
});

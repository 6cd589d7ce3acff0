/**
 * The whole generated tree for the default options of the reference starter: every
 * path with its mode, and the full text of every file the base template owns. A change
 * to any template shows up here as a reviewable diff (update with `vitest -u`).
 */
import { describe, expect, it } from "vitest";
import { planProject } from "../../src/plan-project.js";
import { findStarter } from "../../src/starter-registry.js";
import type { StarterDefinition } from "../../src/starter-definition.js";
import { validateOptions } from "../../src/validate-options.js";

const FIXED_NOW = new Date("2026-01-15T12:00:00Z");
const starter = (await findStarter("cost-engine")) as StarterDefinition;
const options = await validateOptions({ template: "cost-engine", name: "my-costs" });
const files = planProject(options, starter, FIXED_NOW);
const BASE_OWNED = /^(\.[^/]+|Dockerfile|LICENSE|Makefile|README\.md|pyproject\.toml|\.github\/.*|deploy\/.*|scripts\/.*|src\/my_costs\/(__init__|__main__)\.py|tests\/test_package\.py)$/;

describe("generated tree, cost-engine defaults", () => {
  it("has exactly these files and modes", () => {
    expect(files.map((file) => `${file.mode.toString(8)} ${file.path}`)).toMatchSnapshot();
  });

  it.each(files.filter((file) => BASE_OWNED.test(file.path)).map((file) => [file.path, file.contents]))(
    "%s",
    (_path, contents) => {
      expect(contents).toMatchSnapshot();
    },
  );

  it("leaves out what the defaults do not ask for", () => {
    const paths = files.map((file) => file.path);
    expect(paths).not.toContain(".gitlab-ci.yml");
    expect(paths.some((path) => path.startsWith("deploy/"))).toBe(false);
    expect(paths).toContain(".pre-commit-config.yaml");
    expect(paths).toContain(".github/workflows/ci.yml");
  });
});

/**
 * Property tests over every free-text option: for any string the schema accepts, every
 * generated TOML, YAML, JSON and Python file still parses and reads back exactly that
 * string, and CI files do not change at all (so user text can never reach a `run:`
 * script or a `${{ }}` expression). Strings the schema rejects get a message naming
 * the option. PROPERTY_RUNS (default 1000) sets the cases per field.
 */
import fc from "fast-check";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { teamSlug } from "../../src/cohort/team-slug.js";
import { planProject, type PlannedFile } from "../../src/plan-project.js";
import { loadStarters } from "../../src/starter-registry.js";
import { collectProblems, validateOptions } from "../../src/validate-options.js";
import { execFileSync } from "node:child_process";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const starters = await loadStarters();
const base = { name: "prop-check", ci: "both", kubernetes: true, preCommit: true };
const CI_FILES = [".github/workflows/ci.yml", ".github/dependabot.yml", ".gitlab-ci.yml"];

const baselines = new Map<string, Map<string, string>>();
for (const starter of starters) {
  const options = await validateOptions({ ...base, template: starter.id });
  baselines.set(starter.id, new Map(planProject(options, starter).map((f) => [f.path, f.contents])));
}

// Fragments that break naive escaping in one format or another.
const NASTY = ['"', "'", "\\", "${{", "}}", "{{", "{{{", "\n", "\r", "\t", "'''", '"""', "#", ": ", "- ", "*", "&", "!", "%", "@", "`", "$(", "\\u0041", "\\N{DASH}", "\u2028", "\u0085", "\u00a0", "\ufeff", "é", "北", "🚀", "\ud800", " ", "a", "Z", "9", "<script>", "]]", "[[x]]"];
const freeText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.array(fc.constantFrom(...NASTY), { maxLength: 30 }).map((parts) => parts.join("")),
);

const pythonSources = new Set<string>();

function checkParses(files: PlannedFile[], baseline: Map<string, string>): void {
  for (const file of files) {
    if (baseline.get(file.path) === file.contents) continue; // unchanged: parsed once already
    if (/\.toml$/.test(file.path)) parseToml(file.contents);
    // mkdocs.yml names Python callables with !!python/name tags, which only warn here;
    // errors (broken YAML, duplicate keys) still throw.
    else if (/\.ya?ml$/.test(file.path)) parseYaml(file.contents, { uniqueKeys: true, logLevel: "error" });
    else if (/\.json$/.test(file.path)) JSON.parse(file.contents);
    else if (/\.py$/.test(file.path)) pythonSources.add(file.contents);
  }
}

type Setter = (text: string) => Record<string, unknown>;
const FIELDS: [string, Setter, (files: Map<string, string>) => unknown][] = [
  ["description", (text) => ({ description: text }), (f) => (parseToml(f.get("pyproject.toml") ?? "") as { project: { description: string } }).project.description],
  ["authorName", (text) => ({ authorName: text }), (f) => (parseToml(f.get("pyproject.toml") ?? "") as { project: { authors: { name: string }[] } }).project.authors[0]?.name],
  ["coAuthors", (text) => ({ coAuthors: [{ name: text, email: "co@example.com" }] }), (f) => (parseToml(f.get("pyproject.toml") ?? "") as { project: { authors: { name: string }[] } }).project.authors[1]?.name],
];

describe.each(FIELDS)("free text in %s", (field, set, readBack) => {
  it(`${RUNS} generated strings: accepted ones round-trip everywhere, rejected ones are named`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(freeText, fc.constantFrom(...starters), async (text, starter) => {
        const { options, problems } = await collectProblems({ ...base, template: starter.id, ...set(text) });
        if (!options) {
          expect(problems.length).toBeGreaterThan(0);
          for (const problem of problems) {
            expect(problem.option.startsWith(field)).toBe(true);
            expect(problem.message).toMatch(/one line of text|empty|characters long/);
          }
          return;
        }
        accepted += 1;
        const files = planProject(options, starter);
        const byPath = new Map(files.map((f) => [f.path, f.contents]));
        const baseline = baselines.get(starter.id) as Map<string, string>;
        checkParses(files, baseline);
        expect(readBack(byPath)).toBe(text);
        const recorded = JSON.parse(byPath.get(".create-devops-py.json") ?? "{}") as { answers: Record<string, unknown> };
        expect(recorded.answers[field]).toEqual(set(text)[field]);
        for (const path of CI_FILES) expect(byPath.get(path), `${path} changed with ${field}`).toBe(baseline.get(path));
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 2);
  });
});

it("every distinct generated Python file is valid Python (ast.parse)", () => {
  for (const files of baselines.values()) for (const [path, contents] of files) if (path.endsWith(".py")) pythonSources.add(contents);
  const script = "import ast, json, sys\nsources = json.load(sys.stdin)\nfor s in sources: ast.parse(s)\nprint(len(sources))";
  const parsed = execFileSync("python3", ["-c", script], { input: JSON.stringify([...pythonSources]), encoding: "utf8" });
  expect(Number(parsed)).toBe(pythonSources.size);
});

it(`cohort team names (${RUNS} strings) give a kebab-case directory and prefix of at most 40 characters, or none (then the roster must give a slug)`, () => {
  fc.assert(
    fc.property(freeText, (name) => {
      const slug = teamSlug(name);
      // No slug exactly when the name has no Latin letter or digit to make one from.
      expect(slug === "").toBe(!/[a-z0-9]/.test(name.normalize("NFKD").toLowerCase()));
      if (slug === "") return;
      expect(slug).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(slug.length).toBeLessThanOrEqual(40);
    }),
    { numRuns: RUNS },
  );
});

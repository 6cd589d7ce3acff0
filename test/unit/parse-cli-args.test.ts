import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseFields, starterOwnFields } from "../../src/option-fields.js";
import { packageRoot } from "../../src/package-root.js";
import { parseCliArgs, TOOL_FLAGS } from "../../src/parse-cli-args.js";

const fields = [...baseFields(), ...starterOwnFields("cost-engine"), ...starterOwnFields("infra-platform")];

describe("parseCliArgs", () => {
  it("maps kebab-case flags to schema keys with their types", () => {
    const parsed = parseCliArgs(
      ["my-app", "--template", "infra-platform", "--author-email=a@b.co", "--python-version", "3.12", "--no-kubernetes", "--pre-commit", "--clouds", "aws,gcp", "-y"],
      fields,
    );
    expect(parsed.positionals).toEqual(["my-app"]);
    expect(parsed.tool).toMatchObject({ template: "infra-platform", yes: true });
    expect(parsed.options).toEqual({
      template: "infra-platform",
      authorEmail: "a@b.co",
      pythonVersion: "3.12",
      kubernetes: false,
      preCommit: true,
      clouds: ["aws", "gcp"],
    });
  });

  it("accumulates repeated array flags and converts numbers and booleans", () => {
    const parsed = parseCliArgs(["--clouds", "aws", "--clouds", "azure", "--exchange-rate", "0.9", "--git=false"], fields);
    expect(parsed.options).toEqual({ clouds: ["aws", "azure"], exchangeRate: 0.9, git: false });
  });

  it("returns every unknown or incomplete flag at once, with a did-you-mean", () => {
    const parsed = parseCliArgs(["--bogus", "--template", "--whatever=1", "-q", "--kubernets", "--curency", "EUR"], fields);
    expect(parsed.problems.map((p) => p.option)).toEqual(["--bogus", "--template", "--whatever", "-q", "--kubernets", "--curency"]);
    expect(parsed.problems[4]?.message).toMatch(/did you mean --kubernetes\?/);
    expect(parsed.problems[5]?.message).toMatch(/did you mean --currency\?/);
    expect(parsed.problems[0]?.message).not.toMatch(/did you mean/);
  });

  it("understands combined short flags and records the flag as typed", () => {
    const parsed = parseCliArgs(["-yt", "cost-engine", "--author-email", "a@b.co", "--no-git"], fields);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tool).toMatchObject({ yes: true, template: "cost-engine" });
    expect(parsed.typed).toEqual({ template: "-t", authorEmail: "--author-email", git: "--no-git" });
    expect(parseCliArgs(["-tcost-engine"], fields).tool.template).toBe("cost-engine");
  });
});

// The CLI parses a command line against the base options first and reads every starter's
// fields only when that leaves a problem (cli.ts parseArgs). That gives the same result
// only while no starter declares a flag the base options or the tool already have.
describe("a command line that parses cleanly against the base options parses alike against every field", () => {
  const starterIds = readdirSync(join(packageRoot, "schemas"))
    .filter((file) => file.endsWith(".schema.json") && !["base.schema.json", "cohort.schema.json"].includes(file))
    .map((file) => file.replace(/\.schema\.json$/, ""));
  const flagsOf = (list: ReturnType<typeof baseFields>) => list.flatMap((field) => [field.flag, ...(field.kind === "boolean" ? [`--no-${field.flag.slice(2)}`] : [])]);
  const taken = new Set([...flagsOf(baseFields()), ...Object.keys(TOOL_FLAGS).map((flag) => `--${flag}`)]);

  it.each(starterIds)("%s declares no flag of the base options or the tool", (starterId) => {
    expect(flagsOf(starterOwnFields(starterId)).filter((flag) => taken.has(flag))).toEqual([]);
  });

  it("so a base-only command line gives the same options, typed flags and positionals", () => {
    const argv = ["app", "-yt", "cost-engine", "--no-git", "--author-name", "Ada", "--python-version=3.12", "--dry-run"];
    const all = [...baseFields(), ...starterIds.flatMap((starterId) => starterOwnFields(starterId))];
    const withBase = parseCliArgs(argv, baseFields());
    expect(withBase.problems).toEqual([]);
    expect(parseCliArgs(argv, all)).toEqual(withBase);
  });
});

import { describe, expect, it } from "vitest";
import { baseFields, starterOwnFields } from "../../src/option-fields.js";
import { parseCliArgs } from "../../src/parse-cli-args.js";

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

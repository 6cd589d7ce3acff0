import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
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

  it("reports every unknown or incomplete flag at once", () => {
    let error: unknown;
    try {
      parseCliArgs(["--bogus", "--template", "--whatever=1", "-q"], fields);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).problems.map((p) => p.option)).toEqual(["--bogus", "--template", "--whatever", "-q"]);
  });
});

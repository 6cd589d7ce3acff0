import { describe, expect, it } from "vitest";
import { UsageError, type Problem } from "../../src/errors.js";
import { collectProblems, validateOptions } from "../../src/validate-options.js";

const STARTER = "cost-engine";

async function problemsOf(raw: Record<string, unknown>): Promise<Problem[]> {
  try {
    await validateOptions(raw);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error("expected validation to fail");
}

describe("validateOptions", () => {
  it("applies defaults and derives names from the project name", async () => {
    const options = await validateOptions({ template: STARTER, name: "my-costs" });
    expect(options).toMatchObject({
      packageName: "my_costs",
      resourcePrefix: "my-costs",
      k8sNamespace: "my-costs",
      imageName: "my-costs",
      metricPrefix: "my_costs",
      license: "MIT",
      pythonVersion: "3.11",
      ci: "github",
      kubernetes: false,
      preCommit: true,
      git: true,
    });
  });

  it.each([
    ["class", "Python keyword"],
    ["match", "Python keyword"],
    ["os", "standard-library"],
    ["asyncio", "standard-library"],
    ["1abc", "lower-case Python identifier"],
    ["../x", "lower-case Python identifier"],
    ["My_Pkg", "lower-case Python identifier"],
  ])("rejects package name %j (%s)", async (packageName, why) => {
    const problems = await problemsOf({ template: STARTER, name: "ok-name", packageName });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.option).toBe("packageName");
    expect(problems[0]?.message).toContain(why);
    expect(problems[0]?.message).toContain(JSON.stringify(packageName));
  });

  it("reports a derived package name that is a keyword against packageName", async () => {
    const problems = await problemsOf({ template: STARTER, name: "class" });
    expect(problems.map((p) => p.option)).toEqual(["packageName"]);
  });

  it.each(["My-Costs", "my--costs", "-x", "x-", "con", "nul", "lpt1", "a".repeat(41), "../x", "/abs/path", "has space"])(
    "rejects project name %j",
    async (name) => {
      const problems = await problemsOf({ template: STARTER, name });
      expect(problems.some((p) => p.option === "name")).toBe(true);
    },
  );

  it("reports every invalid value at once, each with what is allowed", async () => {
    const problems = await problemsOf({
      template: STARTER,
      name: "ok-name",
      license: "GPL",
      pythonVersion: "3.9",
      ci: "jenkins",
      kubernetes: "maybe",
      authorEmail: "not-an-email",
      description: "two\nlines",
      unknownKey: 1,
    });
    const byOption = Object.fromEntries(problems.map((p) => [p.option, p.message]));
    expect(Object.keys(byOption).sort()).toEqual(
      ["authorEmail", "ci", "description", "kubernetes", "license", "pythonVersion", "unknownKey"].sort(),
    );
    expect(byOption.license).toContain("MIT, Apache-2.0, BSD-3-Clause, Proprietary");
    expect(byOption.pythonVersion).toContain("3.11, 3.12, 3.13, 3.14");
    expect(byOption.ci).toContain("github, gitlab, both");
    expect(byOption.kubernetes).toContain("boolean");
    expect(byOption.authorEmail).toContain("email");
    expect(byOption.description).toContain("one line");
    expect(byOption.unknownKey).toContain("not an option");
  });

  it("names a missing project name once, not each name derived from it", async () => {
    expect(await problemsOf({ template: STARTER })).toEqual([
      { option: "name", message: "is required: give a directory (create-devops-py my-app) or --name my-app" },
    ]);
  });

  it("rejects an unknown starter and lists the real ones", async () => {
    const problems = await problemsOf({ template: "nope", name: "x" });
    expect(problems[0]?.option).toBe("template");
    expect(problems[0]?.message).toContain("cost-engine");
  });

  it("rejects another starter's option as unknown to this starter", async () => {
    const problems = await problemsOf({ template: STARTER, name: "ok-name", clouds: ["aws"] });
    expect(problems).toEqual([{ option: "clouds", message: "is not an option of the cost-engine starter" }]);
  });

  it("accepts free text with quotes, braces and unicode", async () => {
    const description = `Quotes " ' \\ and \${{ x }} {{ y }} — café 🚀`;
    const options = await validateOptions({ template: STARTER, name: "ok-name", description, authorName: "Zoë O'Brien" });
    expect(options.description).toBe(description);
  });
});

describe("conditional requirements", () => {
  it("EUR without an exchange rate names the rate only, not ajv's `if` wrapper", async () => {
    const { problems } = await collectProblems({ template: "cost-engine", name: "costs", currency: "EUR" });
    expect(problems.map((p) => p.option)).toEqual(["exchangeRate"]);
    expect(problems[0]?.message).toMatch(/required when currency is EUR or GBP/);
  });
});

import { describe, expect, it } from "vitest";
import { runKind } from "../../src/command-names.js";

describe("runKind (which code cache a command line uses)", () => {
  it.each([
    [["--version"], "version"],
    [["-v"], "version"],
    [["list", "--help"], "help"],
    [["list", "--json"], "list"],
    [["cohort", "roster.yaml", "--out", "teams"], "cohort"],
    [["my-app", "--template", "cost-engine", "--yes"], "create"],
    [["--yes"], "create"],
    [[], "create"],
  ])("%j -> %s", (argv, kind) => {
    expect(runKind(argv)).toBe(kind);
  });
});

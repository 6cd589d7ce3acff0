import { describe, expect, it } from "vitest";
import { runKind } from "../../src/command-names.js";

describe("runKind (which code cache a command line uses)", () => {
  it.each([
    [["--version"], "version"],
    [["-v"], "version"],
    [["list", "--help"], "help"],
    [["list", "--json"], "list"],
    [["cohort", "roster.yaml", "--out", "teams"], "cohort"],
    [["my-app", "--template", "cost-engine", "--yes"], "create-cost-engine"],
    [["my-app", "--template=monitoring"], "create-monitoring"],
    [["my-app", "-t", "dr-automation"], "create-dr-automation"],
    [["my-app", "-yt", "dr-automation"], "create-dr-automation"],
    [["my-app", "-tmonitoring"], "create-monitoring"],
    // anything that is not an id stays out of the cache's file name
    [["my-app", "--template", "../../etc"], "create"],
    [["my-app", "--template", "Cost-Engine"], "create"],
    [["my-app", "--template"], "create"],
    [["--yes"], "create"],
    [[], "create"],
  ])("%j -> %s", (argv, kind) => {
    expect(runKind(argv)).toBe(kind);
  });
});

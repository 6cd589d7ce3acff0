/**
 * `list --topics` is the facilitators' coverage matrix: it must agree with what the
 * generated repositories themselves say (docs/curriculum.md and ROADMAP.md).
 */
import { describe, expect, it } from "vitest";
import type { TopicMatrix } from "../../src/capstone/topic-matrix.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { planVariants } from "../helpers/plan-variants.js";


describe("create-devops-py list --topics", () => {
  // Option-dependent code (the SSH transport, the Azure adapter) counts: a team can choose it.
  it("prints, per starter, the areas its generated repositories show or practise, over the option sets", async () => {
    const result = await runCli(["list", "--topics", "--json"], tempDir());
    expect(result.code, result.stderr).toBe(0);
    const matrix = JSON.parse(result.stdout) as TopicMatrix;
    expect(matrix.areas).toHaveLength(20);
    expect(matrix.starters).toHaveLength(8);
    const shown = new Map<string, Set<number>>();
    const practised = new Map<string, Set<number>>();
    for (const variant of await planVariants()) {
      const doc = variant.files.find((file) => file.path === "docs/curriculum.md")?.contents ?? "";
      const [shownPart, practisedPart] = doc.split("## Practised next");
      const id = variant.starter.id;
      if (!shown.has(id)) shown.set(id, new Set());
      if (!practised.has(id)) practised.set(id, new Set());
      for (const row of (shownPart ?? "").matchAll(/^\| (.+?) \| (\d+)\. /gm)) shown.get(id)?.add(Number(row[2]));
      for (const row of (practisedPart ?? "").matchAll(/^\| \d+\. .+? \| .+? \| (.+) \|$/gm)) {
        for (const topic of (row[1] as string).split("; ")) practised.get(id)?.add(Number(/\((\d+)\)$/.exec(topic)?.[1]));
      }
    }
    expect(shown.size).toBe(8);
    for (const [id, areas] of shown) {
      for (const area of matrix.areas) {
        const expected = areas.has(area.number) ? "shown" : practised.get(id)?.has(area.number) ? "milestone" : null;
        expect(area.coverage[id], `${id}, area ${area.number}`).toBe(expected);
      }
    }
  });

  it("prints the same as a table with a total per starter", async () => {
    const result = await runCli(["list", "--topics"], tempDir());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^curriculum area +cicd +compliance +config/m);
    expect(result.stdout).toMatch(/^20\. Architecture and Design Patterns /m);
    expect(result.stdout).toMatch(/^areas covered \(of 20\) +\d+/m);
  });
});

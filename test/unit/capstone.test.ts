/**
 * The capstone kit stays honest: every starter's milestones follow the course's
 * learning path, every file and symbol docs/curriculum.md names exists in the generated
 * repository, every acceptance check belongs to its milestone, and the curriculum's
 * eight projects map one to one onto the starters.
 */
import { describe, expect, it } from "vitest";
import { readCapstoneSource } from "../../src/capstone/capstone-data.js";
import { readCurriculum, resolveTopic } from "../../src/capstone/curriculum.js";
import { loadStarters } from "../../src/starter-registry.js";
import { planVariants } from "../helpers/plan-variants.js";

const curriculum = readCurriculum();
const starters = await loadStarters();
const variants = await planVariants();
const phaseOrder = curriculum.phases.map((phase) => phase.name);

describe("the curriculum data", () => {
  it("has the course's 20 topic areas, 8 phases and 8 projects", () => {
    expect(curriculum.areas.map((area) => area.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(phaseOrder).toEqual(["Foundation", "Infrastructure", "Containers", "CI/CD", "Monitoring", "Security", "Advanced", "Mastery"]);
    expect(curriculum.projects).toHaveLength(8);
  });

  it("maps every curriculum project to exactly one starter", () => {
    const projects = starters.map((starter) => readCapstoneSource(starter.id).project).sort();
    expect(projects).toEqual(curriculum.projects.map((project) => project.title).sort());
  });

  it("refuses a topic it does not have and asks for the section of an ambiguous one", () => {
    expect(() => resolveTopic("Decorators and context managers")).not.toThrow();
    expect(() => resolveTopic("Decorators")).toThrow(/not in the curriculum/);
    expect(() => resolveTopic("Compliance checking scripts")).toThrow(/ambiguous.*<section> \/ <topic>/);
    expect(resolveTopic("Container Security / Compliance checking scripts").area).toBe(4);
  });
});

describe.each(starters.map((starter) => [starter.id]))("%s capstone data", (id) => {
  const source = readCapstoneSource(id);

  it("has 6 to 8 milestones in the order of the learning path, each with goal, tasks, topics and done-when", () => {
    expect(source.milestones.length).toBeGreaterThanOrEqual(6);
    expect(source.milestones.length).toBeLessThanOrEqual(8);
    const positions = source.milestones.map((milestone) => phaseOrder.indexOf(milestone.phase));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const milestone of source.milestones) {
      expect(milestone.goal.length).toBeGreaterThan(20);
      expect(milestone.tasks.length).toBeGreaterThan(0);
      expect(milestone.topics.length).toBeGreaterThan(0);
      expect(milestone.doneWhen.length).toBeGreaterThan(0);
      for (const topic of milestone.topics) expect(() => resolveTopic(topic)).not.toThrow();
    }
  });

  it("has at least three milestones with an acceptance check", () => {
    expect(source.milestones.filter((milestone) => milestone.check).length).toBeGreaterThanOrEqual(3);
  });

  it("names no table-breaking character in what lands in a Markdown table", () => {
    const cells = [...source.demonstrates.flatMap((entry) => [entry.how, entry.symbol]), ...source.milestones.map((m) => m.title)];
    expect(cells.filter((cell) => cell.includes("|"))).toEqual([]);
  });
});

describe.each(variants.map((variant) => [variant.label, variant] as const))("%s generated capstone", (_label, variant) => {
  const byPath = new Map(variant.files.map((file) => [file.path, file.contents]));
  const source = readCapstoneSource(variant.starter.id);

  it("has ROADMAP.md with one checkbox per milestone and docs/curriculum.md", () => {
    const roadmap = byPath.get("ROADMAP.md") ?? "";
    expect(roadmap.match(/^- \[ \] /gm)?.length).toBe(source.milestones.length);
    expect(byPath.get("docs/curriculum.md")).toMatch(/## Already in the code/);
    expect(roadmap).not.toMatch(/\{\w+\}/);
  });

  it("names only files and symbols that exist in the generated repository", () => {
    const doc = byPath.get("docs/curriculum.md") ?? "";
    const rows = [...doc.matchAll(/^\| .+ \| `([^`]+)`: `([^`]+)` \| .+ \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const missing = rows
      .map(([, file, symbol]) => ({ file: file as string, symbol: symbol as string }))
      .filter(({ file, symbol }) => !new RegExp(`\\b${symbol.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(byPath.get(file) ?? ""));
    expect(missing).toEqual([]);
  });

  it("ships every acceptance check its roadmap names, numbered like its milestone, and no other", () => {
    const named = source.milestones.flatMap((milestone, index) => (milestone.check ? [{ number: index + 1, file: milestone.check }] : []));
    for (const { number, file } of named) {
      expect(file.startsWith(`test_m${number}_`), `${file} belongs to milestone ${number}`).toBe(true);
      expect(byPath.has(`milestones/${file}`), `milestones/${file}`).toBe(true);
    }
    const shipped = [...byPath.keys()].filter((path) => /^milestones\/test_m\d+_.*\.py$/.test(path)).sort();
    expect(shipped).toEqual(named.map(({ file }) => `milestones/${file}`).sort());
  });
});

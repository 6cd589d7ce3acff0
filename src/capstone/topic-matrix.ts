import type { StarterDefinition } from "../starter-definition.js";
import { readCapstoneSource } from "./capstone-data.js";
import { readCurriculum, resolveTopic } from "./curriculum.js";

/** Per curriculum area, which starters show it in code ("shown") or practise it in a milestone ("milestone"). */
export interface TopicMatrix {
  starters: { id: string; project: string }[];
  areas: { number: number; title: string; coverage: Record<string, "shown" | "milestone" | null> }[];
}

export function topicMatrix(starters: StarterDefinition[]): TopicMatrix {
  const curriculum = readCurriculum();
  const shown = new Map<string, Set<number>>();
  const practised = new Map<string, Set<number>>();
  for (const starter of starters) {
    const source = readCapstoneSource(starter.id);
    shown.set(starter.id, new Set(source.demonstrates.map((entry) => resolveTopic(entry.topic, curriculum).area)));
    practised.set(starter.id, new Set(source.milestones.flatMap((m) => m.topics.map((topic) => resolveTopic(topic, curriculum).area))));
  }
  return {
    starters: starters.map((starter) => ({ id: starter.id, project: readCapstoneSource(starter.id).project })),
    areas: curriculum.areas.map((area) => ({
      number: area.number,
      title: area.title,
      coverage: Object.fromEntries(
        starters.map((starter) => [
          starter.id,
          shown.get(starter.id)?.has(area.number) ? "shown" : practised.get(starter.id)?.has(area.number) ? "milestone" : null,
        ]),
      ),
    })),
  };
}

/** The matrix as a terminal table: ● shown in code, ○ practised in a milestone. */
export function formatTopicMatrix(matrix: TopicMatrix): string {
  const short = matrix.starters.map((starter) => starter.id.split("-")[0] as string);
  const titleWidth = Math.max(...matrix.areas.map((area) => `${area.number}. ${area.title}`.length));
  const column = Math.max(...short.map((name) => name.length)) + 2;
  const header = `${"curriculum area".padEnd(titleWidth)}  ${short.map((name) => name.padEnd(column)).join("")}`.trimEnd();
  const rows = matrix.areas.map((area) => {
    const cells = matrix.starters.map((starter) => {
      const mark = area.coverage[starter.id];
      return (mark === "shown" ? "●" : mark === "milestone" ? "○" : "·").padEnd(column);
    });
    return `${`${area.number}. ${area.title}`.padEnd(titleWidth)}  ${cells.join("")}`.trimEnd();
  });
  const totals = matrix.starters.map((starter) => String(matrix.areas.filter((area) => area.coverage[starter.id] !== null).length).padEnd(column));
  return [header, ...rows, `${`areas covered (of ${matrix.areas.length})`.padEnd(titleWidth)}  ${totals.join("")}`.trimEnd(), "", "● shown in the starter's code   ○ practised in a roadmap milestone"].join("\n");
}

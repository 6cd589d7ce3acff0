import { readFileSync } from "node:fs";
import { join } from "node:path";
import { templatesDir } from "../package-root.js";

/** The course curriculum as data (templates/curriculum.json, from the course's CURRICULUM.md). */
export interface Curriculum {
  source: string;
  phases: { name: string; weeks: [number, number]; focus: string }[];
  areas: { number: number; title: string; sections: { title: string; topics: string[] }[] }[];
  projects: { title: string; summary: string }[];
}

/** One curriculum topic with where it sits, named exactly as the curriculum names it. */
export interface TopicRef {
  topic: string;
  section: string;
  area: number;
  areaTitle: string;
}

let cached: Curriculum | undefined;

export function readCurriculum(): Curriculum {
  cached ??= JSON.parse(readFileSync(join(templatesDir, "curriculum.json"), "utf8")) as Curriculum;
  return cached;
}

// Where each topic text stands, once per curriculum (a capstone resolves dozens of topics).
const topicIndexes = new WeakMap<Curriculum, Map<string, TopicRef[]>>();

function topicIndex(curriculum: Curriculum): Map<string, TopicRef[]> {
  let index = topicIndexes.get(curriculum);
  if (!index) {
    index = new Map();
    for (const area of curriculum.areas) {
      for (const section of area.sections) {
        for (const topic of new Set(section.topics)) {
          const refs = index.get(topic) ?? [];
          refs.push({ topic, section: section.title, area: area.number, areaTitle: area.title });
          index.set(topic, refs);
        }
      }
    }
    topicIndexes.set(curriculum, index);
  }
  return index;
}

/**
 * A topic is named by its text; where the same text stands under two sections (the
 * curriculum repeats "Secret management" and a few others), as "<section> / <topic>".
 */
export function resolveTopic(reference: string, curriculum = readCurriculum()): TopicRef {
  const [section, topic] = reference.includes(" / ") ? (reference.split(" / ", 2) as [string, string]) : [undefined, reference];
  const found = (topicIndex(curriculum).get(topic) ?? []).filter((ref) => section === undefined || ref.section === section);
  if (found.length !== 1) {
    throw new Error(`curriculum topic "${reference}": ${found.length === 0 ? "not in the curriculum" : `ambiguous (${found.map((f) => f.section).join(", ")}); write "<section> / <topic>"`}`);
  }
  return found[0] as TopicRef;
}

export function phaseNamed(name: string, curriculum = readCurriculum()): Curriculum["phases"][number] {
  const phase = curriculum.phases.find((candidate) => candidate.name === name);
  if (!phase) throw new Error(`curriculum phase "${name}": not one of ${curriculum.phases.map((p) => p.name).join(", ")}`);
  return phase;
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { templatesDir } from "../package-root.js";
import { phaseNamed, readCurriculum, resolveTopic, type TopicRef } from "./curriculum.js";

/**
 * A starter's capstone data (templates/<starter>/_data/capstone.json): the milestones of
 * its roadmap and the curriculum topics its code already shows. Declared once; ROADMAP.md,
 * docs/curriculum.md, the acceptance checks and `list --topics` all read it.
 */
type Condition = Record<string, string | number | boolean>;
type Conditional = string | { text: string; if?: Condition; unless?: Condition };

export interface CapstoneSource {
  project: string;
  demonstrates: { topic: string; file: string; symbol: string; how: string; if?: Condition }[];
  milestones: {
    phase: string;
    title: string;
    goal: string;
    tasks: Conditional[];
    topics: string[];
    doneWhen: Conditional[];
    check?: string;
  }[];
}

export interface Capstone {
  project: string;
  demonstrates: { ref: TopicRef; file: string; symbol: string; how: string }[];
  milestones: {
    number: number;
    phase: string;
    weeks: string;
    title: string;
    goal: string;
    tasks: string[];
    topics: TopicRef[];
    doneWhen: string[];
    check: string | null;
  }[];
}

const sources = new Map<string, CapstoneSource>();

export function readCapstoneSource(starterId: string): CapstoneSource {
  let source = sources.get(starterId);
  if (!source) {
    source = JSON.parse(readFileSync(join(templatesDir, starterId, "_data", "capstone.json"), "utf8")) as CapstoneSource;
    sources.set(starterId, source);
  }
  return source;
}

function holds(condition: Condition | undefined, options: Record<string, unknown>): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([key, want]) => {
    const have = options[key];
    return Array.isArray(have) ? have.includes(want) : have === want;
  });
}

/** `{option}` in the data becomes that option's value (lists joined), so tasks name the team's choices. */
function substitute(text: string, options: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = options[key];
    if (value === undefined) throw new Error(`capstone text "${text}": no option ${whole}`);
    return Array.isArray(value) ? value.join(", ") : String(value);
  });
}

function pick(items: Conditional[], options: Record<string, unknown>): string[] {
  return items
    .filter((item) => typeof item === "string" || (holds(item.if, options) && (!item.unless || !holds(item.unless, options))))
    .map((item) => substitute(typeof item === "string" ? item : item.text, options));
}

/** The starter's capstone for these options: conditions applied, names filled in, topics resolved. */
export function capstoneFor(starterId: string, options: Record<string, unknown>): Capstone {
  const source = readCapstoneSource(starterId);
  const curriculum = readCurriculum();
  return {
    project: source.project,
    // An entry may name a file that only some options generate (an Azure adapter, say).
    demonstrates: source.demonstrates.filter((entry) => holds(entry.if, options)).map((entry) => ({
      ref: resolveTopic(entry.topic, curriculum),
      file: substitute(entry.file, options),
      symbol: entry.symbol,
      how: substitute(entry.how, options),
    })),
    milestones: source.milestones.map((milestone, index) => {
      const phase = phaseNamed(milestone.phase, curriculum);
      return {
        number: index + 1,
        phase: phase.name,
        weeks: `${phase.weeks[0]}–${phase.weeks[1]}`,
        title: milestone.title,
        goal: substitute(milestone.goal, options),
        tasks: pick(milestone.tasks, options),
        topics: milestone.topics.map((topic) => resolveTopic(topic, curriculum)),
        doneWhen: pick(milestone.doneWhen, options),
        check: milestone.check ?? null,
      };
    }),
  };
}

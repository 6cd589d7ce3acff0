import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface RoadmapProgress {
  file: string;
  done: number;
  total: number;
}

/** Markdown task-list items (`- [ ]`, `- [x]`, also `*`), in ROADMAP.md if there is one, else README.md. */
export function roadmapProgress(repo: string): RoadmapProgress | null {
  for (const file of ["ROADMAP.md", "README.md"]) {
    const path = join(repo, file);
    if (!existsSync(path)) continue;
    const items = [...readFileSync(path, "utf8").matchAll(/^\s*[-*+] \[([ xX])\] /gm)];
    if (items.length > 0) return { file, done: items.filter((item) => item[1] !== " ").length, total: items.length };
  }
  return null;
}

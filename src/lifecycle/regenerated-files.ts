import { ANSWERS_FILE } from "../answers-record.js";

/**
 * Generated files that are never merged as text: after the merge they are replaced
 * by the new render (`from: "render"`) or produced again by a tool (`command`, run in
 * the repository). A lock file written by a tool is one line here, e.g.
 * `{ path: "uv.lock", command: ["uv", "lock"] }`.
 */
export interface RegeneratedFile {
  path: string;
  from: "render" | "command";
  command?: string[];
}

export const REGENERATED_FILES: RegeneratedFile[] = [
  // The record describes the render it belongs to: always the new one.
  { path: ANSWERS_FILE, from: "render" },
];

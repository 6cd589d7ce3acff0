import { readFileSync } from "node:fs";
import { join } from "node:path";
import { templatesDir } from "./package-root.js";

export interface ActionPin {
  tag: string;
  sha: string;
  tagDate: string;
}

/** The one table of pinned GitHub Actions (templates/action-pins.json). */
export function readActionPins(): Record<string, ActionPin> {
  return (JSON.parse(readFileSync(join(templatesDir, "action-pins.json"), "utf8")) as { actions: Record<string, ActionPin> }).actions;
}

/** `owner/repo` -> `owner/repo@<full sha> # <tag>`, or an error for an action not in the table. */
export function pinnedUses(action: string, pins: Record<string, ActionPin>): string {
  const pin = pins[action];
  if (!pin) throw new Error(`action ${action} is not in templates/action-pins.json; verify its tag's commit and add it there`);
  return `${action}@${pin.sha} # ${pin.tag}`;
}

import { fileLocator, type KeyPath } from "../file-locations.js";
import { echo } from "../safe-text.js";

/** Where a part of a roster was written: `roster.yaml:12`, or `roster.csv row 4, column email`. */
export interface RosterPlace {
  where: string;
  /** CSV places name row and column; the team is then named beside them, not as `teams[i]`. */
  csv: boolean;
}

export type RosterLocator = (path: KeyPath) => RosterPlace;

// Rosters are plain data (validated by the schema); where each part was written is kept beside them.
const locations = new WeakMap<object, RosterLocator>();

export function setRosterLocator(roster: object, locator: RosterLocator): void {
  locations.set(roster, locator);
}

export function rosterLocator(roster: object): RosterLocator | undefined {
  return locations.get(roster);
}

/** For YAML/JSON rosters: `roster.yaml:12` (the nearest line that is written down). */
export function dataFileLocator(absolute: string, shown: string): RosterLocator {
  const line = fileLocator(absolute);
  return (path) => {
    for (let length = path.length; length > 0; length -= 1) {
      const found = line(path.slice(0, length));
      if (found !== undefined) return { where: `${echo(shown, 60)}:${found}`, csv: false };
    }
    return { where: echo(shown, 60), csv: false };
  };
}

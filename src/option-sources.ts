import { basename } from "node:path";
import { fileLocator, keyPathOf } from "./file-locations.js";
import { echo } from "./safe-text.js";
import { topKey, type Labeller } from "./validate-options.js";

export interface OptionSources {
  /** Option key -> the flag as typed (`--author-email`, `-t`). */
  typed: Record<string, string>;
  /** The answers file as given on the command line, and the keys it set. */
  answersFile?: { path: string; shown: string; keys: Set<string> };
  /** The name was taken from the directory argument. */
  nameFromDir?: boolean;
  /** Option key -> its flag, to name options that were not given at all. */
  flags?: Map<string, string>;
}

/**
 * Name each problem the way the user wrote the value: the flag as typed, the key as
 * written in the answers file with its line, or the directory argument. Values that
 * came from nowhere (defaults, derived names) keep the option's own name.
 */
export function labelFromSources(sources: OptionSources): Labeller {
  let locate: ((option: string) => number | undefined) | undefined;
  return (option) => {
    const key = topKey(option);
    const rest = option.slice(key.length);
    const flag = sources.typed[key];
    if (flag !== undefined) return `${flag}${rest}`;
    const file = sources.answersFile;
    if (file && file.keys.has(key)) {
      if (!locate) {
        const locator = fileLocator(file.path);
        locate = (path) => locator(keyPathOf(path));
      }
      const line = locate(option) ?? locate(key);
      return `${echo(file.shown, 60)}${line === undefined ? "" : `:${line}`} ${option}`;
    }
    if (key === "name" && sources.nameFromDir) return `[dir] name${rest}`;
    return `${sources.flags?.get(key) ?? key}${rest}`;
  };
}

export function shownPath(path: string): string {
  return path.includes("/") ? path : basename(path);
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Only loaded when a problem has to be located in a file.
const require = createRequire(import.meta.url);

export type KeyPath = (string | number)[];

/**
 * Where a key of a JSON or YAML file is written (1-based line), so that a problem can
 * be pointed at: `answers.yaml:4 authorEmail`. JSON is read as YAML (a superset) with
 * source positions; a file that cannot be read or parsed again has no locations.
 */
export function fileLocator(path: string): (keyPath: KeyPath) => number | undefined {
  let doc: import("yaml").Document.Parsed | undefined;
  let counter: import("yaml").LineCounter | undefined;
  let parsed = false;
  // Parsed on the first question only: a valid file is never read twice.
  const parse = () => {
    parsed = true;
    try {
      const yaml = require("yaml") as typeof import("yaml");
      counter = new yaml.LineCounter();
      doc = yaml.parseDocument(readFileSync(path, "utf8").replace(/^\uFEFF/, ""), { lineCounter: counter, uniqueKeys: false });
    } catch {
      doc = undefined;
    }
  };
  return (keyPath) => {
    if (!parsed) parse();
    if (!doc || !counter) return undefined;
    const yaml = require("yaml") as typeof import("yaml");
    // The key's own position when the last step is a map key, else the item's.
    const parent = keyPath.length > 1 ? doc.getIn(keyPath.slice(0, -1), true) : doc.contents;
    const last = keyPath[keyPath.length - 1];
    if (yaml.isMap(parent)) {
      const pair = parent.items.find((item) => yaml.isScalar(item.key) && String(item.key.value) === String(last));
      const node = pair?.key as { range?: [number, number, number] } | undefined;
      if (node?.range) return counter.linePos(node.range[0]).line;
    }
    const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? counter.linePos(node.range[0]).line : undefined;
  };
}

/** `coAuthors[0].email` -> ["coAuthors", 0, "email"] */
export function keyPathOf(option: string): KeyPath {
  return option
    .split(/\.|(?=\[)/)
    .filter((part) => part !== "")
    .map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

/**
 * JSON.parse keeps the last of two equal keys without a word; YAML calls it an error, and
 * so do we. Scans text that JSON.parse has already accepted, so it only tracks strings,
 * nesting and which string is a key. Returns the first duplicate as a readable path.
 */
export function firstDuplicateKey(text: string): string | undefined {
  interface Level {
    keys?: Set<string>; // objects only
    path: string;
    expectKey: boolean;
    lastKey?: string;
  }
  const stack: Level[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return `${top.path}${top.path ? "." : ""}${key}`;
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (char === "{" || char === "[") {
      const path = top?.keys ? `${top.path}${top.path ? "." : ""}${top.lastKey ?? ""}` : top ? `${top.path}[]` : "";
      stack.push(char === "{" ? { keys: new Set(), path, expectKey: true } : { path, expectKey: false });
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === "," && top?.keys) {
      top.expectKey = true;
    }
  }
  return undefined;
}

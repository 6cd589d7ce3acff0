/**
 * git's config file syntax (`git help config`, CONFIGURATION FILE → Syntax), read the way git
 * reads it: one character at a time, CRLF as a newline, the end of the file as a last newline.
 * Whatever git would reject is rejected here too (undefined): an answer from a file git
 * refuses would differ from git's, which then prints nothing.
 */

export interface ConfigEntry {
  /** The variable as git names it: section (lower-cased), subsection as written, name (lower-cased). */
  key: string;
  /** null for a variable without `=` (git's boolean "true"). */
  value: string | null;
}

export interface ConfigFile {
  /** Each section header's name before any `"subsection"`, lower-cased (`include`, `includeif.x`…). */
  sectionNames: string[];
  entries: ConfigEntry[];
}

// git's own character classes are ASCII only; its whitespace is space, tab, LF and CR (not VT, FF).
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";
const isAlpha = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
const isKeyChar = (c: string) => isAlpha(c) || (c >= "0" && c <= "9") || c === "-";
const lower = (c: string) => (isAlpha(c) ? c.toLowerCase() : c);

const BYTE_ORDER_MARK = "\uFEFF";
// The escapes a value may hold (besides a backslash at the end of a line); any other is an error.
const ESCAPES = new Map([["t", "\t"], ["b", "\b"], ["n", "\n"], ["\\", "\\"], ['"', '"']]);

export function parseConfigFile(text: string): ConfigFile | undefined {
  let position = text.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  let atEnd = false;
  const next = (): string => {
    if (position >= text.length) {
      atEnd = true;
      return "\n";
    }
    const c = text[position++] as string;
    if (c === "\r" && text[position] === "\n") {
      position++;
      return "\n";
    }
    return c;
  };

  /** After `[`: `name]`, `name.sub]` or `name "sub"]`; the key prefix it sets, or undefined. */
  const sectionHeader = (): { name: string; prefix: string } | undefined => {
    let name = "";
    for (;;) {
      let c = next();
      if (atEnd) return undefined;
      if (c === "]") return name === "" ? undefined : { name, prefix: `${name}.` };
      if (isSpace(c)) {
        // `[name "subsection"]`: whitespace, then a quoted name on the same line, then `]` at once.
        while (isSpace(c)) {
          if (c === "\n") return undefined;
          c = next();
        }
        if (c !== '"') return undefined;
        let subsection = "";
        for (;;) {
          c = next();
          if (c === "\n") return undefined;
          if (c === '"') break;
          if (c === "\\") {
            c = next(); // any escaped character stands for itself
            if (c === "\n") return undefined;
          }
          subsection += c;
        }
        return next() === "]" ? { name, prefix: `${name}.${subsection}.` } : undefined;
      }
      if (!isKeyChar(c) && c !== ".") return undefined;
      name += lower(c);
    }
  };

  /** After `=`: the value to the end of its (continued) line, or undefined. */
  const value = (): string | undefined => {
    let result = "";
    let quoted = false;
    let inComment = false;
    let pendingSpaces = 0; // whitespace outside quotes is kept only between other characters
    for (;;) {
      let c = next();
      if (c === "\n") return quoted ? undefined : result;
      if (inComment) continue;
      if (isSpace(c) && !quoted) {
        if (result !== "") pendingSpaces++;
        continue;
      }
      if (!quoted && (c === "#" || c === ";")) {
        inComment = true;
        continue;
      }
      result += " ".repeat(pendingSpaces); // each whitespace character becomes one space, as in git
      pendingSpaces = 0;
      if (c === "\\") {
        c = next();
        if (c === "\n") continue; // a continued line
        const escaped = ESCAPES.get(c);
        if (escaped === undefined) return undefined;
        result += escaped;
      } else if (c === '"') {
        quoted = !quoted;
      } else {
        result += c;
      }
    }
  };

  const file: ConfigFile = { sectionNames: [], entries: [] };
  let prefix = ""; // git accepts a variable before any section: its key has no section, so it is no one's
  let inComment = false;
  for (;;) {
    let c = next();
    if (c === "\n") {
      if (atEnd) return file;
      inComment = false;
      continue;
    }
    if (inComment || isSpace(c)) continue;
    if (c === "#" || c === ";") {
      inComment = true;
      continue;
    }
    if (c === "[") {
      const header = sectionHeader();
      if (!header) return undefined;
      file.sectionNames.push(header.name);
      prefix = header.prefix;
      continue; // the rest of the line may hold a variable
    }
    if (!isAlpha(c)) return undefined;
    let key = lower(c);
    for (;;) {
      c = next();
      if (atEnd || !isKeyChar(c)) break;
      key += lower(c);
    }
    while (c === " " || c === "\t") c = next();
    if (c === "\n") {
      file.entries.push({ key: prefix + key, value: null });
      continue;
    }
    if (c !== "=") return undefined;
    const text = value();
    if (text === undefined) return undefined;
    file.entries.push({ key: prefix + key, value: text });
  }
}

/**
 * Escapers for each kind of file we render. Each returns a complete literal (quotes
 * included) that parses back to exactly the given string.
 */

function hex4(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(4, "0");
}

// Characters that are unsafe raw inside a quoted literal of most formats:
// C0/C1 controls, DEL, and the Unicode line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** TOML basic string. */
export function tomlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(UNSAFE, (c) => `\\u${hex4(c)}`)}"`;
}

/** YAML double-quoted scalar (JSON's escapes are a subset of YAML's). */
export function yamlString(value: string): string {
  return jsonString(value);
}

/**
 * YAML flow sequence of strings, `["a", "b"]`: a space after each comma, as yamllint's
 * `commas` rule (and most YAML style guides) expect; `JSON.stringify` leaves none.
 */
export function yamlFlowList(values: readonly string[]): string {
  return `[${values.map(yamlString).join(", ")}]`;
}

/** JSON string with every unsafe character escaped. */
export function jsonString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${hex4(c)}`);
}

/** Python str literal (double-quoted, no prefix). */
export function pythonString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(UNSAFE, (c) => `\\u${hex4(c)}`)}"`;
}

/**
 * One line of Markdown that renders (CommonMark/GFM, as on GitHub) as exactly the given
 * text: characters that start emphasis, code, links, HTML (`<!--` would hide the rest of
 * the README), entities, tables, strike-through and math are backslash-escaped, as is
 * what starts a block at the beginning of a line (heading, list, quote) and an emoji
 * shortcode; leading spaces become entities so they cannot make a code block.
 * Not a quoted literal: the result is text in place, not enclosed.
 */
export function markdownText(value: string): string {
  return value
    .replace(/[\\`*_[\]<>&|~$]/g, (c) => `\\${c}`)
    .replace(/:(?=[\w+-]+:)/g, "\\:")
    .replace(/^(\s*)([#+\-=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2")
    .replace(/^ +/, (spaces) => "&#32;".repeat(spaces.length));
}

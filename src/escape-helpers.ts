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

/** JSON string with every unsafe character escaped. */
export function jsonString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${hex4(c)}`);
}

/** Python str literal (double-quoted, no prefix). */
export function pythonString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(UNSAFE, (c) => `\\u${hex4(c)}`)}"`;
}

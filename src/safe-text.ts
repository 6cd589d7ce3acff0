/**
 * Text from the user (a team name, a key, a 5 MB value) echoed back in a message must
 * neither drive the terminal nor flood it: control characters (C0, DEL, C1, and the
 * line/paragraph separators) are shown as visible escapes, and long values are cut.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export const ECHO_LIMIT = 80;

export function visibleControls(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** A value or key fit to echo: controls made visible, at most `limit` characters plus a note. */
export function echo(text: string, limit = ECHO_LIMIT): string {
  const cut = text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
  return visibleControls(cut);
}

/** Any value as it should appear in a message: strings quoted, everything bounded. */
export function showValue(value: unknown, limit = ECHO_LIMIT): string {
  if (typeof value === "string") {
    const cut = value.length > limit ? value.slice(0, limit) : value;
    const quoted = visibleControls(JSON.stringify(cut));
    return value.length > limit ? `${quoted.slice(0, -1)}…" (${value.length} characters)` : quoted;
  }
  const text = JSON.stringify(value) ?? String(value);
  return echo(text, limit);
}

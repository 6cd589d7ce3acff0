import { isTerminal } from "./standard-output.js";

type StandardStream = "stdout" | "stderr";

/**
 * Colour only for a human on a terminal that wants it (NO_COLOR, non-TTY and CI=dumb stay
 * plain). The descriptor is looked at only when the environment has not decided.
 */
export function useColor(stream: StandardStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return process.env.TERM !== "dumb" && isTerminal(stream === "stdout" ? 1 : 2);
}

export function styler(stream: StandardStream) {
  const on = useColor(stream);
  const wrap = (code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap(1), dim: wrap(2), red: wrap(31), green: wrap(32), yellow: wrap(33), cyan: wrap(36) };
}

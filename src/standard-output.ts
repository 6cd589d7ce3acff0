import { fstatSync, statSync, writeSync } from "node:fs";
import { tty } from "./lazy-builtins.js";

/**
 * The CLI's own output: a few lines written once, straight to file descriptor 1 or 2.
 * process.stdout and process.stderr are stream objects whose first use loads Node's
 * stream modules (a few milliseconds of a run that takes tens), and on some systems they
 * write to a pipe later, after the call returns. Here every line is out when the call
 * returns, so the CLI may exit the moment it is done (cli.ts). A descriptor that refuses
 * for now (a non-blocking pipe that is full) is waited for, a millisecond at a time.
 */
const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: 1 | 2, text: string): void {
  let rest = Buffer.from(text, "utf8");
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

export function writeOut(text: string): void {
  writeAll(1, text);
}

export function writeErr(text: string): void {
  writeAll(2, text);
}

/**
 * Whether the descriptor is a terminal, as process.stdin/stdout/stderr.isTTY would say, without making
 * the stream: a terminal is a character device, so a file or a pipe is answered by one
 * fstat, the null device (`> /dev/null`, a service's stdin) by comparing it with
 * /dev/null, and only another character device is asked of node:tty (which loads node:net).
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  let device: number;
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    device = stat.rdev;
  } catch {
    return false; // closed
  }
  try {
    if (statSync("/dev/null").rdev === device) return false;
  } catch {
    // no /dev/null here: node:tty answers
  }
  return tty().isatty(fd);
}

import { createRequire } from "node:module";

// Node's child_process (with net, dgram and streams), crypto and tty (with net) cost a run
// several milliseconds to load, and a generation with --no-git --no-lock into a file needs
// none of them: the modules that spawn, hash, ask about a terminal or the home folder load
// them on first use through these.
const require = createRequire(import.meta.url);

export const childProcess = (): typeof import("node:child_process") => require("node:child_process") as typeof import("node:child_process");

export const crypto = (): typeof import("node:crypto") => require("node:crypto") as typeof import("node:crypto");

export const os = (): typeof import("node:os") => require("node:os") as typeof import("node:os");

export const tty = (): typeof import("node:tty") => require("node:tty") as typeof import("node:tty");

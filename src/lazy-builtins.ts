import { nodeRequire as require } from "./node-require.js";

// Node's child_process (with net, dgram and streams), crypto and tty (with net) cost a run
// several milliseconds to load, and a generation with --no-git --no-lock into a file needs
// none of them; node:os and node:module cost about a millisecond each. The modules that
// spawn, hash, ask about a terminal or the home folder, or make a require of their own,
// load them on first use through these.

export const childProcess = (): typeof import("node:child_process") => require("node:child_process") as typeof import("node:child_process");

export const crypto = (): typeof import("node:crypto") => require("node:crypto") as typeof import("node:crypto");

export const nodeModule = (): typeof import("node:module") => require("node:module") as typeof import("node:module");

export const os = (): typeof import("node:os") => require("node:os") as typeof import("node:os");

export const tty = (): typeof import("node:tty") => require("node:tty") as typeof import("node:tty");

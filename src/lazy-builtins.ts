import { createRequire } from "node:module";

// Node's child_process (with net, dgram and streams) and crypto cost a run several
// milliseconds to load, and a generation with --no-git --no-lock uses neither: the
// modules that spawn or hash load them on first use through these.
const require = createRequire(import.meta.url);

export const childProcess = (): typeof import("node:child_process") => require("node:child_process") as typeof import("node:child_process");

export const crypto = (): typeof import("node:crypto") => require("node:crypto") as typeof import("node:crypto");

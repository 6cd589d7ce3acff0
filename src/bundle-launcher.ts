#!/usr/bin/env node
// The published bin (dist/cli/cli.js): runs the one-file CLI (main.cjs, next to it) through
// V8's code cache, so a run deserialises the functions it needs instead of parsing and
// compiling the whole CLI again (see code-cache.ts; a missing cache only costs that time).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireWithCodeCache } from "./code-cache.js";
import { runKind } from "./command-names.js";

// The bin is CommonJS (scripts/build-bundle.mjs), where __dirname is its folder for free.
const here = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));
requireWithCodeCache(join(here, "main.cjs"), runKind(process.argv.slice(2)));

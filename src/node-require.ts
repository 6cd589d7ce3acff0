import { createRequire } from "node:module";

/**
 * A `require` for Node's builtins and for files beside this module. The one-file CLI
 * replaces this module with its own `require` (scripts/build-bundle.mjs), which resolves
 * the same: there, loading node:module and making a require would cost a run more than
 * most of what it then loads.
 */
export const nodeRequire: NodeJS.Require = createRequire(import.meta.url);

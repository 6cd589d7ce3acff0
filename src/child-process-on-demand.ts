import { createRequire } from "node:module";

type ChildProcessModule = typeof import("node:child_process");
let loaded: ChildProcessModule | undefined;

/**
 * node:child_process, loaded on first use: it pulls in net, dgram and streams, which cost a
 * run that never starts a process more than its own work. A static import would load it
 * when the bundle initialises the importing module, whatever the run then does.
 */
export function childProcess(): ChildProcessModule {
  loaded ??= createRequire(import.meta.url)("node:child_process") as ChildProcessModule;
  return loaded;
}

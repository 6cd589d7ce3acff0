import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../helpers/free-port.js";
import type { GateContext } from "./gate-context.js";
import type { GateOutcome } from "./quality-gates.js";

export interface ServeOptions {
  /** Flags for `serve` besides --host and --port. */
  args?: string[];
  /** Variables on top of the gate's environment. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** A value once the service is ready; undefined (or a thrown error) while it is not yet. */
  ready: (port: number) => Promise<string | undefined>;
}

/**
 * Start the generated project's `serve` on a free port of 127.0.0.1, poll `ready` until it
 * gives a value, then hand the port, that value and the output so far to `use`. The
 * process is stopped whatever happens.
 */
export async function whileServing(
  ctx: GateContext,
  options: ServeOptions,
  use: (port: number, readyValue: string, output: () => string) => Promise<GateOutcome>,
): Promise<GateOutcome> {
  const port = await freePort();
  const args = ["serve", ...(options.args ?? []), "--host", "127.0.0.1", "--port", String(port)];
  const child = spawn(join(ctx.venvBin, String(ctx.options.name)), args, { cwd: ctx.dir, env: { ...ctx.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (Date.now() < deadline && child.exitCode === null) {
      const value = await options.ready(port).catch(() => undefined); // not listening yet
      if (value !== undefined) return await use(port, value, () => output);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { ok: false, detail: `${args.join(" ")} never became ready (exit ${child.exitCode})\n${output}` };
  } finally {
    child.kill("SIGTERM");
  }
}

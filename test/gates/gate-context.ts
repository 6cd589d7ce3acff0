import { join } from "node:path";
import type { StarterDefinition } from "../../src/starter-definition.js";
import { gateToolsBin } from "../helpers/paths.js";

/** What every gate needs to know about one generated project. */
export interface GateContext {
  dir: string;
  starter: StarterDefinition;
  options: Record<string, unknown>;
  venvBin: string;
  env: NodeJS.ProcessEnv;
}

export function gateContext(dir: string, starter: StarterDefinition, options: Record<string, unknown>): GateContext {
  const venvBin = join(dir, ".venv", "bin");
  return {
    dir,
    starter,
    options,
    venvBin,
    env: {
      ...process.env,
      // The project's venv first (ruff, mypy, pytest, the console script), then the gate tools.
      PATH: `${venvBin}:${gateToolsBin}:${process.env.PATH ?? ""}`,
      VIRTUAL_ENV: join(dir, ".venv"),
      UV_PYTHON_DOWNLOADS: "never",
      NO_COLOR: "1",
      // As on a developer's machine: bytecode caches make the second import fast.
      PYTHONDONTWRITEBYTECODE: "",
      // Services of this machine for the starters' integration tests.
      TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
    },
  };
}

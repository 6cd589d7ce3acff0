import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
// The published bin (the bundle), as `npx create-devops-py` runs it.
export const cliPath = join(repoRoot, (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { bin: Record<string, string> }).bin["create-devops-py"] as string);
export const gateToolsBin = process.env.GATE_TOOLS_BIN ?? join(repoRoot, ".cache", "gate-tools", "bin");

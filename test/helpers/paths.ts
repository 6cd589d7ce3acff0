import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const cliPath = join(repoRoot, "dist", "src", "cli.js");
export const gateToolsBin = process.env.GATE_TOOLS_BIN ?? join(repoRoot, ".cache", "gate-tools", "bin");

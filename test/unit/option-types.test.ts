import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";

it("src/generated/option-types.ts is generated from the current schemas (npm run generate:types)", async () => {
  const { optionTypesSource } = (await import(join(repoRoot, "scripts", "generate-option-types.mjs"))) as { optionTypesSource: () => Promise<string> };
  const committed = readFileSync(join(repoRoot, "src", "generated", "option-types.ts"), "utf8");
  expect(committed).toBe(await optionTypesSource());
});

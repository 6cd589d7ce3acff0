import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One temporary directory per run, removed at the end (test/global-temp-dir.ts).
    // No uv unless a test passes one (test/global-no-uv.ts), after TMPDIR is set.
    globalSetup: ["test/global-temp-dir.ts", "test/global-no-uv.ts"],
    // Gate tests run external tools in child processes; 2 cores on CI.
    maxConcurrency: 3,
    testTimeout: 120_000,
    hookTimeout: 900_000,
    reporters: ["verbose"],
  },
});

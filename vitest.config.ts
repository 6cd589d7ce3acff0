import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Gate tests run external tools in child processes; 2 cores on CI.
    maxConcurrency: 3,
    testTimeout: 120_000,
    hookTimeout: 900_000,
    reporters: ["verbose"],
  },
});

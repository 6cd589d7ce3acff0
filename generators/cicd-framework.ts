import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "cicd-framework",
  title: "CI/CD Pipeline Framework",
  summary: "YAML pipelines run as a parallel DAG, blue-green/canary/rolling deploys with automatic rollback, CI export.",
  demo: { args: ["run", "--demo"] },
  service: null,
  testServices: [],
};

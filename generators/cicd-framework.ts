import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "cicd-framework",
  title: "CI/CD Pipeline Framework",
  summary:
    "Runs YAML pipelines as a parallel DAG of subprocesses, deploys with blue-green, canary or rolling rollouts with automatic rollback, and exports GitHub Actions or GitLab CI files.",
  demo: { args: ["run", "--demo"] },
  service: null,
};

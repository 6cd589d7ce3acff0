import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "mlops-pipeline",
  title: "MLOps Pipeline",
  summary: "Trains scikit-learn models behind a quality gate, versions, serves with A/B routing and detects drift.",
  demo: { args: ["demo"] },
  service: { port: 8000 },
  testServices: [],
};

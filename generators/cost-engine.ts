import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "cost-engine",
  title: "Cost Optimization Engine",
  summary: "Finds idle and oversized AWS resources and prices the monthly savings.",
  demo: { args: ["analyze", "--demo"] },
  service: null,
  testServices: [],
};

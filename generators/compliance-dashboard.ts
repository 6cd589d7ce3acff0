import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "compliance-dashboard",
  title: "Security Compliance Dashboard",
  summary: "AWS checks and scanner results mapped to CIS, SOC 2 and NIST controls, scored and served as a dashboard.",
  demo: { args: ["scan", "--demo"] },
  service: { port: 8000 },
  testServices: [],
};

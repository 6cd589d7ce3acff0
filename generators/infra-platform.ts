import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "infra-platform",
  title: "Infrastructure Automation Platform",
  summary: "Multi-cloud inventory, tag policy and desired-state plan/apply behind one provider protocol.",
  demo: { args: ["demo"] },
  service: null,
  testServices: [],
};

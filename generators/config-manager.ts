import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "config-manager",
  title: "Configuration Management System",
  summary: "YAML desired state for inventory hosts: plan diffs, idempotent atomic apply and drift reports, local or SSH.",
  demo: { args: ["apply", "--demo"] },
  service: null,
  testServices: [],
};

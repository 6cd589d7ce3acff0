import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "config-manager",
  title: "Configuration Management System",
  summary:
    "Applies YAML desired state (files, Jinja2 templates, directories, lines) to inventory hosts with plan diffs, idempotent atomic apply and drift reports.",
  demo: { args: ["apply", "--demo"] },
  service: null,
};

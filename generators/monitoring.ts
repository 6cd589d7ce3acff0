import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "monitoring",
  title: "Monitoring and Alerting System",
  summary: "Host and HTTP probes as Prometheus metrics, YAML alert rules, and Slack/PagerDuty/e-mail notifiers.",
  demo: { args: ["demo"] },
  service: { port: 9100 },
  testServices: [],
};

import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "monitoring",
  title: "Monitoring and Alerting System",
  summary:
    "Host metrics and HTTP probes as Prometheus metrics, YAML alert rules with grouping, dedup and rate limiting, and Slack/PagerDuty/email notifiers.",
  demo: { args: ["demo"] },
  service: { port: 9100 },
};

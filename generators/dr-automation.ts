import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "dr-automation",
  title: "Disaster Recovery Automation",
  summary: "Verified SQLite/PostgreSQL/file backups to local or S3, GFS retention, and a failover runbook with RPO/RTO.",
  demo: { args: ["demo"] },
  service: null,
  testServices: ["postgres"],
};

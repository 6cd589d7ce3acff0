import type { StarterDefinition } from "../src/starter-definition.js";

export const starter: StarterDefinition = {
  id: "compliance-dashboard",
  title: "Security Compliance Dashboard",
  summary:
    "Checks an AWS account and imports bandit, pip-audit and Trivy results, maps every finding to CIS AWS, SOC 2 and NIST 800-53 controls, scores each framework and serves the results as a FastAPI dashboard and Markdown, HTML, JSON and SARIF reports.",
  demo: { args: ["scan", "--demo"] },
  service: { port: 8000 },
};

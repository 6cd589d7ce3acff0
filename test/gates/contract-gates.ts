import type { Gate } from "./quality-gates.js";
import { gates as cicdFramework } from "./contracts/cicd-framework.js";
import { gates as complianceDashboard } from "./contracts/compliance-dashboard.js";
import { gates as configManager } from "./contracts/config-manager.js";
import { gates as costEngine } from "./contracts/cost-engine.js";
import { gates as drAutomation } from "./contracts/dr-automation.js";
import { gates as infraPlatform } from "./contracts/infra-platform.js";
import { gates as mlopsPipeline } from "./contracts/mlops-pipeline.js";
import { gates as monitoring } from "./contracts/monitoring.js";

// One file per starter keeps each starter's real-tool checks beside its own name.
const byStarter: Record<string, Gate[]> = {
  "cicd-framework": cicdFramework,
  "compliance-dashboard": complianceDashboard,
  "config-manager": configManager,
  "cost-engine": costEngine,
  "dr-automation": drAutomation,
  "infra-platform": infraPlatform,
  "mlops-pipeline": mlopsPipeline,
  monitoring,
};

/** Every starter's contract gates, each limited to its own starter. */
export const CONTRACT_GATES: Gate[] = Object.entries(byStarter).flatMap(([id, gates]) =>
  gates.map((gate) => ({ ...gate, name: `contract: ${gate.name}`, applies: (ctx) => ctx.starter.id === id && gate.applies(ctx) })),
);

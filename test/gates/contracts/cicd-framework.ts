import type { Gate } from "../quality-gates.js";

/**
 * Real-tool contract gates for cicd-framework: outputs checked by the real tool the starter
 * imitates (see shared/QUALITY-GATES.md, "real-tool contracts"). Each gate's
 * `applies` is already limited to this starter by contract-gates.ts.
 */
export const gates: Gate[] = [];

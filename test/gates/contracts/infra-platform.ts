import type { Gate } from "../quality-gates.js";

/**
 * Real-tool contract gates for infra-platform: outputs checked by the real tool the starter
 * imitates (see shared/QUALITY-GATES.md, "real-tool contracts"). Each gate's
 * `applies` is already limited to this starter by contract-gates.ts.
 * None yet: no gate tool validates AWS/Azure/GCP semantics offline (moto deviates from AWS
 * on S3 system tags, and there is no Azure or GCP emulator here). The starter pins the
 * documented rules in its own tests/test_contract.py instead.
 */
export const gates: Gate[] = [];

import { UsageError } from "../errors.js";
import { readDataFile } from "../read-data-file.js";
import { validateOptions } from "../validate-options.js";
import { deriveOptions } from "../derive-options.js";
import { readRoster } from "../cohort/read-roster.js";
import { validateRoster } from "../cohort/validate-roster.js";

/** Check an answers file or a roster (it has `teams`) without generating anything. */
export async function validateFile(path: string | undefined, json: boolean): Promise<number> {
  if (!path) throw new UsageError("Missing file.", [{ option: "file", message: "give an answers or roster file to validate" }]);
  const isRoster = /\.csv$/i.test(path) || "teams" in readDataFile(path, "file");
  if (isRoster) {
    const plans = await validateRoster(readRoster(path));
    process.stdout.write(json ? `${JSON.stringify({ ok: true, kind: "roster", teams: plans.map((plan) => ({ team: plan.name, dir: plan.slug, starter: plan.starter.id })) }, null, 2)}\n` : `${path}: valid roster with ${plans.length} team(s).\n`);
    return 0;
  }
  const { $schema: _schema, ...answers } = readDataFile(path, "file");
  const options = await validateOptions(deriveOptions(answers));
  process.stdout.write(json ? `${JSON.stringify({ ok: true, kind: "answers", options }, null, 2)}\n` : `${path}: valid answers for ${options.template}.\n`);
  return 0;
}

import { UsageError } from "../errors.js";
import { readDataFile } from "../read-data-file.js";
import { validateOptions } from "../validate-options.js";
import { readRoster, rosterFromData } from "../cohort/read-roster.js";
import { validateRoster } from "../cohort/validate-roster.js";

/** Check an answers file or a roster (CSV, or an object with `teams`) without generating anything. */
export async function validateFile(path: string | undefined, json: boolean): Promise<number> {
  if (!path) throw new UsageError("Missing file.", [{ option: "file", message: "give an answers or roster file to validate" }]);
  const data = /\.csv$/i.test(path) ? undefined : readDataFile(path, "file");
  if (data === undefined || "teams" in data) {
    const plans = await validateRoster(data === undefined ? readRoster(path) : rosterFromData(data));
    const teams = plans.map((plan) => ({ team: plan.name, dir: plan.slug, starter: plan.starter.id }));
    process.stdout.write(json ? `${JSON.stringify({ ok: true, kind: "roster", teams }, null, 2)}\n` : `${path}: valid roster with ${plans.length} team(s).\n`);
    return 0;
  }
  const { $schema: _schema, ...answers } = data;
  const options = await validateOptions(answers);
  process.stdout.write(json ? `${JSON.stringify({ ok: true, kind: "answers", options }, null, 2)}\n` : `${path}: valid answers for ${options.template}.\n`);
  return 0;
}

import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { readDataFile } from "../read-data-file.js";
import { collectProblems } from "../validate-options.js";
import { readRoster, rosterFromData } from "../cohort/read-roster.js";
import { validateRoster } from "../cohort/validate-roster.js";
import { unwrapAnswersRecord } from "../answers-record-input.js";
import { labelFromSources, shownPath } from "../option-sources.js";
import { echo } from "../safe-text.js";
import { writeOut } from "../standard-output.js";

/** Check an answers file (or a project's record) or a roster (CSV, or an object with `teams`) without generating anything. */
export async function validateFile(path: string | undefined, json: boolean, cwd = process.cwd()): Promise<number> {
  if (!path) throw new UsageError("Missing file.", [{ option: "file", message: "give an answers or roster file to validate" }]);
  const absolute = resolve(cwd, path);
  // Read as typed (relative to cwd) so that messages name the file as the user did.
  const data = /\.csv$/i.test(path) ? undefined : readDataFile(path, "file");
  if (data === undefined || "teams" in data) {
    const plans = await validateRoster(data === undefined ? await readRoster(absolute, path) : rosterFromData(data, absolute, path));
    const teams = plans.map((plan) => ({ team: plan.name, dir: plan.slug, starter: plan.starter.id }));
    writeOut(json ? `${JSON.stringify({ ok: true, kind: "roster", teams }, null, 2)}\n` : `${echo(path)}: valid roster with ${plans.length} team(s).\n`);
    return 0;
  }
  const { $schema: _schema, ...answers } = unwrapAnswersRecord(data);
  const label = labelFromSources({ typed: {}, answersFile: { path: absolute, shown: shownPath(path), keys: new Set(Object.keys(answers)) } });
  const { options, problems } = await collectProblems(answers, { label });
  if (!options) throw new UsageError(`${echo(path)} is not a valid answers file.`, problems);
  writeOut(json ? `${JSON.stringify({ ok: true, kind: "answers", options }, null, 2)}\n` : `${echo(path)}: valid answers for ${options.template}.\n`);
  return 0;
}

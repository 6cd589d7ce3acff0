import { UsageError } from "../errors.js";
import { readDataFile } from "../read-data-file.js";
import { validateOptions } from "../validate-options.js";
import { deriveOptions } from "../derive-options.js";

/** Check an answers file or a roster (it has `teams`) without generating anything. */
export async function validateFile(path: string | undefined, json: boolean): Promise<number> {
  if (!path) throw new UsageError("Missing file.", [{ option: "file", message: "give an answers or roster file to validate" }]);
  const { $schema: _schema, ...answers } = readDataFile(path, "file");
  const options = await validateOptions(deriveOptions(answers));
  process.stdout.write(json ? `${JSON.stringify({ ok: true, kind: "answers", options }, null, 2)}\n` : `${path}: valid answers for ${options.template}.\n`);
  return 0;
}

import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { bundledStarterSchema } from "../../src/commands/schema.js";
import { loadStarters } from "../../src/starter-registry.js";

const starters = await loadStarters();

describe("`schema <starter>` prints a self-contained schema an editor can use", () => {
  it.each(starters.map((s) => s.id))("%s", (id) => {
    // A plain ajv that knows nothing of our base schema or annotations (strict off, like editors).
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(bundledStarterSchema(id));
    const answers = { $schema: "./schema.json", template: id, name: "my-app", packageName: "my_app", resourcePrefix: "my-app", k8sNamespace: "my-app", imageName: "my-app", metricPrefix: "my_app" };
    expect(validate(answers), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...answers, license: "GPL" })).toBe(false);
    expect(validate({ ...answers, notAnOption: 1 })).toBe(false);
  });
});

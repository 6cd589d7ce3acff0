import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { fieldsForStarter } from "../../src/option-fields.js";
import { answerSchema, askIfSchema } from "../../src/prompt-for-options.js";
import { createAjv, getSchemaValidator, precompiledSchemaValidatorsPath, schemaValidatorKey } from "../../src/schema-registry.js";
import { loadStarters } from "../../src/starter-registry.js";

const require = createRequire(import.meta.url);
const byContent = require(precompiledSchemaValidatorsPath()) as Record<string, unknown>;
const starters = await loadStarters();
const SAMPLES: unknown[] = ["", "demo", "Not Valid!", 0, 3.5, -1, true, [], ["aws"], ["nope"], {}, null, { currency: "EUR" }, { currency: "USD" }];

// The bundled CLI has no ajv compiler: every schema built from one option must come precompiled,
// and decide like ajv compiling it now.
describe("precompiled validators of the schemas a run builds from one option (npm run build)", () => {
  it.each(starters.map((starter) => starter.id))("%s: every option's answer schema and x-ask-if condition", (id) => {
    const ajv = createAjv();
    for (const field of fieldsForStarter(id)) {
      for (const schema of [answerSchema(field), askIfSchema(field)].filter((s) => s !== undefined)) {
        expect(byContent[schemaValidatorKey(schema)], `${id} ${field.key}`).toBeTypeOf("function");
        const precompiled = getSchemaValidator(schema);
        const fresh = ajv.compile(schema);
        for (const sample of SAMPLES) {
          expect(precompiled(structuredClone(sample)), `${field.key} ${JSON.stringify(sample)}`).toBe(fresh(structuredClone(sample)));
          expect(precompiled.errors ?? null).toEqual(fresh.errors ?? null);
        }
      }
    }
  });

  it("a schema the build did not see is compiled now (a checkout with a stale build)", () => {
    const validate = getSchemaValidator({ type: "string", maxLength: 2, description: "not in any schema file" });
    expect(validate("ab")).toBe(true);
    expect(validate("abc")).toBe(false);
  });
});

import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadStarters } from "../../src/starter-registry.js";
import { createAjv, getValidator, precompiledValidatorPath, readSchema, starterSchemaFile, validatorSourceHash } from "../../src/schema-registry.js";

const starters = await loadStarters();
const BAD = { name: "Bad Name", packageName: "class", license: "GPL", authorEmail: "x", unknownKey: true, coAuthors: [{ name: "a\nb", email: "nope" }] };

describe("precompiled validators (npm run build) agree with ajv at run time", () => {
  it.each(starters.map((starter) => starter.id))("%s", (id) => {
    const file = starterSchemaFile(id);
    expect(existsSync(precompiledValidatorPath(file))).toBe(true);
    const runtime = createAjv().compile(readSchema(file));
    const precompiled = getValidator(file);
    // The build's validator is the one in use (made from these exact schemas).
    expect((precompiled as unknown as { sourceHash?: string }).sourceHash).toBe(validatorSourceHash(file));
    const input = () => ({ template: id, resourcePrefix: "p", k8sNamespace: "p", imageName: "p", metricPrefix: "p", ...structuredClone(BAD) });
    const a = input();
    const b = input();
    expect(precompiled(a)).toBe(false);
    expect(runtime(b)).toBe(false);
    expect(precompiled.errors).toEqual(runtime.errors);
    expect(a).toEqual(b); // same defaults applied
  });
});

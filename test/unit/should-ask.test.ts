import { describe, expect, it } from "vitest";
import { fieldsForStarter } from "../../src/option-fields.js";
import { shouldAsk } from "../../src/prompt-for-options.js";

const fields = fieldsForStarter("cost-engine");
const field = (key: string) => {
  const found = fields.find((f) => f.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

describe("shouldAsk", () => {
  it("asks a conditional option only when its x-ask-if holds", () => {
    expect(shouldAsk(field("exchangeRate"), { currency: "EUR" })).toBe(true);
    expect(shouldAsk(field("exchangeRate"), { currency: "USD" })).toBe(false);
  });
  it("never asks what was given, nor options without a prompt", () => {
    expect(shouldAsk(field("license"), { license: "MIT" })).toBe(false);
    expect(shouldAsk(field("license"), {})).toBe(true);
    expect(shouldAsk(field("packageName"), {})).toBe(false);
  });
});

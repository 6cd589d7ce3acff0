import { describe, expect, it } from "vitest";
import { firstDuplicateKey } from "../../src/json-duplicate-keys.js";

describe("firstDuplicateKey", () => {
  it.each([
    ['{"a": 1, "b": 2}', undefined],
    ['{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}', undefined],
    ['{"a": "\\"a\\"", "\\"a\\"": 1}', undefined],
    ['{"k": "a", "v": "k"}', undefined],
    ['{"a": 1, "a": 2}', "a"],
    ['{"x": {"y": [1, {"z": 1, "z": 2}]}}', "x.y[].z"],
    ['{"\\u0061": 1, "a": 2}', "a"],
    ['[{"t": 1}, {"t": 1, "t": 2}]', "[].t"],
  ])("%s -> %s", (text, expected) => {
    JSON.parse(text);
    expect(firstDuplicateKey(text)).toBe(expected);
  });
});

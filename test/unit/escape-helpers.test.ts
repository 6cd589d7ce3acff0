import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { jsonString, pythonString, tomlString, yamlFlowList, yamlString } from "../../src/escape-helpers.js";
import { evalPythonLiterals } from "../helpers/python-literals.js";

const TRICKY = [
  `plain`,
  `"double" and 'single' quotes`,
  String.raw`back\slash \n not a newline \\ \u0041`,
  "${{ github.token }} and ${{ secrets.X }}",
  "{{ handlebars }} {{{ triple }}} \\{{ escaped",
  "line one\nline two\r\nthree\ttab",
  "unicode: café 北京 🚀 \u2028 \u2029 \u0085 é",
  "yaml-ish: - [a, b] {c: d} # comment & *anchor !tag | > %",
  "toml-ish: key = \"v\" [table] '''",
  `python-ish: """ ''' \\N{BULLET} {x} %s`,
  "",
  " leading and trailing spaces ",
  "\u0000nul \u0007bell \u001b[31mred",
];

describe("escape helpers parse back to exactly the input", () => {
  it.each(TRICKY)("TOML: %j", (value) => {
    expect(parseToml(`v = ${tomlString(value)}`).v).toBe(value);
  });
  it.each(TRICKY)("YAML: %j", (value) => {
    expect(parseYaml(`v: ${yamlString(value)}`)).toEqual({ v: value });
  });
  it("YAML flow list: every value, in order, with a space after each comma", () => {
    expect(parseYaml(`v: ${yamlFlowList(TRICKY)}`)).toEqual({ v: TRICKY });
    expect(yamlFlowList(["3.11", "3.12"])).toBe(`["3.11", "3.12"]`);
    expect(yamlFlowList([])).toBe("[]");
  });
  it.each(TRICKY)("JSON: %j", (value) => {
    expect(JSON.parse(jsonString(value))).toBe(value);
  });
  it("Python: every value through ast.literal_eval", () => {
    expect(evalPythonLiterals(TRICKY.map(pythonString))).toEqual(TRICKY);
  });
  it("never leaves a raw newline or control character in a literal", () => {
    for (const escape of [tomlString, yamlString, jsonString, pythonString]) {
      for (const value of TRICKY) expect(escape(value)).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
    }
  });
});

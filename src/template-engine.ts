import Handlebars from "handlebars";
import { pinnedUses, readActionPins } from "./action-pins.js";
import { jsonString, markdownText, pythonString, tomlString, yamlFlowList, yamlString } from "./escape-helpers.js";

export type TemplateContext = Record<string, unknown>;
export type TemplateEngine = typeof Handlebars;

function asString(value: unknown, helper: string): string {
  if (typeof value !== "string") throw new Error(`{{${helper}}} expects a string, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * A private Handlebars instance: no HTML escaping (we write code, not HTML), strict
 * mode (an unknown variable is an error, not an empty string), and explicit escapers
 * per file type for user text.
 */
export function createTemplateEngine(): TemplateEngine {
  const hb = Handlebars.create();
  hb.registerHelper("toml", (value: unknown) => tomlString(asString(value, "toml")));
  hb.registerHelper("yaml", (value: unknown) => yamlString(asString(value, "yaml")));
  hb.registerHelper("yamlList", (value: unknown) => {
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      throw new Error(`{{yamlList}} expects a list of strings, got ${JSON.stringify(value)}`);
    }
    return yamlFlowList(value);
  });
  hb.registerHelper("py", (value: unknown) => pythonString(asString(value, "py")));
  hb.registerHelper("md", (value: unknown) => markdownText(asString(value, "md")));
  hb.registerHelper("json", (value: unknown) =>
    typeof value === "string" ? jsonString(value) : JSON.stringify(value),
  );
  const pins = readActionPins();
  hb.registerHelper("pin", (action: unknown) => pinnedUses(asString(action, "pin"), pins));
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("includes", (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  hb.registerHelper("and", (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper("or", (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper("not", (value: unknown) => !value);
  hb.registerHelper("join", (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === "string" ? separator : ", ") : "",
  );
  return hb;
}

export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

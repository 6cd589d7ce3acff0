import { pinnedUses, readActionPins, type ActionPin } from "./action-pins.js";
import { jsonString, markdownText, pythonString, tomlString, yamlFlowList, yamlString } from "./escape-helpers.js";
import type { TemplateHelper } from "./template-runtime.js";

function asString(value: unknown, helper: string): string {
  if (typeof value !== "string") throw new Error(`{{${helper}}} expects a string, got ${JSON.stringify(value)}`);
  return value;
}

// Read on the first {{pin}}: a run that renders no workflow never opens the table.
let pins: Record<string, ActionPin> | undefined;

/**
 * The helpers every template may call, one table for both renderers: the template
 * runtime of a run (template-runtime.ts) and the full Handlebars of the build, the
 * plopfile and the tests (template-engine.ts). Explicit escapers per file type for user
 * text, and the few predicates the templates' conditions need. Each is called with the
 * helper's options object last (hence `args.slice(0, -1)` where the count varies).
 */
export const TEMPLATE_HELPERS: Readonly<Record<string, TemplateHelper>> = {
  toml: (value: unknown) => tomlString(asString(value, "toml")),
  yaml: (value: unknown) => yamlString(asString(value, "yaml")),
  yamlList: (value: unknown) => {
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      throw new Error(`{{yamlList}} expects a list of strings, got ${JSON.stringify(value)}`);
    }
    return yamlFlowList(value);
  },
  py: (value: unknown) => pythonString(asString(value, "py")),
  md: (value: unknown) => markdownText(asString(value, "md")),
  json: (value: unknown) => (typeof value === "string" ? jsonString(value) : JSON.stringify(value)),
  pin: (action: unknown) => pinnedUses(asString(action, "pin"), (pins ??= readActionPins())),
  eq: (a: unknown, b: unknown) => a === b,
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  not: (value: unknown) => !value,
  join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === "string" ? separator : ", ") : ""),
};

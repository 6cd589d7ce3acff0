import Handlebars from "handlebars";
import { TEMPLATE_HELPERS } from "./template-helpers.js";

export type { TemplateContext } from "./template-runtime.js";
export type TemplateEngine = typeof Handlebars;

/**
 * A private instance of the full Handlebars, the reference the build compiles from and
 * the tests compare against (a run renders with template-runtime.ts instead): no HTML
 * escaping (we write code, not HTML), strict mode (an unknown variable is an error, not
 * an empty string), and our helpers (template-helpers.ts).
 */
export function createTemplateEngine(): TemplateEngine {
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) hb.registerHelper(name, helper as Handlebars.HelperDelegate);
  return hb;
}

export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

import { existsSync } from "node:fs";
import { join } from "node:path";
import { requireWithCodeCache } from "./code-cache.js";
import { packageRoot } from "./package-root.js";
import { sourceHash } from "./source-hash.js";
import { COMPILE_OPTIONS, type TemplateEngine } from "./template-engine.js";

type TemplateSpec = Parameters<TemplateEngine["template"]>[0];
type LayerSpecs = Record<string, { hash: string; spec: TemplateSpec }>;

/** Where `npm run build` writes the precompiled Handlebars templates of one layer. */
export function precompiledTemplatesPath(layer: string): string {
  return join(packageRoot, "dist", "templates", `${layer}.cjs`);
}

const layers = new Map<string, LayerSpecs>();

function specsOf(layer: string): LayerSpecs {
  let specs = layers.get(layer);
  if (!specs) {
    const path = precompiledTemplatesPath(layer);
    specs = existsSync(path) ? (requireWithCodeCache(path) as LayerSpecs) : {};
    layers.set(layer, specs);
  }
  return specs;
}

/**
 * A template function for `templates/<layer>/<path>`: the build's precompiled one when
 * it was made from exactly this source (hash), otherwise compiled now. Precompiling
 * takes Handlebars' parser and compiler off every run.
 */
export function compileTemplate(hb: TemplateEngine, layer: string, path: string, source: string) {
  const found = specsOf(layer)[path];
  if (found && found.hash === sourceHash(source)) return hb.template(found.spec);
  return hb.compile(source, COMPILE_OPTIONS);
}

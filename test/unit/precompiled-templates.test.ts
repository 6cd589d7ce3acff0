import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { starterNames, starterNamesFromSources } from "../../src/dependency-names.js";
import { templatesDir } from "../../src/package-root.js";
import { planProject, templateContext } from "../../src/plan-project.js";
import { precompiledSourcesPath } from "../../src/precompiled-templates.js";
import { createTemplateEngine, COMPILE_OPTIONS } from "../../src/template-engine.js";
import { layerSourceHashes, readLayerSource } from "../../src/template-layer.js";
import { planVariants } from "../helpers/plan-variants.js";

const layers = readdirSync(templatesDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
const built = JSON.parse(readFileSync(precompiledSourcesPath(), "utf8")) as Record<string, Record<string, string>>;

/** The project as the sources say, compiled now with the full Handlebars (what the build must reproduce). */
function planFromSources(...args: Parameters<typeof planProject>): Map<string, { contents: string; mode: number }> {
  const [options, starter] = args;
  const hb = createTemplateEngine();
  const sources = ["_base", starter.id].map(readLayerSource);
  for (const source of sources) for (const partial of source.partials) hb.registerPartial(partial.name, hb.compile(partial.text, COMPILE_OPTIONS));
  const context = templateContext(options, starter, new Date("2026-01-01T00:00:00Z"));
  const files = new Map<string, { contents: string; mode: number }>();
  for (const source of sources) {
    for (const file of source.files) {
      const contents = file.template ? hb.compile(file.text, COMPILE_OPTIONS)(context) : file.text;
      if (file.template && contents.trim() === "") files.delete(file.path);
      else files.set(file.path.replaceAll("__packageName__", String(options.packageName)), { contents, mode: file.mode });
    }
  }
  return files;
}

// A run renders dist/templates/<layer>.json and never reads templates/: these prove the
// build's layers say what the sources say.
describe("precompiled template layers (npm run build)", () => {
  it.each(layers)("%s: made from the sources as they are now (else: npm run build)", (layer) => {
    expect(built[layer]).toEqual(layerSourceHashes(readLayerSource(layer)));
  });

  it("render exactly what the sources render, for every starter and option set", async () => {
    const variants = await planVariants();
    expect(variants.length).toBeGreaterThan(8);
    for (const variant of variants) {
      const now = new Date("2026-01-01T00:00:00Z");
      const planned = new Map(planProject(variant.options, variant.starter, now).map((file) => [file.path, { contents: file.contents, mode: file.mode }]));
      const fresh = planFromSources(variant.options, variant.starter, now);
      planned.delete(".create-devops-py.json"); // the answers record is not a template
      expect([...planned.keys()].sort(), variant.label).toEqual([...fresh.keys()].sort());
      for (const [path, file] of fresh) expect(planned.get(path), `${variant.label} ${path}`).toEqual(file);
    }
  }, 120_000);

  it.each(layers.filter((layer) => !layer.startsWith("_")))("%s: carries the dependency names its templates name", (starterId) => {
    const fresh = starterNamesFromSources(starterId);
    const shipped = starterNames(starterId);
    expect([...shipped.distributions].sort()).toEqual([...fresh.distributions].sort());
    expect([...shipped.modules].sort()).toEqual([...fresh.modules].sort());
    expect(shipped.distributions.size).toBeGreaterThan(3);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { starterNames, starterNamesFromSources } from "../../src/dependency-names.js";
import { packageRoot, templatesDir } from "../../src/package-root.js";
import { planProject, templateContext } from "../../src/plan-project.js";
import { precompiledLayer, precompiledSourcesPath, precompiledTemplatesPath } from "../../src/precompiled-templates.js";
import { findStarter } from "../../src/starter-registry.js";
import type { StarterDefinition } from "../../src/starter-definition.js";
import { createTemplateEngine, COMPILE_OPTIONS } from "../../src/template-engine.js";
import { layerSourceHashes, readLayerSource } from "../../src/template-layer.js";
import { validateOptions } from "../../src/validate-options.js";
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

// A run renders dist/templates/<layer>.layer and never reads templates/: these prove the
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

  it.each(layers)("%s: the layer file's header line is ASCII only", (layer) => {
    const file = readFileSync(precompiledTemplatesPath(layer));
    const header = file.subarray(0, file.indexOf(0x0a));
    expect(header.length).toBeGreaterThan(0);
    expect(header.findIndex((byte) => byte >= 0x80)).toBe(-1);
  });

  it("a missing layer file is named, with how to make it", () => {
    expect(() => precompiledLayer("no-such-layer")).toThrow(
      `create-devops-py: ${join(packageRoot, "dist", "templates", "no-such-layer.layer")} is missing; run npm run build`,
    );
  });
});

// Static files are planned as the layer's bytes; their text is decoded only when read.
describe("planned static files", async () => {
  const starter = (await findStarter("compliance-dashboard")) as StarterDefinition;
  const files = planProject(await validateOptions({ template: starter.id, name: "bytes-check" }), starter);
  // The starter's file wins over the base's at the same path, as in the plan.
  const byPath = new Map(["_base", starter.id].flatMap((layer) => readLayerSource(layer).files.map((file) => [file.path.replaceAll("__packageName__", "bytes_check"), file] as const)));
  const sources = new Map([...byPath].filter(([, file]) => !file.template).map(([path, file]) => [path, file.text]));
  const staticFiles = files.filter((file) => sources.has(file.path));

  it("carry exactly the UTF-8 of their text, non-ASCII included; rendered files carry none", () => {
    expect(staticFiles.length).toBeGreaterThan(20);
    expect(staticFiles.filter((file) => /[^\x00-\x7f]/.test(file.contents)).map((file) => file.path)).toContain("src/bytes_check/templates/report.html");
    for (const file of staticFiles) {
      expect(file.contents, file.path).toBe(sources.get(file.path));
      expect(Buffer.from(file.bytes as Uint8Array).equals(Buffer.from(file.contents, "utf8")), file.path).toBe(true);
    }
    expect(files.filter((file) => !sources.has(file.path)).every((file) => file.bytes === undefined)).toBe(true);
  });

  it("spread, serialise and compare as plain files (the bytes are not copied along)", () => {
    const file = staticFiles.find((entry) => entry.path.endsWith("report.html")) as (typeof staticFiles)[number];
    const copy = { ...file };
    expect(copy).toStrictEqual({ path: file.path, contents: file.contents, mode: file.mode });
    expect("bytes" in copy).toBe(false);
    expect(JSON.parse(JSON.stringify(file))).toStrictEqual(copy);
    expect(file).toEqual(copy);
  });
});

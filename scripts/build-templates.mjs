#!/usr/bin/env node
// Compile every layer of templates/ into dist/templates/<layer>.layer (src/layer-file.ts):
// the project files (bytes, or the template's program for src/template-runtime.ts), the
// partials' programs, and for a starter the names of what its project installs and
// imports. A run reads that one file and never reads templates/. Templates are parsed by
// Handlebars itself; a construct the runtime does not implement fails the build, naming
// the template (src/template-compiler.ts). dist/template-sources.json keeps the hash of
// every source, so the bundle step and the tests can prove the layers are not stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = (module) => import(`${root}dist/src/${module}.js`);
const { precompiledTemplatesPath, precompiledSourcesPath } = await dist("precompiled-templates");
const { encodeLayer } = await dist("layer-file");
const { readLayerSource, layerSourceHashes } = await dist("template-layer");
const { starterNamesFromSources } = await dist("dependency-names");
const { compileTemplate } = await dist("template-compiler");
const templatesDir = join(root, "templates");
const outDir = join(root, "dist", "templates");

const hashes = {};
const outputs = new Map(); // written once every template compiled: a refused one leaves no half-made layers
for (const layer of readdirSync(templatesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
  const source = readLayerSource(layer);
  hashes[layer] = layerSourceHashes(source);
  const files = source.files.map((file) =>
    file.template
      ? { path: file.path, mode: file.mode, program: compileTemplate(file.text, `templates/${layer}/${file.source}`) }
      // The UTF-8 of the text as read: the very bytes a run wrote when it wrote the text.
      : { path: file.path, mode: file.mode, bytes: Buffer.from(file.text, "utf8") },
  );
  const partials = Object.fromEntries(source.partials.map((partial) => [partial.name, compileTemplate(partial.text, `templates/${layer}/${partial.source}`)]));
  const layerData = { files, partials };
  if (!layer.startsWith("_")) {
    const names = starterNamesFromSources(layer);
    layerData.names = { distributions: [...names.distributions].sort(), modules: [...names.modules].sort() };
  }
  outputs.set(precompiledTemplatesPath(layer), encodeLayer(layerData));
}
// Whatever an earlier build left (the JavaScript modules of before, a removed starter) is not shipped.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const [path, bytes] of outputs) writeFileSync(path, bytes);
writeFileSync(precompiledSourcesPath(), `${JSON.stringify(hashes, null, 1)}\n`);

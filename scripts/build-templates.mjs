#!/usr/bin/env node
// Precompile every layer of templates/ into dist/templates/<layer>.cjs: the project files
// (text, or the precompiled Handlebars template), the partials, and for a starter the
// names of what its project installs and imports. A run loads that one module and never
// reads templates/. dist/template-sources.json keeps the hash of every source, so the
// bundle step and the tests can prove the modules are not stale.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { transformSync } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = (module) => import(`${root}dist/src/${module}.js`);
const { precompiledTemplatesPath, precompiledSourcesPath } = await dist("precompiled-templates");
const { readLayerSource, layerSourceHashes } = await dist("template-layer");
const { starterNamesFromSources } = await dist("dependency-names");
const { COMPILE_OPTIONS } = await dist("template-engine");
const templatesDir = join(root, "templates");

const hashes = {};
for (const layer of readdirSync(templatesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
  const source = readLayerSource(layer);
  const { files, partials } = source;
  hashes[layer] = layerSourceHashes(source);
  const fileEntries = files.map((file) => {
    const body = file.template ? `spec: ${Handlebars.precompile(file.text, COMPILE_OPTIONS)}` : `text: ${JSON.stringify(file.text)}`;
    return `{ path: ${JSON.stringify(file.path)}, mode: ${file.mode}, ${body} }`;
  });
  const partialEntries = partials.map((partial) => {
    return `${JSON.stringify(partial.name)}: ${Handlebars.precompile(partial.text, COMPILE_OPTIONS)}`;
  });
  const names = layer.startsWith("_") ? undefined : starterNamesFromSources(layer);
  const namesCode = names ? `, names: ${JSON.stringify({ distributions: [...names.distributions].sort(), modules: [...names.modules].sort() })}` : "";
  const target = precompiledTemplatesPath(layer);
  mkdirSync(dirname(target), { recursive: true });
  // Minified: every generation run loads one of these, and Handlebars' output is whitespace-heavy.
  const code = `"use strict";\nmodule.exports = {\n files: [\n${fileEntries.join(",\n")}\n],\n partials: {\n${partialEntries.join(",\n")}\n}${namesCode}\n};\n`;
  writeFileSync(target, transformSync(code, { loader: "js", format: "cjs", target: "node20", minifyWhitespace: true, minifySyntax: true }).code);
}
writeFileSync(precompiledSourcesPath(), `${JSON.stringify(hashes, null, 1)}\n`);

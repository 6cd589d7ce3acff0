#!/usr/bin/env node
// Precompile every Handlebars template (and partial) of every layer in templates/ into
// dist/templates/<layer>.cjs, each with the hash of its source so a stale one is ignored.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { transformSync } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const { precompiledTemplatesPath } = await import(`${root}dist/src/precompiled-templates.js`);
const { sourceHash } = await import(`${root}dist/src/source-hash.js`);
const { COMPILE_OPTIONS } = await import(`${root}dist/src/template-engine.js`);
const templatesDir = join(root, "templates");

function hbsFiles(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hbsFiles(path, found);
    else if (entry.name.endsWith(".hbs")) found.push(path);
  }
  return found;
}

for (const layer of readdirSync(templatesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
  const entries = hbsFiles(join(templatesDir, layer)).map((file) => {
    const source = readFileSync(file, "utf8");
    const key = relative(join(templatesDir, layer), file).split(sep).join("/");
    return `  ${JSON.stringify(key)}: { hash: ${JSON.stringify(sourceHash(source))}, spec: ${Handlebars.precompile(source, COMPILE_OPTIONS)} },`;
  });
  const target = precompiledTemplatesPath(layer);
  mkdirSync(dirname(target), { recursive: true });
  // Minified: every generation run parses these, and Handlebars' output is whitespace-heavy.
  const code = `"use strict";\nmodule.exports = {\n${entries.join("\n")}\n};\n`;
  writeFileSync(target, transformSync(code, { loader: "js", format: "cjs", target: "node20", minifyWhitespace: true, minifySyntax: true }).code);
}

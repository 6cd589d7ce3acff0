#!/usr/bin/env node
// The published CLI: dist/cli/main.cjs, one file with its dependencies inlined, run by the
// bin dist/cli/cli.js through V8's code cache (run by `npm run build` after the precompile steps).
//
// - Every `import()` in src/ becomes a module initialised only when that line runs (a
//   command, the prompts, simple-git).
// - A package a module loads with `createRequire(...)("pkg")` (synchronous, on demand:
//   yaml) goes into one vendor file per requiring module, loaded on first use; paths
//   (precompiled validators and templates) are still read as data. One marked
//   `require(/* build-only */ "pkg")` (the ajv compiler) is left out: the build checks
//   that every validator a run can need is precompiled, so a run never asks for it.
// - No Handlebars at all: templates ship as programs for src/template-runtime.ts (data,
//   read as JSON), and the build fails here when a layer is missing or stale.
// - starters (generators/*.ts) and schemas (schemas/*.json) are inlined as data in place
//   of src/bundled-registry.ts, so a run reads neither folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const bin = Object.values(manifest.bin)[0];
const outdir = join(root, dirname(bin));
const srcDir = join(root, "src");
// Identifiers minified too: every run reads and deserialises the CLI, and shorter names
// make it a fifth smaller (our errors carry their own names and messages).
// import.meta.url in a CommonJS bundle: the file's own URL, made only where a line asks
// (pathToFileURL costs a run more than a millisecond; most runs never ask).
const BANNER = 'var __bundle = { get url() { return require("node:url").pathToFileURL(__filename).href; } };';
const common = { bundle: true, platform: "node", target: "node20", minifySyntax: true, minifyWhitespace: true, minifyIdentifiers: true, legalComments: "none", logLevel: "warning", metafile: true };

function walk(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else found.push(path);
  }
  return found;
}

// 1. Every layer's precompiled file was made from its sources as they are now (the
// bundle carries no Handlebars, and a run never reads templates/).
const { precompiledTemplatesPath, precompiledSourcesPath } = await import(join(root, "dist", "src", "precompiled-templates.js"));
const { readLayerSource, layerSourceHashes } = await import(join(root, "dist", "src", "template-layer.js"));
const templatesDir = join(root, "templates");
const built = existsSync(precompiledSourcesPath()) ? JSON.parse(readFileSync(precompiledSourcesPath(), "utf8")) : {};
const stale = [];
for (const layer of readdirSync(templatesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
  const hashes = layerSourceHashes(readLayerSource(layer));
  const made = built[layer] ?? {};
  if (!existsSync(precompiledTemplatesPath(layer))) stale.push(`${layer} (no layer file)`);
  for (const key of new Set([...Object.keys(hashes), ...Object.keys(made)])) if (hashes[key] !== made[key]) stale.push(`${layer}/${key}`);
}
if (stale.length > 0) throw new Error(`build-bundle: precompiled templates missing or stale (run build-templates first): ${stale.join(", ")}`);

// 2. The same for the validators (the bundle carries no ajv compiler): every schema's,
// and every schema a run builds from one option (one answer, an x-ask-if condition).
const registry = await import(join(root, "dist", "src", "schema-registry.js"));
const { loadStarters } = await import(join(root, "dist", "src", "starter-registry.js"));
const { fieldsForStarter } = await import(join(root, "dist", "src", "option-fields.js"));
const { answerSchema, askIfSchema } = await import(join(root, "dist", "src", "prompt-for-options.js"));
const missing = [];
for (const file of readdirSync(join(root, "schemas")).filter((name) => name.endsWith(".schema.json") && name !== "base.schema.json")) {
  const path = registry.precompiledValidatorPath(file);
  if (!existsSync(path) || require(path).sourceHash !== registry.validatorSourceHash(file)) missing.push(file);
}
const byContent = existsSync(registry.precompiledSchemaValidatorsPath()) ? require(registry.precompiledSchemaValidatorsPath()) : {};
for (const starter of await loadStarters()) {
  for (const field of fieldsForStarter(starter.id)) {
    for (const schema of [answerSchema(field), askIfSchema(field)].filter(Boolean)) {
      if (!byContent[registry.schemaValidatorKey(schema)]) missing.push(`${starter.id}: ${field.key}`);
    }
  }
}
if (missing.length > 0) throw new Error(`build-bundle: precompiled validators missing or stale (run build-validators first): ${missing.join(", ")}`);

// 3. Which packages each src module loads through createRequire (string literals only):
// vendored, except those marked `require(/* build-only */ "pkg")`, which stay out.
const vendored = new Map(); // src file -> { name, ids, buildOnly }
for (const file of walk(srcDir).filter((path) => path.endsWith(".ts"))) {
  const text = readFileSync(file, "utf8");
  if (!/\bcreateRequire\s*\(/.test(text)) continue;
  const literal = (pattern) => [...new Set([...text.matchAll(pattern)].map((match) => match[1]).filter((id) => !id.startsWith(".") && !id.startsWith("node:")))].sort();
  const ids = literal(/\brequire\(\s*"([^"]+)"\s*\)/g);
  const buildOnly = literal(/\brequire\(\s*\/\*\s*build-only\s*\*\/\s*"([^"]+)"\s*\)/g);
  if (ids.length + buildOnly.length > 0) vendored.set(file, { name: basename(file, ".ts"), ids, buildOnly });
}

const bundledRequirePlugin = {
  name: "bundled-require",
  setup(pluginBuild) {
    // src/bundled-registry.ts, in the bundle: every starter of generators/ (sorted by file
    // name, as the registry reads them) and every schema, the schemas as JSON text
    // (JSON.parse reads it faster than V8 parses the same object as code).
    pluginBuild.onLoad({ filter: /[\\/]src[\\/]bundled-registry\.ts$/ }, () => {
      const generatorFiles = readdirSync(join(root, "generators")).filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")).sort();
      const schemaFiles = Object.fromEntries(readdirSync(join(root, "schemas")).filter((file) => file.endsWith(".json")).sort().map((file) => [file, JSON.parse(readFileSync(join(root, "schemas", file), "utf8"))]));
      return {
        loader: "ts",
        resolveDir: root,
        contents: `${generatorFiles.map((file, i) => `import { starter as s${i} } from ${JSON.stringify(`./generators/${file}`)};`).join("\n")}
export const bundledRegistry = { starters: [${generatorFiles.map((_, i) => `s${i}`).join(", ")}].filter(Boolean), schemas: JSON.parse(${JSON.stringify(JSON.stringify(schemaFiles))}) };
`,
      };
    });
    // src/node-require.ts, in the bundle: the bundle's own require, which resolves builtins
    // and files beside it as that module's createRequire would, without node:module.
    pluginBuild.onLoad({ filter: /[\\/]src[\\/]node-require\.ts$/ }, () => ({ loader: "js", contents: "export const nodeRequire = require;\n" }));
    // `createRequire` imported by a module with vendored packages: the same function,
    // except that those packages come from the module's vendor file next to the bundle.
    // In the bundle every module's require resolves as the bundle's own (one file, one
    // folder), so it is that require, and node:module is never loaded.
    // Such a module's `createRequire(import.meta.url)` loses its argument too: the bundle's
    // require needs none, and import.meta.url alone (pathToFileURL) would cost every run
    // more than a millisecond at load, for modules most runs never ask for a package.
    pluginBuild.onLoad({ filter: /[\\/]src[\\/].*\.ts$/, namespace: "file" }, (args) => {
      if (!vendored.has(args.path)) return undefined;
      return { loader: "ts", resolveDir: dirname(args.path), contents: readFileSync(args.path, "utf8").replaceAll("createRequire(import.meta.url)", "createRequire()") };
    });
    pluginBuild.onResolve({ filter: /^(node:)?module$/ }, (args) =>
      args.namespace === "file" && vendored.has(args.importer) ? { path: args.importer, namespace: "bundled-require" } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: "bundled-require" }, (args) => {
      const { name, ids, buildOnly } = vendored.get(args.path);
      return {
        loader: "js",
        contents: `const VENDOR = ${JSON.stringify(`./vendor/${name}.cjs`)};
const IDS = new Set(${JSON.stringify(ids)});
const BUILD_ONLY = new Set(${JSON.stringify(buildOnly)});
let vendor;
export function createRequire() {
  return (id) => {
    if (BUILD_ONLY.has(id)) throw new Error(\`\${id} is not part of the published CLI: a precompiled validator is missing or stale (reinstall; in a checkout, npm run build)\`);
    return IDS.has(id) ? (vendor ??= require(VENDOR))[id] : require(id);
  };
}
`,
      };
    });
    // A package whose entry only re-exports others (a barrel, e.g. @inquirer/prompts):
    // import the names a src module uses straight from where they live. esbuild keeps the
    // CommonJS dependencies of a barrel's unused modules (the editor prompt's iconv-lite
    // and chardet: 400 KB, run at load), so narrowing the import keeps them out.
    pluginBuild.onResolve({ filter: /^[@a-z]/ }, async (args) => {
      if (args.namespace !== "file" || !args.importer.startsWith(srcDir) || args.pluginData === "barrel") return undefined;
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "barrel" });
      if (resolved.errors.length > 0 || resolved.external || !resolved.path.endsWith(".js")) return undefined;
      const lines = readFileSync(resolved.path, "utf8").split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("//"));
      const reexports = lines.map((line) => /^export \{([^}]*)\} from (['"][^'"]+['"]);?$/.exec(line));
      if (reexports.length === 0 || reexports.some((match) => !match)) return undefined;
      const clause = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']${args.path.replace(/[/.]/g, "\\$&")}["']`).exec(readFileSync(args.importer, "utf8"));
      if (!clause) return undefined;
      const wanted = new Set(clause[1].split(",").map((name) => name.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]).filter(Boolean));
      const kept = reexports.flatMap(([, names, from]) => {
        const picked = names.split(",").map((name) => name.trim()).filter((name) => wanted.has(name.split(/\s+as\s+/).pop()));
        return picked.length > 0 ? [`export { ${picked.join(", ")} } from ${from};`] : [];
      });
      return { path: resolved.path, namespace: "barrel", pluginData: { contents: kept.join("\n"), resolveDir: dirname(resolved.path) } };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: "barrel" }, (args) => ({ contents: args.pluginData.contents, resolveDir: args.pluginData.resolveDir, loader: "js" }));
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, "vendor"), { recursive: true });

// 4. The CLI as one CommonJS file, main.cjs, and the bin, a small launcher that runs it
// through V8's code cache (src/bundle-launcher.ts, src/code-cache.ts). One file because
// Node 20 can code-cache a script but not an ES module: a warm run then deserialises
// the functions it uses instead of parsing the whole CLI. What a command does not need
// stays lazy: every `import()` of src/ becomes a module initialised on first use (the
// prompts, simple-git, each command), and yaml stays in its vendor file (step 5).
// import.meta.url is main.cjs's own URL, one level below dist/, as package-root expects.
const cli = await build({
  ...common,
  entryPoints: { main: join(root, "src", `${basename(bin, ".js")}.ts`) },
  outdir,
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  supported: { "dynamic-import": false },
  define: { "import.meta.url": "__bundle.url" },
  banner: { js: BANNER },
  plugins: [bundledRequirePlugin],
});
// A run renders with src/template-runtime.ts; Handlebars (template-engine.ts) is for the build and the tests.
const handlebarsInputs = Object.keys(cli.metafile.inputs).filter((input) => /node_modules\/handlebars\//.test(input));
if (handlebarsInputs.length > 0) throw new Error(`build-bundle: the CLI bundle pulls in Handlebars (${handlebarsInputs[0]}); a run must render with src/template-runtime.ts only`);
// The launcher is CommonJS too (dist/cli/package.json says so): Node starts a CommonJS
// main without its ES module loader, which costs more than the rest of `--version`.
const launcher = await build({
  ...common,
  entryPoints: { [basename(bin, ".js")]: join(root, "src", "bundle-launcher.ts") },
  outdir,
  format: "cjs",
  define: { "import.meta.url": "__bundle.url" },
  banner: { js: BANNER },
  plugins: [bundledRequirePlugin],
});
writeFileSync(join(outdir, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);

// 5. One vendor file per module that loads packages on demand.
const vendors = [];
for (const { name, ids } of [...vendored.values()].filter((entry) => entry.ids.length > 0)) {
  vendors.push(
    await build({
      ...common,
      stdin: { contents: `module.exports = {\n${ids.map((id) => `  ${JSON.stringify(id)}: require(${JSON.stringify(id)}),`).join("\n")}\n};\n`, resolveDir: root, sourcefile: `${name}.vendor.cjs`, loader: "js" },
      format: "cjs",
      outfile: join(outdir, "vendor", `${name}.cjs`),
    }),
  );
}

// 7. Licence notices of every package inlined anywhere above or in the validators' runtime.
const validatorsRuntime = JSON.parse(readFileSync(join(root, "dist", "validators-runtime.meta.json"), "utf8"));
const inputs = [cli, launcher, ...vendors, { metafile: validatorsRuntime }].flatMap((result) => Object.keys(result.metafile.inputs));
const packages = new Map();
for (const input of inputs) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!match || packages.has(match[1])) continue;
  const dir = join(root, "node_modules", match[1]);
  const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)/i.test(file));
  packages.set(match[1], { version, license, text: licenceFile ? readFileSync(join(dir, licenceFile), "utf8").trim() : "" });
}
const notices = [...packages.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([id, { version, license, text }]) => `${id}@${version} (${license})\n\n${text}\n`);
writeFileSync(join(outdir, "THIRD-PARTY-LICENSES.txt"), `Packages bundled into create-devops-py:\n\n${notices.join(`\n${"-".repeat(72)}\n\n`)}`);

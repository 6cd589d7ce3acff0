#!/usr/bin/env node
// The published CLI: dist/cli/cli.js, one ES module with its dependencies inlined, plus
// the chunks it imports on demand (run by `npm run build` after the precompile steps).
//
// - Every `import()` in src/ becomes a chunk that loads only when that line runs (a
//   command, the prompts, simple-git), found from the import graph of the bin entry.
// - A package a module loads with `createRequire(...)("pkg")` (synchronous, on demand:
//   yaml, the ajv compiler) goes into one vendor file per requiring module, loaded on
//   first use; paths (precompiled validators and templates) are still read as data.
// - Handlebars is its runtime only: templates are precompiled, and the build fails here
//   when one is missing or stale rather than shipping a CLI that would need the compiler.
// - starters (generators/*.ts) are bundled one file each into dist/generators/, read by
//   the registry at run time like templates and schemas.
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
const common = { bundle: true, platform: "node", target: "node20", minifySyntax: true, minifyWhitespace: true, legalComments: "none", logLevel: "warning", metafile: true };

function walk(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else found.push(path);
  }
  return found;
}

// 1. Every .hbs has a fresh precompiled spec (the bundle carries no Handlebars compiler).
const { sourceHash } = await import(join(root, "dist", "src", "source-hash.js"));
const { precompiledTemplatesPath } = await import(join(root, "dist", "src", "precompiled-templates.js"));
const templatesDir = join(root, "templates");
const stale = [];
for (const layer of readdirSync(templatesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
  const specs = existsSync(precompiledTemplatesPath(layer)) ? require(precompiledTemplatesPath(layer)) : {};
  for (const file of walk(join(templatesDir, layer)).filter((path) => path.endsWith(".hbs"))) {
    const key = relative(join(templatesDir, layer), file).split(sep).join("/");
    if (specs[key]?.hash !== sourceHash(readFileSync(file, "utf8"))) stale.push(`${layer}/${key}`);
  }
}
if (stale.length > 0) throw new Error(`build-bundle: precompiled templates missing or stale (run build-templates first): ${stale.join(", ")}`);

// 2. Which packages each src module loads through createRequire (string literals only).
const vendored = new Map(); // src file -> { name, ids }
for (const file of walk(srcDir).filter((path) => path.endsWith(".ts"))) {
  const text = readFileSync(file, "utf8");
  if (!/\bcreateRequire\s*\(/.test(text)) continue;
  const ids = [...text.matchAll(/\brequire\(\s*"([^".][^"]*)"\s*\)/g)].map((match) => match[1]).filter((id) => !id.startsWith("node:"));
  if (ids.length > 0) vendored.set(file, { name: basename(file, ".ts"), ids: [...new Set(ids)].sort() });
}

const bundledRequirePlugin = {
  name: "bundled-require",
  setup(pluginBuild) {
    // `createRequire` imported by a module with vendored packages: the same function,
    // except that those packages come from the module's vendor file next to the bundle.
    pluginBuild.onResolve({ filter: /^(node:)?module$/ }, (args) =>
      args.namespace === "file" && vendored.has(args.importer) ? { path: args.importer, namespace: "bundled-require" } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: "bundled-require" }, (args) => {
      const { name, ids } = vendored.get(args.path);
      return {
        loader: "js",
        contents: `import { createRequire as nodeCreateRequire } from "node:module";
const VENDOR = ${JSON.stringify(`./vendor/${name}.cjs`)};
const IDS = new Set(${JSON.stringify(ids)});
let vendor;
export function createRequire(from) {
  const native = nodeCreateRequire(from);
  const own = nodeCreateRequire(import.meta.url);
  return (id) => (IDS.has(id) ? (vendor ??= own(VENDOR))[id] : native(id));
}
`,
      };
    });
    // Runtime only: what hb.template() needs to run a precompiled template.
    pluginBuild.onResolve({ filter: /^handlebars$/ }, (args) =>
      args.importer.startsWith(srcDir) ? { path: require.resolve("handlebars/runtime") } : undefined,
    );
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, "vendor"), { recursive: true });

// 3. The CLI and its on-demand chunks (chunks sit next to the entry: import.meta.url of
// any of them is one level below dist/, as package-root and the registry expect).
const cli = await build({
  ...common,
  entryPoints: { [basename(bin, ".js")]: join(root, "src", `${basename(bin, ".js")}.ts`) },
  outdir,
  format: "esm",
  splitting: true,
  chunkNames: "[name]-[hash]",
  // CommonJS inside the bundle (simple-git's debug, handlebars) requires Node built-ins.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  plugins: [bundledRequirePlugin],
});

// 4. One vendor file per module that loads packages on demand.
const vendors = [];
for (const { name, ids } of vendored.values()) {
  vendors.push(
    await build({
      ...common,
      stdin: { contents: `module.exports = {\n${ids.map((id) => `  ${JSON.stringify(id)}: require(${JSON.stringify(id)}),`).join("\n")}\n};\n`, resolveDir: root, sourcefile: `${name}.vendor.cjs`, loader: "js" },
      format: "cjs",
      outfile: join(outdir, "vendor", `${name}.cjs`),
    }),
  );
}

// 5. Starters, one self-contained file each (the registry imports whatever is there).
rmSync(join(root, "dist", "generators"), { recursive: true, force: true });
const starters = await build({
  ...common,
  entryPoints: readdirSync(join(root, "generators")).filter((file) => file.endsWith(".ts")).map((file) => join(root, "generators", file)),
  outdir: join(root, "dist", "generators"),
  format: "esm",
});

// 6. Licence notices of every package inlined anywhere above or in the validators' runtime.
const validatorsRuntime = JSON.parse(readFileSync(join(root, "dist", "validators-runtime.meta.json"), "utf8"));
const inputs = [cli, ...vendors, starters, { metafile: validatorsRuntime }].flatMap((result) => Object.keys(result.metafile.inputs));
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

import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { isAscii } from "node:buffer";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { nodeModule, os } from "./lazy-builtins.js";
import { nodeRequire } from "./node-require.js";

/**
 * `require` for the one-file CLI and the build's precompiled validators, with V8's code
 * cache: parsing and compiling them is most of a run's own work, and the cache turns it
 * into a copy. Node 20 has no module.enableCompileCache, so this is the
 * same idea for these files only: the bytecode V8 made on the first run is kept in the
 * user's cache directory, keyed by the file (path, size, times, inode) and the exact Node version, and
 * V8 itself refuses a cache made by another V8 or with other flags (then it compiles as
 * usual and the cache is written again). Any failure to read or write the cache only
 * costs the time it would have saved.
 */

/** The per-user cache directory (XDG), or undefined when there is no home to put it in. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CREATE_DEVOPS_PY_CODE_CACHE === "0") return undefined;
  const home = safeHome(env);
  const base = env.XDG_CACHE_HOME || (home ? join(home, ".cache") : undefined);
  return base ? join(base, "create-devops-py", `code-cache-${process.version}-${process.arch}`) : undefined;
}

function safeHome(env: NodeJS.ProcessEnv): string | undefined {
  // $HOME is what os.homedir() answers first on POSIX; node:os is loaded only without it.
  if (env.HOME) return env.HOME;
  try {
    return os().homedir() || undefined;
  } catch {
    return undefined;
  }
}

const loaded = new Map<string, unknown>();
const toWrite: { script: Script; path: string; prefix: string }[] = [];
let exitHookInstalled = false;

/**
 * The module.exports of a CommonJS file, loaded as `require` would (its own require,
 * __filename, __dirname). `kind` keeps separate caches for runs that use different parts
 * of the file (the cache holds what the run that wrote it compiled).
 */
export function requireWithCodeCache(path: string, kind = ""): unknown {
  if (loaded.has(path)) return loaded.get(path);
  const dir = codeCacheDir();
  if (!dir) return remember(path, nodeModule().createRequire(path)(path));
  // A bin's hashbang line is only valid at the very start of a script: keep the line, drop the text.
  const source = readSource(path).replace(/^#!.*/, "");
  // Keyed by the file's identity rather than a hash of its text (hashing the CLI costs more
  // than a cache hit saves): any write or replacement changes ctime or the inode.
  const { size, mtimeMs, ctimeMs, ino, dev } = statSync(path);
  // <folder>-<file>-<kind>-<path key>-: what a rebuild or reinstall of this very file
  // replaces; another install of the tool (another path) keeps its own caches.
  const prefix = `${basename(dirname(path))}-${basename(path)}-${kind ? `${kind}-` : ""}${identityKey(path)}-`;
  const cachePath = join(dir, `${prefix}${identityKey([size, mtimeMs, ctimeMs, ino, dev].join("\0"))}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, requireFor(path), module, path, dirname(path));
  if (!cachedData || script.cachedDataRejected) scheduleWrite(script, cachePath, prefix);
  return remember(path, module.exports);
}

/**
 * The file's text. The build's bundles are ASCII (esbuild writes anything else as an
 * escape), and ASCII read as latin1 is the same text for the price of a copy, where UTF-8
 * is decoded and checked byte by byte; anything else is read as UTF-8.
 */
function readSource(path: string): string {
  const bytes = readFileSync(path);
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/**
 * 64 bits of FNV-1a over the file's identity, as 16 hex digits: a short, fixed-length file
 * name. Not a cryptographic hash on purpose: loading node:crypto costs a run more than
 * the cache saves, and the input is our own stat, not text anyone chooses.
 */
function identityKey(text: string): string {
  let low = 0x84222325;
  let high = 0xcbf29ce4;
  for (let i = 0; i < text.length; i += 1) {
    low = (low ^ text.charCodeAt(i)) >>> 0;
    // multiply the 64-bit (high, low) by the FNV prime 2^40 + 0x1b3, in 32-bit halves
    const lowTimes = low * 0x1b3;
    const carry = Math.floor(lowTimes / 0x100000000);
    high = (high * 0x1b3 + (low << 8) + carry) >>> 0;
    low = lowTimes >>> 0;
  }
  return high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");
}

// One require for Node's builtins (node:…), which resolve alike from anywhere: the CLI
// and the validators ask for little else, and making a require for a module costs more
// than the builtins it loads. Anything else (a vendor file beside the CLI, a builtin a
// bundled package names without node:) gets one of the module's own, made when first asked.
function requireFor(path: string): (id: string) => unknown {
  let own: NodeJS.Require | undefined;
  return (id) => (id.startsWith("node:") ? nodeRequire(id) : (own ??= nodeModule().createRequire(path))(id));
}

function remember(path: string, exports: unknown): unknown {
  loaded.set(path, exports);
  return exports;
}

// Written when the process ends, so the cache holds every function this run compiled; only
// after a run that succeeded: one that stopped at a mistake compiled a fraction of what
// the next runs of its kind need, and a cache, once there, is kept.
function scheduleWrite(script: Script, path: string, prefix: string): void {
  toWrite.push({ script, path, prefix });
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", (code) => {
    if (code !== 0) return;
    for (const { script: done, path: target, prefix } of toWrite) {
      try {
        mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
        const partial = `${target}.${process.pid}.tmp`;
        writeFileSync(partial, done.createCachedData(), { mode: 0o600 });
        renameSync(partial, target); // atomic: a concurrent run reads the old file or the new one
        // The caches of earlier builds or installs of the same file go: the directory holds
        // one per file and kind, not one per version ever run.
        for (const name of readdirSync(dirname(target))) {
          if (name.startsWith(prefix) && name !== basename(target)) unlinkSync(join(dirname(target), name));
        }
      } catch {
        // read-only home, full disk: the next run compiles as this one did
      }
    }
  });
}

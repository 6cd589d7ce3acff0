/**
 * `user.name` / `user.email` read from git's config files without running git: a process
 * costs more than the rest of a --no-git run. The answer must be git's own, so whenever git
 * could read another file, or read these differently, this gives up (undefined: ask git).
 * Facts from `git help config` (FILES, Syntax, Includes) and `git help git` (ENVIRONMENT).
 */
import { isUtf8 } from "node:buffer";
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { firstExecutable } from "./executable-on-path.js";
import { parseConfigFile } from "./git-config-file.js";

export interface ConfigIdentity {
  /** The last value, as `git config` prints it ("" for a variable without `=`). */
  name?: string;
  email?: string;
}

/**
 * The identity in the files git would read from `cwd` with `env` (the environment git is
 * run with), `{}` when no git is on PATH (running it would fail), undefined when unsure.
 */
export function readIdentityFromConfigFiles(cwd: string, env: NodeJS.ProcessEnv): ConfigIdentity | undefined {
  if (process.platform === "win32") return undefined; // PATHEXT, git.exe and its own prefix: not handled here
  const git = firstGitOnPath(env.PATH);
  if (git === null) return {};
  if (git === undefined || !isDirectory(cwd) || insideRepository(cwd)) return undefined;
  const files = configFiles(env, git);
  if (!files) return undefined;
  const identity: ConfigIdentity = {};
  for (const path of files) {
    const text = configText(path);
    if (text === null) continue;
    const file = text === undefined ? undefined : parseConfigFile(text);
    // An include would make git read another file: only git knows which (includeIf conditions).
    if (!file || file.sectionNames.some((name) => /^include(if)?(\.|$)/.test(name))) return undefined;
    for (const { key, value } of file.entries) {
      if (key === "user.name") identity.name = value ?? "";
      else if (key === "user.email") identity.email = value ?? "";
    }
  }
  return identity;
}

/**
 * The `git` a spawn would run: the first executable regular file named git in PATH's
 * directories; null when there is none, undefined when PATH holds what we do not resolve
 * as the spawn would (no PATH, an empty or relative entry, which mean the spawn's cwd).
 */
function firstGitOnPath(path: string | undefined): string | null | undefined {
  if (!path) return undefined;
  const dirs = path.split(":");
  if (dirs.some((dir) => !isAbsolute(dir))) return undefined;
  return firstExecutable("git", dirs);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // the spawn would fail; let it, as it always did
  }
}

/** An entry we cannot look at counts as there: giving up is always safe. */
function present(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

/**
 * In a work tree or a git directory git also reads that repository's config. git searches
 * from the physical cwd upwards; any .git, or a directory that looks like a bare repository
 * (HEAD, objects and refs), on the way means we cannot answer for it.
 */
function insideRepository(cwd: string): boolean {
  let dir: string;
  try {
    dir = realpathSync(cwd);
  } catch {
    return true;
  }
  for (;;) {
    if (present(join(dir, ".git"))) return true;
    if (present(join(dir, "HEAD")) && present(join(dir, "objects")) && present(join(dir, "refs"))) return true;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

/** git's boolean for an environment variable; undefined for a value git would die on (or we do not mirror). */
function gitBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off|)$/i.test(value)) return false;
  return undefined;
}

/** A file named by the environment: only an absolute path is resolved as git resolves it. */
const namedFile = (value: string) => (isAbsolute(value) ? value : undefined);

/** The system file, then the global ones, in git's order (later values win); undefined when unsure. */
function configFiles(env: NodeJS.ProcessEnv, git: string): string[] | undefined {
  const files: string[] = [];
  const noSystem = gitBoolean(env.GIT_CONFIG_NOSYSTEM);
  if (noSystem === undefined) return undefined;
  if (!noSystem) {
    if (env.GIT_CONFIG_SYSTEM !== undefined) {
      const system = namedFile(env.GIT_CONFIG_SYSTEM);
      if (!system) return undefined;
      files.push(system);
    } else if (process.platform === "linux" && (git === "/usr/bin/git" || git === "/bin/git")) {
      files.push("/etc/gitconfig"); // a distribution's git: prefix /usr, sysconfdir /etc
    } else {
      return undefined; // another build of git has its system file elsewhere
    }
  }
  if (env.GIT_CONFIG_GLOBAL !== undefined) {
    const global = namedFile(env.GIT_CONFIG_GLOBAL);
    if (!global) return undefined;
    return [...files, global];
  }
  // git joins these as strings; so do we (a lexical join would fold `..` past a symlink).
  const home = env.HOME;
  if (!home || !isAbsolute(home)) return undefined;
  const xdgHome = env.XDG_CONFIG_HOME || `${home}/.config`;
  if (!isAbsolute(xdgHome)) return undefined;
  return [...files, `${xdgHome}/git/config`, `${home}/.gitconfig`];
}

/** A config file's text; null when it does not exist (git skips it), undefined when unsure. */
function configText(path: string): string | null | undefined {
  let bytes: Buffer;
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return null;
    if (stat.isCharacterDevice() && path === "/dev/null") return ""; // git's documented "no file"
    if (!stat.isFile()) return undefined;
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? null : undefined;
  }
  // git works on bytes: text that is not UTF-8, or holds NUL, could decode differently from git's output.
  if (!isUtf8(bytes)) return undefined;
  const text = bytes.toString("utf8");
  return text.includes("\0") ? undefined : text;
}

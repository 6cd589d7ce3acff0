import { childProcess } from "./lazy-builtins.js";
import { readIdentityFromConfigFiles, type ConfigIdentity } from "./git-config-identity.js";
import { gitEnvironment } from "./git-environment.js";

/** What git prints for the identity; {} without git, or when neither key is set. */
function askGit(wanted: string[], cwd: string, env: NodeJS.ProcessEnv): ConfigIdentity {
  // One git process for both keys (each spawn costs more than the rest of a --no-git run's
  // own work); -z keeps a value with a newline whole, and the last value wins, as --get does.
  const values = new Map<string, string>();
  try {
    const output = childProcess().execFileSync("git", ["config", "--null", "--get-regexp", `^user\\.(${wanted.join("|")})$`], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    for (const entry of output.split("\0")) {
      const newline = entry.indexOf("\n");
      if (newline > 0) values.set(entry.slice(0, newline), entry.slice(newline + 1));
      else if (entry !== "") values.set(entry, ""); // a key without a value
    }
  } catch {
    return {}; // no git, or neither key set (git config exits 1)
  }
  return { name: values.get("user.name"), email: values.get("user.email") };
}

/**
 * `user.name` / `user.email` as git knows them (for the author's default), asked only for
 * what was not given. Read from git's config files when that gives git's answer for sure,
 * else asked of git. Without git, or without an identity, nothing: the answers' defaults apply.
 */
export function gitIdentityDefaults(given: Record<string, unknown>, cwd: string): { authorName?: string; authorEmail?: string } {
  const wanted = [given.authorName === undefined ? "name" : "", given.authorEmail === undefined ? "email" : ""].filter(Boolean);
  if (wanted.length === 0) return {};
  const env = gitEnvironment();
  const identity = readIdentityFromConfigFiles(cwd, env) ?? askGit(wanted, cwd, env);
  const defaults: { authorName?: string; authorEmail?: string } = {};
  const name = identity.name?.trim();
  if (given.authorName === undefined && name) defaults.authorName = name;
  const email = identity.email?.trim();
  if (given.authorEmail === undefined && email) defaults.authorEmail = email;
  return defaults;
}

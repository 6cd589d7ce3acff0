import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readIdentityFromConfigFiles, type ConfigIdentity } from "../../src/git-config-identity.js";

// The fast path must say what `git config` says, or nothing (undefined: the caller asks git).
// Every answer it gives here is checked against the real git run with the same environment.

const tempDir = (prefix = "cdp-git-config-") => mkdtempSync(join(tmpdir(), prefix));

type GitAnswer = { identity: ConfigIdentity } | { failed: string };

/** What the fallback asks git, parsed the same way; exit 1 means neither key is set. */
function gitSays(cwd: string, env: NodeJS.ProcessEnv): GitAnswer {
  const run = spawnSync("git", ["config", "--null", "--get-regexp", "^user\\.(name|email)$"], { cwd, env, encoding: "utf8" });
  if (run.status === 1 && run.stdout === "") return { identity: {} };
  if (run.status !== 0) return { failed: `git exited ${run.status}: ${run.stderr.trim()}` };
  const identity: ConfigIdentity = {};
  for (const entry of run.stdout.split("\0").filter(Boolean)) {
    const newline = entry.indexOf("\n");
    const [key, value] = newline > 0 ? [entry.slice(0, newline), entry.slice(newline + 1)] : [entry, ""];
    if (key === "user.name") identity.name = value;
    if (key === "user.email") identity.email = value;
  }
  return { identity };
}

/** Compares the fast path with git; true when the fast path answered. */
function agreesWithGit(cwd: string, env: NodeJS.ProcessEnv, what: string): boolean {
  const fast = readIdentityFromConfigFiles(cwd, env);
  const git = gitSays(cwd, env);
  if ("failed" in git) {
    expect(fast, `${what}: git rejects it (${git.failed}), the fast path must not answer`).toBeUndefined();
    return false;
  }
  if (fast === undefined) return false;
  expect(fast, what).toEqual(git.identity);
  return true;
}

/** Three ways git finds its files; each writes the given texts where git will read them. */
const layouts = {
  "GIT_CONFIG_NOSYSTEM=1 and GIT_CONFIG_GLOBAL": (dir: string, [global = ""]: string[]) => {
    writeFileSync(join(dir, "global"), global);
    return { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: join(dir, "global") };
  },
  "HOME with both $XDG_CONFIG_HOME/git/config and ~/.gitconfig": (dir: string, [xdg = "", home = ""]: string[]) => {
    mkdirSync(join(dir, ".config", "git"), { recursive: true });
    writeFileSync(join(dir, ".config", "git", "config"), xdg);
    writeFileSync(join(dir, ".gitconfig"), home);
    return { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1" };
  },
  "GIT_CONFIG_SYSTEM and GIT_CONFIG_GLOBAL": (dir: string, [system = "", global = ""]: string[]) => {
    writeFileSync(join(dir, "system"), system);
    writeFileSync(join(dir, "global"), global);
    return { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_SYSTEM: join(dir, "system"), GIT_CONFIG_GLOBAL: join(dir, "global") };
  },
};

/** Hand-written edge cases; `answers` says the fast path must not give up on it. */
const CASES: Array<{ what: string; text: string; answers: boolean }> = [
  { what: "plain", text: "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n", answers: true },
  { what: "the last value wins", text: '[user]\n\tname = First\n\tname = "Ada Lovelace"\n[user]\nname = Third\n', answers: true },
  { what: "section and key case", text: "[USER]\n\tNaMe = Ada\n[User]\nEMAIL=ada@example.org\n", answers: true },
  { what: "a subsection is another section", text: '[user "work"]\n\tname = Work\n[user ""]\nname = Empty\n[user]\nemail = e@x\n', answers: true },
  { what: "the deprecated dotted subsection", text: "[user.work]\n\tname = Work\n[User.Name]\nx = 1\n", answers: true },
  { what: "a variable on the header's line", text: "[user] name = Inline # comment\n", answers: true },
  { what: "no newline at the end", text: "[user]name=Last", answers: true },
  { what: "inline comments and quotes", text: '[user]\n\tname = Ada "# not a comment" ; a comment\n\temail = a;b\n', answers: true },
  { what: "escapes", text: '[user]\n\tname = "A \\"quoted\\" \\\\ name\\t\\b\\n"\n', answers: true },
  { what: "continued lines", text: "[user]\n\tname = Ada \\\n   Lovelace\\\n\n\temail = x\\\n", answers: true },
  { what: "internal whitespace, tabs and CR", text: "[user]\n\tname =   Ada \t  Lovelace \t \n\temail = a\rb\n", answers: true },
  { what: "VT and FF are not whitespace", text: "[user]\n\tname = \u000bAda\u000c\n", answers: true },
  { what: "quoted whitespace is kept", text: '[user]\n\tname = "  Ada  "\n\temail = ""  x  ""\n', answers: true },
  { what: "a key without =", text: "[user]\n\tname\n\temail = e@x\n\temail\n", answers: true },
  { what: "a key without = after a value", text: "[user]\n\tname = Ada\n\tname\n", answers: true },
  { what: "an empty value", text: '[user]\n\tname =\n\temail = ""\n', answers: true },
  { what: "CRLF line ends", text: "[user]\r\n\tname = Ada\r\n\temail\r\n", answers: true },
  { what: "a byte order mark", text: "\uFEFF[user]\n\tname = Ada\n", answers: true },
  { what: "comments and blank lines", text: "# top\n; also\n\n   \n[user] ; here\n  # there\n\tname = Ada\n", answers: true },
  { what: "keys like ours", text: "[user]\n\tnames = A\n\tname-x = B\n\tname2 = C\n\temails = D\n", answers: true },
  { what: "a variable before any section", text: "name = Nobody\n[user]\n\temail = e@x\n", answers: true },
  { what: "a dotted key is not a key", text: "[user]\n\tuser.name = x\n", answers: false },
  { what: "non-ASCII values", text: "[user]\n\tname = Søren Zoë 李\n", answers: true },
  { what: "an unknown escape", text: "[user]\n\tname = a\\qb\n", answers: false },
  { what: "an unclosed quote", text: '[user]\n\tname = "Ada\n', answers: false },
  { what: "a header with a space", text: "[user ]\n\tname = Ada\n", answers: false },
  { what: "an empty header", text: "[]\n\tname = Ada\n", answers: false },
  { what: "an unclosed header", text: "[user\n\tname = Ada\n", answers: false },
  { what: "a subsection over two lines", text: '[user "a\nb"]\n\tname = Ada\n', answers: false },
  { what: "text after a subsection's quote", text: '[user "a" ]\n\tname = Ada\n', answers: false },
  { what: "a key then garbage", text: "[user]\n\tname # comment\n", answers: false },
  { what: "a key starting with a digit", text: "[user]\n\t1name = Ada\n", answers: false },
  { what: "VT before a key is not whitespace", text: "[user]\n\u000bname = Ada\n", answers: false },
  { what: "a stray character", text: "[user]\n\tname = Ada\n}\n", answers: false },
];

describe("readIdentityFromConfigFiles agrees with git config", () => {
  for (const [layout, write] of Object.entries(layouts)) {
    it(`hand-written files (${layout})`, () => {
      for (const { what, text, answers } of CASES) {
        // The case in the last file git reads, after an identity in the first it reads.
        const texts = layout.startsWith("GIT_CONFIG_NOSYSTEM") ? [text] : ["[user]\n\tname = Earlier\n\temail = earlier@x\n", text];
        const dir = tempDir();
        const answered = agreesWithGit(dir, write(dir, texts), what);
        if (answers) expect(answered, `${what} (${layout}): the fast path should answer`).toBe(true);
      }
    });
  }

  it("a distribution git (/usr/bin/git first on PATH) and /etc/gitconfig, as this machine has them", () => {
    if (!existsSync("/usr/bin/git")) return;
    const dir = tempDir();
    writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Home\n");
    const env = { PATH: "/usr/bin:/bin", HOME: dir };
    expect(agreesWithGit(dir, env, "system + home")).toBe(true);
  });

  // Config files built from pieces, mostly ones git accepts (a few it rejects, which the
  // fast path must not answer for); the count shows the fast path answers for most of them.
  const header = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom("[user]", "[USER]", "[User]", '[user "sub"]', '[user "Sub \\" x"]', '[user ""]', "[user.sub]", "[User.Name]", "[core]", "[user] ; c", "[user]  ") },
    { weight: 1, arbitrary: fc.constantFrom("[user ]", "[]", "[us er]", '[user "x" ]') },
  );
  const key = fc.constantFrom("name", "email", "NAME", "Email", "nAmE", "names", "name-x", "email2", "e-mail");
  const separator = fc.constantFrom(" = ", "=", " =", "= ", "\t=\t", "  =  ");
  const valuePiece = fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom("Ada", "Lovelace", "ada@example.org", "Søren", "Zoë", "x", " ", "  ", "\t", "\r") },
    { weight: 8, arbitrary: fc.constantFrom('" quoted # ; "', '"  "', '""', '"a\\"b"', '"\\\\"', '"tab\\t"') },
    { weight: 8, arbitrary: fc.constantFrom('\\"', "\\\\", "\\n", "\\t", "\\b", "\\\n", "\\\n  ") },
    { weight: 4, arbitrary: fc.constantFrom(" # comment", " ; comment", "#", ";", "# with \\q and \"") },
    { weight: 1, arbitrary: fc.constantFrom('"', "\\q", "\\") },
  );
  const valueText = fc.array(valuePiece, { maxLength: 6 }).map((pieces) => pieces.join(""));
  const variable = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(key, separator, valueText).map(([k, s, v]) => `\t${k}${s}${v}`) },
    { weight: 1, arbitrary: key.map((k) => `\t${k}`) },
  );
  const line = fc.oneof(
    { weight: 2, arbitrary: header },
    { weight: 6, arbitrary: variable },
    { weight: 1, arbitrary: fc.constantFrom("", "   ", "# a comment", "; another", "\t# indented [user] name = no") },
    { weight: 1, arbitrary: fc.tuple(header, variable).map(([h, v]) => `${h}${v}`) },
  );
  const configFile = fc
    .tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom("\n", "\r\n"), fc.boolean(), fc.boolean())
    .map(([lines, end, bom, finalNewline]) => `${bom ? "\uFEFF" : ""}[user]${end}${lines.join(end)}${finalNewline ? end : ""}`);

  for (const [layout, write] of Object.entries(layouts)) {
    it(`generated files (${layout})`, () => {
      let accepted = 0; // by git
      let answered = 0; // by the fast path
      fc.assert(
        fc.property(fc.tuple(configFile, configFile), (texts) => {
          const dir = tempDir();
          const env = write(dir, texts);
          if (!("failed" in gitSays(dir, env))) accepted++;
          if (agreesWithGit(dir, env, JSON.stringify(texts))) answered++;
        }),
        { numRuns: 200 },
      );
      // A parser that gives up on everything would pass the comparison; it must not.
      expect(accepted).toBeGreaterThan(50);
      expect(answered / accepted).toBeGreaterThan(0.9);
    });
  }
});

describe("readIdentityFromConfigFiles gives up (undefined) whenever git could answer otherwise", () => {
  const identity = "[user]\n\tname = Ada\n\temail = ada@example.org\n";
  const withGlobal = (text: string, extra: NodeJS.ProcessEnv = {}) => {
    const dir = tempDir();
    writeFileSync(join(dir, "global"), text);
    return { dir, env: { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: join(dir, "global"), ...extra } };
  };

  it("answers for a plain file (the cases below differ from it in one thing)", () => {
    const { dir, env } = withGlobal(identity);
    expect(readIdentityFromConfigFiles(dir, env)).toEqual({ name: "Ada", email: "ada@example.org" });
  });

  it("any include or includeIf section, in any case, even after the identity", () => {
    for (const include of ["[include]\n\tpath = other", '[includeIf "gitdir:~/work/"]\n\tpath = work', "[INCLUDE]", "[IncludeIf.x]", '[include "x"]']) {
      const { dir, env } = withGlobal(`${identity}${include}\n`);
      expect(readIdentityFromConfigFiles(dir, env), include).toBeUndefined();
    }
  });

  it("inside a repository (git reads its config too): a subdirectory of a work tree, a bare repository", () => {
    const { dir, env } = withGlobal(identity);
    const repo = join(dir, "repo");
    mkdirSync(join(repo, "sub", "deeper"), { recursive: true });
    expect(spawnSync("git", ["init", "-q", repo]).status).toBe(0);
    expect(readIdentityFromConfigFiles(join(repo, "sub", "deeper"), env)).toBeUndefined();
    const bare = join(dir, "bare.git");
    expect(spawnSync("git", ["init", "-q", "--bare", bare]).status).toBe(0);
    expect(readIdentityFromConfigFiles(bare, env)).toBeUndefined();
    expect(readIdentityFromConfigFiles(join(bare, "refs"), env)).toBeUndefined();
  });

  it("a .git file (a linked work tree or submodule) above cwd", () => {
    const { dir, env } = withGlobal(identity);
    mkdirSync(join(dir, "wt", "sub"), { recursive: true });
    writeFileSync(join(dir, "wt", ".git"), "gitdir: /nowhere\n");
    expect(readIdentityFromConfigFiles(join(dir, "wt", "sub"), env)).toBeUndefined();
  });

  it("GIT_CONFIG_GLOBAL empty or relative, GIT_CONFIG_SYSTEM empty, GIT_CONFIG_NOSYSTEM not a boolean we mirror", () => {
    const { dir, env } = withGlobal(identity);
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_GLOBAL: "" })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_GLOBAL: "global" })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_NOSYSTEM: undefined, GIT_CONFIG_SYSTEM: "" })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_NOSYSTEM: "bogus" })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_NOSYSTEM: "2" })).toBeUndefined();
  });

  it("GIT_CONFIG_NOSYSTEM's false values read the system file, its true ones skip it, as git does", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "system"), "[user]\n\tname = System\n");
    writeFileSync(join(dir, "global"), "[user]\n\temail = global@x\n");
    for (const value of ["", "0", "false", "No", "OFF", "1", "true", "YES", "on"]) {
      const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: value, GIT_CONFIG_SYSTEM: join(dir, "system"), GIT_CONFIG_GLOBAL: join(dir, "global") };
      expect(agreesWithGit(dir, env, `GIT_CONFIG_NOSYSTEM=${value}`), value).toBe(true);
    }
  });

  it("without HOME (or a relative one), or with a relative XDG_CONFIG_HOME, when the global files depend on them", () => {
    const { dir, env } = withGlobal(identity, { GIT_CONFIG_GLOBAL: undefined });
    expect(readIdentityFromConfigFiles(dir, { ...env, HOME: undefined })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, HOME: "" })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, HOME: "home" })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, XDG_CONFIG_HOME: "config" })).toBeUndefined();
    // An empty XDG_CONFIG_HOME means ~/.config, as unset does.
    mkdirSync(join(dir, ".config", "git"), { recursive: true });
    writeFileSync(join(dir, ".config", "git", "config"), "[user]\n\tname = Xdg\n");
    expect(agreesWithGit(dir, { ...env, XDG_CONFIG_HOME: "" }, "empty XDG_CONFIG_HOME")).toBe(true);
    expect(readIdentityFromConfigFiles(dir, { ...env, XDG_CONFIG_HOME: "" })).toEqual({ name: "Xdg" });
  });

  it("a git other than /usr/bin/git or /bin/git first on PATH, unless the environment decides the system file", () => {
    const { dir, env } = withGlobal(identity);
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "git"), '#!/bin/sh\nexec git "$@"\n');
    chmodSync(join(bin, "git"), 0o755);
    const path = `${bin}:${process.env.PATH ?? ""}`;
    expect(readIdentityFromConfigFiles(dir, { ...env, PATH: path, GIT_CONFIG_NOSYSTEM: undefined })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, PATH: path })).toEqual({ name: "Ada", email: "ada@example.org" });
    writeFileSync(join(dir, "system"), "");
    expect(readIdentityFromConfigFiles(dir, { ...env, PATH: path, GIT_CONFIG_NOSYSTEM: undefined, GIT_CONFIG_SYSTEM: join(dir, "system") })).toEqual({ name: "Ada", email: "ada@example.org" });
  });

  it("PATH unset, or with an empty or relative entry (the spawn would look in its cwd)", () => {
    const { dir, env } = withGlobal(identity);
    expect(readIdentityFromConfigFiles(dir, { ...env, PATH: undefined })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, PATH: `:${process.env.PATH ?? ""}` })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, PATH: `bin:${process.env.PATH ?? ""}` })).toBeUndefined();
  });

  it("without git on PATH it answers {}, as the spawn that fails does", () => {
    const { dir, env } = withGlobal(identity);
    const bin = join(dir, "bin");
    mkdirSync(join(bin, "git"), { recursive: true }); // a directory named git is no git
    writeFileSync(join(dir, "git"), "#!/bin/sh\n"); // nor a file without an execute bit
    expect(readIdentityFromConfigFiles(dir, { ...env, PATH: `${bin}:${dir}` })).toEqual({});
  });

  it("a config file that is a directory, unreadable, not UTF-8 or holds NUL; a missing one is skipped", () => {
    const { dir, env } = withGlobal(identity);
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_GLOBAL: dir })).toBeUndefined();
    writeFileSync(join(dir, "latin1"), Buffer.from("[user]\n\tname = S\xf8ren\n", "latin1"));
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_GLOBAL: join(dir, "latin1") })).toBeUndefined();
    writeFileSync(join(dir, "nul"), "[user]\n\tname = A\0B\n");
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_GLOBAL: join(dir, "nul") })).toBeUndefined();
    expect(readIdentityFromConfigFiles(dir, { ...env, GIT_CONFIG_GLOBAL: join(dir, "missing") })).toEqual({});
    if (process.getuid?.() !== 0) {
      chmodSync(join(dir, "global"), 0);
      expect(readIdentityFromConfigFiles(dir, env)).toBeUndefined();
    }
  });

  it("a cwd that does not exist (the spawn fails there)", () => {
    const { dir, env } = withGlobal(identity);
    expect(readIdentityFromConfigFiles(join(dir, "missing"), env)).toBeUndefined();
  });
});

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { pendingPaths } from "../write-project.js";
import { git } from "./run-git.js";

/**
 * A private object store next to the repository's (git's receive-pack does the same):
 * every object an update computes is written here, the repository's own objects are
 * read through GIT_ALTERNATE_OBJECT_DIRECTORIES. A dry run or a refused update thus
 * leaves the repository byte for byte as it was; `install` copies the objects in.
 */
export interface Quarantine {
  dir: string;
  repoObjects: string;
  gitDir: string;
  env: Record<string, string>;
  /** An env with a private index file, for building trees without touching .git/index. */
  withIndex(name: string): Record<string, string>;
  install(): void;
  dispose(): void;
}

export async function openQuarantine(repo: string): Promise<Quarantine> {
  const [commonDir, gitDirRaw] = (await git(repo, ["rev-parse", "--git-common-dir", "--git-dir"])).trim().split("\n");
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(repo, path));
  const repoObjects = join(absolute(String(commonDir)), "objects");
  const dir = mkdtempSync(join(tmpdir(), "create-devops-py-update-"));
  pendingPaths.add(dir);
  const objects = join(dir, "objects");
  mkdirSync(objects);
  const env = { GIT_OBJECT_DIRECTORY: objects, GIT_ALTERNATE_OBJECT_DIRECTORIES: repoObjects };
  return {
    dir,
    repoObjects,
    gitDir: absolute(String(gitDirRaw)),
    env,
    withIndex: (name) => ({ ...env, GIT_INDEX_FILE: join(dir, name) }),
    install() {
      // Objects are named by their content: copying one twice, or one that is never
      // referenced, is harmless, so this can happen before the commit point.
      for (const fanout of readdirSync(objects)) {
        if (!/^[0-9a-f]{2}$/.test(fanout)) continue;
        const target = join(repoObjects, fanout);
        mkdirSync(target, { recursive: true });
        for (const name of readdirSync(join(objects, fanout))) {
          if (!existsSync(join(target, name))) copyFileSync(join(objects, fanout, name), join(target, name));
        }
      }
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
      pendingPaths.delete(dir);
    },
  };
}

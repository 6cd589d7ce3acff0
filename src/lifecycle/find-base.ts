import { LEGACY_INITIAL_SUBJECT, RENDER_TRAILER, renderedVersion } from "./render-marker.js";
import { git, runGit } from "./run-git.js";

/** The pristine render a repository was last generated or updated from. */
export interface RenderBase {
  commit: string;
  version: string;
  /** UTC year of the render commit: the licence year of records that predate `inputs`. */
  year: number;
  /** 0.1.0 marked its render only by the first commit's subject. */
  legacy: boolean;
}

async function describe(dir: string, commit: string, legacy: boolean): Promise<RenderBase> {
  const [message, year] = await Promise.all([
    git(dir, ["log", "-1", "--format=%B", commit]),
    git(dir, ["log", "-1", "--date=format-local:%Y", "--format=%ad", commit], { env: { TZ: "UTC" } }),
  ]);
  const version = renderedVersion(message) ?? LEGACY_INITIAL_SUBJECT.exec(message.split("\n")[0] ?? "")?.[1] ?? "unknown";
  return { commit, version, year: Number(year.trim()), legacy };
}

/**
 * The newest render commit reachable from HEAD (topological order: a newer render is
 * a child of the older one, whatever their clocks say), else the first commit of a
 * 0.1.0 repository, else the commit given with `--base`.
 */
export async function findBase(dir: string, explicit?: string): Promise<RenderBase | undefined> {
  if (explicit !== undefined) {
    const resolved = await runGit(dir, ["rev-parse", "--verify", "--quiet", `${explicit}^{commit}`], { okCodes: [1, 128] });
    return resolved.code === 0 ? describe(dir, resolved.stdout.trim(), false) : undefined;
  }
  const marked = (await git(dir, ["rev-list", "--topo-order", "-n1", `--grep=^${RENDER_TRAILER}: `, "HEAD"])).trim();
  if (marked) return describe(dir, marked, false);
  for (const root of (await git(dir, ["rev-list", "--max-parents=0", "HEAD"])).split("\n").filter(Boolean)) {
    const subject = (await git(dir, ["log", "-1", "--format=%s", root])).trim();
    if (LEGACY_INITIAL_SUBJECT.test(subject)) return describe(dir, root, true);
  }
  return undefined;
}

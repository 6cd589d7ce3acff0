import type { SimpleGit } from "simple-git";
import { renderTrailer } from "./lifecycle/render-marker.js";
import { generatorVersion } from "./package-root.js";
import { interruption } from "./write-project.js";

// The user's configured identity does not change while we run: ask git once per
// process (cohort mode makes hundreds of repositories).
let userIdentity: Promise<{ name: string | null; email: string | null }> | undefined;

function configuredIdentity(git: SimpleGit): Promise<{ name: string | null; email: string | null }> {
  userIdentity ??= Promise.all([git.getConfig("user.name"), git.getConfig("user.email")]).then(([name, email]) => ({
    name: name.value,
    email: email.value,
  }));
  return userIdentity;
}

/**
 * git init + one initial commit. The user's own identity wins; when none is
 * configured we commit as the project's author so the commit never fails for that.
 * Hooks are skipped: the project's own hooks are not installed yet.
 */
export async function initGitRepository(
  dir: string,
  author: { name: string; email: string },
  remoteUrl?: string,
): Promise<void> {
  // Loaded here, not at start-up: most commands never run git.
  const { simpleGit } = await import("simple-git");
  const git = simpleGit({ baseDir: dir, abort: interruption.signal });
  // No --quiet anywhere: simple-git waits an extra 50 ms after a command that printed
  // nothing (its completion detection), which tripled the time of a run.
  await git.init(["--initial-branch=main"]);
  const configured = await configuredIdentity(git);
  const identity: string[] = [];
  if (!configured.name) identity.push("-c", `user.name=${author.name}`);
  if (!configured.email) identity.push("-c", `user.email=${author.email}`);
  await git.add([".", "--verbose"]);
  await git.raw([
    ...identity,
    "-c",
    "commit.gpgsign=false",
    "commit",
    "--no-verify",
    "-m",
    `Initial commit from create-devops-py ${generatorVersion}`,
    "-m",
    renderTrailer(generatorVersion), // marks this commit as the pristine render `update` merges from
  ]);
  if (remoteUrl) await git.addRemote("origin", remoteUrl);
}

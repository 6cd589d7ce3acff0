import { simpleGit } from "simple-git";
import { generatorVersion } from "./package-root.js";
import { interruption } from "./write-project.js";

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
  const git = simpleGit({ baseDir: dir, abort: interruption.signal });
  await git.init(["--initial-branch=main", "--quiet"]);
  const configured = async (key: string) => (await git.getConfig(key)).value;
  const identity: string[] = [];
  if (!(await configured("user.name"))) identity.push("-c", `user.name=${author.name}`);
  if (!(await configured("user.email"))) identity.push("-c", `user.email=${author.email}`);
  await git.add(".");
  await git.raw([
    ...identity,
    "-c",
    "commit.gpgsign=false",
    "commit",
    "--quiet",
    "--no-verify",
    "-m",
    `Initial commit from create-devops-py ${generatorVersion}`,
  ]);
  if (remoteUrl) await git.addRemote("origin", remoteUrl);
}

import { initGitRepository } from "./git-init.js";
import { planProject, type PlannedFile } from "./plan-project.js";
import type { StarterDefinition } from "./starter-definition.js";
import type { Options } from "./validate-options.js";
import { writeProject } from "./write-project.js";

/**
 * Validated options -> a complete project at `target`: plan, write into a temporary
 * sibling, git init + first commit there (and add a remote when asked), then rename
 * into place. The single path used by the CLI, cohort mode and the plopfile.
 */
export async function generateProject(
  target: string,
  options: Options,
  starter: StarterDefinition,
  extras: { remoteUrl?: string } = {},
): Promise<PlannedFile[]> {
  const files = planProject(options, starter);
  await writeProject(target, files, async (staging) => {
    if (!options.git) return;
    await initGitRepository(staging, { name: String(options.authorName), email: String(options.authorEmail) }, extras.remoteUrl);
  });
  return files;
}

/**
 * How a pristine render is marked in git history: a trailer in the commit message,
 * so a clone of the team's repository on any machine can find its base again.
 */
export const RENDER_TRAILER = "Create-Devops-Py-Render";

/** The subject of the first commit of every repository 0.1.0 generated (no trailer yet). */
export const LEGACY_INITIAL_SUBJECT = /^Initial commit from create-devops-py (\d+\.\d+\.\d+\S*)$/;

export function renderTrailer(version: string): string {
  return `${RENDER_TRAILER}: ${version}`;
}

/** The version a commit message's trailer names, if it has one. */
export function renderedVersion(message: string): string | undefined {
  const match = new RegExp(`^${RENDER_TRAILER}: (\\S+)\\s*$`, "m").exec(message);
  return match?.[1];
}

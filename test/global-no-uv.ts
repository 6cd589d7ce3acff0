/**
 * Tests are the same whatever the developer's PATH holds: the lock step runs the uv of
 * CREATE_DEVOPS_PY_UV, and by default that is a path where no uv exists, so a generation
 * never resolves against the network unless a test asks for it (the lock tests and the
 * gate harness pass the pinned uv of .cache/gate-tools, or a fake one).
 */
import { join } from "node:path";

export default function setup(): void {
  process.env.CREATE_DEVOPS_PY_UV = join(process.env.TMPDIR ?? "/nonexistent", "no-uv-here", "uv");
}

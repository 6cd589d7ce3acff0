import { crypto } from "./lazy-builtins.js";

/** Fingerprint of the sources a build artifact was made from; a mismatch means it is stale. */
export function sourceHash(...sources: string[]): string {
  const hash = crypto().createHash("sha256");
  for (const source of sources) hash.update(source).update("\u0000");
  return hash.digest("hex");
}

import type { JsonSchema } from "./json-schema.js";
import type { StarterDefinition } from "./starter-definition.js";

/** What the published CLI carries in place of generators/ and schemas/. */
export interface BundledRegistry {
  starters: StarterDefinition[];
  /** schemas/<file> by file name, parsed. */
  schemas: Record<string, JsonSchema>;
}

/**
 * Nothing here: compiled or TypeScript sources read generators/ and schemas/ one file at a
 * time, so they always see them as they are now. The one-file CLI is built with this module
 * replaced by every starter and every schema (scripts/build-bundle.mjs), so a run reads
 * neither folder.
 */
export const bundledRegistry: BundledRegistry | undefined = undefined;

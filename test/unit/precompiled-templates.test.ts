import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileTemplate, precompiledTemplatesPath } from "../../src/precompiled-templates.js";
import { templatesDir } from "../../src/package-root.js";
import { createTemplateEngine } from "../../src/template-engine.js";

describe("precompiled templates (npm run build)", () => {
  const source = readFileSync(join(templatesDir, "_base", "Makefile.hbs"), "utf8");
  const context = { name: "demo", imageName: "demo", releasedImage: "ghcr.io/demo", starter: { demo: { args: ["run", "--demo"] }, service: null } };

  it("exist for the base layer and render like a fresh compile", () => {
    expect(existsSync(precompiledTemplatesPath("_base"))).toBe(true);
    const hb = createTemplateEngine();
    expect(compileTemplate(hb, "_base", "Makefile.hbs", source)(context)).toBe(hb.compile(source, { noEscape: true, strict: true })(context));
  });

  it("are ignored when the source changed since the build (hash mismatch)", () => {
    const edited = `${source}# edited after the build\n`;
    expect(compileTemplate(createTemplateEngine(), "_base", "Makefile.hbs", edited)(context)).toContain("# edited after the build");
  });
});

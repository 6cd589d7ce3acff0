import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownText } from "../../src/escape-helpers.js";

/** What CommonMark makes of our output as plain text: backslash escapes and the space entity undone. */
function readBack(markdown: string): string {
  return markdown.replace(/&#32;/g, " ").replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

/** Characters that start inline markup, HTML or entities, left without a backslash before them. */
function unescapedSpecials(markdown: string): string[] {
  const body = markdown.replace(/^(?:&#32;)+/, "");
  const found: string[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i] as string;
    if (char === "\\") {
      i += 1; // the escaped character
      continue;
    }
    if ("`*_[]<>&|~$".includes(char)) found.push(char);
  }
  return found;
}

const TRICKY = [
  "A DevOps capstone project.",
  "<!-- the rest of the README is hidden",
  "<script>alert(1)</script>",
  "**bold** _em_ `code` ~~gone~~ [link](https://x) ![img](y)",
  "# heading", "- item", "+ item", "1. first", "2) second", "> quote", "=== setext",
  "    four spaces make code",
  "&amp; &#x41; entities",
  "a | table | row",
  "$x^2$ math",
  ":rocket: emoji shortcodes :+1:",
  "back\\slash at the end\\",
  "café 北京 🚀 — plain",
];

describe("markdownText", () => {
  it.each(TRICKY)("%j renders back as itself and carries no markup", (text) => {
    const md = markdownText(text);
    expect(readBack(md)).toBe(text);
    expect(unescapedSpecials(md)).toEqual([]);
    expect(md).not.toMatch(/^ |^[#+\-=>]|^\d+[.)]/);
    expect(md).not.toMatch(/(?<!\\):[\w+-]+:/);
  });

  it("leaves ordinary prose readable in the source", () => {
    expect(markdownText("A DevOps capstone project.")).toBe("A DevOps capstone project.");
    expect(markdownText("Costs: cheap, fast (really)")).toBe("Costs: cheap, fast (really)");
  });

  it("any one-line string: read back exactly, no unescaped markup", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab 1#-+=>.)*_`[]<>&|~$:!\\\u00e9\u5317"), maxLength: 40 }), (text) => {
        const md = markdownText(text);
        expect(readBack(md)).toBe(text);
        expect(unescapedSpecials(md)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

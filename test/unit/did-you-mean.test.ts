import { describe, expect, it } from "vitest";
import { closest, editDistance } from "../../src/did-you-mean.js";
import { displayWidth, padToWidth } from "../../src/display-width.js";
import { echo, showValue } from "../../src/safe-text.js";

describe("did-you-mean", () => {
  it("counts a swap of neighbours as one edit (Damerau-Levenshtein, optimal string alignment)", () => {
    expect(editDistance("monitorign", "monitoring")).toBe(1);
    expect(editDistance("kubernets", "kubernetes")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("ca", "abc")).toBe(3); // OSA: no edit of a transposed pair
  });

  it("suggests only what is close enough", () => {
    expect(closest("cost-engin", ["cost-engine", "monitoring"])).toBe("cost-engine");
    expect(closest("--curency", ["--currency", "--ci"])).toBe("--currency");
    expect(closest("EURO", ["USD", "EUR", "GBP"])).toBe("EUR");
    expect(closest("--bogus", ["--name", "--ci", "--git"])).toBeUndefined();
    expect(closest("x".repeat(100), ["x"])).toBeUndefined();
  });
});

describe("display width and safe echoes", () => {
  it("counts CJK as two columns and combining marks as none", () => {
    expect(displayWidth("東京チーム")).toBe(10);
    expect(displayWidth("대한")).toBe(4);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth(padToWidth("東京", 6))).toBe(6);
  });

  it("shows control characters as visible escapes and cuts long values", () => {
    expect(echo("\u001b[31mred\u009b")).toBe("\\x1b[31mred\\x9b");
    const shown = showValue("y".repeat(1000));
    expect(shown.length).toBeLessThan(120);
    expect(shown).toContain("(1000 characters)");
    expect(showValue("\u2028")).toBe('"\\u2028"');
  });
});

import { describe, expect, it } from "vitest";
import { decodeLayer, encodeLayer, type PrecompiledLayer } from "../../src/layer-file.js";

// Non-ASCII in a static file, in a program, in a path and in the names: the header must
// still be ASCII, and the bytes must come back exactly.
const layer: PrecompiledLayer = {
  files: [
    { path: "README.md", mode: 0o644, bytes: Buffer.from("# Café ☕\n\nNaïve — 😀\n", "utf8") },
    { path: "empty.txt", mode: 0o644, bytes: Buffer.alloc(0) },
    { path: "hello.txt.hbs", mode: 0o644, program: ["Grüße\u2028\n"] },
    { path: "bin/run-é.sh", mode: 0o755, bytes: Buffer.from("#!/bin/sh\necho ok\n", "utf8") },
  ],
  partials: { footer: ["— the end\n"] },
  names: { distributions: ["naïve-lib"], modules: ["requests"] },
};

function headerOf(file: Buffer): Buffer {
  return file.subarray(0, file.indexOf(0x0a));
}

describe("layer files (src/layer-file.ts)", () => {
  it("decode to the layer that was encoded, non-ASCII text byte for byte", () => {
    expect(decodeLayer(encodeLayer(layer))).toEqual(layer);
  });

  it("have an ASCII header on the first line, then the static files' bytes back to back", () => {
    const file = encodeLayer(layer);
    const header = headerOf(file);
    expect([...header].every((byte) => byte < 0x80)).toBe(true);
    expect(file.subarray(header.length + 1)).toEqual(Buffer.concat([layer.files[0], layer.files[1], layer.files[3]].map((entry) => (entry as { bytes: Buffer }).bytes)));
    const parsed = JSON.parse(header.toString("latin1")) as { files: { bytes?: number[]; program?: unknown }[] };
    expect(parsed.files.map((entry) => entry.bytes ?? "program")).toEqual([[0, 29], [29, 29], "program", [29, 47]]);
  });

  it("give each static file a view into the file read, not a copy", () => {
    const file = encodeLayer(layer);
    const decoded = decodeLayer(file);
    const readme = decoded.files[0] as { bytes: Buffer };
    expect(readme.bytes.buffer).toBe(file.buffer);
    expect(readme.bytes.toString("utf8")).toBe("# Café ☕\n\nNaïve — 😀\n");
  });

  it("refuse a file without a header line, or one cut short", () => {
    expect(() => decodeLayer(Buffer.from('{"files":[]'))).toThrow(/no header line/);
    const file = encodeLayer(layer);
    expect(() => decodeLayer(file.subarray(0, file.length - 1))).toThrow(/bin\/run-é\.sh ends past the end/);
  });
});

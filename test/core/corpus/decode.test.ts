import { describe, expect, it } from "vitest";
import { decodeText } from "../../../src/core/corpus/decode.js";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("decodeText", () => {
  it("decodes UTF-8, drops a byte-order mark and normalises line ends", () => {
    const r = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Kim’s\r\nvisit")]));
    expect(r).toEqual({ ok: true, text: "Kim’s\nvisit" });
  });

  it("refuses an empty file", () => {
    expect(decodeText(bytes())).toEqual({ ok: false, reason: "empty file" });
    expect(decodeText(new TextEncoder().encode(" \n\t "))).toEqual({
      ok: false,
      reason: "empty file (only white space)",
    });
  });

  it("refuses binary content", () => {
    expect(decodeText(bytes(0x89, 0x50, 0x4e, 0x47, 0x00, 0x01))).toEqual({
      ok: false,
      reason: "binary file (contains NUL bytes)",
    });
    expect(decodeText(bytes(1, 2, 3, 4, 5, 6, 65, 66))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^binary/),
    });
  });

  it("refuses text that is not UTF-8 (Latin-1)", () => {
    // "café" in ISO-8859-1
    expect(decodeText(bytes(0x63, 0x61, 0x66, 0xe9))).toEqual({
      ok: false,
      reason: "not valid UTF-8 (save the file as UTF-8)",
    });
  });
});

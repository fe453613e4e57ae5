/**
 * Typed arrays in saved JSON as base64 pieces: exact, read back at memory speed where
 * JSON numbers would be parsed one by one, and in pieces short enough that a reader can
 * pause between a few of them (chunked-json.ts writes an array of pieces a line at a time).
 */
import { Buffer } from "node:buffer";

/** Bytes per piece: a multiple of 8 (whole Float64s) and of 3 (no base64 padding inside). */
const PIECE_BYTES = 3 * 8 * 2048;
/** Pieces decoded between yields. */
const PIECES_PER_STEP = 40;

export function toPieces(a: Int32Array | Float64Array): string[] {
  const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) out.push(bytes.toString("base64", at, at + PIECE_BYTES));
  return out;
}

/** The byte length base64 text decodes to, read off its length and padding. */
function decodedLength(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/**
 * Decodes pieces straight into one buffer for elements of `elementBytes` bytes, yielding
 * every few pieces; throws "damaged" on anything that is not such pieces.
 */
export function* fromPieces(saved: unknown, elementBytes: number): Generator<void, ArrayBuffer> {
  if (!Array.isArray(saved) || !saved.every((p) => typeof p === "string" && p.length % 4 === 0)) {
    throw new Error("damaged typed array");
  }
  const total = saved.reduce((n: number, p: string) => n + decodedLength(p), 0);
  if (total % elementBytes !== 0) throw new Error("damaged typed array");
  yield;
  const buffer = new ArrayBuffer(total);
  const into = Buffer.from(buffer);
  let at = 0;
  for (const [i, piece] of (saved as string[]).entries()) {
    const written = into.write(piece, at, "base64");
    if (written !== decodedLength(piece)) throw new Error("damaged typed array");
    at += written;
    if ((i + 1) % PIECES_PER_STEP === 0) yield;
  }
  return buffer;
}

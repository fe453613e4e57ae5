/**
 * Turns a file's bytes into text, or says in a few words why it cannot.
 * Strict UTF-8: a Latin-1 or UTF-16 file is refused rather than indexed as mojibake.
 */

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

const SNIFF_BYTES = 8192;

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: "empty file" };
  const head = bytes.subarray(0, SNIFF_BYTES);
  // A NUL byte never appears in text; control bytes other than tab/newline/CR/form feed rarely do.
  let control = 0;
  for (const b of head) {
    if (b === 0) return { ok: false, reason: "binary file (contains NUL bytes)" };
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (control > head.length * 0.05) return { ok: false, reason: "binary file (too many control bytes)" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: "not valid UTF-8 (save the file as UTF-8)" };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { ok: false, reason: "empty file (only white space)" };
  return { ok: true, text: text.replace(/\r\n?/g, "\n") };
}

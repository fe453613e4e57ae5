/**
 * A fetched page's bytes as text, in the character set it was written in: a byte-order
 * mark, else what the server declared, else what the document declares (`<meta charset>`
 * or an XML declaration), else UTF-8. Pages in windows-1251, EUC-KR or Shift_JIS are
 * decoded, not refused; an unknown label falls back to UTF-8 with replacement characters.
 */

function fromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

function declaredInDocument(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  return (
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ??
    null
  );
}

function decoderFor(label: string | null): InstanceType<typeof TextDecoder> | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null;
  }
}

export function decodePage(bytes: Uint8Array, declared: string | null): string {
  const decoder =
    decoderFor(fromBom(bytes)) ??
    decoderFor(declared) ??
    decoderFor(declaredInDocument(bytes)) ??
    new TextDecoder("utf-8");
  return decoder.decode(bytes).replace(/^\uFEFF/, "");
}

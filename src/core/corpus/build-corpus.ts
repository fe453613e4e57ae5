import { createHash } from "node:crypto";
import type { Corpus, CorpusDocument, Passage, SkippedFile, SourceFile } from "../types.js";
import { decodeText } from "./decode.js";
import { parseDocument } from "./parse-document.js";

/**
 * Builds the corpus from files in name order. A file that cannot be used is skipped
 * with its reason and the rest still load; no files at all is an empty corpus, not an error.
 */
export function buildCorpus(files: readonly SourceFile[], unreadable: readonly SkippedFile[] = []): Corpus {
  const documents: CorpusDocument[] = [];
  const passages: Passage[] = [];
  const skipped: SkippedFile[] = [...unreadable];
  const fileById = new Map<string, string>();

  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const decoded = decodeText(file.bytes);
    if (!decoded.ok) {
      skipped.push({ file: file.name, reason: decoded.reason });
      continue;
    }
    const parsed = parseDocument(file.name, decoded.text);
    if (!parsed.ok) {
      skipped.push({ file: file.name, reason: parsed.reason });
      continue;
    }
    const { meta, sections } = parsed.document;
    const clash = fileById.get(meta.id);
    if (clash) {
      skipped.push({ file: file.name, reason: `duplicate id "${meta.id}" (already used by ${clash})` });
      continue;
    }
    if (parsed.document.passages.length === 0) {
      skipped.push({ file: file.name, reason: "no article text after the title and byline" });
      continue;
    }
    fileById.set(meta.id, file.name);
    for (const p of parsed.document.passages) {
      passages.push({ ...p, id: passages.length, docId: meta.id });
    }
    documents.push({
      ...meta,
      file: file.name,
      sections,
      passageCount: parsed.document.passages.length,
      hash: createHash("sha256").update(decoded.text).digest("hex").slice(0, 16),
    });
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { documents, passages, skipped };
}

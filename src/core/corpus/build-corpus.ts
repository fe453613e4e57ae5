import { createHash } from "node:crypto";
import type { Corpus, CorpusDocument, Passage, PassageKind, SkippedFile, SourceFile } from "../types.js";
import { decodeText } from "./decode.js";
import { type ParsedPassage, parseDocument } from "./parse-document.js";
import { splitSentences } from "./sentences.js";

/**
 * A passage whose sentences are split on first use and then remembered: splitting is
 * the costliest part of reading a corpus, and most passages of a large one are never
 * shown.
 */
class LazyPassage implements Passage {
  readonly ordinal: number;
  readonly section: string | null;
  readonly kind: PassageKind;
  readonly label: string | null;
  readonly text: string;
  #sentences: readonly string[] | null = null;

  constructor(
    p: ParsedPassage,
    readonly id: number,
    readonly docId: string,
  ) {
    this.ordinal = p.ordinal;
    this.section = p.section;
    this.kind = p.kind;
    this.label = p.label;
    this.text = p.text;
  }

  get sentences(): readonly string[] {
    this.#sentences ??= splitSentences(this.text);
    return this.#sentences;
  }
}

/** A corpus passage from a parsed one (or one restored from a saved corpus). */
export function corpusPassage(p: ParsedPassage, id: number, docId: string): Passage {
  return new LazyPassage(p, id, docId);
}

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
    for (const p of parsed.document.passages) passages.push(new LazyPassage(p, passages.length, meta.id));
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

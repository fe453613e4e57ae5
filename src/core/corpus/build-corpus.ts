import { createHash } from "node:crypto";
import type {
  Corpus,
  CorpusDocument,
  Passage,
  PassageKind,
  ProgressListener,
  SkippedFile,
  SourceFile,
} from "../types.js";
import { decodeText } from "./decode.js";
import { type ParsedDocument, type ParsedPassage, parseDocument } from "./parse-document.js";
import { splitSentences } from "./sentences.js";

/** Files parsed between progress reports. */
const PROGRESS_EVERY_FILES = 100;

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

/**
 * Parses the files into a corpus. `firstId` numbers the passages from there: an
 * index that grows takes new passages after the ones it has.
 */
export function buildCorpus(
  files: readonly SourceFile[],
  unreadable: readonly SkippedFile[] = [],
  firstId = 0,
  progress?: ProgressListener,
): Corpus {
  const documents: CorpusDocument[] = [];
  const passages: Passage[] = [];
  const skipped: SkippedFile[] = [...unreadable];
  const parsedFiles: { file: string; text: string; document: ParsedDocument }[] = [];

  const byName = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [i, file] of byName.entries()) {
    if (progress && i % PROGRESS_EVERY_FILES === 0) progress({ stage: "parsing", done: i, total: files.length });
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
    if (parsed.document.passages.length === 0) {
      skipped.push({ file: file.name, reason: "no article text after the title and byline" });
      continue;
    }
    parsedFiles.push({ file: file.name, text: decoded.text, document: parsed.document });
  }

  progress?.({ stage: "parsing", done: files.length, total: files.length });

  // Two files with one id: the one named after the id is the article, so a stray copy
  // elsewhere in the folder can never knock it out.
  const keptFile = new Map<string, string>();
  for (const f of parsedFiles) {
    const id = f.document.meta.id;
    const kept = keptFile.get(id);
    if (!kept || (!namedAfter(kept, id) && namedAfter(f.file, id))) keptFile.set(id, f.file);
  }
  for (const { file, text, document } of parsedFiles) {
    const { meta, sections } = document;
    const kept = keptFile.get(meta.id) as string;
    if (kept !== file) {
      skipped.push({ file, reason: `duplicate id "${meta.id}" (the article is ${kept})` });
      continue;
    }
    for (const p of document.passages) passages.push(new LazyPassage(p, firstId + passages.length, meta.id));
    documents.push({
      ...meta,
      file,
      sections,
      passageCount: document.passages.length,
      hash: createHash("sha256").update(text).digest("hex").slice(0, 16),
    });
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { documents, passages, skipped };
}

/** "sub/forge-alliance.md" is named after "forge-alliance". */
function namedAfter(file: string, id: string): boolean {
  const base = file.slice(file.lastIndexOf("/") + 1).replace(/\.[^.]+$/, "");
  return base.toLowerCase() === id;
}

/** What stands at a removed passage's place, so every other passage keeps its id: no document, no text. */
export function removedPassage(id: number): Passage {
  return { id, docId: "", ordinal: 0, section: null, kind: "meta", label: null, text: "", sentences: [] };
}

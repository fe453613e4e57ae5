/**
 * A parsed corpus saved beside its index, so that a restart with unchanged files skips
 * parsing (at 50,000 passages, parsing is 1.8 s of a 3 s start).
 *
 * Whether the files are unchanged is decided by their bytes, not their dates: the key
 * hashes every file's name and content with the parser's version, so an edit, a new
 * file, a removed one or a new parser each make the saved corpus stale.
 */
import { createHash } from "node:crypto";
import type { Corpus, CorpusDocument, PassageKind, SkippedFile, SourceFile } from "../types.js";
import { corpusPassage } from "./build-corpus.js";
import { PARSER_VERSION } from "./parse-document.js";

const FORMAT = "nkru-corpus/1";

/** One passage: document (index into `documents`), ordinal, section (index into `sections`, -1 for none), kind, label, text. */
type SavedPassage = [number, number, number, PassageKind, string | null, string];

/** The corpus's saved form: plain data, for JSON. Passages are tuples to keep the file small. */
export interface SavedCorpus {
  format: string;
  key: string;
  documents: CorpusDocument[];
  /** Files among the sources that were skipped, and why. */
  skipped: SkippedFile[];
  sections: string[];
  passages: SavedPassage[];
}

/** The key of a set of source files: names and contents, and the parser that reads them. */
export function sourceKey(files: readonly SourceFile[]): string {
  const h = createHash("sha256").update(FORMAT).update("\0").update(PARSER_VERSION);
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(`\0${f.name}\0${f.bytes.length}\0`).update(f.bytes);
  }
  return h.digest("hex").slice(0, 32);
}

/**
 * Saves a corpus built from the files `key` was computed from. Only those files' skip
 * reasons are kept: files that could not be read at all are reported afresh each time.
 */
export function saveCorpus(corpus: Corpus, key: string, sourceNames: ReadonlySet<string>): SavedCorpus {
  const docIndex = new Map(corpus.documents.map((d, i) => [d.id, i]));
  const sections: string[] = [];
  const sectionIndex = new Map<string, number>();
  const passages = corpus.passages.map((p): SavedPassage => {
    let section = -1;
    if (p.section !== null) {
      section = sectionIndex.get(p.section) ?? sections.push(p.section) - 1;
      sectionIndex.set(p.section, section);
    }
    return [docIndex.get(p.docId) ?? -1, p.ordinal, section, p.kind, p.label, p.text];
  });
  return {
    format: FORMAT,
    key,
    documents: [...corpus.documents],
    skipped: corpus.skipped.filter((s) => sourceNames.has(s.file)),
    sections,
    passages,
  };
}

/**
 * The corpus saved under `key`, with `unreadable` (files that could not be read this
 * time) among its skipped files; null when the save is of other files or damaged.
 */
export function restoreCorpus(saved: unknown, key: string, unreadable: readonly SkippedFile[]): Corpus | null {
  const data = saved as SavedCorpus | null;
  if (!data || typeof data !== "object" || data.format !== FORMAT || data.key !== key) return null;
  if (!Array.isArray(data.documents) || !Array.isArray(data.passages) || !Array.isArray(data.sections)) return null;
  const passages = [];
  for (const [doc, ordinal, section, kind, label, text] of data.passages) {
    const document = data.documents[doc];
    if (!document || typeof text !== "string") return null;
    const p = { ordinal, section: section < 0 ? null : (data.sections[section] ?? null), kind, label, text };
    passages.push(corpusPassage(p, passages.length, document.id));
  }
  const skipped = [...data.skipped, ...unreadable].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { documents: data.documents, passages, skipped };
}

/**
 * A parsed corpus's documents saved beside its index, so that a restart with unchanged
 * files need not parse them before it is ready (at 50,000 passages, parsing is 1.8 s).
 *
 * Only the documents are saved (titles, sections, passage counts), not the passages'
 * text: a restored corpus parses each document the first time one of its passages is
 * read (about 1 ms), and the warm-up after start-up parses the rest. Saving the text
 * would double the file and cost more to read back than parsing on demand.
 *
 * Whether the files are unchanged is decided by their bytes, not their dates: the key
 * hashes every file's name and content with the parser's version, so an edit, a new
 * file, a removed one or a new parser each make the saved corpus stale.
 */
import { createHash } from "node:crypto";
import { drain } from "../centrality/centrality.js";
import { PARSER_VERSION, SAVED_FORMATS } from "../saved-formats.js";
import type { Corpus, CorpusDocument, Passage, PassageKind, SkippedFile, SourceFile } from "../types.js";
import { corpusPassage } from "./build-corpus.js";
import { decodeText } from "./decode.js";
import { type ParsedPassage, parseDocument } from "./parse-document.js";

const FORMAT = SAVED_FORMATS.corpus;

/** The corpus's saved form: plain data, for JSON. */
export interface SavedCorpus {
  format: string;
  key: string;
  documents: CorpusDocument[];
  /** Files among the sources that were skipped, and why. */
  skipped: SkippedFile[];
}

/**
 * The key of a set of source files: names and contents, and the parser that reads them.
 * SHA-1 because this detects change, not tampering, and it hashes a 50,000-passage
 * corpus in half SHA-256's time (30 ms against 75).
 */
export function sourceKey(files: readonly SourceFile[]): string {
  const steps = sourceKeySteps(files);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value.key;
  }
}

/**
 * {@link sourceKey} with each file's own content hash (to tell later which files
 * changed), every byte hashed once, yielding every few files: 20,000 files are 120 ms.
 */
export function* sourceKeySteps(
  files: readonly SourceFile[],
): Generator<void, { key: string; hashes: Map<string, string> }> {
  const h = createHash("sha1").update(FORMAT).update("\0").update(PARSER_VERSION);
  const hashes = new Map<string, string>();
  let n = 0;
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const own = createHash("sha1").update(f.bytes).digest("hex");
    hashes.set(f.name, own);
    h.update(`\0${f.name}\0${f.bytes.length}\0${own}`);
    if (++n % 200 === 0) yield;
  }
  return { key: h.digest("hex").slice(0, 32), hashes };
}

/**
 * Saves a corpus built from the files `key` was computed from. Only those files' skip
 * reasons are kept: files that could not be read at all are reported afresh each time.
 */
export function saveCorpus(corpus: Corpus, key: string, sourceNames: ReadonlySet<string>): SavedCorpus {
  return {
    format: FORMAT,
    key,
    documents: [...corpus.documents],
    skipped: corpus.skipped.filter((s) => sourceNames.has(s.file)),
  };
}

/**
 * The corpus saved under `key` (computed from `files`), with `unreadable` (files that
 * could not be read this time) among its skipped files; null when the save is of
 * other files or damaged. Passages are parsed from `files` when first read.
 */
export function restoreCorpus(
  saved: unknown,
  key: string,
  files: readonly SourceFile[],
  unreadable: readonly SkippedFile[],
): RestoredCorpus | null {
  return drain(restoreCorpusSteps(saved, key, files, unreadable));
}

/** {@link restoreCorpus} in steps of a few hundred documents (at 500,000 passages it makes 500,000 deferred passages). */
export function* restoreCorpusSteps(
  saved: unknown,
  key: string,
  files: readonly SourceFile[],
  unreadable: readonly SkippedFile[],
): Generator<void, RestoredCorpus | null> {
  const data = saved as SavedCorpus | null;
  if (!data || typeof data !== "object" || data.format !== FORMAT || data.key !== key) return null;
  if (!Array.isArray(data.documents) || !Array.isArray(data.skipped)) return null;
  const bytes = new Map(files.map((f) => [f.name, f.bytes]));
  const passages: Passage[] = [];
  const documents: DeferredDocument[] = [];
  for (const [n, d] of data.documents.entries()) {
    const source = bytes.get(d.file);
    if (!source || !(d.passageCount > 0)) return null;
    const document = new DeferredDocument(d, source, passages.length);
    documents.push(document);
    for (let i = 0; i < d.passageCount; i++) passages.push(new DeferredPassage(document, i));
    if ((n + 1) % 200 === 0) yield;
  }
  const skipped = [...data.skipped, ...unreadable].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    corpus: { documents: data.documents, passages, skipped },
    *parseSteps() {
      for (const d of documents) {
        d.passages();
        yield;
      }
    },
  };
}

export interface RestoredCorpus {
  readonly corpus: Corpus;
  /** Parses the documents not yet read, one a step, for the warm-up after start-up. */
  parseSteps(): Generator<void, void>;
}

/** A saved document whose passages are parsed from its file on first need. */
class DeferredDocument {
  #bytes: Uint8Array | null;
  #passages: Passage[] | null = null;

  constructor(
    readonly meta: CorpusDocument,
    bytes: Uint8Array,
    readonly firstId: number,
  ) {
    this.#bytes = bytes;
  }

  passages(): Passage[] {
    if (this.#passages) return this.#passages;
    const decoded = decodeText(this.#bytes as Uint8Array);
    const parsed = decoded.ok ? parseDocument(this.meta.file, decoded.text) : null;
    const found: ParsedPassage[] = parsed?.ok ? parsed.document.passages : [];
    // The key covers the bytes and the parser's version, so the count can only differ
    // if parsing changed without PARSER_VERSION: say so rather than cite wrong passages.
    if (found.length !== this.meta.passageCount) {
      throw new Error(
        `${this.meta.file} now parses into ${found.length} passages, not the ${this.meta.passageCount} saved; PARSER_VERSION needs a bump`,
      );
    }
    this.#passages = found.map((p, i) => corpusPassage(p, this.firstId + i, this.meta.id));
    this.#bytes = null;
    return this.#passages;
  }
}

class DeferredPassage implements Passage {
  readonly id: number;
  readonly docId: string;
  readonly ordinal: number;

  constructor(
    private readonly document: DeferredDocument,
    private readonly index: number,
  ) {
    this.id = document.firstId + index;
    this.docId = document.meta.id;
    this.ordinal = index + 1;
  }

  private get parsed(): Passage {
    return this.document.passages()[this.index] as Passage;
  }
  get section(): string | null {
    return this.parsed.section;
  }
  get kind(): PassageKind {
    return this.parsed.kind;
  }
  get label(): string | null {
    return this.parsed.label;
  }
  get text(): string {
    return this.parsed.text;
  }
  get sentences(): readonly string[] {
    return this.parsed.sentences;
  }
}

/**
 * Plain data shared by the core and its adapters. Nothing here knows about
 * Slack, files or the clock.
 */

/** A file handed to the core by an adapter: its name and its raw bytes. */
export interface SourceFile {
  /** File name relative to the corpus folder, used in warnings and as a fallback id. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Metadata of one document, from its front matter or inferred from its text. */
export interface DocumentMeta {
  /** Short stable id, used in citations (`forge-alliance`). */
  readonly id: string;
  readonly title: string;
  /** Byline, where the text names one: the authors as one line ("Jane Roe and Kim Min-jun"). */
  readonly author: string | null;
  /** The authors one by one. */
  readonly authors: readonly string[];
  /** Publisher, where the text names one. */
  readonly outlet: string | null;
  /** The date or period the text supports, as written by whoever curated it. */
  readonly period: string | null;
  /** Publication date (YYYY-MM-DD), from front matter or a dateline under the headline. */
  readonly date: string | null;
  /** Where the article can be read (its canonical address). */
  readonly url: string | null;
  /** Who added it from Slack, the command line or a feed, and when; null for files put in the corpus folder. */
  readonly added: Provenance | null;
  /** Other outlets carrying the same text (syndicated copies), found when someone tried to add them. */
  readonly alsoReportedBy: readonly Syndication[];
}

export interface Provenance {
  /** A Slack user id, "cli", or "feed". */
  readonly by: string;
  /** ISO timestamp. */
  readonly at: string;
  /** The feed it came from, if any. */
  readonly feed: string | null;
}

export interface Syndication {
  readonly outlet: string | null;
  readonly url: string;
}

export interface CorpusDocument extends DocumentMeta {
  /** The file it was read from. */
  readonly file: string;
  /** Section headings in order of appearance. */
  readonly sections: readonly string[];
  readonly passageCount: number;
  /** Hash of the file's text: tells a changed document from an unchanged one. */
  readonly hash: string;
}

/**
 * What a passage is within its document.
 * - `paragraph`: ordinary running text
 * - `item`: a bullet, numbered or "Label: text" list item
 * - `takeaway`: an item or paragraph under a "Key Takeaways"-style heading
 * - `callout`: a "Why this matters:"-style paragraph
 * - `meta`: the byline, as a sentence (title, author, outlet, date), so questions about the article find it
 */
export type PassageKind = "paragraph" | "item" | "takeaway" | "callout" | "meta";

export interface Passage {
  /** Position in the corpus-wide passage list; the index's document id. */
  readonly id: number;
  readonly docId: string;
  /** 1-based position within its document. */
  readonly ordinal: number;
  /** The heading it falls under; null before the first heading. */
  readonly section: string | null;
  readonly kind: PassageKind;
  /** The lead-in of a "Label: text" item or call-out ("Why this matters"). */
  readonly label: string | null;
  readonly text: string;
  readonly sentences: readonly string[];
}

/** A file that could not be read, and why. */
/**
 * How far a build has come, reported as it goes: files parsed, passages analysed,
 * passages indexed. `done` reaches `total` at the end of each stage.
 */
export interface BuildProgress {
  readonly stage: "parsing" | "analysing" | "indexing";
  readonly done: number;
  readonly total: number;
}

/** Told of a build's progress; called every few hundred items, so it need not be cheap. */
export type ProgressListener = (progress: BuildProgress) => void;

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface Corpus {
  readonly documents: readonly CorpusDocument[];
  readonly passages: readonly Passage[];
  readonly skipped: readonly SkippedFile[];
}

/** Where an excerpt comes from, as printed in a citation. */
export interface Citation {
  readonly id: string;
  readonly title: string;
  readonly author: string | null;
  readonly section: string | null;
  /** Passage number within the document, 1-based. */
  readonly passage: number;
  readonly outlet: string | null;
  /** Publication date, YYYY-MM-DD. */
  readonly date: string | null;
  /** The article's address, for a link on its title. */
  readonly url: string | null;
}

export interface Excerpt {
  /** One or two sentences, at most {@link MAX_EXCERPT_CHARS} characters. */
  readonly excerpt: string;
  readonly source: Citation;
  /** Relevance, comparable only within one result. */
  readonly score: number;
  /** The whole passage the excerpt was taken from. */
  readonly context: string;
  /** Words of the excerpt that matched the question, as they appear in it. */
  readonly matched: readonly string[];
  /** The few words worth bold: the span that answers the question's type, else the rarest matched words. */
  readonly highlight: readonly string[];
  /** The first excerpt is the answer; later ones are related when close to it in strength, weak when not. */
  readonly standing: "answer" | "related" | "weak";
}

export interface Suggestions {
  /** Topics the corpus covers, near the question where possible. */
  readonly topics: readonly string[];
  readonly documents: readonly { readonly id: string; readonly title: string }[];
}

export interface AnswerResult {
  /** The question as it was searched (cleaned of control characters, possibly shortened). */
  readonly query: string;
  /** False when the corpus does not answer the question; `answers` is then empty. */
  readonly confident: boolean;
  readonly answers: readonly Excerpt[];
  /** A sentence for the asker when something about the question or the answer needs saying. */
  readonly notice: string | null;
  /** What the corpus does cover; set when not confident. */
  readonly suggestions: Suggestions | null;
}

export const MAX_EXCERPT_CHARS = 400;

/** The citation of a passage of a document: one shape for answers, takeaways and summaries. */
export function citationOf(doc: DocumentMeta | undefined, p: Passage): Citation {
  return {
    id: p.docId,
    title: doc?.title ?? p.docId,
    author: doc?.author ?? null,
    section: p.section,
    passage: p.ordinal,
    outlet: doc?.outlet ?? null,
    date: doc?.date ?? null,
    url: doc?.url ?? null,
  };
}

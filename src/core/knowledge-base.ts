/**
 * The core's front door: a corpus with its index and answerer, built from files an
 * adapter has read. Adapters (CLI, Slack app) hold one of these and swap it whole.
 */

import { Answerer, type AnswerOptions, DEFAULT_ANSWER_OPTIONS } from "./answer/answerer.js";
import { ExampleQuestions } from "./answer/examples.js";
import { practiceQuestions } from "./answer/practice-questions.js";
import { questionsFrom } from "./answer/questions-from-text.js";
import { namesIn } from "./answer/topics.js";
import { drain } from "./centrality/centrality.js";
import { chunkedJsonLines, parseChunkedJson } from "./chunked-json.js";
import { buildCorpus, removedPassage } from "./corpus/build-corpus.js";
import { resemblance, SAME_TEXT, textSketch, urlKey } from "./corpus/same-article.js";
import { restoreCorpus, restoreCorpusSteps, saveCorpus, sourceKey, sourceKeySteps } from "./corpus/saved-corpus.js";
import { askAbout } from "./digest/ask-about.js";
import { readSavedTakeaways, serializeTakeaways, takeawaysKey } from "./digest/saved-takeaways.js";
import { type Digest, selectDigest } from "./digest/select-digest.js";
import { computeTakeaways, type Takeaway, takeawaySteps } from "./digest/takeaways.js";
import { SAVED_FORMATS } from "./saved-formats.js";
import { Analyzer, type AnalyzerOptions } from "./search/analyzer.js";
import { DEFAULT_INDEX_OPTIONS, type IndexOptions, PassageIndex, SAVED_INDEX_CHUNKS } from "./search/passage-index.js";
import {
  type SummaryResult,
  summarizeThread,
  summarizeThreadSteps,
  type ThreadMessage,
} from "./summarize/summarize-thread.js";
import type {
  AnswerResult,
  Corpus,
  CorpusDocument,
  Passage,
  ProgressListener,
  SkippedFile,
  SourceFile,
} from "./types.js";

/** The excerpts of an answer that are not from `source`'s passage, and not weak: what it adds to that passage. */
export function answersBeyond(r: AnswerResult, source: { readonly id: string; readonly passage: number }) {
  return r.answers.filter(
    (a) => a.standing !== "weak" && !(a.source.id === source.id && a.source.passage === source.passage),
  );
}

/** An article already in the corpus that another one is the same as. */
export interface SameArticle {
  readonly document: CorpusDocument;
  /** Found by its address, or by its text (a copy under another address). */
  readonly by: "url" | "text";
  /** Share of text in common (1 for an address match). */
  readonly resemblance: number;
}

export interface KnowledgeBaseOptions {
  /** How text is analysed; default everything on (see analyzer.ts). */
  readonly analyzer?: AnalyzerOptions;
  readonly index?: IndexOptions;
  readonly answer?: AnswerOptions;
  /**
   * A previously saved knowledge base (see {@link KnowledgeBase.serialize}). Used only
   * for what still matches: the corpus if the files are the same, the index if the
   * analysis settings are too.
   */
  readonly saved?: string | null;
  /**
   * Takeaways saved by {@link KnowledgeBase.serializeTakeaways}: minutes of work at
   * 50,000 passages under load, so a restart reuses them when the corpus is the same.
   */
  readonly savedTakeaways?: string | null;
  /** Told how a build is going (files parsed, passages analysed and indexed); not called for a load. */
  readonly progress?: ProgressListener;
}

/** How the index came to be: built fresh, loaded from a save, or rebuilt because the save was stale. */
export type IndexOrigin = "built" | "loaded" | "rebuilt-stale" | "extended";

/**
 * Added and removed passages, as a share of the built ones, up to which a corpus that
 * changed is extended rather than rebuilt. Scores of an extended index differ from a
 * rebuild's by about this share; a rebuild in the background folds the changes in.
 */
export const MAX_CHANGED_SHARE = 0.05;

const FORMAT = SAVED_FORMATS.knowledgeBase;

/** The source files a knowledge base was built from, for saving its corpus. */
interface Sources {
  readonly key: string;
  readonly names: ReadonlySet<string>;
  /** Each file's content hash, to tell what changed since. */
  readonly hashes: ReadonlyMap<string, string>;
}

function sourcesOf(files: readonly SourceFile[]): Sources {
  return drain(sourcesSteps(files));
}

/** {@link sourcesOf} in steps of a few hundred files. */
function* sourcesSteps(files: readonly SourceFile[]): Generator<void, Sources> {
  const { key, hashes } = yield* sourceKeySteps(files);
  return { key, names: new Set(files.map((f) => f.name)), hashes };
}

export interface SourceSummary {
  readonly id: string;
  readonly title: string;
  readonly author: string | null;
  readonly outlet: string | null;
  readonly period: string | null;
  readonly date: string | null;
  readonly url: string | null;
  readonly added: CorpusDocument["added"];
  readonly file: string;
  readonly passages: number;
}

/**
 * Questions answered in practice after start-up: at 5,000 and 50,000 passages the first
 * 500 of a fresh process took most of the slow answers (see practice-questions.ts).
 */
const PRACTICE_QUESTIONS = 500;

export class KnowledgeBase {
  readonly indexOrigin: IndexOrigin;
  /** Answers questions; its `candidates` are what `npm run train` fits the ranking model on. */
  readonly answerer: Answerer;
  private readonly exampleQuestions: ExampleQuestions;
  private takeawayCache: Takeaway[] | null;
  /** Parses what a restored corpus has not parsed yet (see saved-corpus.ts). */
  private readonly parseSteps: () => Generator<void, void>;
  /** Whether the takeaways came from a save (and so need not be saved again). */
  readonly takeawaysLoaded: boolean;

  private constructor(
    readonly corpus: Corpus,
    readonly analyzer: Analyzer,
    readonly index: PassageIndex,
    indexOrigin: IndexOrigin,
    answerOptions: AnswerOptions,
    private readonly sourceFiles: Sources,
    from: {
      readonly parseSteps?: () => Generator<void, void>;
      readonly savedTakeaways?: string | null;
      readonly takeaways?: Takeaway[] | null;
    },
  ) {
    this.indexOrigin = indexOrigin;
    this.answerer = new Answerer(corpus, index, analyzer, answerOptions);
    this.exampleQuestions = new ExampleQuestions(corpus, (q) => this.answer(q));
    this.parseSteps = from.parseSteps ?? function* () {};
    this.takeawayCache =
      from.takeaways ?? (from.savedTakeaways ? readSavedTakeaways(from.savedTakeaways, this.takeawaysKey()) : null);
    this.takeawaysLoaded = this.takeawayCache !== null;
  }

  static fromFiles(
    files: readonly SourceFile[],
    unreadable: readonly SkippedFile[] = [],
    options: KnowledgeBaseOptions = {},
  ): KnowledgeBase {
    const analyzer = new Analyzer(options.analyzer);
    const indexOptions = options.index ?? DEFAULT_INDEX_OPTIONS;
    const sources = sourcesOf(files);
    const saved = options.saved ? readSaved(options.saved) : null;
    const restored = restoreCorpus(saved?.corpus, sources.key, files, unreadable);
    const corpus = restored?.corpus ?? buildCorpus(files, unreadable, 0, options.progress);
    let index = saved ? PassageIndex.load(saved.index, corpus, analyzer, indexOptions) : null;
    // "loaded" only when the whole save was used: otherwise it is stale and gets rewritten.
    const origin: IndexOrigin = index && restored ? "loaded" : options.saved ? "rebuilt-stale" : "built";
    index ??= PassageIndex.build(corpus, analyzer, indexOptions, options.progress);
    return new KnowledgeBase(corpus, analyzer, index, origin, options.answer ?? DEFAULT_ANSWER_OPTIONS, sources, {
      parseSteps: restored ? () => restored.parseSteps() : undefined,
      savedTakeaways: options.savedTakeaways,
    });
  }

  /**
   * {@link KnowledgeBase.fromFiles} from a saved knowledge base without holding the
   * event loop: the save is read a line at a time and the index loaded in batches, with
   * `pause` between (an adapter's turn of its event loop). Null when the save does not
   * match the files: the caller then builds, here or aside.
   */
  static async load(
    files: readonly SourceFile[],
    unreadable: readonly SkippedFile[],
    /** The saved file's text, or its bytes (decoded a line at a time). */
    saved: string | Uint8Array,
    options: Omit<KnowledgeBaseOptions, "saved">,
    pause: () => Promise<void>,
  ): Promise<KnowledgeBase | null> {
    const analyzer = new Analyzer(options.analyzer);
    const indexOptions = options.index ?? DEFAULT_INDEX_OPTIONS;
    const hashing = sourcesSteps(files);
    let hashed = hashing.next();
    for (; !hashed.done; hashed = hashing.next()) await pause();
    const sources = hashed.value;
    const steps = readSavedSteps(saved);
    let step = steps.next();
    for (; !step.done; step = steps.next()) await pause();
    const data = step.value;
    if (!data) return null;
    const restoring = restoreCorpusSteps(data.corpus, sources.key, files, unreadable);
    let restoredStep = restoring.next();
    for (; !restoredStep.done; restoredStep = restoring.next()) await pause();
    const restored = restoredStep.value;
    if (!restored) return null;
    await pause();
    const index = await PassageIndex.loadAsync(data.index, restored.corpus, analyzer, indexOptions, pause);
    if (!index) return null;
    await pause();
    return new KnowledgeBase(
      restored.corpus,
      analyzer,
      index,
      "loaded",
      options.answer ?? DEFAULT_ANSWER_OPTIONS,
      sources,
      { parseSteps: () => restored.parseSteps(), savedTakeaways: options.savedTakeaways },
    );
  }

  /**
   * Whether a saved knowledge base was made from these files, read from the start of
   * the text alone: a caller can have a stale one rebuilt elsewhere (see `nkru index`)
   * rather than parse it to find out. True does not promise a load: other analysis
   * settings still make {@link KnowledgeBase.fromFiles} rebuild. The first
   * {@link SAVED_HEAD_CHARS} characters of the file are enough.
   */
  static savedFor(saved: string | null, files: readonly SourceFile[]): boolean {
    const key = saved
      ? /"corpus":\{"format":"[^"]*","key":"([0-9a-f]+)"/.exec(saved.slice(0, SAVED_HEAD_CHARS))?.[1]
      : null;
    return key === sourceKey(files);
  }

  /**
   * `previous` with the changes since it was read (same analysis and index settings):
   * see {@link KnowledgeBase.extendedWith}. Null when a full build is due instead.
   */
  static extend(
    previous: KnowledgeBase,
    files: readonly SourceFile[],
    unreadable: readonly SkippedFile[] = [],
  ): KnowledgeBase | null {
    return previous.extendedWith(files, unreadable, sourcesOf(files), previous.answerer.options);
  }

  /**
   * This knowledge base with the files' changes since it was read: added and changed
   * files parsed and their passages added to the index, removed ones taken out. Null
   * when a rebuild is due instead: too much changed, or an added article takes the id
   * of one that stays (the duplicate rule needs the whole folder).
   */
  private extendedWith(
    files: readonly SourceFile[],
    unreadable: readonly SkippedFile[],
    sources: Sources,
    answerOptions: AnswerOptions,
  ): KnowledgeBase | null {
    const before = this.sourceFiles.hashes;
    const changedFiles = files.filter((f) => before.get(f.name) !== sources.hashes.get(f.name));
    const goneFiles = new Set([...before.keys()].filter((name) => sources.hashes.get(name) !== before.get(name)));
    if (changedFiles.length === 0 && goneFiles.size === 0) return null;
    const kept = this.corpus.documents.filter((d) => !goneFiles.has(d.file));
    const removedIds = new Set(this.corpus.documents.filter((d) => goneFiles.has(d.file)).map((d) => d.id));
    const removed = this.corpus.passages.filter((p) => removedIds.has(p.docId)).map((p) => p.id);
    const added = buildCorpus(changedFiles, [], this.corpus.passages.length);
    const keptIds = new Set(kept.map((d) => d.id));
    if (added.documents.some((d) => keptIds.has(d.id))) return null;
    const share =
      (added.passages.length + removed.length + this.index.changedShare * this.index.size) / this.index.size;
    if (!(share <= MAX_CHANGED_SHARE)) return null;

    const gone = new Set(removed);
    const passages = [
      ...this.corpus.passages.map((p) => (gone.has(p.id) ? removedPassage(p.id) : p)),
      ...added.passages,
    ];
    const changedNames = new Set(changedFiles.map((f) => f.name));
    const corpus: Corpus = {
      documents: [...kept, ...added.documents],
      passages,
      skipped: [
        ...this.corpus.skipped.filter((s) => sources.names.has(s.file) && !changedNames.has(s.file)),
        ...added.skipped,
        ...unreadable.filter((u) => !this.corpus.skipped.some((s) => s.file === u.file)),
      ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    };
    const titles = new Map(corpus.documents.map((d) => [d.id, d.title]));
    const index = this.index.withChanges(
      passages,
      added.passages,
      removed,
      this.analyzer,
      (id) => titles.get(id) ?? "",
    );
    // The takeaways of the documents that stay are theirs still; the added ones' are worked out here.
    const takeaways = this.takeawayCache
      ? [...this.takeawayCache.filter((t) => !removedIds.has(t.source.id)), ...computeTakeaways(added, this.analyzer)]
      : null;
    const kb = new KnowledgeBase(corpus, this.analyzer, index, "extended", answerOptions, sources, {
      parseSteps: this.parseSteps,
      takeaways,
    });
    kb.answerer.inheritTopics(this.answerer);
    kb.answerer.inheritAnalysis(this.answerer, removed);
    if (removed.length === 0) kb.exampleQuestions.inherit(this.exampleQuestions);
    if (this.sketches) {
      kb.sketches = new Map([...this.sketches].filter(([id]) => !removedIds.has(id)));
      for (const d of added.documents) kb.sketches.set(d.id, textSketch(kb.documentText(d.id)));
    }
    return kb;
  }

  /** Passages in the corpus (those of removed articles not counted). */
  get passageCount(): number {
    return this.index.size;
  }

  answer(question: string): AnswerResult {
    return this.answerer.answer(question);
  }

  /** The indexed documents with their passage counts. */
  sources(): SourceSummary[] {
    return this.corpus.documents.map((d) => ({
      id: d.id,
      title: d.title,
      author: d.author,
      outlet: d.outlet,
      period: d.period,
      date: d.date,
      url: d.url,
      added: d.added,
      file: d.file,
      passages: d.passageCount,
    }));
  }

  /** A document by its id. */
  document(id: string): CorpusDocument | null {
    return this.corpus.documents.find((d) => d.id === id) ?? null;
  }

  private sketches: Map<string, Uint32Array> | null = null;
  private urls: Map<string, CorpusDocument> | null = null;

  /** A document's text as one string, without its byline passage: what is compared for sameness. */
  documentText(id: string): string {
    return this.corpus.passages
      .filter((p) => p.docId === id && p.kind !== "meta")
      .map((p) => p.text)
      .join("\n");
  }

  /**
   * The article in the corpus that `candidate` is the same as: one under the same address
   * (or one of its other outlets'), or one with nearly the same text; null when it is new.
   */
  sameArticle(candidate: { readonly url?: string | null; readonly text: string }): SameArticle | null {
    if (!this.urls) {
      this.urls = new Map();
      for (const d of this.corpus.documents)
        for (const u of [d.url, ...d.alsoReportedBy.map((a) => a.url)]) {
          const key = u ? urlKey(u) : null;
          if (key && !this.urls.has(key)) this.urls.set(key, d);
        }
    }
    const key = candidate.url ? urlKey(candidate.url) : null;
    const byUrl = key ? this.urls.get(key) : undefined;
    if (byUrl) return { document: byUrl, by: "url", resemblance: 1 };
    const sketch = textSketch(candidate.text);
    let best: SameArticle | null = null;
    for (const [id, other] of this.documentSketches()) {
      const r = resemblance(sketch, other);
      if (r >= SAME_TEXT && (!best || r > best.resemblance)) {
        best = { document: this.document(id) as CorpusDocument, by: "text", resemblance: r };
      }
    }
    return best;
  }

  /** One document's text sketch, from the full set when it is worked out. */
  private sketchOf(id: string): Uint32Array {
    return this.sketches?.get(id) ?? textSketch(this.documentText(id));
  }

  /** Every document's text sketch (see same-article.ts), worked out on first need. */
  documentSketches(): ReadonlyMap<string, Uint32Array> {
    if (!this.sketches) {
      const texts = new Map<string, string[]>(this.corpus.documents.map((d) => [d.id, []]));
      for (const p of this.corpus.passages) if (p.kind !== "meta") texts.get(p.docId)?.push(p.text);
      this.sketches = new Map([...texts].map(([id, t]) => [id, textSketch(t.join("\n"))]));
    }
    return this.sketches;
  }

  /**
   * One document's takeaways, best first: from the corpus's takeaways when they are worked
   * out, else from the document alone (what a reply to an added article needs at once).
   */
  takeawaysOf(id: string): Takeaway[] {
    const doc = this.document(id);
    if (!doc) return [];
    const all =
      this.takeawayCache ??
      computeTakeaways(
        { documents: [doc], passages: this.corpus.passages.filter((p) => p.docId === id), skipped: [] },
        this.analyzer,
      );
    return all.filter((t) => t.source.id === id).sort((a, b) => b.importance - a.importance);
  }

  /** Topics the corpus covers, for help texts and "did you mean" replies. */
  topics(): readonly string[] {
    return this.answerer.suggestions().topics;
  }

  /**
   * Each document's key takeaways, computed once per loaded corpus (the first call
   * pays; the app warms it right after loading).
   */
  takeaways(): readonly Takeaway[] {
    this.takeawayCache ??= computeTakeaways(this.corpus, this.analyzer);
    return this.takeawayCache;
  }

  /**
   * What a fresh knowledge base works out after it starts answering, in steps for
   * {@link KnowledgeBase.takeawaysInSteps}' reason: what answers use (see
   * {@link KnowledgeBase.answerWarmUpSteps}), then the takeaways.
   */
  *warmUpInSteps(): Generator<void, readonly Takeaway[]> {
    yield* this.answerWarmUpSteps();
    return yield* this.takeawaysInSteps();
  }

  /**
   * What answers use that a restart does not wait for: the index's second tier and typo
   * lookup, and the passages of documents not parsed yet. Whatever a question needs
   * before then is done on the spot.
   */
  *answerWarmUpSteps(): Generator<void, void> {
    yield* this.index.warmUpSteps();
    yield* this.parseSteps();
    // The topics suggested with an answer that is not confident (0.45 s at 50,000
    // passages, in one step), then the examples help shows.
    this.topics();
    yield;
    this.examples(3);
    yield;
  }

  /**
   * Answers questions of its own making (practice-questions.ts), one a step, so that
   * people's first questions after a start-up find the answering code compiled and the
   * corpus's common words analysed: run once a process, after start-up, since a re-read
   * corpus is answered by the same warm code.
   */
  *practiceSteps(count = PRACTICE_QUESTIONS): Generator<void, void> {
    for (const q of practiceQuestions(this.corpus.passages, count)) {
      this.answer(q);
      yield;
    }
  }

  /**
   * Reads the corpus's passages for answering ahead of questions, when the memo can hold
   * them (see PassageAnalysis.readAheadSteps): run after the knowledge base is in use, since
   * nothing waits for it; an extended one has most of them from its predecessor.
   */
  readAheadSteps(): Generator<void, void> {
    return this.answerer.readAheadSteps();
  }

  /**
   * Computes the takeaways in steps (one document each) and caches them at the end, for
   * adapters that must keep answering while a large corpus's takeaways are worked out.
   */
  *takeawaysInSteps(): Generator<void, readonly Takeaway[]> {
    if (!this.takeawayCache) this.takeawayCache = yield* takeawaySteps(this.corpus, this.analyzer);
    return this.takeawayCache;
  }

  /** The digest for a local date (YYYY-MM-DD); `newDocumentIds` lead as "new since the last digest". */
  digest(date: string, newDocumentIds: readonly string[] = []): Digest {
    const ids = new Set(newDocumentIds);
    const newDocuments = this.corpus.documents
      .filter((d) => ids.has(d.id))
      .map((d) => ({ meta: d, sketch: this.sketchOf(d.id), titleWords: this.analyzer.terms(d.title) }));
    return selectDigest({
      date,
      takeaways: this.takeaways(),
      newDocuments,
      corpusSize: { documents: this.corpus.documents.length, passages: this.passageCount },
    });
  }

  /** The words of a text most worth asking about (see digest/ask-about.ts). */
  topicOf(text: string, words = 4): string {
    return askAbout(text, this.analyzer, this.index, this.passageCount, words);
  }

  /**
   * The question behind a takeaway's "Ask about this": one a reader would ask (made from
   * the takeaway, see answer/questions-from-text.ts), kept only if the corpus answers it
   * with something beyond the takeaway's own passage and not among `taken` (the
   * questions of the digest's other buttons); null when every question would only
   * repeat the takeaway or another button, so the digest shows no button that adds nothing.
   */
  askAbout(t: Takeaway, taken: ReadonlySet<string> = new Set()): string | null {
    const names = namesIn(t.text).slice(0, 2);
    const candidates = [
      ...questionsFrom(t.text),
      ...(names.length ? [`What else does the corpus say about ${names.join(" and ")}?`] : []),
    ];
    for (const q of candidates) {
      if (taken.has(q)) continue;
      const r = this.answer(q);
      if (r.confident && answersBeyond(r, t.source).length > 0) return q;
    }
    return null;
  }

  /** A thread's key points, open questions and what the corpus says on it. */
  summarizeThread(messages: readonly ThreadMessage[]): SummaryResult {
    return summarizeThread(messages, this.analyzer, (q) => this.answer(q));
  }

  /** {@link KnowledgeBase.summarizeThread} in steps, for adapters that must keep serving meanwhile. */
  summarizeThreadSteps(messages: readonly ThreadMessage[]): Generator<void, SummaryResult> {
    return summarizeThreadSteps(messages, this.analyzer, (q) => this.answer(q));
  }

  /** A passage by its citation, or null when the corpus no longer has it. */
  passage(docId: string, ordinal: number): Passage | null {
    return this.corpus.passages.find((p) => p.docId === docId && p.ordinal === ordinal) ?? null;
  }

  /**
   * Example questions that nkru answers with confidence, for help and the no-answer
   * reply (see answer/examples.ts).
   */
  examples(count = 3): string[] {
    return this.exampleQuestions.take(count);
  }

  /** The takeaways as JSON, for {@link KnowledgeBaseOptions.savedTakeaways}; null until they are worked out. */
  serializeTakeaways(): string | null {
    return this.takeawayCache ? serializeTakeaways(this.takeawayCache, this.takeawaysKey()) : null;
  }

  private takeawaysKey(): string {
    return takeawaysKey(this.sourceFiles.key, this.analyzer.fingerprint);
  }

  /** The parsed corpus and its index as JSON, for {@link KnowledgeBaseOptions.saved}. */
  serialize(): string {
    return [...this.serializeParts()].join("");
  }

  /**
   * {@link KnowledgeBase.serialize} in lines, to be written one after another (chunked
   * JSON, see chunked-json.ts): at 50,000 passages, the whole as one string pushed a
   * build past 600 MB, and one JSON.parse of it held a restart's event loop for 200 ms.
   */
  *serializeParts(): Generator<string, void> {
    const value = {
      format: FORMAT,
      corpus: saveCorpus(this.corpus, this.sourceFiles.key, this.sourceFiles.names),
      index: this.index.toSaved(),
    };
    yield* chunkedJsonLines(value, SAVED_CHUNKS);
  }
}

/** How much of the start of a saved knowledge base {@link KnowledgeBase.savedFor} reads. */
export const SAVED_HEAD_CHARS = 400;

/** The saved knowledge base's arrays that grow with the corpus: the documents and the index's. */
const SAVED_CHUNKS = [["corpus", "documents"], ...SAVED_INDEX_CHUNKS.map((p) => ["index", ...p])];

/** A saved knowledge base, read a line at a time (yielding between lines); null when it is not one. */
function* readSavedSteps(text: string | Uint8Array): Generator<void, { corpus: unknown; index: unknown } | null> {
  try {
    const data = (yield* parseChunkedJson(text)) as { format?: unknown; corpus?: unknown; index?: unknown } | null;
    return data?.format === FORMAT ? { corpus: data.corpus, index: data.index } : null;
  } catch {
    return null;
  }
}

function readSaved(text: string): { corpus: unknown; index: unknown } | null {
  return drain(readSavedSteps(text));
}

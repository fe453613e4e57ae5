/**
 * The full-text index over passages: title, section and text as fields, fed with the
 * analyzer's terms and scored with MiniSearch's BM25 (scored-postings.ts), plus what
 * sentence scoring and the confidence rule need (document frequencies, the vocabulary).
 *
 * Two things keep a question cheap however large the corpus:
 * - Typos are resolved here, against the vocabulary (MiniSearch's radix tree), before
 *   searching: the postings are only ever looked up by exact term, and a word the
 *   corpus knows is never fuzzed.
 * - Terms found in a large share of passages ("Russia" in a corpus about Russia) do
 *   not select candidates when rarer terms are asked; when only such terms are asked,
 *   candidates come from their precomputed top passages instead of every passage.
 *   They have no postings: at 50,000 passages they are 132 terms but 45% of all postings.
 */
import { createHash } from "node:crypto";
import SearchableMap from "minisearch/SearchableMap";
import { drain } from "../centrality/centrality.js";
import { chunkedJsonLines } from "../chunked-json.js";
import { PARSER_VERSION, SAVED_FORMATS } from "../saved-formats.js";
import { fromPieces, toPieces } from "../typed-pieces.js";
import type { Corpus, Passage, ProgressListener } from "../types.js";
import type { Analyzer, QueryTerm } from "./analyzer.js";
import { bm25Idf, bm25TermWeight } from "./bm25.js";
import { type CorpusStats, DeltaIndex } from "./delta-index.js";
import { FIELDS, type SavedPostings, ScoredPostings, TERMS_PER_STEP, type TermDocument } from "./scored-postings.js";
import { TermMap } from "./term-map.js";

export interface IndexOptions {
  /** Field boosts, chosen by measuring answer quality on the development questions. */
  readonly boost: { readonly title: number; readonly section: number; readonly text: number };
  /** Shortest question word (in characters) that may match with a typo. */
  readonly fuzzyMinLength: number;
  /** Words this long or longer may match with two typos; shorter ones with one. */
  readonly fuzzyTwoEditsLength: number;
  /** How much a typo-tolerant match counts against an exact one. */
  readonly fuzzyWeight: number;
  /** Corrections tried for one misspelt word, closest and most frequent first. */
  readonly fuzzyCorrections: number;
  /** BM25 parameters (MiniSearch's defaults are k 1.2, b 0.7, d 0.5). */
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /**
   * A term in more than this share of passages (and more than `commonTermMin` of them)
   * is "common": it does not select candidates (see `retrievalTerms`).
   */
  readonly commonTermShare: number;
  readonly commonTermMin: number;
  /** Passages kept, per common term, as its best matches. */
  readonly commonTermTop: number;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  boost: { title: 0.3, section: 0.6, text: 1 },
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyWeight: 0.6,
  fuzzyCorrections: 3,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  commonTermShare: 0.05,
  commonTermMin: 500,
  commonTermTop: 300,
};

const FORMAT = SAVED_FORMATS.index;

/** Passages analysed between progress reports. */
const PROGRESS_EVERY_PASSAGES = 1000;

/** The arrays of a saved index that grow with the corpus, written a line at a time (chunked-json.ts). */
export const SAVED_INDEX_CHUNKS: readonly (readonly string[])[] = [
  ["df"],
  ["extraVocabulary"],
  ["top"],
  ["fields", "title"],
  ["fields", "section"],
  ["index", "terms"],
  ["index", "starts"],
  ["index", "ids"],
  ["index", "scores"],
];

export interface PassageHit {
  readonly passage: Passage;
  readonly score: number;
}

export interface SearchOutcome {
  readonly hits: readonly PassageHit[];
  /** Index terms that answer the question, with their weight: its own terms and the typo corrections used. */
  readonly weights: ReadonlyMap<string, number>;
  /** For each of those, the question term it answers (itself, or the term it is a typo of). */
  readonly queryTermOf: ReadonlyMap<string, string>;
}

/** The index's saved form: plain data, for JSON. */
export interface SavedIndex {
  format: string;
  key: string;
  /** Each term's passages (by text), an Int32Array in the order of `index.terms`, in base64 pieces (typed-pieces.ts). */
  df: string[];
  /** Terms of titles and sections that passage texts do not have. */
  extraVocabulary: string[];
  /** Per common term, its best passages and their BM25 term weights, best first. */
  top: [string, number[], number[]][];
  /** What scoring an added passage needs: each field's average length, and the title's and section's term frequencies. */
  fields: SavedFields;
  index: SavedPostings;
}

interface SavedFields {
  averageLength: number[];
  /** The text's average length in terms (not unique), as the common terms' lists weigh them. */
  textLength: number;
  title: [string, number][];
  section: [string, number][];
}

/** The built index's field statistics (see {@link SavedIndex.fields}). */
interface FieldStats {
  readonly averageLength: readonly number[];
  readonly textLength: number;
  readonly title: ReadonlyMap<string, number>;
  readonly section: ReadonlyMap<string, number>;
}

/** A common term's best passages, best first, with the weights they were ranked by. */
interface TopList {
  readonly ids: readonly number[];
  readonly weights: readonly number[];
}

/** Passages added and removed since the index was built (see {@link PassageIndex.withChanges}). */
interface Changes {
  /** The added passages' analysed fields. */
  readonly added: readonly TermDocument[];
  readonly delta: DeltaIndex;
  /** Built passages removed: never returned, no longer counted. */
  readonly removed: ReadonlySet<number>;
  /** The removed passages' fields, counted out of the statistics. */
  readonly removedFields: DeltaIndex;
}

/** The typo lookup, shared by an index and the indexes made from it by adding passages. */
interface VocabularyTree {
  tree: SearchableMap<number> | null;
}

/** A passage's analysed fields, as the index holds them. */
export function termDocument(p: Passage, analyzer: Analyzer, title: string): TermDocument {
  return {
    id: p.id,
    title: analyzer.terms(title).join(" "),
    section: analyzer.terms(p.section ?? "").join(" "),
    text: analyzer.terms(p.text).join(" "),
  };
}

export class PassageIndex {
  /** Hash of the documents, the parser, the analyzer and these options. */
  readonly key: string;
  readonly passages: readonly Passage[];
  /** Every term's scored passages, common terms aside. */
  private readonly postings: ScoredPostings;
  private readonly df: TermMap<number>;
  private readonly extraVocabulary: ReadonlySet<string>;
  /** The vocabulary as a radix tree, for typo lookups; built on first need (see {@link PassageIndex.warmUpSteps}). */
  private readonly vocabulary: VocabularyTree;
  /** The added passages' own typo lookup, built on first need. */
  private deltaTree: SearchableMap<number> | null = null;
  private readonly top: Map<string, TopList>;
  private readonly fields: FieldStats;
  private readonly changes: Changes | null;
  /** Passages built, added and not removed. */
  readonly size: number;

  private constructor(
    key: string,
    passages: readonly Passage[],
    postings: ScoredPostings,
    df: TermMap<number>,
    extraVocabulary: ReadonlySet<string>,
    top: Map<string, TopList>,
    fields: FieldStats,
    readonly options: IndexOptions,
    from: { readonly changes?: Changes; readonly vocabulary?: VocabularyTree; readonly builtSize?: number } = {},
  ) {
    this.key = key;
    this.passages = passages;
    this.postings = postings;
    this.df = df;
    this.top = top;
    this.fields = fields;
    this.extraVocabulary = extraVocabulary;
    this.changes = from.changes ?? null;
    this.vocabulary = from.vocabulary ?? { tree: null };
    this.builtSize = from.builtSize ?? passages.length;
    this.size = this.builtSize + (this.changes ? this.changes.delta.size - this.changes.removed.size : 0);
  }

  /** Passages the index was built over (added ones not counted). */
  private readonly builtSize: number;

  /** True when passages were added or removed since it was built: it is then not saved (see serializeParts). */
  get changed(): boolean {
    return this.changes !== null;
  }

  /** Added passages, against the built ones: when this grows, a rebuild pays. */
  get changedShare(): number {
    const c = this.changes;
    return c ? (c.delta.size + c.removed.size) / Math.max(1, this.builtSize) : 0;
  }

  /**
   * The index with passages added and removed, without rebuilding: `passages` is the
   * corpus's new passage list (the added ones at the end, each at its id), `removed` the
   * ids of passages that are gone. The built part is shared, not copied; the added
   * passages are scored at question time with the whole corpus's statistics.
   */
  withChanges(
    passages: readonly Passage[],
    added: readonly Passage[],
    removed: readonly number[],
    analyzer: Analyzer,
    titleOf: (docId: string) => string,
  ): PassageIndex {
    const before = this.changes;
    const gone = new Set(removed);
    const keptAdded = (before?.added ?? []).filter((d) => !gone.has(d.id));
    const newDocs = added.map((p) => termDocument(p, analyzer, titleOf(p.docId)));
    const addedDocs = [...keptAdded, ...newDocs];
    const builtGone = removed.filter((id) => id < this.builtSize);
    const removedBefore = before ? [...before.removed] : [];
    const removedDocs = builtGone
      .filter((id) => !before?.removed.has(id))
      .map((id) => termDocument(this.passages[id] as Passage, analyzer, titleOf((this.passages[id] as Passage).docId)));
    const changes: Changes = {
      added: addedDocs,
      delta: DeltaIndex.build(addedDocs),
      removed: new Set([...removedBefore, ...builtGone]),
      removedFields: before ? before.removedFields.with(removedDocs) : DeltaIndex.build(removedDocs),
    };
    const extra = new Set(this.extraVocabulary);
    for (const d of newDocs) for (const t of `${d.title} ${d.section}`.split(" ")) if (t) extra.add(t);
    return new PassageIndex(this.key, passages, this.postings, this.df, extra, this.top, this.fields, this.options, {
      changes,
      vocabulary: this.vocabulary,
      builtSize: this.builtSize,
    });
  }

  /**
   * The typo lookup of what the shared tree leaves out: title and section words, and
   * the added passages' terms. Small, so built on first need.
   */
  private ownTree(): SearchableMap<number> {
    if (!this.deltaTree) {
      const tree = new SearchableMap<number>();
      for (const t of this.extraVocabulary) tree.set(t, 0);
      for (const t of this.changes?.delta.vocabulary() ?? []) tree.set(t, this.documentFrequency(t));
      this.deltaTree = tree;
    }
    return this.deltaTree;
  }

  /**
   * Terms on the other side of the common-term line (see `commonTermShare`) than when
   * built: until a rebuild they are still searched as they were (a common term through
   * its best passages, another through its postings), which can rank differently.
   */
  termsCrossedCommonLine(): string[] {
    const c = this.changes;
    if (!c) return [];
    const then = commonLimit(this.builtSize, this.options);
    const now = commonLimit(this.size, this.options);
    const crossed = (t: string) => (this.df.get(t) ?? 0) > then !== this.documentFrequency(t) > now;
    const out = new Set<string>();
    for (const t of c.delta.vocabulary()) if (crossed(t)) out.add(t);
    for (const t of c.removedFields.vocabulary()) if (crossed(t)) out.add(t);
    const [lo, hi] = [Math.min(then, now), Math.max(then, now)];
    // The line itself moves with the corpus's size: terms in the band between are checked too.
    for (const [t, n] of this.df)
      if (n >= lo - c.removedFields.size && n <= hi + c.delta.size && crossed(t)) out.add(t);
    return [...out];
  }

  /**
   * How much a term's rarity has changed since the build (the ratio of its inverse
   * document frequency now to then): the built passages' scores are scaled by it, so a
   * term that the added articles use often weighs in them what a rebuild would give it.
   */
  private idfDrift(term: string): number {
    const built = this.df.get(term) ?? 0;
    if (built === 0) return 1;
    return bm25Idf(this.size, Math.max(1, this.documentFrequency(term))) / bm25Idf(this.builtSize, built);
  }

  /** The whole corpus's statistics, for scoring added passages. */
  private stats(): CorpusStats {
    const c = this.changes as Changes;
    const totals = c.delta.lengthTotals();
    const gone = c.removedFields.lengthTotals();
    const n = Math.max(1, this.size);
    return {
      passages: n,
      averageLength: FIELDS.map(
        (_, f) =>
          ((this.fields.averageLength[f] as number) * this.builtSize + (totals[f] as number) - (gone[f] as number)) / n,
      ),
      fieldFrequency: (term, f) => {
        const field = FIELDS[f];
        const built =
          field === "text"
            ? (this.df.get(term) ?? 0)
            : ((field === "title" ? this.fields.title : this.fields.section).get(term) ?? 0);
        return built + c.delta.fieldFrequency(term, f) - c.removedFields.fieldFrequency(term, f);
      },
    };
  }

  /**
   * The key a saved index must carry to be used for this corpus and these settings.
   * Documents are identified by their content hash: the passages follow from the text
   * and the parser's version.
   */
  static keyFor(corpus: Corpus, analyzer: Analyzer, options: IndexOptions = DEFAULT_INDEX_OPTIONS): string {
    return drain(PassageIndex.keySteps(corpus, analyzer, options));
  }

  /** Documents hashed into the key between pauses. */
  private static readonly DOCUMENTS_PER_STEP = 2000;

  /** {@link PassageIndex.keyFor} a slice of documents at a time: 80 ms in one turn at 500,000 passages. */
  private static *keySteps(corpus: Corpus, analyzer: Analyzer, options: IndexOptions): Generator<void, string> {
    const h = createHash("sha256");
    h.update(FORMAT).update("\0").update(PARSER_VERSION).update("\0").update(analyzer.fingerprint);
    h.update("\0").update(JSON.stringify(options));
    for (let i = 0; i < corpus.documents.length; i++) {
      const d = corpus.documents[i] as Corpus["documents"][number];
      h.update("\0").update(JSON.stringify([d.id, d.file, d.hash, d.title, d.author]));
      if ((i + 1) % PassageIndex.DOCUMENTS_PER_STEP === 0) yield;
    }
    h.update(`\0${corpus.passages.length}`);
    return h.digest("hex").slice(0, 32);
  }

  static build(
    corpus: Corpus,
    analyzer: Analyzer,
    options: IndexOptions = DEFAULT_INDEX_OPTIONS,
    progress?: ProgressListener,
  ): PassageIndex {
    const total = corpus.passages.length;
    // Terms become ids once, as they are analysed: everything after works on typed arrays.
    const dictionary = new Map<string, number>();
    const terms: string[] = [];
    const idsOf = (analysed: readonly string[]) => {
      const out = new Int32Array(analysed.length);
      for (let i = 0; i < analysed.length; i++) {
        const t = analysed[i] as string;
        let id = dictionary.get(t);
        if (id === undefined) {
          id = terms.length;
          dictionary.set(t, id);
          terms.push(t);
        }
        out[i] = id;
      }
      return out;
    };
    const texts = corpus.passages.map((p, i) => {
      if (progress && i % PROGRESS_EVERY_PASSAGES === 0) progress({ stage: "analysing", done: i, total });
      return idsOf(analyzer.terms(p.text));
    });
    progress?.({ stage: "analysing", done: total, total });
    const titleIds = new Map(corpus.documents.map((d) => [d.id, idsOf(analyzer.terms(d.title))]));
    const sectionIds = new Map<string, Int32Array>();
    const sections = corpus.passages.map((p) => {
      const name = p.section ?? "";
      let ids = sectionIds.get(name);
      if (!ids) {
        ids = idsOf(analyzer.terms(name));
        sectionIds.set(name, ids);
      }
      return ids;
    });
    const none = new Int32Array(0);
    const titles = corpus.passages.map((p) => titleIds.get(p.docId) ?? none);

    const textDf = documentFrequencies(texts, terms.length);
    const df = new TermMap<number>();
    terms.forEach((t, id) => {
      if ((textDf[id] as number) > 0) df.set(t, textDf[id] as number);
    });
    const limit = commonLimit(total, options);
    const common = new Uint8Array(terms.length);
    for (let id = 0; id < terms.length; id++) if ((textDf[id] as number) > limit) common[id] = 1;
    const textLength = texts.reduce((n, t) => n + t.length, 0) / Math.max(1, total);
    const top = topPassages(texts, common, terms, textLength, options);

    const { postings, counts } = ScoredPostings.build(
      { terms, fields: [titles, sections, texts], unindexed: common },
      options,
      progress && ((done) => progress({ stage: "indexing", done, total })),
    );
    const shared = (f: number) => {
      // A word in one title or section only is most of them (ids, numbers, names): left out,
      // it is counted as in none, which scoring an added passage hardly notices.
      const counted = counts.documentFrequency[f] as Int32Array;
      const m = new Map<string, number>();
      for (let id = 0; id < terms.length; id++)
        if ((counted[id] as number) > 1) m.set(terms[id] as string, counted[id] as number);
      return m;
    };
    const fields: FieldStats = {
      averageLength: counts.uniqueLengthTotal.map((t) => t / Math.max(1, total)),
      textLength,
      title: shared(FIELDS.indexOf("title")),
      section: shared(FIELDS.indexOf("section")),
    };
    const extra = new Set<string>();
    for (const ids of [...titleIds.values(), ...sectionIds.values()]) {
      for (const id of ids) if ((textDf[id] as number) === 0) extra.add(terms[id] as string);
    }
    return new PassageIndex(
      PassageIndex.keyFor(corpus, analyzer, options),
      corpus.passages,
      postings,
      df,
      extra,
      top,
      fields,
      options,
    );
  }

  /**
   * Restores an index saved by {@link PassageIndex.save} (after a JSON round trip).
   * Returns null when the saved index was made from another corpus or other settings,
   * or cannot be read: the caller then builds a fresh one.
   */
  static load(
    saved: unknown,
    corpus: Corpus,
    analyzer: Analyzer,
    options: IndexOptions = DEFAULT_INDEX_OPTIONS,
  ): PassageIndex | null {
    const data = drain(PassageIndex.matchingSteps(saved, corpus, analyzer, options));
    if (!data) return null;
    try {
      return drain(PassageIndex.loadSteps(data, corpus, options));
    } catch {
      return null;
    }
  }

  /** {@link PassageIndex.load} with `pause` between slices of the work (see {@link PassageIndex.loadSteps}). */
  static async loadAsync(
    saved: unknown,
    corpus: Corpus,
    analyzer: Analyzer,
    options: IndexOptions,
    pause: () => Promise<void>,
  ): Promise<PassageIndex | null> {
    const matching = PassageIndex.matchingSteps(saved, corpus, analyzer, options);
    let matched = matching.next();
    for (; !matched.done; matched = matching.next()) await pause();
    const data = matched.value;
    if (!data) return null;
    try {
      const steps = PassageIndex.loadSteps(data, corpus, options);
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) return step.value;
        await pause();
      }
    } catch {
      return null;
    }
  }

  /**
   * The saved index when it was made for this corpus and these settings, else null; the
   * key is hashed a slice of documents at a time (see {@link PassageIndex.keySteps}).
   */
  private static *matchingSteps(
    saved: unknown,
    corpus: Corpus,
    analyzer: Analyzer,
    options: IndexOptions,
  ): Generator<void, SavedIndex | null> {
    const data = saved as SavedIndex | null;
    if (!data || typeof data !== "object" || data.format !== FORMAT) return null;
    return data.key === (yield* PassageIndex.keySteps(corpus, analyzer, options)) ? data : null;
  }

  /**
   * Restores a matching saved index a slice at a time: a few dozen base64 pieces, or
   * 20,000 terms put in a map, a step. Null when its parts do not fit together.
   */
  private static *loadSteps(
    data: SavedIndex,
    corpus: Corpus,
    options: IndexOptions,
  ): Generator<void, PassageIndex | null> {
    const postings = yield* ScoredPostings.loadSteps(data.index, corpus.passages.length);
    const counts = new Int32Array(yield* fromPieces(data.df, 4));
    const terms = postings.terms;
    if (counts.length !== terms.length) return null;
    const df = yield* TermMap.fillSteps(
      terms,
      (i) => ((counts[i] as number) > 0 ? counts[i] : undefined),
      TERMS_PER_STEP,
    );
    const f = data.fields;
    if (!Array.isArray(f?.averageLength) || !Array.isArray(f.title) || !Array.isArray(f.section)) return null;
    const fields = {
      averageLength: f.averageLength,
      textLength: f.textLength,
      title: yield* mapInSteps(f.title),
      section: yield* mapInSteps(f.section),
    };
    const extra = new Set<string>();
    for (const [i, t] of data.extraVocabulary.entries()) {
      if (!df.has(t)) extra.add(t);
      if ((i + 1) % TERMS_PER_STEP === 0) yield;
    }
    const top = new Map(data.top.map(([t, ids, weights]) => [t, { ids, weights }]));
    yield;
    return new PassageIndex(data.key, corpus.passages, postings, df, extra, top, fields, options);
  }

  /** The index as JSON text: chunked JSON (chunked-json.ts) of {@link PassageIndex.toSaved}. */
  serialize(): string {
    return [...chunkedJsonLines(this.toSaved(), SAVED_INDEX_CHUNKS)].join("");
  }

  /** The saved form, plain data: {@link PassageIndex.load} takes it back. */
  toSaved(): SavedIndex {
    // An index with passages added is its built part plus a delta keyed to a corpus that
    // no longer exists as built: a rebuild saves the whole instead.
    if (this.changes) throw new Error("an index with added or removed passages is rebuilt before it is saved");
    return {
      format: FORMAT,
      key: this.key,
      df: toPieces(Int32Array.from(this.postings.terms, (t) => this.df.get(t) ?? 0)),
      extraVocabulary: [...this.extraVocabulary],
      // Weights only place an added passage among these: three decimals do.
      top: [...this.top].map(([t, l]) => [t, [...l.ids], l.weights.map((w) => Math.round(w * 1000) / 1000)]),
      fields: {
        averageLength: [...this.fields.averageLength],
        textLength: this.fields.textLength,
        title: [...this.fields.title],
        section: [...this.fields.section],
      },
      index: this.postings.toSaved(),
    };
  }

  /**
   * What a restart need not wait for, a slice at a time: the typo lookup (170 ms in all
   * at 50,000 passages). A misspelt question before then builds what is left.
   */
  *warmUpSteps(batch = 2000): Generator<void, void> {
    if (this.vocabulary.tree) return;
    const tree = new SearchableMap<number>();
    let n = 0;
    for (const [t, df] of this.df) {
      tree.set(t, df);
      if (++n % batch === 0) yield;
    }
    // Only the built vocabulary: the tree is shared with the indexes made from this one,
    // and each of those looks up its added passages' terms on its own.
    this.vocabulary.tree ??= tree;
  }

  /** Passages containing the term in their text. */
  documentFrequency(term: string): number {
    const c = this.changes;
    const built = this.df.get(term) ?? 0;
    return c ? built + c.delta.textFrequency(term) - c.removedFields.textFrequency(term) : built;
  }

  /** BM25's inverse document frequency; an unknown term gets the value of a term seen once. */
  idf(term: string): number {
    return bm25Idf(this.size, Math.max(1, this.documentFrequency(term)));
  }

  has(term: string): boolean {
    if (this.changes?.delta.has(term)) return true;
    return this.df.has(term) || this.extraVocabulary.has(term);
  }

  /** Terms of the passage texts with their document frequency, most frequent first. */
  termsByFrequency(): [string, number][] {
    return [...this.df].sort((a, b) => b[1] - a[1]);
  }

  /** How many typos a question word may have; 0 for names, numbers, short and known words. */
  private fuzziness(q: QueryTerm): number {
    // Only words the question itself has may be misspelt: a related word came from a dictionary.
    if (q.relation !== "own" || q.entity || q.known || this.has(q.term) || /\d/.test(q.term)) return 0;
    if (q.source.length < this.options.fuzzyMinLength) return 0;
    return q.source.length >= this.options.fuzzyTwoEditsLength ? 2 : 1;
  }

  /** Vocabulary terms within the allowed edits of a misspelt word: closest first, then most frequent. */
  private corrections(q: QueryTerm): string[] {
    const edits = this.fuzziness(q);
    if (edits === 0) return [];
    this.warmUp();
    // A word one edit from the vocabulary is that typo, and so is one with two letters
    // swapped ("Kozyerv"), found by looking each swap up; the far wider search two edits
    // away (about fifteen times the time at 50,000 passages) is made only when neither is.
    let found = this.within(q.term, 1);
    for (const t of swaps(q.term))
      if (this.has(t) && !found.some((f) => f.term === t))
        found.push({ term: t, n: this.documentFrequency(t), distance: 1 });
    if (found.length === 0 && edits === 2) found = this.within(q.term, 2);
    return found
      .sort((a, b) => a.distance - b.distance || b.n - a.n || (a.term < b.term ? -1 : 1))
      .slice(0, this.options.fuzzyCorrections)
      .map((c) => c.term);
  }

  /**
   * True when the corpus may use this term in some spelling: as it is, one edit away, two
   * letters swapped ("Gilese" for "Gliese"), or as a term it begins ("Itanica" for
   * "Itanic", whose stem is shorter). False means the word is foreign to the corpus, not
   * misspelt.
   */
  mayKnow(term: string): boolean {
    if (this.has(term) || swaps(term).some((t) => this.has(t))) return true;
    this.warmUp();
    if (this.within(term, 1).length > 0) return true;
    const prefix = term.slice(0, Math.max(4, term.length - 2));
    for (const tree of [this.vocabulary.tree as SearchableMap<number>, this.ownTree()]) {
      for (const _ of tree.atPrefix(prefix).keys()) return true;
    }
    return false;
  }

  private warmUp(): void {
    const steps = this.warmUpSteps(Number.POSITIVE_INFINITY);
    while (!steps.next().done);
  }

  private within(term: string, edits: number): { term: string; n: number; distance: number }[] {
    const found = [...(this.vocabulary.tree as SearchableMap<number>).fuzzyGet(term, edits)].map(
      ([term, [n, distance]]) => ({ term, n, distance }),
    );
    for (const [t, [n, distance]] of this.ownTree().fuzzyGet(term, edits)) {
      if (!found.some((f) => f.term === t)) found.push({ term: t, n, distance });
    }
    return found;
  }

  /** Common when built: such terms are in neither tier, whatever passages were added since. */
  private isCommon(term: string): boolean {
    return (this.df.get(term) ?? 0) > commonLimit(this.builtSize, this.options);
  }

  /** Ranks passages for the question's terms, best first. */
  search(terms: readonly QueryTerm[], limit: number): SearchOutcome {
    const weights = new Map<string, number>();
    const queryTermOf = new Map<string, string>();
    const add = (term: string, weight: number, of: string) => {
      if ((weights.get(term) ?? 0) >= weight) return;
      weights.set(term, weight);
      queryTermOf.set(term, of);
    };
    for (const t of terms) {
      add(t.term, t.weight, t.term);
      for (const c of this.corrections(t)) add(c, t.weight * this.options.fuzzyWeight, t.term);
    }
    if (weights.size === 0 || this.passages.length === 0) return { hits: [], weights, queryTermOf };

    const known = [...weights.keys()].filter((t) => this.has(t));
    const rare = known.filter((t) => !this.isCommon(t));
    const weight = (term: string) => weights.get(term) ?? 1;
    if (rare.length === 0) return { hits: this.fromTopPassages(known, weights, limit), weights, queryTermOf };

    const c = this.changes;
    // With passages added, removed ones may take places in the best: ask for more.
    const wanted = c ? limit + c.removed.size : limit;
    let results = this.postings.search(rare, c ? (t) => weight(t) * this.idfDrift(t) : weight, wanted);
    if (c) {
      const added = c.delta.search(rare, weight, this.stats(), this.options);
      results = [...results.filter((r) => !c.removed.has(r.id)), ...added].sort(
        (a, b) => b.score - a.score || a.id - b.id,
      );
    }
    const hits: PassageHit[] = [];
    for (const r of results.slice(0, limit)) {
      const passage = this.passages[r.id];
      if (passage) hits.push({ passage, score: r.score });
    }
    return { hits, weights, queryTermOf };
  }

  /**
   * A common term's best passages: those it was built with, less the removed ones, with
   * the added ones placed by their own weight, as a rebuild would rank them.
   */
  private topList(term: string): readonly number[] {
    const built = this.top.get(term);
    const c = this.changes;
    if (!c) return built?.ids ?? [];
    const list: [number, number][] = [];
    built?.ids.forEach((id, i) => {
      if (!c.removed.has(id)) list.push([id, built.weights[i] as number]);
    });
    for (const { id, freq, length } of c.delta.textOccurrences(term)) {
      list.push([id, bm25TermWeight(freq, length, this.fields.textLength || 1, this.options.bm25)]);
    }
    return list
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, this.options.commonTermTop)
      .map(([id]) => id);
  }

  /**
   * Candidates when every term asked is common: each term's precomputed best passages,
   * ranked by the weighted BM25 terms they share with the question. Small corpora have
   * no common terms and never come here.
   */
  private fromTopPassages(terms: readonly string[], weights: ReadonlyMap<string, number>, limit: number): PassageHit[] {
    const scores = new Map<number, number>();
    for (const t of terms) {
      const list = this.topList(t);
      list.forEach((id, rank) => {
        // Rank stands in for the term's weight in the passage: the lists are sorted by it.
        const w = (weights.get(t) ?? 1) * this.idf(t) * (1 - rank / (2 * list.length));
        scores.set(id, (scores.get(id) ?? 0) + w);
      });
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([id, score]) => ({ passage: this.passages[id] as Passage, score }));
  }
}

/** Passages a term may be in before it counts as common. */
/** The term with each pair of neighbouring letters swapped: the commonest typo, two edits for a search. */
function swaps(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < term.length; i++) {
    if (term[i] === term[i + 1]) continue;
    out.push(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return out;
}

function commonLimit(passages: number, o: IndexOptions): number {
  return Math.max(o.commonTermMin, o.commonTermShare * passages);
}

/** Per term id, the passages whose terms include it. */
function documentFrequencies(passages: readonly Int32Array[], termCount: number): Int32Array {
  const df = new Int32Array(termCount);
  const seen = new Int32Array(termCount).fill(-1);
  passages.forEach((terms, id) => {
    for (const t of terms) {
      if (seen[t] === id) continue;
      seen[t] = id;
      df[t] = (df[t] as number) + 1;
    }
  });
  return df;
}

/**
 * For each common term, the passages where it weighs most (BM25's term weight), best
 * first, ties to the earlier passage: a bounded heap per term, since a common term is
 * in tens of thousands of passages and only `commonTermTop` are kept.
 */
function topPassages(
  texts: readonly Int32Array[],
  common: Uint8Array,
  terms: readonly string[],
  averageLength: number,
  o: IndexOptions,
): Map<string, TopList> {
  const heaps = new Map<number, { ids: number[]; weights: number[] }>();
  const frequency = new Int32Array(common.length);
  const touched: number[] = [];
  // The weakest kept is at the root: lowest weight, and of equal weights the later passage.
  const weaker = (h: { ids: number[]; weights: number[] }, i: number, j: number) =>
    (h.weights[i] as number) < (h.weights[j] as number) ||
    (h.weights[i] === h.weights[j] && (h.ids[i] as number) > (h.ids[j] as number));
  const swap = (h: { ids: number[]; weights: number[] }, i: number, j: number) => {
    [h.ids[i], h.ids[j]] = [h.ids[j] as number, h.ids[i] as number];
    [h.weights[i], h.weights[j]] = [h.weights[j] as number, h.weights[i] as number];
  };
  texts.forEach((text, id) => {
    for (const t of text) {
      if (!common[t]) continue;
      if (frequency[t] === 0) touched.push(t);
      frequency[t] = (frequency[t] as number) + 1;
    }
    for (const t of touched) {
      const weight = bm25TermWeight(frequency[t] as number, text.length, averageLength || 1, o.bm25);
      frequency[t] = 0;
      let h = heaps.get(t);
      if (!h) {
        h = { ids: [], weights: [] };
        heaps.set(t, h);
      }
      if (h.ids.length < o.commonTermTop) {
        let i = h.ids.length;
        h.ids.push(id);
        h.weights.push(weight);
        while (i > 0 && weaker(h, i, (i - 1) >> 1)) {
          swap(h, i, (i - 1) >> 1);
          i = (i - 1) >> 1;
        }
        continue;
      }
      // Later passages lose ties, so only a higher weight displaces the weakest kept.
      if (o.commonTermTop === 0 || weight <= (h.weights[0] as number)) continue;
      h.ids[0] = id;
      h.weights[0] = weight;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.ids.length && weaker(h, l, m)) m = l;
        if (r < h.ids.length && weaker(h, r, m)) m = r;
        if (m === i) break;
        swap(h, i, m);
        i = m;
      }
    }
    touched.length = 0;
  });
  const top = new Map<string, TopList>();
  for (const [t, h] of heaps) {
    const best = h.ids.map((id, i) => [id, h.weights[i] as number] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    top.set(terms[t] as string, { ids: best.map(([id]) => id), weights: best.map(([, w]) => w) });
  }
  return top;
}

/** A map of saved entries, yielding every {@link TERMS_PER_STEP} entries. */
function* mapInSteps<K, V>(entries: readonly (readonly [K, V])[]): Generator<void, Map<K, V>> {
  const m = new Map<K, V>();
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i] as readonly [K, V];
    m.set(k, v);
    if ((i + 1) % TERMS_PER_STEP === 0) yield;
  }
  return m;
}

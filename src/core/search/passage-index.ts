/**
 * The full-text index over passages: one MiniSearch instance with title, section and
 * text as fields, fed with the analyzer's terms, plus what sentence scoring and the
 * confidence rule need (document frequencies, the vocabulary).
 *
 * Two things keep a question cheap however large the corpus:
 * - Typos are resolved here, against the vocabulary, before searching: MiniSearch
 *   only ever looks up exact terms, and a word the corpus knows is never fuzzed.
 * - Terms found in a large share of passages ("Russia" in a corpus about Russia) do
 *   not select candidates when rarer terms are asked; when only such terms are asked,
 *   candidates come from their precomputed top passages instead of every passage.
 *   Since MiniSearch is never asked for them, they are left out of it: at 50,000
 *   passages they are 132 terms but 45% of its postings, and loading a saved index
 *   costs in proportion to postings.
 */
import { createHash } from "node:crypto";
import SearchableMap from "minisearch/SearchableMap";
import { asciiJson } from "../ascii-json.js";
import { PARSER_VERSION, SAVED_FORMATS } from "../saved-formats.js";
import type { Corpus, Passage } from "../types.js";
import type { Analyzer, QueryTerm } from "./analyzer.js";
import { bm25Idf, bm25TermWeight } from "./bm25.js";
import { type SavedTiers, TieredIndex } from "./tiered-index.js";

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
  /**
   * A term in more than this many passages, but not common, has its passages' scores
   * worked out at build time (see tiered-index.ts). Lower means less for MiniSearch
   * to load and more precomputed lists: at 50,000 passages, 20 rather than 500 cut the
   * median restart from 1.53 s to 1.34 s, and 5 rather than 20 from 1.38 s to 1.27 s,
   * with answers as fast. MiniSearch keeps the long tail: names, rare words, typos.
   */
  readonly frequentTermMin: number;
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
  frequentTermMin: 5,
};

const FORMAT = SAVED_FORMATS.index;

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
  df: [string, number][];
  /** Terms of titles and sections that passage texts do not have. */
  extraVocabulary: string[];
  top: [string, number[]][];
  index: SavedTiers;
}

export class PassageIndex {
  /** Hash of the documents, the parser, the analyzer and these options. */
  readonly key: string;
  readonly passages: readonly Passage[];
  /** The rare terms' MiniSearch and the frequent terms' precomputed scores; common terms are in neither. */
  private readonly tiers: TieredIndex;
  private readonly df: Map<string, number>;
  private readonly extraVocabulary: ReadonlySet<string>;
  /** The vocabulary as a radix tree, for typo lookups; built on first need (see {@link PassageIndex.warmUpSteps}). */
  private vocabularyTree: SearchableMap<number> | null = null;
  private readonly top: Map<string, number[]>;

  private constructor(
    key: string,
    passages: readonly Passage[],
    ms: TieredIndex,
    df: Map<string, number>,
    extraVocabulary: readonly string[],
    top: Map<string, number[]>,
    readonly options: IndexOptions,
  ) {
    this.key = key;
    this.passages = passages;
    this.tiers = ms;
    this.df = df;
    this.top = top;
    this.extraVocabulary = new Set(extraVocabulary.filter((t) => !df.has(t)));
  }

  /**
   * The key a saved index must carry to be used for this corpus and these settings.
   * Documents are identified by their content hash: the passages follow from the text
   * and the parser's version.
   */
  static keyFor(corpus: Corpus, analyzer: Analyzer, options: IndexOptions = DEFAULT_INDEX_OPTIONS): string {
    const h = createHash("sha256");
    h.update(FORMAT).update("\0").update(PARSER_VERSION).update("\0").update(analyzer.fingerprint);
    h.update("\0").update(JSON.stringify(options));
    for (const d of corpus.documents) h.update("\0").update(JSON.stringify([d.id, d.file, d.hash, d.title, d.author]));
    h.update(`\0${corpus.passages.length}`);
    return h.digest("hex").slice(0, 32);
  }

  static build(corpus: Corpus, analyzer: Analyzer, options: IndexOptions = DEFAULT_INDEX_OPTIONS): PassageIndex {
    const df = new Map<string, number>();
    const textTerms = corpus.passages.map((p) => {
      const terms = analyzer.terms(p.text);
      for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
      return terms;
    });
    const common = commonTerms(df, corpus.passages.length, options);
    const tierOf = tiers(df, options);
    const top = PassageIndex.topPassages(textTerms, common, options);
    const titleTerms = new Map(corpus.documents.map((d) => [d.id, analyzer.terms(d.title).join(" ")]));
    const sectionTerms = new Map<string, string>();
    const documents = corpus.passages.map((p, id) => {
      const title = titleTerms.get(p.docId) ?? "";
      let section = sectionTerms.get(p.section ?? "");
      if (section === undefined) {
        section = analyzer.terms(p.section ?? "").join(" ");
        sectionTerms.set(p.section ?? "", section);
      }
      const text = (textTerms[id] as string[]).join(" ");
      textTerms[id] = []; // the joined form replaces it: a large corpus's build never holds both
      return { id: p.id, title, section, text };
    });
    const ms = TieredIndex.build(documents, (t) => (common.has(t) ? null : tierOf(t)), options);
    const extra = new Set<string>();
    for (const terms of [...titleTerms.values(), ...sectionTerms.values()]) {
      for (const t of terms.split(" ")) if (t) extra.add(t);
    }
    return new PassageIndex(
      PassageIndex.keyFor(corpus, analyzer, options),
      corpus.passages,
      ms,
      df,
      [...extra],
      top,
      options,
    );
  }

  /** For each common term, the passages where it weighs most (BM25's term weight). */
  private static topPassages(
    textTerms: readonly string[][],
    common: ReadonlySet<string>,
    o: IndexOptions,
  ): Map<string, number[]> {
    const top = new Map<string, [number, number][]>();
    if (common.size === 0) return new Map();
    const avg = textTerms.reduce((n, t) => n + t.length, 0) / Math.max(1, textTerms.length);
    textTerms.forEach((terms, id) => {
      const tf = new Map<string, number>();
      for (const t of terms) if (common.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, f] of tf) {
        const list = top.get(t) ?? [];
        list.push([id, bm25TermWeight(f, terms.length, avg || 1, o.bm25)]);
        top.set(t, list);
      }
    });
    return new Map(
      [...top].map(([t, list]) => [
        t,
        list
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .slice(0, o.commonTermTop)
          .map(([id]) => id),
      ]),
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
    const data = saved as SavedIndex | null;
    if (!data || typeof data !== "object" || data.format !== FORMAT) return null;
    const key = PassageIndex.keyFor(corpus, analyzer, options);
    if (data.key !== key) return null;
    try {
      const df = new Map(data.df);
      const ms = TieredIndex.load(data.index, options);
      return new PassageIndex(key, corpus.passages, ms, df, data.extraVocabulary, new Map(data.top), options);
    } catch {
      return null;
    }
  }

  /** The index as JSON text (a {@link SavedIndex}), for {@link PassageIndex.load} after `JSON.parse`. */
  serialize(): string {
    return [...this.serializeParts()].join("");
  }

  /** {@link PassageIndex.serialize} in parts, to be written one after another. */
  *serializeParts(): Generator<string, void> {
    const head = asciiJson({
      format: FORMAT,
      key: this.key,
      df: [...this.df],
      extraVocabulary: [...this.extraVocabulary],
      top: [...this.top],
    });
    yield `${head.slice(0, -1)},"index":`;
    yield* this.tiers.serializeParts();
    yield "}";
  }

  /**
   * What a restart need not wait for, a slice at a time: the typo lookup (170 ms in all
   * at 50,000 passages). A misspelt question before then builds what is left.
   */
  *warmUpSteps(batch = 2000): Generator<void, void> {
    if (this.vocabularyTree) return;
    const tree = new SearchableMap<number>();
    let n = 0;
    for (const [t, df] of this.df) {
      tree.set(t, df);
      if (++n % batch === 0) yield;
    }
    for (const t of this.extraVocabulary) tree.set(t, 0);
    this.vocabularyTree ??= tree;
  }

  /** Passages containing the term in their text. */
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** BM25's inverse document frequency; an unknown term gets the value of a term seen once. */
  idf(term: string): number {
    return bm25Idf(this.passages.length, Math.max(1, this.documentFrequency(term)));
  }

  has(term: string): boolean {
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
    const steps = this.warmUpSteps(Number.POSITIVE_INFINITY);
    while (!steps.next().done);
    const found = [...(this.vocabularyTree as SearchableMap<number>).fuzzyGet(q.term, edits)].map(
      ([term, [n, distance]]) => ({ term, n, distance }),
    );
    return found
      .sort((a, b) => a.distance - b.distance || b.n - a.n || (a.term < b.term ? -1 : 1))
      .slice(0, this.options.fuzzyCorrections)
      .map((c) => c.term);
  }

  private isCommon(term: string): boolean {
    return this.documentFrequency(term) > commonLimit(this.passages.length, this.options);
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
    if (rare.length === 0) return { hits: this.fromTopPassages(known, weights, limit), weights, queryTermOf };

    const results = this.tiers.search(rare, (term) => weights.get(term) ?? 1);
    const hits: PassageHit[] = [];
    for (const r of results.slice(0, limit)) {
      const passage = this.passages[r.id];
      if (passage) hits.push({ passage, score: r.score });
    }
    return { hits, weights, queryTermOf };
  }

  /**
   * Candidates when every term asked is common: each term's precomputed best passages,
   * ranked by the weighted BM25 terms they share with the question. Small corpora have
   * no common terms and never come here.
   */
  private fromTopPassages(terms: readonly string[], weights: ReadonlyMap<string, number>, limit: number): PassageHit[] {
    const scores = new Map<number, number>();
    for (const t of terms) {
      const list = this.top.get(t) ?? [];
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
function commonLimit(passages: number, o: IndexOptions): number {
  return Math.max(o.commonTermMin, o.commonTermShare * passages);
}

function commonTerms(df: ReadonlyMap<string, number>, passages: number, o: IndexOptions): Set<string> {
  const limit = commonLimit(passages, o);
  const common = new Set<string>();
  for (const [t, n] of df) if (n > limit) common.add(t);
  return common;
}

/** Which tier each term goes in, from its document frequency: 2 for frequent terms. */
function tiers(df: ReadonlyMap<string, number>, o: IndexOptions): (term: string) => 1 | 2 {
  return (term) => ((df.get(term) ?? 0) > o.frequentTermMin ? 2 : 1);
}

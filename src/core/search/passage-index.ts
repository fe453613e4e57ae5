/**
 * The full-text index over passages: one MiniSearch instance with title, section and
 * text as fields, fed with the analyzer's terms, plus the term statistics that
 * sentence scoring and the confidence rule need.
 */
import { createHash } from "node:crypto";
import MiniSearch, { type SearchResult } from "minisearch";
import type { Corpus, Passage } from "../types.js";
import type { Analyzer, QueryTerm } from "./analyzer.js";

export interface IndexOptions {
  /** Field boosts, chosen by measuring answer quality on the development questions. */
  readonly boost: { readonly title: number; readonly section: number; readonly text: number };
  /** Shortest question word (in characters) that may match with a typo. */
  readonly fuzzyMinLength: number;
  /** Words this long or longer may match with two typos; shorter ones with one. */
  readonly fuzzyTwoEditsLength: number;
  /** How much a typo-tolerant match counts against an exact one. */
  readonly fuzzyWeight: number;
  /** BM25 parameters (MiniSearch's defaults are k 1.2, b 0.7, d 0.5). */
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  boost: { title: 0.3, section: 0.6, text: 1 },
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyWeight: 0.6,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
};

const FORMAT = "nkru-index/1";
const FIELDS = ["title", "section", "text"] as const;

export interface PassageHit {
  readonly passage: Passage;
  readonly score: number;
  /** Index terms found in the passage, each with the weight of the query term it answered. */
  readonly termWeights: ReadonlyMap<string, number>;
  /** For each index term found, the question term it answers (itself, or the term it is a typo of). */
  readonly queryTermOf: ReadonlyMap<string, string>;
}

interface SavedIndex {
  format: string;
  key: string;
  df: [string, number][];
  vocabulary: string[];
  index: unknown;
}

/** Edit distance, bounded: returns max + 1 as soon as it is exceeded. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

export class PassageIndex {
  /** Hash of the passages, their documents' metadata, the analyzer and these options. */
  readonly key: string;
  readonly passages: readonly Passage[];
  private readonly search_: MiniSearch;
  private readonly df: Map<string, number>;
  private readonly vocabulary: Set<string>;

  private constructor(
    key: string,
    passages: readonly Passage[],
    ms: MiniSearch,
    df: Map<string, number>,
    vocabulary: Set<string>,
    readonly options: IndexOptions,
  ) {
    this.key = key;
    this.passages = passages;
    this.search_ = ms;
    this.df = df;
    this.vocabulary = vocabulary;
  }

  /** The key a saved index must carry to be used for this corpus and these settings. */
  static keyFor(corpus: Corpus, analyzer: Analyzer, options: IndexOptions = DEFAULT_INDEX_OPTIONS): string {
    const h = createHash("sha256");
    h.update(FORMAT).update("\0").update(analyzer.fingerprint).update("\0").update(JSON.stringify(options));
    for (const d of corpus.documents) h.update("\0d").update(JSON.stringify([d.id, d.title, d.author]));
    for (const p of corpus.passages) h.update("\0p").update(JSON.stringify([p.docId, p.ordinal, p.section, p.text]));
    return h.digest("hex").slice(0, 32);
  }

  private static miniSearch(analyzer: Analyzer): MiniSearch {
    return new MiniSearch({
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text) => analyzer.terms(text),
      processTerm: (term) => term,
    });
  }

  static build(corpus: Corpus, analyzer: Analyzer, options: IndexOptions = DEFAULT_INDEX_OPTIONS): PassageIndex {
    const ms = PassageIndex.miniSearch(analyzer);
    const titles = new Map(corpus.documents.map((d) => [d.id, d.title]));
    const df = new Map<string, number>();
    const vocabulary = new Set<string>();
    const docs = corpus.passages.map((p) => {
      const textTerms = new Set(analyzer.terms(p.text));
      for (const t of textTerms) {
        df.set(t, (df.get(t) ?? 0) + 1);
        vocabulary.add(t);
      }
      const title = titles.get(p.docId) ?? "";
      for (const t of analyzer.terms(`${title} ${p.section ?? ""}`)) vocabulary.add(t);
      return { id: p.id, title, section: p.section ?? "", text: p.text };
    });
    ms.addAll(docs);
    return new PassageIndex(
      PassageIndex.keyFor(corpus, analyzer, options),
      corpus.passages,
      ms,
      df,
      vocabulary,
      options,
    );
  }

  /**
   * Restores an index saved by {@link PassageIndex.serialize}. Returns null when the
   * saved index was made from another corpus or other settings, or cannot be read:
   * the caller then builds a fresh one.
   */
  static load(
    saved: string,
    corpus: Corpus,
    analyzer: Analyzer,
    options: IndexOptions = DEFAULT_INDEX_OPTIONS,
  ): PassageIndex | null {
    let data: SavedIndex;
    try {
      data = JSON.parse(saved) as SavedIndex;
    } catch {
      return null;
    }
    const key = PassageIndex.keyFor(corpus, analyzer, options);
    if (!data || data.format !== FORMAT || data.key !== key) return null;
    try {
      const ms = MiniSearch.loadJS(data.index as Parameters<typeof MiniSearch.loadJS>[0], {
        fields: [...FIELDS],
        storeFields: [],
        tokenize: (text: string) => analyzer.terms(text),
        processTerm: (term: string) => term,
      });
      return new PassageIndex(key, corpus.passages, ms, new Map(data.df), new Set(data.vocabulary), options);
    } catch {
      return null;
    }
  }

  serialize(): string {
    const saved: SavedIndex = {
      format: FORMAT,
      key: this.key,
      df: [...this.df],
      vocabulary: [...this.vocabulary],
      index: this.search_.toJSON(),
    };
    return JSON.stringify(saved);
  }

  get size(): number {
    return this.passages.length;
  }

  /** Passages containing the term in their text. */
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** BM25's inverse document frequency; an unknown term gets the value of a term seen once. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = Math.max(1, this.documentFrequency(term));
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return this.vocabulary.has(term);
  }

  /** Terms of the passage texts with their document frequency, most frequent first. */
  termsByFrequency(): [string, number][] {
    return [...this.df].sort((a, b) => b[1] - a[1]);
  }

  /** Whether (and how far) a query term may match with typos. */
  private fuzziness(q: QueryTerm): number {
    if (q.entity || this.has(q.term) || /\d/.test(q.term)) return 0;
    if (q.source.length < this.options.fuzzyMinLength) return 0;
    return q.source.length >= this.options.fuzzyTwoEditsLength ? 2 : 1;
  }

  /** Ranks passages for the question's terms, best first. */
  search(terms: readonly QueryTerm[], limit: number): PassageHit[] {
    if (terms.length === 0 || this.passages.length === 0) return [];
    const byTerm = new Map(terms.map((t) => [t.term, t]));
    const fuzzy = new Map(terms.map((t) => [t.term, this.fuzziness(t)]));
    const results: SearchResult[] = this.search_.search(terms.map((t) => t.term).join(" "), {
      tokenize: (s) => s.split(" "),
      processTerm: (t) => t,
      boost: { ...this.options.boost },
      bm25: { ...this.options.bm25 },
      combineWith: "OR",
      prefix: false,
      fuzzy: (term) => fuzzy.get(term) || false,
      weights: { fuzzy: this.options.fuzzyWeight, prefix: 0.5 },
      boostTerm: (term) => byTerm.get(term)?.weight ?? 1,
    });
    const hits: PassageHit[] = [];
    for (const r of results.slice(0, limit)) {
      const passage = this.passages[r.id as number];
      if (!passage) continue;
      const termWeights = new Map<string, number>();
      const queryTermOf = new Map<string, string>();
      for (const docTerm of r.terms) {
        const exact = byTerm.get(docTerm);
        if (exact) {
          termWeights.set(docTerm, exact.weight);
          queryTermOf.set(docTerm, docTerm);
          continue;
        }
        // A typo match: credit the closest fuzzy query term, at the fuzzy weight.
        for (const q of terms) {
          const f = fuzzy.get(q.term) ?? 0;
          if (f > 0 && editDistance(q.term, docTerm, f) <= f) {
            termWeights.set(docTerm, Math.max(termWeights.get(docTerm) ?? 0, q.weight * this.options.fuzzyWeight));
            queryTermOf.set(docTerm, q.term);
          }
        }
      }
      hits.push({ passage, score: r.score, termWeights, queryTermOf });
    }
    return hits;
  }
}

/**
 * The passage index in two tiers, split by term: MiniSearch for rare terms, and for
 * frequent ones (see `frequentTermMin` in passage-index.ts), each passage's score
 * worked out once, at build time, with MiniSearch's BM25 and the inputs MiniSearch
 * would use.
 *
 * Why: MiniSearch scores every posting of every term asked, and frequent terms hold
 * most postings. A question with two of them re-scored 4,000 passages (24 ms); adding
 * up precomputed scores takes a fraction of a millisecond. Loading is cheaper too:
 * typed arrays read back from base64, not MiniSearch's maps built entry by entry.
 *
 * Scores are those of one MiniSearch over all terms, up to rounding (the tests compare
 * them, so a change in MiniSearch's scoring shows up there): BM25 scores each
 * term from its own postings, MiniSearch's rare-term tier indexes every passage (a term it
 * leaves out still counts in the field's length), a term's weight multiplies its
 * score, and MiniSearch multiplies a passage's summed score by the number of question
 * terms it matched, which `search` does over both tiers.
 */
import { Buffer } from "node:buffer";
import MiniSearch, { type SearchResult } from "minisearch";
import { bm25Idf, bm25TermWeight } from "./bm25.js";

export const FIELDS = ["title", "section", "text"] as const;

/** A passage's analysed terms per field, joined by spaces. */
export interface TermDocument {
  readonly id: number;
  readonly title: string;
  readonly section: string;
  readonly text: string;
}

/** How terms are scored: fixed when the index is built, since frequent terms' scores are precomputed. */
export interface Scoring {
  readonly boost: Readonly<Record<(typeof FIELDS)[number], number>>;
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
}

export interface TierHit {
  readonly id: number;
  readonly score: number;
}

/** One frequent term's passages (ascending ids) and their scores. */
interface TermScores {
  readonly ids: Int32Array;
  readonly scores: Float64Array;
}

/**
 * The saved form: MiniSearch's plain object, and each frequent term's passages and
 * scores as the bytes of an Int32Array and a Float64Array in base64 (exact, and read
 * back at memory speed where JSON numbers would be parsed one by one).
 */
export interface SavedTiers {
  /** MiniSearch's own saved form, holding the rare terms. */
  rareTerms: unknown;
  frequent: [string, string, string][];
}

/** Documents added to the rare terms' index between progress reports. */
const INDEXED_PER_REPORT = 5000;

const toBase64 = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
/** Copied out of the decoded bytes: a Buffer's offset need not suit a Float64Array. */
const bytesOf = (base64: string) => {
  const b = Buffer.from(base64, "base64");
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

/** MiniSearch receives terms already analysed, joined by spaces, and splits them back. */
function options(indexed: (term: string) => boolean) {
  return {
    fields: [...FIELDS],
    storeFields: [] as string[],
    tokenize: (text: string) => (text ? text.split(" ") : []),
    // Terms left out return null: MiniSearch then skips them but counts them in the field length.
    processTerm: (term: string) => (indexed(term) ? term : null),
  };
}

function searchOptions(scoring: Scoring, weight: (term: string) => number) {
  return {
    tokenize: (s: string) => s.split(" "),
    processTerm: (t: string) => t,
    boost: { ...scoring.boost },
    bm25: { ...scoring.bm25 },
    combineWith: "OR" as const,
    prefix: false,
    fuzzy: false,
    boostTerm: weight,
  };
}

type MiniSearchObject = Parameters<typeof MiniSearch.loadJS>[0];

/** MiniSearch's own saved object from the saved form (its per-passage objects kept as entry lists). */
function miniSearchObject(saved: unknown): MiniSearchObject {
  const o = saved as Record<string, unknown>;
  const object = (v: unknown) => (Array.isArray(v) ? Object.fromEntries(v as [string, unknown][]) : v);
  return { ...o, documentIds: object(o.documentIds), fieldLength: object(o.fieldLength) } as MiniSearchObject;
}

/** Decodes the saved precomputed scores, yielding every few hundred terms. */
function* frequentSteps(saved: SavedTiers): Generator<void, Map<string, TermScores>> {
  const frequent = new Map<string, TermScores>();
  let n = 0;
  for (const [term, ids, scores] of saved.frequent) {
    const entry = { ids: new Int32Array(bytesOf(ids)), scores: new Float64Array(bytesOf(scores)) };
    if (entry.ids.length !== entry.scores.length) throw new Error(`damaged scores for ${term}`);
    frequent.set(term, entry);
    if (++n % 500 === 0) yield;
  }
  return frequent;
}

function drainFrequent(steps: Generator<void, Map<string, TermScores>>): Map<string, TermScores> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export class TieredIndex {
  private constructor(
    /** MiniSearch over the terms in at most `frequentTermMin` passages: names, rare words, typos. */
    private readonly rareTerms: MiniSearch,
    private readonly frequent: ReadonlyMap<string, TermScores>,
    private readonly scoring: Scoring,
  ) {}

  /**
   * Scratch space for adding up a question's scores, one slot a passage, kept between
   * questions: Maps of thousands of entries a question were a quarter of the answer
   * path's time and much of its garbage. Sized on first use; JavaScript runs one
   * question at a time, so one set serves all.
   */
  private scratch: {
    sum: Float64Array;
    raw: Float64Array;
    matched: Uint16Array;
    kept: Uint8Array;
    touched: Int32Array;
  } | null = null;

  private scratchFor(id: number) {
    if (!this.scratch || this.scratch.sum.length <= id) {
      const n = Math.max(id + 1, this.rareTerms.documentCount, (this.scratch?.sum.length ?? 0) * 2);
      this.scratch = {
        sum: new Float64Array(n),
        raw: new Float64Array(n),
        matched: new Uint16Array(n),
        kept: new Uint8Array(n),
        // Each passage is touched once per search, so n is always room enough.
        touched: new Int32Array(n),
      };
    }
    return this.scratch;
  }

  /**
   * Indexes the documents. `tierOf` says where each term goes: 1 for MiniSearch, 2 for
   * precomputed scores, null for terms not indexed at all (they still count in field
   * lengths).
   */
  /** `indexed` is told how many documents are in the index so far, every few thousand. */
  static build(
    documents: readonly TermDocument[],
    tierOf: (term: string) => 1 | 2 | null,
    scoring: Scoring,
    indexed?: (done: number) => void,
  ): TieredIndex {
    indexed?.(0);
    const frequent = TieredIndex.scoreFrequent(documents, tierOf, scoring);
    const rareTerms = new MiniSearch(options((t) => tierOf(t) === 1));
    for (let from = 0; from < documents.length; from += INDEXED_PER_REPORT) {
      rareTerms.addAll(documents.slice(from, from + INDEXED_PER_REPORT));
      indexed?.(Math.min(documents.length, from + INDEXED_PER_REPORT));
    }
    return new TieredIndex(rareTerms, frequent, scoring);
  }

  /**
   * The frequent terms' scores in every passage, by MiniSearch's BM25 (bm25.ts) with
   * its inputs as MiniSearch computes them (field lengths as unique terms, running averages, a
   * field boost of 0 read as 1). A MiniSearch of the frequent terms, asked once per
   * term, gives the same scores (tested), but its thousands of result sets pushed a
   * 50,000-passage build past 600 MB.
   */
  private static scoreFrequent(
    documents: readonly TermDocument[],
    tierOf: (term: string) => 1 | 2 | null,
    scoring: Scoring,
  ): Map<string, TermScores> {
    const n = documents.length;
    const boosts = FIELDS.map((f) => scoring.boost[f] || 1);
    const lengths = FIELDS.map(() => new Float64Array(n));
    const averages = FIELDS.map(() => 0);
    /** Per frequent term, the passages holding it in each field. */
    const matching = new Map<string, number[]>();
    documents.forEach((d, i) => {
      FIELDS.forEach((field, f) => {
        const unique = new Set(d[field] ? d[field].split(" ") : []);
        (lengths[f] as Float64Array)[i] = unique.size;
        averages[f] = ((averages[f] as number) * i + unique.size) / (i + 1);
        for (const t of unique) {
          if (tierOf(t) !== 2) continue;
          let counts = matching.get(t);
          if (!counts) {
            counts = FIELDS.map(() => 0);
            matching.set(t, counts);
          }
          counts[f] = (counts[f] as number) + 1;
        }
      });
    });
    const lists = new Map<string, { ids: number[]; scores: number[] }>();
    documents.forEach((d, i) => {
      const scores = new Map<string, number>();
      FIELDS.forEach((field, f) => {
        const tf = new Map<string, number>();
        for (const t of d[field] ? d[field].split(" ") : []) if (tierOf(t) === 2) tf.set(t, (tf.get(t) ?? 0) + 1);
        for (const [t, freq] of tf) {
          const m = (matching.get(t) as number[])[f] as number;
          const length = (lengths[f] as Float64Array)[i] as number;
          const weight = bm25TermWeight(freq, length, averages[f] as number, scoring.bm25);
          const raw = bm25Idf(n, m) * (scoring.bm25.d + weight);
          scores.set(t, (scores.get(t) ?? 0) + (boosts[f] as number) * raw);
        }
      });
      for (const [t, score] of scores) {
        let list = lists.get(t);
        if (!list) {
          list = { ids: [], scores: [] };
          lists.set(t, list);
        }
        list.ids.push(d.id);
        list.scores.push(score);
      }
    });
    const frequent = new Map<string, TermScores>();
    for (const [t, list] of lists) {
      frequent.set(t, { ids: Int32Array.from(list.ids), scores: Float64Array.from(list.scores) });
    }
    return frequent;
  }

  /** Restores a saved index; throws when it cannot be read. */
  static load(saved: SavedTiers, scoring: Scoring): TieredIndex {
    if (!Array.isArray(saved?.frequent)) throw new Error("not a saved tiered index");
    const rareTerms = MiniSearch.loadJS(
      miniSearchObject(saved.rareTerms),
      options(() => true),
    );
    return new TieredIndex(rareTerms, drainFrequent(frequentSteps(saved)), scoring);
  }

  /**
   * {@link TieredIndex.load} without holding the event loop: MiniSearch loads in batches
   * (its loadJSAsync), and the precomputed scores are decoded a few hundred terms at a
   * time, with `pause` between.
   */
  static async loadAsync(saved: SavedTiers, scoring: Scoring, pause: () => Promise<void>): Promise<TieredIndex> {
    if (!Array.isArray(saved?.frequent)) throw new Error("not a saved tiered index");
    const rareTerms = await MiniSearch.loadJSAsync(
      miniSearchObject(saved.rareTerms),
      options(() => true),
    );
    const steps = frequentSteps(saved);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return new TieredIndex(rareTerms, step.value, scoring);
      await pause();
    }
  }

  /** The saved form, plain data for JSON (chunked-json.ts writes its large arrays a line at a time). */
  toSaved(): SavedTiers {
    // MiniSearch's per-passage objects as lists of entries, so they too are written and
    // read a line at a time (SAVED_INDEX_CHUNKS in passage-index.ts).
    const plain = this.rareTerms.toJSON();
    return {
      rareTerms: {
        ...plain,
        documentIds: Object.entries(plain.documentIds),
        fieldLength: Object.entries(plain.fieldLength),
      },
      frequent: [...this.frequent].map(([term, s]) => [term, toBase64(s.ids), toBase64(s.scores)]),
    };
  }

  /**
   * Passages matching any of the terms, best first (the best `limit` of them), scored as
   * one MiniSearch would; equal scores keep MiniSearch's order, then the passages'.
   */
  search(terms: readonly string[], weight: (term: string) => number, limit = Number.POSITIVE_INFINITY): TierHit[] {
    const rare = terms.filter((t) => !this.frequent.has(t));
    const frequent = terms.filter((t) => this.frequent.has(t));
    const results: SearchResult[] = rare.length
      ? this.rareTerms.search(rare.join(" "), searchOptions(this.scoring, weight))
      : [];
    if (frequent.length === 0) return results.slice(0, limit).map((r) => ({ id: r.id as number, score: r.score }));

    // Per passage: the summed term scores and how many question terms it matched; and
    // MiniSearch's own score for passages no frequent term adds to (kept as is, unrounded).
    let top = 0;
    for (const { ids } of frequent.map((t) => this.frequent.get(t) as TermScores))
      top = Math.max(top, ids[ids.length - 1] ?? 0);
    for (const r of results) top = Math.max(top, r.id as number);
    const { sum, raw, matched, kept, touched } = this.scratchFor(top);
    let count = 0;
    for (const r of results) {
      const id = r.id as number;
      const n = r.queryTerms.length || 1;
      sum[id] = r.score / n;
      matched[id] = n;
      raw[id] = r.score;
      kept[id] = 1;
      touched[count++] = id;
    }
    for (const term of frequent) {
      const { ids, scores } = this.frequent.get(term) as TermScores;
      const w = weight(term);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        if (matched[id] === 0) touched[count++] = id;
        sum[id] = (sum[id] as number) + (scores[i] as number) * w;
        matched[id] = (matched[id] as number) + 1;
        kept[id] = 0;
      }
    }
    const hits = bestOf(
      touched.subarray(0, count),
      (id) => (kept[id] ? (raw[id] as number) : (sum[id] as number) * (matched[id] as number)),
      limit,
    );
    for (const id of touched.subarray(0, count)) {
      sum[id] = 0;
      raw[id] = 0;
      matched[id] = 0;
      kept[id] = 0;
    }
    return hits;
  }
}

/**
 * The `limit` best of `ids` by score, best first, equal scores in the order given: a
 * bounded heap, so a question touching 20,000 passages sorts only the few it returns.
 * The heap is three parallel typed arrays, so a passage that does not make it allocates nothing.
 */
function bestOf(ids: Int32Array, scoreOf: (id: number) => number, limit: number): TierHit[] {
  const size = Math.min(ids.length, Number.isFinite(limit) ? limit : ids.length);
  // A min-heap on (score, then later order first): its root is the weakest kept.
  const heapId = new Int32Array(size);
  const heapScore = new Float64Array(size);
  const heapOrder = new Int32Array(size);
  let length = 0;
  const weaker = (i: number, j: number) =>
    (heapScore[i] as number) < (heapScore[j] as number) ||
    (heapScore[i] === heapScore[j] && (heapOrder[i] as number) > (heapOrder[j] as number));
  const swap = (i: number, j: number) => {
    const id = heapId[i] as number;
    const score = heapScore[i] as number;
    const order = heapOrder[i] as number;
    heapId[i] = heapId[j] as number;
    heapScore[i] = heapScore[j] as number;
    heapOrder[i] = heapOrder[j] as number;
    heapId[j] = id;
    heapScore[j] = score;
    heapOrder[j] = order;
  };
  for (let order = 0; order < ids.length; order++) {
    const id = ids[order] as number;
    const score = scoreOf(id);
    if (length < size) {
      let i = length++;
      heapId[i] = id;
      heapScore[i] = score;
      heapOrder[i] = order;
      while (i > 0 && weaker(i, (i - 1) >> 1)) {
        swap(i, (i - 1) >> 1);
        i = (i - 1) >> 1;
      }
      continue;
    }
    // Later orders lose ties, so only a higher score displaces the weakest kept.
    if (size === 0 || score <= (heapScore[0] as number)) continue;
    heapId[0] = id;
    heapScore[0] = score;
    heapOrder[0] = order;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < length && weaker(l, m)) m = l;
      if (r < length && weaker(r, m)) m = r;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
  }
  const out: { id: number; score: number; order: number }[] = [];
  for (let k = 0; k < length; k++)
    out.push({ id: heapId[k] as number, score: heapScore[k] as number, order: heapOrder[k] as number });
  return out.sort((a, b) => b.score - a.score || a.order - b.order).map(({ id, score }) => ({ id, score }));
}

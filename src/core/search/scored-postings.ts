/**
 * The built index's postings with their scores: for every indexed term, the passages
 * holding it and the term's score in each, worked out once at build time with
 * MiniSearch's BM25 and the inputs MiniSearch would use (bm25.ts). A question adds up
 * the scores of its terms' postings.
 *
 * Why not MiniSearch's own index: it scores every posting of every term asked and keeps
 * each term's postings as maps of maps. At 520,000 passages, restoring those maps from a
 * saved index took 2.3 s of the 11 s start-up and most of the 5 s of garbage collection,
 * and held most of the 3 GB serving heap; its index was 25 s of a 150 s build. Here all
 * postings are three typed arrays, saved as base64 and read back at memory speed.
 *
 * Scores equal those of one MiniSearch over the same analysed fields, up to rounding
 * (the tests compare them with a real MiniSearch): BM25 scores each term from its own
 * postings per field, field lengths count unique terms (terms left out of the postings
 * too), averages are MiniSearch's running ones, a term's weight multiplies its score,
 * and a passage's summed score is multiplied by the number of question terms it matched.
 */
import { drain } from "../centrality/centrality.js";
import { fromPieces, toPieces } from "../typed-pieces.js";
import { bm25Idf, bm25TermWeight } from "./bm25.js";
import { TermMap } from "./term-map.js";

export const FIELDS = ["title", "section", "text"] as const;

/** A passage's analysed terms per field, joined by spaces (passages added after a build). */
export interface TermDocument {
  readonly id: number;
  readonly title: string;
  readonly section: string;
  readonly text: string;
}

/** How terms are scored: fixed when the index is built, since the scores are precomputed. */
export interface Scoring {
  readonly boost: Readonly<Record<(typeof FIELDS)[number], number>>;
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
}

export interface PostingHit {
  readonly id: number;
  readonly score: number;
}

/**
 * What a build reads: the passages' fields as ids into `terms` (repeats kept, in any
 * order). Passage `i` has id `i`. A passage's title and section arrays may be shared
 * with other passages'.
 */
export interface PostingsInput {
  readonly terms: readonly string[];
  /** Per field (FIELDS order), per passage, the term ids. */
  readonly fields: readonly (readonly Int32Array[])[];
  /** Terms counted in field lengths but given no postings (common terms; see passage-index.ts). */
  readonly unindexed: Uint8Array;
}

/** What a build learns about the fields on the way, for scoring passages added later. */
export interface FieldCounts {
  /** Per field, per term id, the passages holding the term in that field. */
  readonly documentFrequency: readonly Int32Array[];
  /** Per field, the unique-term lengths summed over the passages. */
  readonly uniqueLengthTotal: readonly number[];
}

/**
 * The saved form: the terms, and the postings' offsets, passage ids and scores as the
 * bytes of an Int32Array, an Int32Array and a Float64Array, in base64 pieces (typed-pieces.ts).
 */
export interface SavedPostings {
  terms: string[];
  /** Term `i`'s postings are at `starts[i]` up to `starts[i + 1]`. */
  starts: string[];
  ids: string[];
  scores: string[];
}

/** Passages scored between progress reports. */
const SCORED_PER_REPORT = 5000;
/** Terms put in a map between yields when loading (10,000 are about 4 ms, but a map growing past a power of two copies itself in one step). */
export const TERMS_PER_STEP = 10_000;

export class ScoredPostings {
  private constructor(
    /** Every term of the build, indexed or not: the saved document frequencies follow its order. */
    readonly terms: readonly string[],
    private readonly starts: Int32Array,
    private readonly ids: Int32Array,
    private readonly scores: Float64Array,
    /** Passages the postings were built over: ids run from 0 below it. */
    private readonly passages: number,
    /** Term → its slot in {@link starts}, for the terms that have postings. */
    private readonly slots: TermMap<number>,
  ) {}

  /** The slots of the terms with postings, yielding every {@link TERMS_PER_STEP} terms. */
  private static slotSteps(terms: readonly string[], starts: Int32Array): Generator<void, TermMap<number>> {
    return TermMap.fillSteps(terms, (i) => (starts[i + 1] !== starts[i] ? i : undefined), TERMS_PER_STEP);
  }

  /**
   * Scratch space for adding up a question's scores, one slot a passage, kept between
   * questions: Maps of thousands of entries a question were a quarter of the answer
   * path's time and much of its garbage. JavaScript runs one question at a time, so one
   * set serves all.
   */
  private scratch: { sum: Float64Array; matched: Uint16Array; touched: Int32Array } | null = null;

  private scratchSpace() {
    if (!this.scratch) {
      const n = Math.max(1, this.passages);
      // Each passage is touched once per search, so n is always room enough.
      this.scratch = { sum: new Float64Array(n), matched: new Uint16Array(n), touched: new Int32Array(n) };
    }
    return this.scratch;
  }

  /**
   * Scores every indexed term in every passage (two passes over the term ids, typed
   * arrays throughout: no map or string is made per posting).
   */
  static build(
    input: PostingsInput,
    scoring: Scoring,
    /** Told how many passages are scored so far, every few thousand. */
    scored?: (done: number) => void,
  ): { postings: ScoredPostings; counts: FieldCounts } {
    const termCount = input.terms.length;
    const fields = input.fields;
    const n = fields[0]?.length ?? 0;
    const boosts = FIELDS.map((f) => scoring.boost[f] || 1);
    const documentFrequency = FIELDS.map(() => new Int32Array(termCount));
    const uniqueLength = FIELDS.map(() => new Int32Array(n));
    const uniqueLengthTotal = FIELDS.map(() => 0);
    const averages = FIELDS.map(() => 0);
    /** Per term, the last passage × field (and passage) it was counted for. */
    const seenInField = new Int32Array(termCount).fill(-1);
    const seenInPassage = new Int32Array(termCount).fill(-1);
    const postingCount = new Int32Array(termCount);

    for (let id = 0; id < n; id++) {
      for (let f = 0; f < FIELDS.length; f++) {
        const terms = (fields[f] as readonly Int32Array[])[id] as Int32Array;
        const df = documentFrequency[f] as Int32Array;
        const stamp = id * FIELDS.length + f;
        let unique = 0;
        for (let i = 0; i < terms.length; i++) {
          const t = terms[i] as number;
          if (seenInField[t] === stamp) continue;
          seenInField[t] = stamp;
          unique++;
          df[t] = (df[t] as number) + 1;
          if (input.unindexed[t] || seenInPassage[t] === id) continue;
          seenInPassage[t] = id;
          postingCount[t] = (postingCount[t] as number) + 1;
        }
        (uniqueLength[f] as Int32Array)[id] = unique;
        uniqueLengthTotal[f] = (uniqueLengthTotal[f] as number) + unique;
        // MiniSearch keeps a running average, not total ÷ count: the same rounding here.
        averages[f] = ((averages[f] as number) * id + unique) / (id + 1);
      }
    }

    const starts = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) starts[t + 1] = (starts[t] as number) + (postingCount[t] as number);
    const total = starts[termCount] as number;
    const ids = new Int32Array(total);
    const scores = new Float64Array(total);
    const next = starts.slice(0, termCount);
    const frequency = FIELDS.map(() => new Int32Array(termCount));
    const touched = new Int32Array(termCount);
    for (let id = 0; id < n; id++) {
      if (scored && id % SCORED_PER_REPORT === 0) scored(id);
      let count = 0;
      for (let f = 0; f < FIELDS.length; f++) {
        const terms = (fields[f] as readonly Int32Array[])[id] as Int32Array;
        const freq = frequency[f] as Int32Array;
        for (let i = 0; i < terms.length; i++) {
          const t = terms[i] as number;
          if (input.unindexed[t]) continue;
          if (seenInPassage[t] !== -2 - id) {
            seenInPassage[t] = -2 - id;
            touched[count++] = t;
          }
          freq[t] = (freq[t] as number) + 1;
        }
      }
      for (let k = 0; k < count; k++) {
        const t = touched[k] as number;
        let score = 0;
        for (let f = 0; f < FIELDS.length; f++) {
          const freq = frequency[f] as Int32Array;
          const occurrences = freq[t] as number;
          if (occurrences === 0) continue;
          freq[t] = 0;
          const weight = bm25TermWeight(
            occurrences,
            (uniqueLength[f] as Int32Array)[id] as number,
            averages[f] as number,
            scoring.bm25,
          );
          const raw = bm25Idf(n, (documentFrequency[f] as Int32Array)[t] as number) * (scoring.bm25.d + weight);
          score += (boosts[f] as number) * raw;
        }
        const at = next[t] as number;
        next[t] = at + 1;
        ids[at] = id;
        scores[at] = score;
      }
    }
    scored?.(n);
    const slots = drain(ScoredPostings.slotSteps(input.terms, starts));
    return {
      postings: new ScoredPostings(input.terms, starts, ids, scores, n, slots),
      counts: { documentFrequency, uniqueLengthTotal },
    };
  }

  /** Restores saved postings built over `passages` passages; throws when they cannot be read. */
  static load(saved: SavedPostings, passages: number): ScoredPostings {
    return drain(ScoredPostings.loadSteps(saved, passages));
  }

  /** {@link ScoredPostings.load} in steps of a few dozen base64 pieces or {@link TERMS_PER_STEP} terms. */
  static *loadSteps(saved: SavedPostings, passages: number): Generator<void, ScoredPostings> {
    if (!saved || !Array.isArray(saved.terms)) throw new Error("not saved postings");
    const starts = new Int32Array(yield* fromPieces(saved.starts, 4));
    yield;
    const ids = new Int32Array(yield* fromPieces(saved.ids, 4));
    yield;
    const scores = new Float64Array(yield* fromPieces(saved.scores, 8));
    yield;
    const terms = saved.terms;
    if (starts.length !== terms.length + 1 || starts[0] !== 0 || starts[terms.length] !== ids.length) {
      throw new Error("damaged postings");
    }
    if (scores.length !== ids.length) throw new Error("damaged postings");
    for (let i = 0; i < terms.length; i++) {
      if ((starts[i + 1] as number) < (starts[i] as number)) throw new Error("damaged postings");
    }
    const slots = yield* ScoredPostings.slotSteps(terms, starts);
    return new ScoredPostings(terms, starts, ids, scores, passages, slots);
  }

  /** The saved form, plain data for JSON (chunked-json.ts writes its arrays a line at a time). */
  toSaved(): SavedPostings {
    return {
      terms: [...this.terms],
      starts: toPieces(this.starts),
      ids: toPieces(this.ids),
      scores: toPieces(this.scores),
    };
  }

  /**
   * Passages matching any of the terms, best first (the best `limit` of them), scored as
   * one MiniSearch would; equal scores in the order first matched (by term, then passage).
   */
  search(terms: readonly string[], weight: (term: string) => number, limit = Number.POSITIVE_INFINITY): PostingHit[] {
    const { sum, matched, touched } = this.scratchSpace();
    let count = 0;
    for (const term of terms) {
      const slot = this.slots.get(term);
      if (slot === undefined) continue;
      const w = weight(term);
      const end = this.starts[slot + 1] as number;
      for (let i = this.starts[slot] as number; i < end; i++) {
        const id = this.ids[i] as number;
        if (matched[id] === 0) touched[count++] = id;
        sum[id] = (sum[id] as number) + (this.scores[i] as number) * w;
        matched[id] = (matched[id] as number) + 1;
      }
    }
    const chosen = touched.subarray(0, count);
    const hits = bestOf(chosen, (id) => (sum[id] as number) * (matched[id] as number), limit);
    for (const id of chosen) {
      sum[id] = 0;
      matched[id] = 0;
    }
    return hits;
  }
}

/**
 * The `limit` best of `ids` by score, best first, equal scores in the order given: a
 * bounded heap, so a question touching 20,000 passages sorts only the few it returns.
 * The heap is three parallel typed arrays, so a passage that does not make it allocates nothing.
 */
function bestOf(ids: Int32Array, scoreOf: (id: number) => number, limit: number): PostingHit[] {
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

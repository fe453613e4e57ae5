/**
 * Sentence centrality, LexRank-style: sentences are TF-IDF vectors over the analyzer's
 * terms, linked by cosine similarity; a sentence is central when it is similar to many
 * sentences that are themselves central (PageRank over the similarity graph).
 */

/** Builds unit-length TF-IDF vectors; IDF is computed over the given sentences. */
export function tfidfVectors(termLists: readonly (readonly string[])[]): Map<string, number>[] {
  return drain(tfidfVectorSteps(termLists));
}

/** {@link tfidfVectors} a hundred sentences a step. */
export function* tfidfVectorSteps(termLists: readonly (readonly string[])[]): Generator<void, Map<string, number>[]> {
  const n = termLists.length;
  const df = new Map<string, number>();
  for (const [i, terms] of termLists.entries()) {
    for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    if (i % 100 === 99) yield;
  }
  const vectors: Map<string, number>[] = [];
  for (const terms of termLists) {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, f] of tf) {
      const w = (1 + Math.log(f)) * Math.log((n + 1) / ((df.get(t) ?? 0) + 0.5));
      if (w <= 0) continue;
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
    vectors.push(v);
    if (vectors.length % 100 === 0) yield;
  }
  return vectors;
}

/**
 * The similarity graph: each linked pair of sentences once, as flat lists of numbers
 * rather than a map per sentence (a 1,500-sentence thread has hundreds of thousands of
 * links, and maps of them cost 10-15 ms garbage-collection pauses).
 */
export interface SimilarityGraph {
  readonly size: number;
  /** The pairs' ends, two numbers a pair: i then j, with i < j. */
  readonly ends: readonly number[];
  /** Each pair's cosine similarity. */
  readonly weights: readonly number[];
}

/**
 * Cosine similarities between all pairs that share a term, through an inverted index,
 * so a thread of thousands of sentences costs what its shared terms cost. Keeps the
 * pairs with similarity at least `threshold`.
 */
export function similarities(vectors: readonly ReadonlyMap<string, number>[], threshold: number): SimilarityGraph {
  return drain(similaritySteps(vectors, threshold));
}

/**
 * {@link similarities} in steps of about `pairsPerStep` pairs, so a long thread never
 * holds an event loop. One sentence's dot products at a time are added up in a dense
 * scratch row, and only the pairs above the threshold are kept.
 */
export function* similaritySteps(
  vectors: readonly ReadonlyMap<string, number>[],
  threshold: number,
  pairsPerStep = 5_000,
): Generator<void, SimilarityGraph> {
  const n = vectors.length;
  // Per term, the sentences that have it (ascending) and their weights; `at` walks the list
  // as the rows do, so the entries after it are the later sentences.
  const postings = new Map<string, { ids: number[]; weights: number[]; at: number }>();
  vectors.forEach((v, i) => {
    for (const [t, w] of v) {
      let list = postings.get(t);
      if (!list) {
        list = { ids: [], weights: [], at: 0 };
        postings.set(t, list);
      }
      list.ids.push(i);
      list.weights.push(w);
    }
  });
  const ends: number[] = [];
  const weights: number[] = [];
  const row = new Float64Array(n);
  const touched: number[] = [];
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (const [t, wi] of vectors[i] as ReadonlyMap<string, number>) {
      const list = postings.get(t) as { ids: number[]; weights: number[]; at: number };
      const from = ++list.at; // this sentence's own entry is the one before
      for (let k = from; k < list.ids.length; k++) {
        const j = list.ids[k] as number;
        if (row[j] === 0) touched.push(j);
        row[j] = (row[j] as number) + wi * (list.weights[k] as number);
      }
      pairs += list.ids.length - from;
    }
    for (const j of touched) {
      const sim = row[j] as number;
      row[j] = 0;
      if (sim < threshold) continue;
      ends.push(i, j);
      weights.push(sim);
    }
    touched.length = 0;
    if (pairs >= pairsPerStep) {
      pairs = 0;
      yield;
    }
  }
  return { size: n, ends, weights };
}

/** Pairs of the similarity graph visited per step of {@link lexRankSteps}. */
const PAIRS_PER_STEP = 20_000;

/** PageRank over the weighted similarity graph; scores sum to 1. */
export function lexRank(graph: SimilarityGraph, damping = 0.85, iterations = 50): number[] {
  return drain(lexRankSteps(graph, damping, iterations));
}

/** {@link lexRank} in steps of {@link PAIRS_PER_STEP} pairs. */
export function* lexRankSteps(graph: SimilarityGraph, damping = 0.85, iterations = 50): Generator<void, number[]> {
  const { size: n, ends, weights } = graph;
  if (n === 0) return [];
  const outWeight = new Float64Array(n);
  for (let e = 0; e < weights.length; e++) {
    const w = weights[e] as number;
    const i = ends[2 * e] as number;
    const j = ends[2 * e + 1] as number;
    outWeight[i] = (outWeight[i] as number) + w;
    outWeight[j] = (outWeight[j] as number) + w;
  }
  yield;
  let scores = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    // A sentence passes its score along its links in proportion to their weight.
    const share = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const total = outWeight[i] as number;
      if (total === 0) dangling += scores[i] as number;
      else share[i] = (damping * (scores[i] as number)) / total;
    }
    // Sentences with no neighbours share their score with everyone, as in PageRank.
    const next = new Float64Array(n).fill((1 - damping) / n + (damping * dangling) / n);
    for (let e = 0; e < weights.length; e++) {
      const i = ends[2 * e] as number;
      const j = ends[2 * e + 1] as number;
      const w = weights[e] as number;
      next[j] = (next[j] as number) + (share[i] as number) * w;
      next[i] = (next[i] as number) + (share[j] as number) * w;
      if (e % PAIRS_PER_STEP === PAIRS_PER_STEP - 1) yield;
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs((next[i] as number) - (scores[i] as number));
    scores = next;
    if (delta < 1e-6) break;
    yield;
  }
  return [...scores];
}

/** Runs a stepwise computation to its end, for callers with nothing else to do meanwhile. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Cosine similarity of two unit-length vectors. */
export function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  return dot;
}

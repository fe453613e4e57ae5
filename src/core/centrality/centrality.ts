/**
 * Sentence centrality, LexRank-style: sentences are TF-IDF vectors over the analyzer's
 * terms, linked by cosine similarity; a sentence is central when it is similar to many
 * sentences that are themselves central (PageRank over the similarity graph).
 */

/** Builds unit-length TF-IDF vectors; IDF is computed over the given sentences. */
export function tfidfVectors(termLists: readonly (readonly string[])[]): Map<string, number>[] {
  const n = termLists.length;
  const df = new Map<string, number>();
  for (const terms of termLists) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  return termLists.map((terms) => {
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
    return v;
  });
}

/**
 * Cosine similarities between all pairs that share a term, through an inverted index,
 * so a thread of thousands of sentences costs what its shared terms cost.
 * Returns, per sentence, its neighbours with similarity at least `threshold`.
 */
export function similarities(
  vectors: readonly ReadonlyMap<string, number>[],
  threshold: number,
): Map<number, number>[] {
  return drain(similaritySteps(vectors, threshold));
}

/** {@link similarities} in steps of about `pairsPerStep` pairs, so a long thread never holds an event loop. */
export function* similaritySteps(
  vectors: readonly ReadonlyMap<string, number>[],
  threshold: number,
  pairsPerStep = 20_000,
): Generator<void, Map<number, number>[]> {
  let pairs = 0;
  const postings = new Map<string, [number, number][]>();
  vectors.forEach((v, i) => {
    for (const [t, w] of v) {
      const list = postings.get(t) ?? [];
      list.push([i, w]);
      postings.set(t, list);
    }
  });
  const dots: Map<number, number>[] = vectors.map(() => new Map());
  for (const list of postings.values()) {
    for (let a = 0; a < list.length; a++) {
      const [i, wi] = list[a] as [number, number];
      for (let b = a + 1; b < list.length; b++) {
        const [j, wj] = list[b] as [number, number];
        const row = dots[i] as Map<number, number>;
        row.set(j, (row.get(j) ?? 0) + wi * wj);
      }
      pairs += list.length - a - 1;
      if (pairs >= pairsPerStep) {
        pairs = 0;
        yield;
      }
    }
  }
  const sims: Map<number, number>[] = vectors.map(() => new Map());
  for (const [i, row] of dots.entries()) {
    for (const [j, s] of row) {
      if (s < threshold) continue;
      (sims[i] as Map<number, number>).set(j, s);
      (sims[j] as Map<number, number>).set(i, s);
    }
    pairs += row.size;
    if (pairs >= pairsPerStep) {
      pairs = 0;
      yield;
    }
  }
  return sims;
}

/** Edges of the similarity graph visited per step of {@link lexRankSteps}. */
const EDGES_PER_STEP = 100_000;

/** PageRank over the weighted similarity graph; scores sum to 1. */
export function lexRank(sims: readonly ReadonlyMap<number, number>[], damping = 0.85, iterations = 50): number[] {
  return drain(lexRankSteps(sims, damping, iterations));
}

/** {@link lexRank} a step per iteration. */
export function* lexRankSteps(
  sims: readonly ReadonlyMap<number, number>[],
  damping = 0.85,
  iterations = 50,
): Generator<void, number[]> {
  const n = sims.length;
  if (n === 0) return [];
  const outWeight = sims.map((row) => [...row.values()].reduce((a, b) => a + b, 0));
  let scores = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    let dangling = 0;
    let edges = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i] as number;
      const total = outWeight[i] as number;
      if (total === 0) {
        dangling += s;
        continue;
      }
      const row = sims[i] as ReadonlyMap<number, number>;
      for (const [j, w] of row) next[j] = (next[j] as number) + (damping * s * w) / total;
      edges += row.size;
      if (edges >= EDGES_PER_STEP) {
        edges = 0;
        yield;
      }
    }
    // Sentences with no neighbours share their score with everyone, as in PageRank.
    for (let i = 0; i < n; i++) next[i] = (next[i] as number) + (damping * dangling) / n;
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs((next[i] as number) - (scores[i] as number));
    scores = next;
    if (delta < 1e-6) break;
    yield;
  }
  return scores;
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

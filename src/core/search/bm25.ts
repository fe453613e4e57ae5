/**
 * The two parts of BM25, written as MiniSearch writes them (same operations in the same
 * order), so that scores worked out here equal MiniSearch's to the last bit.
 */

/** How rare a term is among `n` documents when `df` of them contain it. */
export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** How much `freq` occurrences count in a field of `length` terms, against the average length. */
export function bm25TermWeight(
  freq: number,
  length: number,
  averageLength: number,
  params: { readonly k: number; readonly b: number },
): number {
  const { k, b } = params;
  return (freq * (k + 1)) / (freq + k * (1 - b + (b * length) / averageLength));
}

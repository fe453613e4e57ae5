/**
 * A map from terms in shards, which can be filled a shard at a time. A JavaScript Map
 * copies itself whole each time it grows past a power of two: at 262,144 terms of a
 * 500,000-passage vocabulary one `set` held the event loop 74 ms, longer than a turn may
 * last while the app serves. Shards filled one after another ({@link TermMap.fillSteps})
 * each copy at most a sixteenth of that, in different steps.
 */
const SHARDS = 16;

export class TermMap<V> implements Iterable<[string, V]> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());

  /** A cheap spread over the shards: the length and a few characters at either end. */
  private shardIndex(term: string): number {
    const n = term.length;
    const h = n * 7 + term.charCodeAt(0) + 3 * term.charCodeAt(n >> 1) + 5 * term.charCodeAt(n - 1);
    return (h | 0) & (SHARDS - 1);
  }

  private shard(term: string): Map<string, V> {
    return this.shards[this.shardIndex(term)] as Map<string, V>;
  }

  /**
   * A map of `terms[i]` to `valueAt(i)` for each i it is not undefined for, filled a shard
   * at a time, yielding every `perStep` terms looked at. (Filled in the terms' order, the
   * shards would all grow past the same power of two in the same step.)
   */
  static *fillSteps<V>(
    terms: readonly string[],
    valueAt: (i: number) => V | undefined,
    perStep: number,
  ): Generator<void, TermMap<V>> {
    const map = new TermMap<V>();
    const shardOf = new Uint8Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      shardOf[i] = map.shardIndex(terms[i] as string);
      if ((i + 1) % perStep === 0) yield;
    }
    for (let s = 0; s < SHARDS; s++) {
      const shard = map.shards[s] as Map<string, V>;
      // Skipping another shard's term costs little: a step looks at several times more.
      for (let i = 0, looked = 0; i < terms.length; i++) {
        if (shardOf[i] !== s) continue;
        const v = valueAt(i);
        if (v !== undefined) shard.set(terms[i] as string, v);
        if (++looked % perStep === 0) yield;
      }
      yield;
    }
    return map;
  }

  get(term: string): V | undefined {
    return this.shard(term).get(term);
  }

  has(term: string): boolean {
    return this.shard(term).has(term);
  }

  set(term: string, value: V): this {
    this.shard(term).set(term, value);
    return this;
  }

  get size(): number {
    let n = 0;
    for (const s of this.shards) n += s.size;
    return n;
  }

  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (const s of this.shards) yield* s;
  }
}

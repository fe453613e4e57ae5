/**
 * The passages added since an index was built, scored at question time as the built
 * index would score them, so that an article saved to a 50,000-passage corpus is
 * answerable without rebuilding the rest (see PassageIndex.withChanges).
 *
 * A delta is small (a few articles), so it keeps each passage's term counts per field
 * and scores by going through them: BM25 as MiniSearch computes it (bm25.ts), with the
 * whole corpus's statistics passed in (passage count, each field's average length and
 * document frequency), so a term new to the corpus and a term found everywhere weigh
 * what they would after a rebuild. The built passages keep the scores they were built
 * with: when the delta is a small share of the corpus the two differ by about that share.
 */
import { bm25Idf, bm25TermWeight } from "./bm25.js";
import { FIELDS, type Scoring, type TermDocument } from "./scored-postings.js";

/** What scoring needs to know about the whole corpus. */
export interface CorpusStats {
  readonly passages: number;
  /** Each field's average length in unique terms, in FIELDS order. */
  readonly averageLength: readonly number[];
  /** Passages holding `term` in field `f` (index into FIELDS). */
  fieldFrequency(term: string, f: number): number;
}

interface DeltaPassage {
  readonly id: number;
  /** Per field: term → occurrences. */
  readonly counts: readonly Map<string, number>[];
  /** Per field: unique terms. */
  readonly lengths: readonly number[];
  /** The text's terms, repeats counted. */
  readonly textLength: number;
}

export class DeltaIndex {
  /** Per field: term → delta passages holding it. */
  private readonly frequency: Map<string, number>[];
  /** Term → delta passages holding it in any field. */
  private readonly postings = new Map<string, DeltaPassage[]>();

  private constructor(private readonly passages: readonly DeltaPassage[]) {
    this.frequency = FIELDS.map(() => new Map<string, number>());
    for (const p of passages) {
      const seen = new Set<string>();
      p.counts.forEach((counts, f) => {
        for (const t of counts.keys()) {
          const m = this.frequency[f] as Map<string, number>;
          m.set(t, (m.get(t) ?? 0) + 1);
          if (seen.has(t)) continue;
          seen.add(t);
          const list = this.postings.get(t) ?? [];
          list.push(p);
          this.postings.set(t, list);
        }
      });
    }
  }

  static build(documents: readonly TermDocument[]): DeltaIndex {
    return new DeltaIndex(
      documents.map((d) => {
        const counts = FIELDS.map((field) => {
          const m = new Map<string, number>();
          for (const t of d[field] ? d[field].split(" ") : []) m.set(t, (m.get(t) ?? 0) + 1);
          return m;
        });
        const textLength = d.text ? d.text.split(" ").length : 0;
        return { id: d.id, counts, lengths: counts.map((m) => m.size), textLength };
      }),
    );
  }

  /** This delta with more passages. */
  with(documents: readonly TermDocument[]): DeltaIndex {
    return new DeltaIndex([...this.passages, ...DeltaIndex.build(documents).passages]);
  }

  /** The passages holding `term` in their text: how often, and the text's length in terms. */
  textOccurrences(term: string): { id: number; freq: number; length: number }[] {
    const f = FIELDS.indexOf("text");
    const out: { id: number; freq: number; length: number }[] = [];
    for (const p of this.postings.get(term) ?? []) {
      const freq = (p.counts[f] as Map<string, number>).get(term);
      if (freq) out.push({ id: p.id, freq, length: p.textLength });
    }
    return out;
  }

  get size(): number {
    return this.passages.length;
  }

  /** Delta passages holding `term` in field `f`. */
  fieldFrequency(term: string, f: number): number {
    return (this.frequency[f] as Map<string, number>).get(term) ?? 0;
  }

  /** Delta passages holding `term` in their text (the field document frequency counts). */
  textFrequency(term: string): number {
    return this.fieldFrequency(term, FIELDS.indexOf("text"));
  }

  /** Each field's unique-term lengths summed, for the corpus's averages. */
  lengthTotals(): number[] {
    return FIELDS.map((_, f) => this.passages.reduce((n, p) => n + (p.lengths[f] as number), 0));
  }

  vocabulary(): IterableIterator<string> {
    return this.postings.keys();
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * The delta passages matching any of the terms, scored as MiniSearch scores: per term
   * and field, boost × term weight × BM25; summed, then multiplied by the number of
   * question terms matched.
   */
  search(
    terms: readonly string[],
    weight: (term: string) => number,
    stats: CorpusStats,
    scoring: Scoring,
  ): { id: number; score: number }[] {
    const sum = new Map<number, number>();
    const matched = new Map<number, number>();
    const boosts = FIELDS.map((f) => scoring.boost[f] || 1);
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const w = weight(term);
      for (const p of list) {
        let score = 0;
        p.counts.forEach((counts, f) => {
          const freq = counts.get(term);
          if (!freq) return;
          const idf = bm25Idf(stats.passages, Math.max(1, stats.fieldFrequency(term, f)));
          const tf = bm25TermWeight(
            freq,
            p.lengths[f] as number,
            (stats.averageLength[f] as number) || 1,
            scoring.bm25,
          );
          score += (boosts[f] as number) * idf * (scoring.bm25.d + tf);
        });
        sum.set(p.id, (sum.get(p.id) ?? 0) + w * score);
        matched.set(p.id, (matched.get(p.id) ?? 0) + 1);
      }
    }
    return [...sum].map(([id, s]) => ({ id, score: s * (matched.get(id) as number) }));
  }
}

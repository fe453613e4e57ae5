/**
 * MiniSearch in two tiers, split by term: rarer terms in the first, more frequent ones
 * in the second. A saved index loads its first tier at once and keeps the second as
 * text until a question needs it or the warm-up after start-up loads it.
 *
 * Why: loading MiniSearch costs in proportion to its postings, and the few hundred
 * terms found in 1–5% of passages hold most of them (at 50,000 passages, 476,000 of
 * 774,000 text postings). Questions are mostly decided by rarer words, so a restart is
 * ready once those are loaded.
 *
 * Scores are exactly those of one MiniSearch over both tiers: each tier indexes all
 * passages, so document counts and field lengths are the same (a term a tier leaves
 * out still counts in the field's length), and BM25 scores each term from its own
 * postings. MiniSearch multiplies a passage's summed score by the number of question
 * terms it matched; combining tiers undoes that per tier and applies it to the union.
 */
import MiniSearch, { type SearchResult } from "minisearch";
import { asciiJson } from "../ascii-json.js";

export const FIELDS = ["title", "section", "text"] as const;

/** A passage's analysed terms per field, joined by spaces. */
export interface TermDocument {
  readonly id: number;
  readonly title: string;
  readonly section: string;
  readonly text: string;
}

export interface TierSearch {
  readonly boost: Readonly<Record<(typeof FIELDS)[number], number>>;
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /** Weight of each term (typo corrections count less). */
  readonly weight: (term: string) => number;
}

export interface TierHit {
  readonly id: number;
  readonly score: number;
}

/** The saved form: the first tier as MiniSearch's plain object, the second as its JSON text. */
export interface SavedTiers {
  first: unknown;
  second: string;
}

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

export class TieredMiniSearch {
  private second: MiniSearch | null;
  private secondSaved: string | null;

  private constructor(
    private readonly first: MiniSearch,
    second: MiniSearch | string,
    /** Which tier a term is in: 1 or 2. */
    private readonly tierOf: (term: string) => 1 | 2,
  ) {
    this.second = typeof second === "string" ? null : second;
    this.secondSaved = typeof second === "string" ? second : null;
  }

  /**
   * Indexes the documents; `tierOf` says where each term goes, or null for terms not
   * indexed at all (they still count in field lengths).
   */
  static build(documents: Iterable<TermDocument>, tierOf: (term: string) => 1 | 2 | null): TieredMiniSearch {
    const first = new MiniSearch(options((t) => tierOf(t) === 1));
    const second = new MiniSearch(options((t) => tierOf(t) === 2));
    for (const d of documents) {
      first.add(d);
      second.add(d);
    }
    return new TieredMiniSearch(first, second, (t) => (tierOf(t) === 2 ? 2 : 1));
  }

  /** Restores a saved index; throws when it cannot be read. */
  static load(saved: SavedTiers, tierOf: (term: string) => 1 | 2): TieredMiniSearch {
    if (typeof saved?.second !== "string") throw new Error("not a saved tiered index");
    const first = MiniSearch.loadJS(
      saved.first as Parameters<typeof MiniSearch.loadJS>[0],
      options(() => true),
    );
    return new TieredMiniSearch(first, saved.second, tierOf);
  }

  /**
   * The saved form as JSON text (a {@link SavedTiers}), one tier at a time, so that the
   * two tiers never exist as plain objects at once.
   */
  serialize(): string {
    const second = asciiJson(this.secondSaved ?? asciiJson(this.loadSecond()));
    return `{"first":${asciiJson(this.first)},"second":${second}}`;
  }

  /** Whether the second tier is in memory yet. */
  get warm(): boolean {
    return this.second !== null;
  }

  /** Loads the second tier if it is not yet (hundreds of milliseconds at 50,000 passages). */
  loadSecond(): MiniSearch {
    if (!this.second) {
      this.second = MiniSearch.loadJSON(
        this.secondSaved ?? "",
        options(() => true),
      );
      this.secondSaved = null;
    }
    return this.second;
  }

  /** Passages matching any of the terms, best first, scored as one MiniSearch would. */
  search(terms: readonly string[], how: TierSearch): TierHit[] {
    const byTier: [string[], string[]] = [[], []];
    for (const t of terms) (this.tierOf(t) === 1 ? byTier[0] : byTier[1]).push(t);
    const searchOptions = {
      tokenize: (s: string) => s.split(" "),
      processTerm: (t: string) => t,
      boost: { ...how.boost },
      bm25: { ...how.bm25 },
      combineWith: "OR" as const,
      prefix: false,
      fuzzy: false,
      boostTerm: how.weight,
    };
    const results: SearchResult[][] = [];
    if (byTier[0].length) results.push(this.first.search(byTier[0].join(" "), searchOptions));
    if (byTier[1].length) results.push(this.loadSecond().search(byTier[1].join(" "), searchOptions));
    if (results.length === 1)
      return (results[0] as SearchResult[]).map((r) => ({ id: r.id as number, score: r.score }));

    const combined = new Map<number, { score: number; sum: number; terms: Set<string>; parts: number }>();
    for (const r of results.flat()) {
      const matched = r.queryTerms.length || 1;
      const entry = combined.get(r.id) ?? { score: 0, sum: 0, terms: new Set<string>(), parts: 0 };
      entry.score = r.score;
      entry.sum += r.score / matched;
      for (const t of r.queryTerms) entry.terms.add(t);
      entry.parts++;
      combined.set(r.id, entry);
    }
    return [...combined]
      .map(([id, e]) => ({ id, score: e.parts === 1 ? e.score : e.sum * (e.terms.size || 1) }))
      .sort((a, b) => b.score - a.score);
  }
}

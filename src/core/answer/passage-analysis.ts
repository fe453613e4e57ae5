/**
 * Passages analysed once and remembered: answering re-reads the same popular passages
 * for many questions, and tokenizing their sentences was most of the cost of an answer.
 * Bounded (least recently used goes first), so a large corpus never holds all of them.
 */
import { LRUCache } from "lru-cache";
import type { Analyzer, Token } from "../search/analyzer.js";
import type { Passage } from "../types.js";

export interface AnalyzedSentence {
  readonly text: string;
  readonly tokens: readonly Token[];
}

export interface AnalyzedPassage {
  readonly sentences: readonly AnalyzedSentence[];
  /** Terms of the passage's section heading and label. */
  readonly headingTerms: readonly string[];
  /** Every term of the passage text. */
  readonly terms: ReadonlySet<string>;
}

export class PassageAnalysis {
  private readonly cache: LRUCache<number, AnalyzedPassage>;

  constructor(
    private readonly analyzer: Analyzer,
    max = 4096,
  ) {
    this.cache = new LRUCache({ max });
  }

  get(p: Passage): AnalyzedPassage {
    const hit = this.cache.get(p.id);
    if (hit) return hit;
    const sentences = p.sentences.map((text) => ({ text, tokens: this.analyzer.tokenize(text) }));
    const terms = new Set<string>();
    for (const s of sentences) {
      for (const t of s.tokens) {
        if (t.term) terms.add(t.term);
        if (t.concept) terms.add(t.concept);
      }
    }
    const analyzed: AnalyzedPassage = {
      sentences,
      headingTerms: this.analyzer.terms(`${p.section ?? ""} ${p.label ?? ""}`),
      terms,
    };
    this.cache.set(p.id, analyzed);
    return analyzed;
  }
}

/**
 * Passages analysed once and remembered: answering re-reads the same popular passages
 * for many questions, and tokenizing their sentences was most of the cost of an answer.
 *
 * A passage is remembered compactly, as numbers: each token's term and concept as ids
 * in a dictionary of terms, and its span. That is about a fortieth of the token objects
 * it replaces, so the memo holds the passages thousands of questions touch (at 50,000
 * passages it used to miss 70% of the time with a tenth of the entries), and reading a
 * sentence compares numbers instead of hashing strings. Bounded (least recently used
 * goes first), so a large corpus never holds all of them.
 */
import { LRUCache } from "lru-cache";
import type { Analyzer } from "../search/analyzer.js";
import type { Passage } from "../types.js";

/** Marks a token without a term (a stop word) or without a concept. */
export const NO_TERM = -1;

/** Ints per token in {@link AnalyzedSentence.tokens}: term id, concept id, start, end. */
export const TOKEN_INTS = 4;

export interface AnalyzedSentence {
  readonly text: string;
  /**
   * Its tokens, {@link TOKEN_INTS} ints each: the term's id (or NO_TERM for a stop word),
   * the concept's id (or NO_TERM), and the token's start and end in `text`.
   */
  readonly tokens: Int32Array;
  /** Quotation marks opened and not closed (an odd count of straight ones counts 1). */
  readonly openQuotes: number;
}

export interface AnalyzedPassage {
  readonly sentences: readonly AnalyzedSentence[];
  /** Terms of the passage's section heading and label. */
  readonly headingTerms: readonly string[];
}

function openQuotes(text: string): number {
  let open = 0;
  let straight = 0;
  for (const ch of text) {
    if (ch === "“") open++;
    else if (ch === "”") open--;
    else if (ch === '"') straight++;
  }
  return open + (straight % 2);
}

/** Term strings numbered as they are first seen; the numbers stand for them in analysed passages. */
export class TermIds {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];

  /** The term's id, numbering it if it is new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.ids.set(term, id);
    }
    return id;
  }

  /** The term's id, or undefined when no analysed passage or question has it. */
  idOf(term: string): number | undefined {
    return this.ids.get(term);
  }

  term(id: number): string {
    return this.terms[id] as string;
  }
}

/** Passages memoised at most: at about 1.5 KB each, some 50 MB at the most. */
const MAX_PASSAGES = 32_768;

export class PassageAnalysis {
  private readonly cache: LRUCache<number, AnalyzedPassage>;
  readonly ids = new TermIds();

  constructor(
    private readonly analyzer: Analyzer,
    max = MAX_PASSAGES,
  ) {
    this.cache = new LRUCache({ max });
  }

  get(p: Passage): AnalyzedPassage {
    const hit = this.cache.get(p.id);
    if (hit) return hit;
    const sentences = p.sentences.map((text) => this.sentence(text));
    const analyzed: AnalyzedPassage = {
      sentences,
      headingTerms: this.analyzer.terms(`${p.section ?? ""} ${p.label ?? ""}`),
    };
    this.cache.set(p.id, analyzed);
    return analyzed;
  }

  /** A sentence's tokens as numbers (not remembered: for a sentence outside the corpus, or clipped). */
  sentence(text: string): AnalyzedSentence {
    const tokens = this.analyzer.tokenize(text);
    const packed = new Int32Array(tokens.length * TOKEN_INTS);
    tokens.forEach((t, i) => {
      const at = i * TOKEN_INTS;
      packed[at] = t.term === null ? NO_TERM : this.ids.intern(t.term);
      packed[at + 1] = t.concept === null ? NO_TERM : this.ids.intern(t.concept);
      packed[at + 2] = t.start;
      packed[at + 3] = t.end;
    });
    return { text, tokens: packed, openQuotes: openQuotes(text) };
  }

  /** Every term of a passage's text. */
  termsOf(p: Passage): Set<string> {
    const terms = new Set<string>();
    for (const s of this.get(p).sentences) {
      for (let at = 0; at < s.tokens.length; at += TOKEN_INTS) {
        for (const id of [s.tokens[at] as number, s.tokens[at + 1] as number]) {
          if (id !== NO_TERM) terms.add(this.ids.term(id));
        }
      }
    }
    return terms;
  }
}

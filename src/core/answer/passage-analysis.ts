/**
 * Passages analysed once and remembered: answering re-reads the same popular passages
 * for many questions, and tokenizing their sentences was most of the cost of an answer.
 *
 * A passage is remembered compactly, as numbers: each token's term and concept as ids
 * in a dictionary of terms, and its span, all of a passage in one Int32Array. That is
 * a small part of the token objects it replaces, so the memo holds every passage of a
 * 50,000-passage corpus (it used to hold 4,096 and miss 70% of the time), and reading a
 * sentence compares numbers instead of hashing strings. A corpus the memo can hold is
 * read ahead of questions, in slices after start-up (readAheadSteps). Bounded (least
 * recently used goes first), so a large corpus never holds all of them.
 */
import { LRUCache } from "lru-cache";
import type { Analyzer, Token } from "../search/analyzer.js";
import { TermMap } from "../search/term-map.js";
import type { Passage } from "../types.js";

/** Marks a token without a term (a stop word) or without a concept. */
export const NO_TERM = -1;

/** Ints per token in {@link AnalyzedSentence.tokens}: term id, concept id, start, end. */
export const TOKEN_INTS = 4;

export interface AnalyzedSentence {
  readonly text: string;
  /**
   * Its passage's tokens, {@link TOKEN_INTS} ints each: the term's id (or NO_TERM for a
   * stop word), the concept's id (or NO_TERM), and the token's start and end in its
   * sentence's text. One array a passage, so a passage costs one typed array.
   */
  readonly tokens: Int32Array;
  /** Where this sentence's tokens begin and end in `tokens`, in ints. */
  readonly from: number;
  readonly to: number;
  /** Quotation marks opened and not closed (an odd count of straight ones counts 1). */
  readonly openQuotes: number;
  /**
   * What the answerer reads of the text alone, worked out the first time it is asked
   * (see sentenceShape) and kept with the memoised passage: 0 until then.
   */
  shape: number;
}

export interface AnalyzedPassage {
  /** The passage read: an id can come to stand for another passage (see PassageAnalysis.get). */
  readonly passage: Passage;
  readonly sentences: readonly AnalyzedSentence[];
  /** Terms of the passage's section heading and label. */
  readonly headingTerms: ReadonlySet<string>;
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

const NO_TERMS: ReadonlySet<string> = new Set();

/** One empty set for every passage without a heading, of the 65,536 the memo holds. */
function termSet(terms: readonly string[]): ReadonlySet<string> {
  return terms.length ? new Set(terms) : NO_TERMS;
}

/** Adds the ids of a packed sentence's terms and concepts to `into`. */
export function addTermIds(s: AnalyzedSentence, into: Set<number>): void {
  for (let at = s.from; at < s.to; at += TOKEN_INTS) {
    if (s.tokens[at] !== NO_TERM) into.add(s.tokens[at] as number);
    if (s.tokens[at + 1] !== NO_TERM) into.add(s.tokens[at + 1] as number);
  }
}

/** Term strings numbered as they are first seen; the numbers stand for them in analysed passages. */
export class TermIds {
  // Every term of a large corpus is read ahead while the app serves: a plain Map that large stalls as it grows.
  private readonly ids = new TermMap<number>();
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

/** Passages memoised at most: at about 1.5 KB each, some 100 MB at the most. */
const MAX_PASSAGES = 65_536;

export class PassageAnalysis {
  // Made on first use: a memo of 65,536 entries takes about 9 ms to set up, too long
  // for the turn that builds or loads a knowledge base, and an extended one inherits its
  // predecessor's instead.
  private cache: LRUCache<number, AnalyzedPassage> | null = null;
  readonly ids = new TermIds();

  constructor(
    private readonly analyzer: Analyzer,
    readonly max = MAX_PASSAGES,
  ) {}

  private memo(): LRUCache<number, AnalyzedPassage> {
    this.cache ??= new LRUCache({ max: this.max });
    return this.cache;
  }

  /**
   * Analyses every passage, a few at a time, when the memo holds them all: then no
   * question waits for its passages' words to be read. A larger corpus is left to the
   * memo, since which of its passages questions will touch is not known.
   */
  *readAheadSteps(passages: readonly Passage[]): Generator<void, void> {
    if (passages.length > this.max) return;
    for (let i = 0; i < passages.length; i++) {
      this.get(passages[i] as Passage);
      if (i % 32 === 31) yield;
    }
  }

  /** Forgets passages (of articles removed: their ids now stand for nothing). */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.cache?.delete(id);
  }

  /** Passages remembered now. */
  get size(): number {
    return this.cache?.size ?? 0;
  }

  get(p: Passage): AnalyzedPassage {
    const hit = this.memo().get(p.id);
    // Answerers share the memo across added and removed articles, where an id may have
    // been given to another passage on another branch of changes: only the same passage counts.
    if (hit && hit.passage === p) return hit;
    const texts = p.sentences;
    const tokenized = texts.map((text) => this.analyzer.tokenize(text));
    const tokens = new Int32Array(tokenized.reduce((n, t) => n + t.length, 0) * TOKEN_INTS);
    let at = 0;
    const sentences = texts.map((text, i) => {
      const from = at;
      at = this.pack(tokenized[i] ?? [], tokens, at);
      return { text, tokens, from, to: at, openQuotes: openQuotes(text), shape: 0 };
    });
    const analyzed: AnalyzedPassage = {
      passage: p,
      sentences,
      headingTerms: termSet(this.analyzer.terms(`${p.section ?? ""} ${p.label ?? ""}`)),
    };
    this.memo().set(p.id, analyzed);
    return analyzed;
  }

  /** A sentence's tokens as numbers (not remembered: for a sentence outside the corpus, or clipped). */
  sentence(text: string): AnalyzedSentence {
    const tokenized = this.analyzer.tokenize(text);
    const tokens = new Int32Array(tokenized.length * TOKEN_INTS);
    return { text, tokens, from: 0, to: this.pack(tokenized, tokens, 0), openQuotes: openQuotes(text), shape: 0 };
  }

  /** Writes tokens into `into` from `at`; returns where they end. */
  private pack(tokens: readonly Token[], into: Int32Array, at: number): number {
    for (const t of tokens) {
      into[at] = t.term === null ? NO_TERM : this.ids.intern(t.term);
      into[at + 1] = t.concept === null ? NO_TERM : this.ids.intern(t.concept);
      into[at + 2] = t.start;
      into[at + 3] = t.end;
      at += TOKEN_INTS;
    }
    return at;
  }
}

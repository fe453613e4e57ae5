/**
 * Chooses the one or two sentences of a passage that answer a question.
 *
 * Each sentence is scored by the question terms it contains, weighted by how rare
 * they are (IDF) and by how directly they came from the question (own word, alias,
 * typo). The best sentence is kept; a neighbour joins it when the best one leans on
 * it ("During the visit, …") or when it is about the question too, as long as both
 * fit in {@link MAX_EXCERPT_CHARS}.
 */
import type { Analyzer, Token } from "../search/analyzer.js";
import { MAX_EXCERPT_CHARS } from "../types.js";
import type { AnalyzedSentence } from "./passage-analysis.js";

export interface ScoredExcerpt {
  readonly text: string;
  /** IDF-weighted mass of the question terms the excerpt contains. */
  readonly mass: number;
  /** Index terms found in the excerpt. */
  readonly terms: ReadonlySet<string>;
  /** Words of the excerpt that matched, as written. */
  readonly matched: readonly string[];
  /** Every term of the excerpt, matched or not, alias concepts included. */
  readonly allTerms: ReadonlySet<string>;
  /** The excerpt's own (stemmed) words, without alias concepts. */
  readonly ownTerms: ReadonlySet<string>;
}

/** Openers that point back to the sentence before. */
const LEANS_BACK =
  /^(?:this|that|these|those|it|its|they|their|them|he|she|his|her|such|however|but|yet|still|also|moreover|meanwhile|in return|in turn|instead|as a result|during (?:the|this|that)|the (?:move|visit|deal|trip|meeting|summit|two))\b/i;

interface SentenceInfo {
  text: string;
  tokens: readonly Token[];
  terms: Set<string>;
  mass: number;
}

function termSets(tokens: readonly Token[]): { allTerms: Set<string>; ownTerms: Set<string> } {
  const allTerms = new Set<string>();
  const ownTerms = new Set<string>();
  for (const t of tokens) {
    if (t.term) {
      allTerms.add(t.term);
      ownTerms.add(t.term);
    }
    if (t.concept) allTerms.add(t.concept);
  }
  return { allTerms, ownTerms };
}

function termsOf(tokens: readonly Token[], weights: ReadonlyMap<string, number>): Set<string> {
  const found = new Set<string>();
  for (const t of tokens) {
    if (t.term && weights.has(t.term)) found.add(t.term);
    if (t.concept && weights.has(t.concept)) found.add(t.concept);
  }
  return found;
}

export function massOf(
  terms: Iterable<string>,
  weights: ReadonlyMap<string, number>,
  idf: (t: string) => number,
): number {
  let m = 0;
  for (const t of terms) m += (weights.get(t) ?? 0) * idf(t);
  return m;
}

function matchedWords(tokens: readonly Token[], weights: ReadonlyMap<string, number>): string[] {
  const seen = new Map<string, string>();
  for (const t of tokens) {
    if ((t.term && weights.has(t.term)) || (t.concept && weights.has(t.concept))) {
      const key = t.surface.toLowerCase();
      if (!seen.has(key)) seen.set(key, t.surface);
    }
  }
  return [...seen.values()];
}

/** Cuts an over-long sentence to the stretch with the most matched words, at word boundaries. */
function clip(sentence: SentenceInfo, weights: ReadonlyMap<string, number>, idf: (t: string) => number): string {
  const text = sentence.text;
  const budget = MAX_EXCERPT_CHARS - 2; // room for the ellipses
  let bestStart = 0;
  let bestMass = -1;
  const hits = sentence.tokens.filter((t) => (t.term && weights.has(t.term)) || (t.concept && weights.has(t.concept)));
  for (const h of hits.length ? hits : sentence.tokens.slice(0, 1)) {
    const start = Math.max(0, h.start - 40);
    const inWindow = hits.filter((x) => x.start >= start && x.end <= start + budget);
    const m = massOf(
      new Set(inWindow.flatMap((x) => [x.term, x.concept].filter((y): y is string => y !== null && weights.has(y)))),
      weights,
      idf,
    );
    if (m > bestMass) {
      bestMass = m;
      bestStart = start;
    }
  }
  let start = bestStart;
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < start + 30 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + budget);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start + budget / 2) end = space;
  }
  return `${start > 0 ? "…" : ""}${text.slice(start, end).trim()}${end < text.length ? "…" : ""}`;
}

/** `analyzed` are the passage's sentences with their tokens; `analyzer` re-reads a clipped sentence. */
export function bestExcerpt(
  analyzed: readonly AnalyzedSentence[],
  weights: ReadonlyMap<string, number>,
  analyzer: Analyzer,
  idf: (t: string) => number,
): ScoredExcerpt | null {
  const sentences: SentenceInfo[] = analyzed.map(({ text, tokens }) => {
    const terms = termsOf(tokens, weights);
    return { text, tokens, terms, mass: terms.size ? massOf(terms, weights, idf) : 0 };
  });
  let best = -1;
  for (let i = 0; i < sentences.length; i++) {
    if (best < 0 || (sentences[i] as SentenceInfo).mass > (sentences[best] as SentenceInfo).mass) best = i;
  }
  const core = sentences[best];
  if (!core || core.mass <= 0) return null;

  if (core.text.length > MAX_EXCERPT_CHARS) {
    const text = clip(core, weights, idf);
    const tokens = analyzer.tokenize(text);
    const terms = termsOf(tokens, weights);
    return {
      text,
      mass: massOf(terms, weights, idf),
      terms,
      matched: matchedWords(tokens, weights),
      ...termSets(tokens),
    };
  }

  const prev = sentences[best - 1];
  const next = sentences[best + 1];
  const fits = (s: SentenceInfo | undefined) =>
    s !== undefined && core.text.length + 1 + s.text.length <= MAX_EXCERPT_CHARS;
  let partner: "prev" | "next" | null = null;
  if (fits(prev) && LEANS_BACK.test(core.text)) partner = "prev";
  else {
    const relevant = (s: SentenceInfo | undefined) => (fits(s) && s ? s.mass >= core.mass * 0.5 : false);
    const pm = relevant(prev) ? (prev as SentenceInfo).mass : -1;
    const nm = relevant(next) ? (next as SentenceInfo).mass : -1;
    if (pm >= 0 || nm >= 0) partner = pm >= nm ? "prev" : "next";
  }
  const window = partner === "prev" ? [prev, core] : partner === "next" ? [core, next] : [core];
  const parts = window.filter((s): s is SentenceInfo => s !== undefined);
  const terms = new Set(parts.flatMap((s) => [...s.terms]));
  const tokens = parts.flatMap((s) => s.tokens);
  return {
    text: parts.map((s) => s.text).join(" "),
    mass: massOf(terms, weights, idf),
    terms,
    matched: matchedWords(tokens, weights),
    ...termSets(tokens),
  };
}

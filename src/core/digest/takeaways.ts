/**
 * Key takeaways: for each document, up to five single sentences that stand on their
 * own, each with its citation.
 *
 * A document's own "Key Takeaways" list comes first, verbatim. The rest are chosen
 * extractively: sentences central to the document (LexRank over the analyzer's terms),
 * weighted towards the top of the article and towards sentences that cover the
 * document's main terms. A sentence that leans on the one before ("This…",
 * "However…") is never chosen, and no two takeaways in the corpus say the same thing.
 */
import { cosine, lexRankSteps, similaritySteps, tfidfVectorSteps } from "../centrality/centrality.js";
import type { Analyzer } from "../search/analyzer.js";
import { type Citation, type Corpus, type CorpusDocument, citationOf, type Passage } from "../types.js";

export interface Takeaway {
  readonly text: string;
  readonly source: Citation;
  /** 0..1: explicit takeaways near 1, extracted ones by their score; orders a digest. */
  readonly importance: number;
  /** True when the document itself lists it as a key takeaway. */
  readonly explicit: boolean;
}

export interface TakeawayOptions {
  readonly perDocument: number;
  readonly minChars: number;
  readonly maxChars: number;
  /** Cosine similarity above which two takeaways say the same thing. */
  readonly duplicate: number;
  /** How much being late in the article costs (0: nothing; 0.5: the last sentence scores half). */
  readonly positionWeight: number;
  /** Score kept by a sentence that names nobody it refers to ("…, he said"). */
  readonly pronounFactor: number;
  /** Score kept by a unit that opens with a quotation rather than a statement. */
  readonly quoteFactor: number;
  /** Weight of covering the document's main terms, beside centrality. */
  readonly coverageWeight: number;
}

export const DEFAULT_TAKEAWAY_OPTIONS: TakeawayOptions = {
  perDocument: 5,
  minChars: 40,
  maxChars: 400,
  duplicate: 0.5,
  positionWeight: 0.6,
  pronounFactor: 0.8,
  quoteFactor: 0.5,
  coverageWeight: 4,
};

/** Openers that point back to something said before, so the sentence cannot stand alone. */
const DANGLING =
  /^(?:this|that|these|those|it|its|they|their|them|he|she|his|her|such|however|but|and|or|so|yet|also|still|then|thus|therefore|moreover|meanwhile|additionally|instead|indeed|in return|in turn|as a result|the two|both|there|here|unlike|according to (?:him|her|them)|during (?:the|this|that)|the (?:move|visit|deal|trip|meeting|summit|report))\b/i;

/** Personal pronouns: a sentence that needs someone named elsewhere ("…, he stated") ranks lower. */
const PERSONAL = /\b(?:he|she|him|his|her|they|them|their)\b/i;

/** Candidates ranked per document, at most (see {@link spread}). */
const MAX_CANDIDATES = 600;

/** The first half of MAX_CANDIDATES, then the other half evenly spread over the rest, in order. */
function spread<T>(all: readonly T[]): T[] {
  const head = MAX_CANDIDATES / 2;
  const rest = all.length - head;
  const step = rest / (MAX_CANDIDATES - head);
  return [
    ...all.slice(0, head),
    ...Array.from({ length: MAX_CANDIDATES - head }, (_, i) => all[head + Math.floor(i * step)] as T),
  ];
}

/** Rarest terms of a takeaway under which it is filed for duplicate checks. */
const RAREST_KEYS = 3;

/** A quotation and nothing else: it says something only once we know who said it. */
const BARE_QUOTE = /^["“][^"“”]+["”]$/;
/** A sentence that only says who spoke: "Smith said.", "He added:", "said the coach Maria Lopez." */
const ATTRIBUTION =
  /^(?:[\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*){0,4}|he|she|they|the [\p{L} ]{1,40}?)\s+(?:said|says|added|told|stated|explained|wrote|warned)\b|^(?:said|added|according to)\b/iu;

interface Candidate {
  text: string;
  passage: Passage;
  /** Index of its first sentence in the document, for position and for overlap. */
  first: number;
  last: number;
  position: number;
  terms: string[];
  /** Starts with a quotation: a statement in the writer's words reads better. */
  quote: boolean;
}

/** The sentence without a "Label:" lead-in ("Regional Conflict: North Korea's…" → "North Korea's…"). */
function withoutLabel(sentence: string, p: Passage): string {
  if (p.label && sentence.startsWith(p.label)) return sentence.slice(p.label.length).replace(/^\s*[:—–-]\s*/, "");
  return sentence;
}

/** Starts without pointing back, is not a question, and does not lead into a list (":"). */
export function selfContained(sentence: string): boolean {
  const s = sentence.trim();
  return !DANGLING.test(s) && !/[?:]["”')\]]*$/.test(s) && /^[\p{Lu}\p{N}"“]/u.test(s);
}

/** Odd straight quotes, or curly quotes that do not pair: the sentence is cut inside a quotation. */
export function quotesBalanced(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  const open = (text.match(/“/g) ?? []).length;
  const close = (text.match(/”/g) ?? []).length;
  return straight % 2 === 0 && open === close;
}

/** Leans on the sentence before it: a pointing opener ("However…", "He said…") or a lower-case start. */
function leansBack(sentence: string): boolean {
  const s = sentence.trim();
  return DANGLING.test(s) || /^[\p{Ll}]/u.test(s);
}

/**
 * The readable units of a passage: each sentence, joined with the sentence it leans on
 * (the one before, for "However…" or a quotation's second half; the one after, for a
 * bare quotation followed by who said it) while the whole stays within `maxChars`.
 * Units that still cannot stand alone, or cut a quotation, are left out.
 */
export function readableUnits(sentences: readonly string[], maxChars: number): { first: number; last: number }[] {
  const units: { first: number; last: number }[] = [];
  const seen = new Set<string>();
  const text = (a: number, b: number) => sentences.slice(a, b + 1).join(" ");
  for (let i = 0; i < sentences.length; i++) {
    let first = i;
    let last = i;
    while (first > 0 && leansBack(sentences[first] as string) && text(first - 1, last).length <= maxChars) first--;
    // A quotation opened but not closed continues into the next sentences; one closed but
    // not opened began in the sentences before.
    while (
      !quotesBalanced(text(first, last)) &&
      last + 1 < sentences.length &&
      text(first, last + 1).length <= maxChars
    ) {
      last++;
      if (quotesBalanced(text(first, last))) break;
    }
    while (!quotesBalanced(text(first, last)) && first > 0 && text(first - 1, last).length <= maxChars) first--;
    const next = sentences[last + 1];
    if (
      BARE_QUOTE.test(text(first, last).trim()) &&
      next &&
      ATTRIBUTION.test(next.trim()) &&
      text(first, last + 1).length <= maxChars
    )
      last++;
    const whole = text(first, last);
    if (!quotesBalanced(whole) || !selfContained(whole) || whole.length > maxChars) continue;
    if (seen.has(`${first}:${last}`)) continue;
    seen.add(`${first}:${last}`);
    units.push({ first, last });
  }
  return units;
}

export function computeTakeaways(
  corpus: Corpus,
  analyzer: Analyzer,
  options: TakeawayOptions = DEFAULT_TAKEAWAY_OPTIONS,
): Takeaway[] {
  const steps = takeawaySteps(corpus, analyzer, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same work in steps: it yields after each document, so an adapter can spread a
 * large corpus's takeaways over many turns of its event loop instead of blocking it.
 */
export function* takeawaySteps(
  corpus: Corpus,
  analyzer: Analyzer,
  options: TakeawayOptions = DEFAULT_TAKEAWAY_OPTIONS,
): Generator<void, Takeaway[]> {
  const out: Takeaway[] = [];
  const passagesOf = new Map<string, Passage[]>(corpus.documents.map((d) => [d.id, []]));
  for (const p of corpus.passages) passagesOf.get(p.docId)?.push(p);
  // Each sentence is analysed once: for the document's main terms and as a candidate.
  const sentenceTerms = new Map<Passage, string[][]>();
  const docTerms = new Map<string, string[]>();
  for (const d of corpus.documents) {
    const all: string[] = [];
    for (const p of passagesOf.get(d.id) ?? []) {
      const perSentence = p.sentences.map((s) => analyzer.terms(s));
      sentenceTerms.set(p, perSentence);
      for (const terms of perSentence) for (const t of terms) all.push(t);
    }
    docTerms.set(d.id, all);
    yield;
  }
  const docFreq = new Map<string, number>();
  for (const terms of docTerms.values()) for (const t of new Set(terms)) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);

  // Term-count vectors: two takeaways that share most of their words say the same thing.
  const unit = (terms: string[]) => {
    const v = new Map<string, number>();
    for (const t of terms) v.set(t, (v.get(t) ?? 0) + 1);
    const norm = Math.sqrt([...v.values()].reduce((a, b) => a + b * b, 0)) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  };

  // Takeaways chosen so far, found by their rarest terms: two sentences that say the same
  // thing share those, and comparing against every takeaway would grow with the square
  // of the corpus.
  const chosen: Map<string, number>[] = [];
  const chosenBy = new Map<string, number[]>();
  const rarest = (v: Map<string, number>) =>
    [...v.keys()].sort((a, b) => (docFreq.get(a) ?? 0) - (docFreq.get(b) ?? 0)).slice(0, RAREST_KEYS);
  const byDoc = new Map<string, Takeaway[]>(corpus.documents.map((d) => [d.id, []]));
  const accept = (text: string, p: Passage, importance: number, explicit: boolean, doc: CorpusDocument) => {
    const v = unit(analyzer.terms(text));
    const keys = rarest(v);
    const near = new Set(keys.flatMap((k) => chosenBy.get(k) ?? []));
    for (const i of near) if (cosine(chosen[i] as Map<string, number>, v) >= options.duplicate) return false;
    for (const k of keys) chosenBy.set(k, [...(chosenBy.get(k) ?? []), chosen.length]);
    chosen.push(v);
    byDoc.get(doc.id)?.push({ text, source: citationOf(doc, p), importance, explicit });
    return true;
  };

  // The documents' own lists first, across the whole corpus, so an extracted sentence
  // never crowds out an item the author chose.
  for (const doc of corpus.documents) {
    (passagesOf.get(doc.id) ?? [])
      .filter((p) => p.kind === "takeaway")
      .slice(0, options.perDocument)
      .forEach((p, i) => {
        accept(p.text, p, 1 - i * 0.01, true, doc);
      });
  }

  for (const doc of corpus.documents) {
    const passages = passagesOf.get(doc.id) ?? [];
    const mine = byDoc.get(doc.id) ?? [];
    if (mine.length < options.perDocument) {
      const candidates: Candidate[] = [];
      const sentenceCount = passages.reduce((n, p) => n + p.sentences.length, 0);
      let before = 0;
      let read = 0;
      for (const p of passages) {
        const offset = before;
        before += p.sentences.length;
        if (p.kind === "takeaway" || p.kind === "meta") continue;
        const sentences = p.sentences.map((raw) => withoutLabel(raw, p).trim());
        if (++read % 200 === 0) yield;
        for (const u of readableUnits(sentences, options.maxChars)) {
          const text = sentences.slice(u.first, u.last + 1).join(" ");
          if (text.length < options.minChars) continue;
          const terms =
            u.first === u.last && text === p.sentences[u.first]
              ? (sentenceTerms.get(p)?.[u.first] ?? analyzer.terms(text))
              : analyzer.terms(text);
          candidates.push({
            text,
            passage: p,
            first: offset + u.first,
            last: offset + u.last,
            position: (offset + u.first) / Math.max(1, sentenceCount - 1),
            terms,
            quote: /^["“]/.test(text),
          });
        }
      }
      // LexRank compares every pair of candidates sharing a word: a 5 MB article's tens of
      // thousands would be billions of pairs. Its opening and an even spread of the rest
      // stand in for it (takeaways lean to the top of an article anyway).
      if (candidates.length > MAX_CANDIDATES) candidates.splice(0, candidates.length, ...spread(candidates));
      if (candidates.length) {
        // In steps too: one 5 MB article has tens of thousands of candidates.
        const vectors = yield* tfidfVectorSteps(candidates.map((c) => c.terms));
        yield;
        const centrality = yield* lexRankSteps(yield* similaritySteps(vectors, 0.05));
        const top = Math.max(...centrality) || 1;
        // The document's main terms: frequent here, rare in the other documents.
        const tf = new Map<string, number>();
        for (const t of docTerms.get(doc.id) ?? []) tf.set(t, (tf.get(t) ?? 0) + 1);
        const n = corpus.documents.length;
        const main = new Map(
          [...tf]
            .map(([t, f]): [string, number] => [t, f * Math.log((n + 1) / (docFreq.get(t) ?? 1))])
            .sort((a, b) => b[1] - a[1])
            .slice(0, 12),
        );
        const mainTotal = [...main.values()].reduce((a, b) => a + b, 0) || 1;
        const scored = candidates.map((c, i) => {
          const covered = [...new Set(c.terms)].reduce((sum, t) => sum + (main.get(t) ?? 0), 0) / mainTotal;
          const position = 1 - options.positionWeight * c.position;
          const pronoun = PERSONAL.test(c.text) ? options.pronounFactor : 1;
          const quote = c.quote ? options.quoteFactor : 1;
          const central = (centrality[i] as number) / top;
          return { c, score: central * position * pronoun * quote * (1 + options.coverageWeight * covered) };
        });
        scored.sort((a, b) => b.score - a.score);
        const best = scored[0]?.score || 1;
        const taken: Candidate[] = [];
        for (const { c, score } of scored) {
          if (mine.length >= options.perDocument) break;
          // Overlapping units share a sentence: one of them says it.
          if (taken.some((t) => t.first <= c.last && c.first <= t.last)) continue;
          if (accept(c.text, c.passage, 0.9 * (score / best), false, doc)) taken.push(c);
        }
        // In the article's order, as an editor lists them; `importance` keeps the ranking.
        const order = new Map(taken.map((c) => [c.text, c.first]));
        mine.sort((a, b) =>
          a.explicit === b.explicit ? (order.get(a.text) ?? 0) - (order.get(b.text) ?? 0) : a.explicit ? -1 : 1,
        );
      }
    }
    out.push(...mine);
    yield;
  }
  return out;
}

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
import { cosine, lexRank, similarities, tfidfVectors } from "../centrality/centrality.js";
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
}

export const DEFAULT_TAKEAWAY_OPTIONS: TakeawayOptions = {
  perDocument: 5,
  minChars: 40,
  maxChars: 300,
  duplicate: 0.5,
  positionWeight: 0.5,
};

/** Openers that point back to something said before, so the sentence cannot stand alone. */
const DANGLING =
  /^(?:this|that|these|those|it|its|they|their|them|he|she|his|her|such|however|but|and|or|so|yet|also|still|then|thus|therefore|moreover|meanwhile|additionally|instead|indeed|in return|in turn|as a result|the two|both|there|here|unlike|according to (?:him|her|them)|during (?:the|this|that)|the (?:move|visit|deal|trip|meeting|summit|report))\b/i;

/** Personal pronouns: a sentence that needs someone named elsewhere ("…, he stated") ranks lower. */
const PERSONAL = /\b(?:he|she|him|his|her|they|them|their)\b/i;
const PRONOUN_PENALTY = 0.6;

/** Rarest terms of a takeaway under which it is filed for duplicate checks. */
const RAREST_KEYS = 3;

interface Candidate {
  text: string;
  passage: Passage;
  position: number;
  terms: string[];
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
    for (const i of near) if (cosine(chosen[i] as Map<string, number>, v) >= options.duplicate) return;
    for (const k of keys) chosenBy.set(k, [...(chosenBy.get(k) ?? []), chosen.length]);
    chosen.push(v);
    byDoc.get(doc.id)?.push({ text, source: citationOf(doc, p), importance, explicit });
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
      passages.forEach((p, pi) => {
        if (p.kind === "takeaway" || p.kind === "meta") return;
        p.sentences.forEach((raw, si) => {
          const text = withoutLabel(raw, p).trim();
          if (text.length < options.minChars || text.length > options.maxChars || !selfContained(text)) return;
          // A stripped label changes the words: only those sentences are analysed again.
          const terms = text === raw ? (sentenceTerms.get(p)?.[si] ?? analyzer.terms(text)) : analyzer.terms(text);
          candidates.push({ text, passage: p, position: pi / Math.max(1, passages.length - 1), terms });
        });
      });
      if (candidates.length) {
        const centrality = lexRank(similarities(tfidfVectors(candidates.map((c) => c.terms)), 0.05));
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
          const pronoun = PERSONAL.test(c.text) ? PRONOUN_PENALTY : 1;
          return { c, score: ((centrality[i] as number) / top) * position * pronoun * (0.5 + covered) };
        });
        scored.sort((a, b) => b.score - a.score);
        const best = scored[0]?.score || 1;
        for (const { c, score } of scored) {
          if (mine.length >= options.perDocument) break;
          accept(c.text, c.passage, 0.9 * (score / best), false, doc);
        }
      }
    }
    out.push(...mine);
    yield;
  }
  return out;
}

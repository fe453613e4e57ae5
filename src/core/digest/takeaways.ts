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
import { cosine, lexRank, similarities, tfidfVectors } from "../rank/centrality.js";
import type { Analyzer } from "../search/analyzer.js";
import type { Citation, Corpus, CorpusDocument, Passage } from "../types.js";

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

interface Candidate {
  text: string;
  passage: Passage;
  position: number;
  terms: string[];
}

function citation(p: Passage, title: string, author: string | null): Citation {
  return { id: p.docId, title, author, section: p.section, passage: p.ordinal };
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
  const out: Takeaway[] = [];
  const chosenVectors: Map<string, number>[] = [];
  // Document frequency across documents, for each document's main terms.
  const docTerms = new Map<string, string[]>();
  for (const d of corpus.documents) {
    docTerms.set(
      d.id,
      corpus.passages.filter((p) => p.docId === d.id).flatMap((p) => analyzer.terms(p.text)),
    );
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

  const byDoc = new Map<string, Takeaway[]>(corpus.documents.map((d) => [d.id, []]));
  const accept = (text: string, p: Passage, importance: number, explicit: boolean, doc: CorpusDocument) => {
    const v = unit(analyzer.terms(text));
    if (chosenVectors.some((c) => cosine(c, v) >= options.duplicate)) return;
    chosenVectors.push(v);
    byDoc.get(doc.id)?.push({ text, source: citation(p, doc.title, doc.author), importance, explicit });
  };

  // The documents' own lists first, across the whole corpus, so an extracted sentence
  // never crowds out an item the author chose.
  for (const doc of corpus.documents) {
    corpus.passages
      .filter((p) => p.docId === doc.id && p.kind === "takeaway")
      .slice(0, options.perDocument)
      .forEach((p, i) => {
        accept(p.text, p, 1 - i * 0.01, true, doc);
      });
  }

  for (const doc of corpus.documents) {
    const passages = corpus.passages.filter((p) => p.docId === doc.id);
    const mine = byDoc.get(doc.id) ?? [];
    if (mine.length < options.perDocument) {
      const candidates: Candidate[] = [];
      passages.forEach((p, pi) => {
        if (p.kind === "takeaway") return;
        for (const raw of p.sentences) {
          const text = withoutLabel(raw, p).trim();
          if (text.length < options.minChars || text.length > options.maxChars || !selfContained(text)) continue;
          candidates.push({
            text,
            passage: p,
            position: pi / Math.max(1, passages.length - 1),
            terms: analyzer.terms(text),
          });
        }
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
  }
  return out;
}

/**
 * Example questions for help, App Home and the no-answer reply: whole questions a reader
 * would ask ("How many containers has North Korea shipped to Russia?"), made from the
 * corpus's own sentences (questions-from-text.ts), one document after another so they
 * span the corpus, and kept only if nkru answers each with confidence from the passage
 * it was made from. Every example shown to users therefore works.
 */
import type { AnswerResult, Corpus, Passage } from "../types.js";
import { questionsFrom } from "./questions-from-text.js";

/** Sentences read per document, and questions tried in all: bounded, so a large corpus costs the same. */
const SENTENCES_PER_DOCUMENT = 12;
const MAX_TRIES = 40;

export class ExampleQuestions {
  /** One list, worked out for the most asked for so far: fewer examples are its start. */
  private cache: { readonly count: number; readonly list: string[] } | null = null;

  constructor(
    private readonly corpus: Corpus,
    private readonly answer: (question: string) => AnswerResult,
  ) {}

  /**
   * Takes over another list's examples when none is worked out yet: for a corpus that
   * only gained articles, whose examples still answer as they did.
   */
  inherit(from: ExampleQuestions): void {
    this.cache ??= from.cache;
  }

  /** Up to `count` examples; the candidates come in a fixed order, so help's 3 and a reply's 2 cost one search. */
  take(count = 3): string[] {
    const cached = this.cache;
    if (cached && cached.count >= count) return cached.count === count ? cached.list : cached.list.slice(0, count);
    const out: string[] = [];
    const seen = new Set<string>();
    // One example a passage: two questions on one sentence teach a reader nothing new.
    const used = new Set<Passage>();
    let tries = 0;
    for (const { question, passage } of this.candidates()) {
      const key = question.toLowerCase();
      if (seen.has(key) || used.has(passage)) continue;
      seen.add(key);
      if (++tries > MAX_TRIES) break;
      const result = this.answer(question);
      const fromItsPassage = result.answers.some(
        (a) => a.source.id === passage.docId && a.source.passage === passage.ordinal,
      );
      if (result.confident && fromItsPassage) {
        out.push(question);
        used.add(passage);
      }
      if (out.length >= count) break;
    }
    this.cache = { count, list: out };
    return out;
  }

  /** Questions from each document's opening sentences in turn: the first document's first, the second's first, … */
  private *candidates(): Generator<{ question: string; passage: Passage }> {
    const byDoc = new Map<string, Passage[]>(this.corpus.documents.map((d) => [d.id, []]));
    for (const p of this.corpus.passages) {
      const list = byDoc.get(p.docId);
      if (list && list.length < SENTENCES_PER_DOCUMENT && p.kind !== "meta") list.push(p);
    }
    const perDoc = [...byDoc.values()].map((passages) =>
      passages.flatMap((p) =>
        p.sentences.flatMap((s) => questionsFrom(s).map((question) => ({ question, passage: p }))),
      ),
    );
    for (let i = 0; perDoc.some((q) => i < q.length); i++)
      for (const q of perDoc) if (q[i]) yield q[i] as { question: string; passage: Passage };
  }
}

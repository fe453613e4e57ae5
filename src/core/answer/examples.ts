/**
 * Example questions drawn from the corpus (section headings, then topics), kept only if
 * nkru answers them with confidence, so every example shown to users works.
 */
import type { Corpus } from "../types.js";

/** Headings too generic to make an example question. */
const GENERIC_HEADING =
  /^(?:conclusion|introduction|summary|key takeaways?|background|overview|outlook|long-term outlook)$/i;

export class ExampleQuestions {
  /** One list, worked out for the most asked for so far: fewer examples are its start. */
  private cache: { readonly count: number; readonly list: string[] } | null = null;

  constructor(
    private readonly corpus: Corpus,
    private readonly answersConfidently: (question: string) => boolean,
    private readonly topics: () => readonly string[],
  ) {}

  /** Up to `count` examples; the candidates come in a fixed order, so help's 3 and a reply's 2 cost one search. */
  take(count = 3): string[] {
    const cached = this.cache;
    if (cached && cached.count >= count) return cached.count === count ? cached.list : cached.list.slice(0, count);
    // One heading from each document in turn, so the examples span the corpus.
    const perDoc = this.corpus.documents.map((d) => d.sections.filter((s) => !GENERIC_HEADING.test(s)));
    const headings: string[] = [];
    for (let i = 0; perDoc.some((h) => i < h.length); i++) {
      for (const h of perDoc) if (h[i]) headings.push(h[i] as string);
    }
    // Topics are only worked out if headings do not give enough (a second at 50,000 passages).
    const topics = this.topics;
    const candidates = (function* () {
      yield* headings;
      yield* topics();
    })();
    const out: string[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      const key = c.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      if (this.answersConfidently(c)) out.push(c);
      if (out.length >= count) break;
    }
    this.cache = { count, list: out };
    return out;
  }
}

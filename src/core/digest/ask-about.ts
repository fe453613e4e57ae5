/**
 * The question behind a takeaway's "Ask about this": the words of the takeaway worth
 * asking about, names first (people, places, bodies), then words the corpus uses in more
 * than one passage, rarest first. A word used once ("mired") is the author's style, not
 * a topic.
 */
import type { Analyzer } from "../search/analyzer.js";
import type { PassageIndex } from "../search/passage-index.js";
import type { Takeaway } from "./takeaways.js";

/**
 * The question behind a takeaway's "Ask about this" button, none of `taken` (the digest's
 * buttons' questions so far); null for no button. KnowledgeBase.askAbout is one.
 */
export type AskAbout = (t: Takeaway, taken: ReadonlySet<string>) => string | null;

export function askAbout(text: string, analyzer: Analyzer, index: PassageIndex, passages: number, words = 4): string {
  const seen = new Set<string>();
  const scored = analyzer
    .tokenize(text)
    .filter((t): t is typeof t & { term: string } => t.term !== null && !/^\d+$/.test(t.term))
    .filter((t) => {
      if (seen.has(t.term)) return false;
      seen.add(t.term);
      return true;
    })
    .map((t, i) => {
      const df = index.documentFrequency(t.term);
      const named = analyzer.isEntity(t.term) || (i > 0 && /^\p{Lu}/u.test(t.surface));
      const topical = df >= 2 && df <= passages * 0.6;
      return { t, score: index.idf(t.term) * (named ? 2 : 1) * (topical ? 1 : 0.3) };
    });
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, words)
    .sort((a, b) => a.t.start - b.t.start)
    .map(({ t }) => t.surface.replace(/[’']s$/, ""))
    .join(" ");
}

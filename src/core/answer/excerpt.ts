/**
 * Cuts a sentence longer than an excerpt may be to the stretch that holds the most of
 * the question, at word boundaries, marking the cuts with ellipses.
 */
import type { Token } from "../search/analyzer.js";
import { MAX_EXCERPT_CHARS } from "../types.js";

/** `weights` gives each question term's weight; the window with the most weight wins. */
export function clipSentence(text: string, tokens: readonly Token[], weights: ReadonlyMap<string, number>): string {
  const budget = MAX_EXCERPT_CHARS - 2; // room for the ellipses
  const weightOf = (t: Token) => Math.max(weights.get(t.term ?? "") ?? 0, weights.get(t.concept ?? "") ?? 0);
  const hits = tokens.filter((t) => weightOf(t) > 0);
  let bestStart = 0;
  let bestMass = -1;
  for (const h of hits.length ? hits : tokens.slice(0, 1)) {
    const start = Math.max(0, h.start - 40);
    const seen = new Set<string>();
    let mass = 0;
    for (const x of hits) {
      if (x.start < start || x.end > start + budget) continue;
      const key = x.term ?? x.concept ?? "";
      if (seen.has(key)) continue;
      seen.add(key);
      mass += weightOf(x);
    }
    if (mass > bestMass) {
      bestMass = mass;
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

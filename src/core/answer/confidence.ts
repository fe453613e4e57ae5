/**
 * Decides whether the best excerpts answer the question, or only brush against it.
 *
 * Each content word of the question counts once (its aliases and typo matches count
 * for it), weighted by how specific it is: IDF for words the corpus knows, the IDF of
 * a once-seen word for words it does not, and half that for general English words.
 * The answer is confident when one excerpt covers at least {@link MIN_COVERAGE} of that
 * weight (\`covered\` holds, per excerpt, the question terms it answers), with at least one specific word, and with two or more words when the
 * question has more than one: "What is the population of Russia?" matches "Russia"
 * everywhere and still has no answer.
 */
import type { QueryTerm } from "../search/analyzer.js";
import type { PassageIndex } from "../search/passage-index.js";

export const MIN_COVERAGE = 0.4;
const COMMON_WORD_FACTOR = 0.5;

export interface Verdict {
  readonly confident: boolean;
  readonly reason: string;
}

export function judgeConfidence(
  terms: readonly QueryTerm[],
  covered: readonly ReadonlySet<string>[],
  index: PassageIndex,
): Verdict {
  // Group the question's terms by the word they came from.
  const bySource = new Map<string, QueryTerm[]>();
  for (const t of terms) {
    const key = t.source.toLowerCase();
    bySource.set(key, [...(bySource.get(key) ?? []), t]);
  }
  const words = [...bySource.values()].map((group) => {
    const own = group.find((t) => t.weight >= 1) ?? (group[0] as QueryTerm);
    const weight = index.idf(own.term) * (own.common ? COMMON_WORD_FACTOR : 1);
    return { group, weight, common: own.common };
  });
  const total = words.reduce((s, w) => s + w.weight, 0);

  let best = { coverage: 0, count: 0, specific: 0 };
  for (const set of covered) {
    let mass = 0;
    let count = 0;
    let specific = 0;
    for (const w of words) {
      if (!w.group.some((t) => set.has(t.term))) continue;
      mass += w.weight;
      count++;
      if (!w.common) specific++;
    }
    const coverage = total > 0 ? mass / total : 0;
    if (coverage > best.coverage) best = { coverage, count, specific };
  }

  if (best.count === 0) return { confident: false, reason: "The corpus has nothing on this." };
  if (best.specific === 0) {
    return {
      confident: false,
      reason: "The corpus matches only general words of your question, not what it is about.",
    };
  }
  if (words.length > 1 && best.count < 2) {
    return {
      confident: false,
      reason: "The corpus matches only one word of your question, which is not enough for an answer.",
    };
  }
  if (best.coverage < MIN_COVERAGE) {
    return { confident: false, reason: "The corpus touches on parts of your question but does not answer it." };
  }
  return { confident: true, reason: "" };
}
